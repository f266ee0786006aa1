import CLibxml2

/// A relationship the patch adds to a `.rels` part.
struct NewRelationship {
    let id: String
    /// The full type URI.
    let type: String
    /// The target, relative to the source part's folder.
    let target: String
}

/// Changes to a relationships part (`_rels/….rels`): relationships added, some dropped.
enum RelationshipsPatch {
    static let namespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// The `.rels` part name of a part: `xl/worksheets/_rels/sheet1.xml.rels`.
    static func partName(of source: String) -> String {
        let (directory, file) = OPCPackage.split(source)
        return (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
    }

    /// The first id `rIdN` not among `taken`, which it joins.
    static func freshID(_ taken: inout Set<String>) -> String {
        var number = 1
        while taken.contains("rId\(number)") { number += 1 }
        taken.insert("rId\(number)")
        return "rId\(number)"
    }

    /// The ids of a relationships part's relationships.
    static func ids(in bytes: [UInt8], partName: String) throws -> Set<String> {
        Set(try ElementCollector.parse(bytes, part: partName).compactMap { $0.localName == "Relationship" ? $0.attributes["Id"] : nil })
    }

    /// A target for `part` relative to the folder of `source`: `../comments1.xml`.
    static func relativeTarget(of part: String, from source: String) -> String {
        var from = OPCPackage.split(source).directory.split(separator: "/").map(String.init)
        var to = part.split(separator: "/").map(String.init)
        while !from.isEmpty, to.count > 1, from[0] == to[0] { from.removeFirst(); to.removeFirst() }
        return (Array(repeating: "..", count: from.count) + to).joined(separator: "/")
    }

    /// The part with relationships added and those of `removing` ids dropped (nil source: a new part).
    static func patched(_ source: [UInt8]?, partName: String, adding: [NewRelationship], removing: Set<String>) throws -> [UInt8] {
        guard let source else {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(namespace)\">"
            for relationship in adding { xml += element(relationship, name: "Relationship") }
            return Array((xml + "</Relationships>").utf8)
        }
        let output = XMLOutput()
        try RelationshipsRewriter(output: output, partName: partName, adding: adding, removing: removing).rewrite(source)
        return output.bytes
    }

    fileprivate static func element(_ relationship: NewRelationship, name: String) -> String {
        "<\(name) Id=\"\(XMLEscaping.attribute(relationship.id))\" Type=\"\(XMLEscaping.attribute(relationship.type))\""
            + " Target=\"\(XMLEscaping.attribute(relationship.target))\"/>"
    }
}

private final class RelationshipsRewriter: XMLRewriter {
    private let adding: [NewRelationship]
    private let removing: Set<String>

    init(output: XMLOutput, partName: String, adding: [NewRelationship], removing: Set<String>) {
        self.adding = adding
        self.removing = removing
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 1, tag.isNamed("Relationship"), let id = tag.attributes.string("Id"), removing.contains(id) {
            return skipElement()
        }
        copy(tag)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 1 {
            let name = elementName("Relationship", namespace: RelationshipsPatch.namespace)
            for relationship in adding {
                writeMarkup(RelationshipsPatch.element(relationship, name: name.name + name.declaration))
            }
        }
        closeElement()
    }
}
