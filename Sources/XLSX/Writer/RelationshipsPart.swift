/// The relationship types the writer uses.
enum RelationshipType {
    private static let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let officeDocument = office + "officeDocument"
    static let extendedProperties = office + "extended-properties"
    static let customProperties = office + "custom-properties"
    static let coreProperties = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    static let worksheet = office + "worksheet"
    static let styles = office + "styles"
    static let sharedStrings = office + "sharedStrings"
    static let comments = office + "comments"
    static let vmlDrawing = office + "vmlDrawing"
    static let drawing = office + "drawing"
    static let chart = office + "chart"
}

/// One relationship of a part: an id, a type and a target relative to the part's folder.
struct Relationship: Equatable {
    let id: String
    let type: String
    let target: String
}

/// A relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`, …).
struct RelationshipsPart {
    var relationships: [Relationship]

    /// The name of the relationships part of a part (`""` for the package).
    static func partName(for source: String) -> String {
        guard let slash = source.lastIndex(of: "/") else { return "_rels/\(source).rels" }
        return "\(source[..<slash])/_rels/\(source[source.index(after: slash)...]).rels"
    }

    /// The part's XML.
    func xml() -> [UInt8] {
        let xml = XMLWriter(capacity: 256 + relationships.count * 160)
        xml.declaration()
        xml.start("Relationships", [("xmlns", Namespace.packageRelationships)])
        for relationship in relationships {
            xml.empty("Relationship", [("Id", relationship.id), ("Type", relationship.type), ("Target", relationship.target)])
        }
        xml.end("Relationships")
        return xml.array
    }
}
