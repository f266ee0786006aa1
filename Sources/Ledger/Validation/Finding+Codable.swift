import TaizhangSupport
import XLSX

/// A finding as JSON: the members of `findings.json` (`severity`, `code`, `sheet`, `cell`, `row`,
/// `column`, `value`) with the message in both languages (`"message": {"zh": …, "en": …}`). The
/// portal stores findings this way and reads them back through this type, so a member that
/// went missing or changed its name fails loudly instead of blanking a page.
extension Finding: Codable {
    private enum CodingKeys: String, CodingKey {
        case severity, code, sheet, cell, row, column, value, message
    }

    /// Reads a finding written by ``encode(to:)``; a cell that is no A1 reference is an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var cell: CellReference?
        if let text = try container.decodeIfPresent(String.self, forKey: .cell) {
            guard let reference = CellReference(text) else {
                throw DecodingError.dataCorruptedError(forKey: .cell, in: container, debugDescription: "not a cell reference: \(text)")
            }
            cell = reference
        }
        self.init(severity: try container.decode(Severity.self, forKey: .severity),
                  code: RuleCode(try container.decode(String.self, forKey: .code)),
                  sheet: try container.decodeIfPresent(String.self, forKey: .sheet), cell: cell,
                  column: try container.decodeIfPresent(String.self, forKey: .column),
                  value: try container.decodeIfPresent(String.self, forKey: .value),
                  message: try container.decode(LocalizedText.self, forKey: .message))
    }

    /// Writes the finding with its message in both languages.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(code.rawValue, forKey: .code)
        try container.encode(sheet, forKey: .sheet)
        try container.encode(cell?.description, forKey: .cell)
        try container.encode(row, forKey: .row)
        try container.encode(column, forKey: .column)
        try container.encode(value, forKey: .value)
        try container.encode(message, forKey: .message)
    }
}

extension Finding {
    /// Findings as a JSON array of what ``encode(to:)`` writes (the same members, read back by
    /// ``init(from:)``), written directly: the portal's worker writes every upload's findings
    /// this way, in a fraction of `JSONEncoder`'s time.
    public static func json(_ findings: [Finding]) -> String {
        "[" + findings.map { finding in
            JSONText.compactObject([
                ("severity", JSONText.string(finding.severity.rawValue)),
                ("code", JSONText.string(finding.code.rawValue)),
                ("sheet", JSONText.optional(finding.sheet)),
                ("cell", JSONText.optional(finding.cell?.description)),
                ("row", finding.row.map(String.init) ?? "null"),
                ("column", JSONText.optional(finding.column)),
                ("value", JSONText.optional(finding.value)),
                ("message", JSONText.compactObject([("zh", JSONText.string(finding.message.chinese)),
                                                    ("en", JSONText.string(finding.message.english))])),
            ])
        }.joined(separator: ",") + "]"
    }
}

/// A text in both languages as JSON: `{"zh": …, "en": …}`.
extension LocalizedText: Codable {
    private enum CodingKeys: String, CodingKey {
        case chinese = "zh"
        case english = "en"
    }

    /// Reads `{"zh": …, "en": …}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(chinese: try container.decode(String.self, forKey: .chinese),
                  english: try container.decode(String.self, forKey: .english))
    }

    /// Writes `{"zh": …, "en": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(chinese, forKey: .chinese)
        try container.encode(english, forKey: .english)
    }
}
