import CLibxml2

/// Changes to `[Content_Types].xml`: overrides for new parts, a default for an extension,
/// overrides of dropped parts taken out.
enum ContentTypesPatch {
    static let partName = "[Content_Types].xml"
    static let namespace = "http://schemas.openxmlformats.org/package/2006/content-types"

    static let worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    static let comments = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    static let sharedStrings = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    static let styles = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
    static let vmlDrawing = "application/vnd.openxmlformats-officedocument.vmlDrawing"

    /// The part patched: `overrides` are part names (no leading `/`) with their types,
    /// `defaults` extensions with theirs (added when the extension has none), `removing` part
    /// names whose overrides go.
    static func patched(_ source: [UInt8], overrides: [(part: String, type: String)], defaults: [(extension: String, type: String)],
                        removing: Set<String>) throws -> [UInt8] {
        let output = XMLOutput()
        try ContentTypesRewriter(output: output, overrides: overrides, defaults: defaults, removing: removing).rewrite(source)
        return output.bytes
    }
}

private final class ContentTypesRewriter: XMLRewriter {
    private var overrides: [(part: String, type: String)]
    private var defaults: [(extension: String, type: String)]
    private let removing: Set<String>

    init(output: XMLOutput, overrides: [(part: String, type: String)], defaults: [(extension: String, type: String)],
         removing: Set<String>) {
        self.overrides = overrides
        self.defaults = defaults
        self.removing = Set(removing.map(ZipArchive.normalise))
        super.init(output: output, partName: ContentTypesPatch.partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        guard depth == 1 else { return copy(tag) }
        if tag.isNamed("Override"), let part = tag.attributes.string("PartName").map(ZipArchive.normalise) {
            if removing.contains(part) { return skipElement() }
            overrides.removeAll { ZipArchive.normalise($0.part) == part }
        } else if tag.isNamed("Default"), let ext = tag.attributes.string("Extension")?.lowercased() {
            defaults.removeAll { $0.extension.lowercased() == ext }
        }
        copy(tag)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 1 {
            let defaultName = elementName("Default", namespace: ContentTypesPatch.namespace)
            for entry in defaults {
                writeMarkup("<\(defaultName.name)\(defaultName.declaration) Extension=\"\(XMLEscaping.attribute(entry.extension))\""
                            + " ContentType=\"\(XMLEscaping.attribute(entry.type))\"/>")
            }
            let overrideName = elementName("Override", namespace: ContentTypesPatch.namespace)
            for entry in overrides {
                writeMarkup("<\(overrideName.name)\(overrideName.declaration) PartName=\"/\(XMLEscaping.attribute(entry.part))\""
                            + " ContentType=\"\(XMLEscaping.attribute(entry.type))\"/>")
            }
        }
        closeElement()
    }
}
