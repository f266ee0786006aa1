/// The content types the writer uses.
enum ContentType {
    private static let spreadsheetML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
    static let xml = "application/xml"
    static let vmlDrawing = "application/vnd.openxmlformats-officedocument.vmlDrawing"
    static let workbook = spreadsheetML + "sheet.main+xml"
    static let worksheet = spreadsheetML + "worksheet+xml"
    static let styles = spreadsheetML + "styles+xml"
    static let sharedStrings = spreadsheetML + "sharedStrings+xml"
    static let comments = spreadsheetML + "comments+xml"
    static let drawing = "application/vnd.openxmlformats-officedocument.drawing+xml"
    static let chart = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    static let coreProperties = "application/vnd.openxmlformats-package.core-properties+xml"
    static let extendedProperties = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    static let customProperties = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
}

/// `[Content_Types].xml`: a default type per extension and an override per part.
struct ContentTypesPart {
    /// The defaults: relationships, generic XML, and VML drawings.
    static let defaults: [(extension: String, type: String)] = [
        ("rels", ContentType.relationships), ("xml", ContentType.xml), ("vml", ContentType.vmlDrawing),
    ]

    private var overrides: [(partName: String, type: String)] = []

    /// Declares a part's content type (the part name without a leading `/`).
    mutating func add(_ partName: String, type: String) {
        overrides.append((partName, type))
    }

    /// The part's XML.
    func xml() -> [UInt8] {
        let xml = XMLWriter(capacity: 512 + overrides.count * 160)
        xml.declaration()
        xml.start("Types", [("xmlns", Namespace.contentTypes)])
        for entry in Self.defaults { xml.empty("Default", [("Extension", entry.extension), ("ContentType", entry.type)]) }
        for entry in overrides { xml.empty("Override", [("PartName", "/" + entry.partName), ("ContentType", entry.type)]) }
        xml.end("Types")
        return xml.array
    }
}
