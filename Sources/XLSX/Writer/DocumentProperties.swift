#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The document properties of a written workbook (`docProps/core.xml` and `docProps/app.xml`),
/// shown in Excel under File › Info.
public struct DocumentProperties: Sendable, Hashable {
    /// The title.
    public var title: String?
    /// The subject.
    public var subject: String?
    /// The author; also the default author of comments.
    public var creator: String?
    /// Keywords (tags).
    public var keywords: String?
    /// A description (comments).
    public var description: String?
    /// Who saved it last; nil is the creator.
    public var lastModifiedBy: String?
    /// The category.
    public var category: String?
    /// The company (in `app.xml`).
    public var company: String?
    /// The manager (in `app.xml`).
    public var manager: String?
    /// When the workbook was made, in UTC; nil is the time of closing.
    public var created: LocalDateTime?
    /// The program that wrote the workbook, kept as the custom property `Generator`
    /// (`docProps/custom.xml`, shown in Excel under File › Properties › Custom); nil writes none.
    public var generator: String?

    /// Properties, all unset by default but the generator (``TaizhangVersion/generator``).
    public init(title: String? = nil, subject: String? = nil, creator: String? = nil, keywords: String? = nil,
                description: String? = nil, lastModifiedBy: String? = nil, category: String? = nil,
                company: String? = nil, manager: String? = nil, created: LocalDateTime? = nil,
                generator: String? = TaizhangVersion.generator) {
        self.title = title
        self.subject = subject
        self.creator = creator
        self.keywords = keywords
        self.description = description
        self.lastModifiedBy = lastModifiedBy
        self.category = category
        self.company = company
        self.manager = manager
        self.created = created
        self.generator = generator
    }

    /// The current time in UTC, to the second.
    static func now() -> LocalDateTime {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return LocalDateTime(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                             hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    /// W3C date-time text in UTC: `2024-05-01T08:30:00Z`.
    static func w3cText(_ time: LocalDateTime) -> String {
        time.isoDate + "T" + LocalDateTime.pad(time.hour, 2) + ":" + LocalDateTime.pad(time.minute, 2) + ":"
            + LocalDateTime.pad(time.second, 2) + "Z"
    }

    /// `docProps/core.xml`, dated `created` (or `now`) for both creation and modification.
    func coreXML(now: LocalDateTime) -> [UInt8] {
        let xml = XMLWriter(capacity: 1024)
        xml.declaration()
        xml.start("cp:coreProperties", [("xmlns:cp", Namespace.coreProperties), ("xmlns:dc", Namespace.dublinCore),
                                        ("xmlns:dcterms", Namespace.dublinCoreTerms),
                                        ("xmlns:dcmitype", Namespace.dublinCoreTypes),
                                        ("xmlns:xsi", Namespace.schemaInstance)])
        if let title { xml.element("dc:title", text: title) }
        if let subject { xml.element("dc:subject", text: subject) }
        if let creator { xml.element("dc:creator", text: creator) }
        if let keywords { xml.element("cp:keywords", text: keywords) }
        if let description { xml.element("dc:description", text: description) }
        if let modifier = lastModifiedBy ?? creator { xml.element("cp:lastModifiedBy", text: modifier) }
        let stamp = Self.w3cText(created ?? now)
        xml.element("dcterms:created", [("xsi:type", "dcterms:W3CDTF")], text: stamp)
        xml.element("dcterms:modified", [("xsi:type", "dcterms:W3CDTF")], text: Self.w3cText(now))
        if let category { xml.element("cp:category", text: category) }
        xml.end("cp:coreProperties")
        return xml.array
    }

    /// `docProps/app.xml`: the application, the sheet names, company and manager.
    func appXML(sheetNames: [String]) -> [UInt8] {
        let xml = XMLWriter(capacity: 1024)
        xml.declaration()
        xml.start("Properties", [("xmlns", Namespace.extendedProperties),
                                 ("xmlns:vt", Namespace.documentPropertiesVariantTypes)])
        // Excel's name, as the other writers give it: some readers decide on it how much to trust the file.
        xml.element("Application", text: "Microsoft Excel")
        xml.element("DocSecurity", text: "0")
        xml.element("ScaleCrop", text: "false")
        xml.append("<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr>")
        xml.append("</vt:variant><vt:variant>")
        xml.element("vt:i4", text: String(sheetNames.count))
        xml.append("</vt:variant></vt:vector></HeadingPairs>")
        xml.append("<TitlesOfParts>")
        xml.start("vt:vector", [("size", String(sheetNames.count)), ("baseType", "lpstr")])
        for name in sheetNames { xml.element("vt:lpstr", text: name) }
        xml.end("vt:vector")
        xml.append("</TitlesOfParts>")
        if let manager { xml.element("Manager", text: manager) }
        if let company { xml.element("Company", text: company) }
        xml.element("LinksUpToDate", text: "false")
        xml.element("SharedDoc", text: "false")
        xml.element("HyperlinksChanged", text: "false")
        xml.element("AppVersion", text: "12.0000")
        xml.end("Properties")
        return xml.array
    }

    /// The format id every custom document property carries (the user-defined property set).
    static let customPropertySet = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

    /// `docProps/custom.xml` with the generator; nil when there is none.
    func customXML() -> [UInt8]? {
        guard let generator else { return nil }
        let xml = XMLWriter(capacity: 512)
        xml.declaration()
        xml.start("Properties", [("xmlns", Namespace.customProperties),
                                 ("xmlns:vt", Namespace.documentPropertiesVariantTypes)])
        xml.start("property", [("fmtid", Self.customPropertySet), ("pid", "2"), ("name", "Generator")])
        xml.element("vt:lpwstr", text: generator)
        xml.end("property")
        xml.end("Properties")
        return xml.array
    }
}
