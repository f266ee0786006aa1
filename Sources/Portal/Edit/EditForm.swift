import Foundation
import Ledger

/// What a submission's page offers to correct and add (`portal.md`, "Correcting and adding on
/// the page"), as a worker reads it from the town's file (``LedgerEditor/editableCells(of:)`` and
/// ``LedgerEditor/newRowForms(of:)``) and sends it back over the pipe: an input per flagged cell
/// and per field of 基本信息, and a form per table sheet to add a row.
struct EditForm: Codable, Sendable, Equatable {
    /// One input: a cell the town may correct.
    struct Input: Codable, Sendable, Equatable {
        /// The sheet as the workbook spells it.
        var sheet: String
        /// The cell, `F9`.
        var cell: String
        /// The column's (or form field's) label.
        var column: String
        /// `date`, `number`, `list` or `text` (``InputKind``).
        var kind: String
        /// The column's type (``FieldType``: `phone` gets a telephone keyboard).
        var fieldType: String
        var required: Bool
        /// The choices of a list.
        var choices: [String]
        /// The value as typed in the file.
        var typed: String
        /// What the input holds at first (a date as `YYYY-MM-DD`, a list's choice).
        var inputValue: String
        /// A field of 基本信息 rather than a table's cell.
        var isFormField: Bool
        /// The findings about the cell, errors first.
        var findings: [Finding]

        /// The input's name on the page: `cell:直属团组织!G7`.
        var name: String { "cell:\(sheet)!\(cell)" }

        /// What a browser sends for the input when nobody touched it: a date or number input
        /// drops a value it cannot show (`abc` in a date input is sent as nothing).
        var untouchedValue: String {
            switch kind {
            case "date": return EditForm.isISODate(inputValue) ? inputValue : ""
            case "number": return EditForm.isNumber(inputValue) ? inputValue : ""
            default: return inputValue
            }
        }

        /// Whether the input shows the value as typed (a date or number input cannot show text
        /// that is not one; the page then says what the file holds beside it).
        var showsTyped: Bool { untouchedValue == inputValue }
    }

    /// The form that adds a row to one table sheet.
    struct RowForm: Codable, Sendable, Equatable {
        /// The sheet as the workbook spells it.
        var sheet: String
        var fields: [Field]
    }

    /// One field of a ``RowForm``.
    struct Field: Codable, Sendable, Equatable {
        /// The column's label (the key of the row's values).
        var label: String
        /// `date`, `number`, `list` or `text`.
        var kind: String
        /// The column's type (``FieldType``).
        var fieldType: String
        var required: Bool
        var choices: [String]
        /// A value to start with (the next 序号).
        var suggested: String?
    }

    /// The inputs: 基本信息's fields, then the flagged cells in the findings' order.
    var inputs: [Input]
    /// How many flagged cells were left out past ``inputLimit`` (they are in the annotated copy).
    var inputsLeftOut: Int
    /// One form per table sheet, in the ledger's order.
    var rows: [RowForm]

    /// The most inputs a page offers: a file with thousands of flagged cells is corrected in Excel.
    static let inputLimit = 300

    /// The form of a validated submission (with the district-wide findings of a current one).
    init(editor: LedgerEditor, result: SubmissionResult) {
        let cells = editor.editableCells(of: result)
        inputs = cells.prefix(Self.inputLimit).map { cell in
            Input(sheet: cell.sheet, cell: cell.cell.description, column: cell.column, kind: cell.kind.rawValue, fieldType: cell.type.rawValue,
                  required: cell.required, choices: cell.choices, typed: cell.typed, inputValue: cell.inputValue,
                  isFormField: cell.isFormField, findings: cell.findings)
        }
        inputsLeftOut = max(0, cells.count - Self.inputLimit)
        rows = editor.newRowForms(of: result).map { form in
            RowForm(sheet: form.sheet, fields: form.fields.map {
                Field(label: $0.label, kind: $0.kind.rawValue, fieldType: $0.type.rawValue, required: $0.required, choices: $0.choices, suggested: $0.suggested)
            })
        }
    }

    /// The cells a posted form changes: each input whose posted value differs from what the
    /// browser sends untouched (line breaks and surrounding white space aside), in the form's
    /// order; then any other `cell:SHEET!REF` field posted (the editor says whether it may be
    /// written).
    func changedCells(_ posted: [(name: String, value: String)]) -> [CellEditRequest] {
        var byName: [String: String] = [:]
        for (name, value) in posted where name.hasPrefix("cell:") { byName[name] = value }
        var cells: [CellEditRequest] = []
        for input in inputs {
            guard let value = byName.removeValue(forKey: input.name) else { continue }
            if Self.normalised(value) != Self.normalised(input.untouchedValue) {
                cells.append(CellEditRequest(sheet: input.sheet, cell: input.cell, value: value))
            }
        }
        for (name, value) in posted where byName[name] != nil {
            byName[name] = nil
            guard let target = Self.target(ofInputName: name) else { continue }
            cells.append(CellEditRequest(sheet: target.sheet, cell: target.cell, value: value))
        }
        return cells
    }

    /// `cell:直属团组织!G7` → (直属团组织, G7); the sheet may itself hold `!`.
    static func target(ofInputName name: String) -> (sheet: String, cell: String)? {
        guard name.hasPrefix("cell:"), let bang = name.lastIndex(of: "!") else { return nil }
        let sheet = String(name[name.index(name.startIndex, offsetBy: 5)..<bang])
        let cell = String(name[name.index(after: bang)...])
        return sheet.isEmpty || cell.isEmpty ? nil : (sheet, cell)
    }

    /// A posted value as compared: CRLF as LF, surrounding white space trimmed.
    static func normalised(_ value: String) -> String {
        value.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `YYYY-MM-DD`, a real day: what a date input holds.
    static func isISODate(_ text: String) -> Bool {
        LedgerDate(iso: text) != nil && text.utf8.count == 10
    }

    /// A valid floating-point number as HTML defines it for a number input (`-1.5`, `2e3`).
    static func isNumber(_ text: String) -> Bool {
        text.range(of: #"^-?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }
}
