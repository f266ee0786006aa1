import XLSX

/// What a town asks to change in its workbook from the portal (`portal.md`, "Correcting and
/// adding on the page"): cells to correct and rows to add, values as typed. It decodes from the
/// API's JSON as it is:
///
/// ```swift
/// let json = #"{"cells": [{"sheet": "直属团组织", "cell": "F9", "value": "2026-10-08"}],"#
///     + #" "rows": [{"sheet": "直属团组织", "values": {"团组织名称": "湖坊镇商业街团支部", "成立日期": "2026-10-20"}}]}"#
/// let request = try JSONDecoder().decode(EditRequest.self, from: Data(json.utf8))
/// ```
///
/// Either list may be missing. A value may be given as a JSON string, a number (its digits:
/// `13800138000`) or null (empty).
public struct EditRequest: Hashable, Sendable, Codable {
    /// The cells to set, in order (of two edits of one cell the last wins).
    public var cells: [CellEditRequest]
    /// The rows to add, in order, each after the last of its sheet.
    public var rows: [RowEditRequest]

    /// A request for these cells and rows.
    public init(cells: [CellEditRequest] = [], rows: [RowEditRequest] = []) {
        self.cells = cells
        self.rows = rows
    }

    /// Decodes `{"cells": [...], "rows": [...]}`, either list optional.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cells = try container.decodeIfPresent([CellEditRequest].self, forKey: .cells) ?? []
        rows = try container.decodeIfPresent([RowEditRequest].self, forKey: .rows) ?? []
    }

    /// Whether the request asks for nothing.
    public var isEmpty: Bool { cells.isEmpty && rows.isEmpty }
}

/// One cell to set: `{"sheet": "直属团组织", "cell": "F9", "value": "2026-10-08"}`.
public struct CellEditRequest: Hashable, Sendable, Codable {
    /// The sheet's name (the ledger's, or as the workbook spells it).
    public var sheet: String
    /// The cell in A1 form, e.g. `F9`.
    public var cell: String
    /// The value as typed; it is written with the column's type (see ``LedgerEditor``).
    public var value: String

    /// A cell edit.
    public init(sheet: String, cell: String, value: String) {
        self.sheet = sheet
        self.cell = cell
        self.value = value
    }

    /// Decodes the JSON object; `value` may be a string, a number or null.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sheet = try container.decode(String.self, forKey: .sheet)
        cell = try container.decode(String.self, forKey: .cell)
        value = try container.decodeIfPresent(TypedText.self, forKey: .value)?.text ?? ""
    }
}

/// One row to add: `{"sheet": "直属团组织", "values": {"团组织名称": "…", "成立日期": "2026-10-20"}}`.
public struct RowEditRequest: Hashable, Sendable, Codable {
    /// The table sheet's name.
    public var sheet: String
    /// The values as typed, by column label (the ledger's label, or the header as the workbook spells it).
    public var values: [String: String]

    /// A row to add.
    public init(sheet: String, values: [String: String]) {
        self.sheet = sheet
        self.values = values
    }

    /// Decodes the JSON object; each value may be a string, a number or null.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sheet = try container.decode(String.self, forKey: .sheet)
        values = try container.decode([String: TypedText].self, forKey: .values).mapValues(\.text)
    }
}

/// A JSON value read as the text a person would have typed: a string as it is, a number as its
/// digits (`13800138000`, `2.5`), true/false, null as nothing.
struct TypedText: Decodable {
    let text: String

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            text = ""
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self) {
            text = Cell.shortestText(number)
        } else {
            text = try container.decode(Bool.self) ? "TRUE" : "FALSE"
        }
    }
}
