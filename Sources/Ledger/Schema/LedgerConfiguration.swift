import TaizhangSupport
/// The schema and the district, loaded together, with where they came from.
///
/// ```swift
/// let configuration = try LedgerConfiguration.load()                  // the built-in defaults
/// let custom = try LedgerConfiguration.load(districtPath: "district.yaml") // a district's own file
/// ```
public struct LedgerConfiguration: Sendable {
    /// The ledger's sheets, columns and rules.
    public var schema: LedgerSchema
    /// The district: its towns, targets, dates and liaisons.
    public var district: DistrictConfig
    /// The schema file's path, or ``DefaultTemplates/builtInName(_:)`` for the built-in one.
    public var schemaPath: String
    /// The district file's path, or ``DefaultTemplates/builtInName(_:)`` for the built-in one.
    public var districtPath: String
    /// The schema file's text, as loaded (the portal's worker processes load the same).
    package var schemaText: String
    /// The district file's text, as loaded.
    package var districtText: String

    /// Loads the files at the given paths; a nil path means the built-in default
    /// (`templates/ledger.yaml` or `templates/district.yaml` as they were at build time).
    public static func load(schemaPath: String? = nil, districtPath: String? = nil) throws -> LedgerConfiguration {
        let districtFile = try source(districtPath, default: DefaultTemplates.districtFile, DefaultTemplates.district)
        let schemaFile = try source(schemaPath, default: DefaultTemplates.ledgerFile, DefaultTemplates.ledger)
        return try parse(schema: schemaFile, district: districtFile)
    }

    /// The configuration from the texts of a schema and a district file, named by their paths.
    package static func parse(schema schemaFile: (path: String, text: String), district districtFile: (path: String, text: String))
        throws -> LedgerConfiguration {
        let district = try DistrictConfig.parse(districtFile.text, file: districtFile.path)
        let schema = try LedgerSchema.parse(schemaFile.text, file: schemaFile.path, district: district)
        return LedgerConfiguration(schema: schema, district: district, schemaPath: schemaFile.path,
                                   districtPath: districtFile.path, schemaText: schemaFile.text, districtText: districtFile.text)
    }

    /// The file at `path` with its text, or the built-in file when `path` is nil.
    private static func source(_ path: String?, default name: String, _ text: String) throws -> (path: String, text: String) {
        guard let path else { return (DefaultTemplates.builtInName(name), text) }
        return (path, try TextFile.read(path))
    }

    /// The built-in default ledger and district, needing no file beside the program.
    public static func `default`() throws -> LedgerConfiguration {
        try load()
    }
}

/// The default `ledger.yaml` and `district.yaml`, built into this module from `templates/` when
/// it is compiled, so a program using the library needs no folder beside it.
public enum DefaultTemplates {
    /// The schema file's name, `ledger.yaml`.
    public static let ledgerFile = "ledger.yaml"
    /// The district file's name, `district.yaml`.
    public static let districtFile = "district.yaml"

    /// The text of the default `ledger.yaml`.
    public static var ledger: String { text(of: ledgerFile) }
    /// The text of the default `district.yaml`.
    public static var district: String { text(of: districtFile) }

    /// The built-in files' names and texts (`ledger.yaml`, `district.yaml`), for writing
    /// editable copies.
    public static var files: [(name: String, text: String)] { EmbeddedTemplates.files }

    /// How a built-in file is named where a path would be (in messages and reports):
    /// `(built in) ledger.yaml`.
    public static func builtInName(_ file: String) -> String {
        "(built in) " + file
    }

    private static func text(of name: String) -> String {
        guard let file = EmbeddedTemplates.files.first(where: { $0.name == name }) else {
            preconditionFailure("templates/\(name) was not embedded at build time")
        }
        return file.text
    }
}
