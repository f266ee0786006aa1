import TaizhangSupport
import Ledger

extension ScoringRules {
    /// The default rules file's name, `scoring.yaml`.
    public static let defaultFile = "scoring.yaml"

    /// The text of the default `scoring.yaml`, built into this module from `templates/` when it
    /// is compiled, so a program using the library needs no folder beside it.
    public static var defaultText: String {
        guard let file = EmbeddedTemplates.files.first(where: { $0.name == defaultFile }) else {
            preconditionFailure("templates/\(defaultFile) was not embedded at build time")
        }
        return file.text
    }

    /// The default rules, checked against `schema` (the default ledger's, or a district's own).
    public static func `default`(schema: LedgerSchema) throws -> ScoringRules {
        try parse(defaultText, file: DefaultTemplates.builtInName(defaultFile), schema: schema)
    }
}

/// Scoring rules with the file they came from (a path, or the built-in default) and its SHA-256,
/// as the awards workbook's 指标说明 lists them.
public struct RulesSource: Sendable {
    /// The rules.
    public let rules: ScoringRules
    /// The rules file's path, or `(built in) scoring.yaml`.
    public let path: String
    /// The hex SHA-256 of the rules file's bytes.
    public let sha256: String
    /// The rules file's text.
    package let text: String

    /// Loads the rules at `path`, or the built-in default when `path` is nil.
    public static func load(path: String?, schema: LedgerSchema) throws -> RulesSource {
        guard let path else {
            return try parse(ScoringRules.defaultText, path: DefaultTemplates.builtInName(ScoringRules.defaultFile), schema: schema)
        }
        return try parse(try TextFile.read(path), path: path, schema: schema)
    }

    /// The rules in `text`, named by `path`.
    package static func parse(_ text: String, path: String, schema: LedgerSchema) throws -> RulesSource {
        RulesSource(rules: try ScoringRules.parse(text, file: path, schema: schema), path: path, sha256: FileDigest.sha256(text: text),
                    text: text)
    }
}
