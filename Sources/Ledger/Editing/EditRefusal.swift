import XLSX

/// Why an edit request is refused, with every problem found in it (nothing is written then).
/// It is `Codable`, to cross from a process that reads the workbook to the one that answers.
///
/// Its ``code`` is what the portal's API answers with (422): `not-editable` when some cell or
/// column of the request is not one a town may write — a header, a title, a cell outside the
/// data rows and form fields, a sheet that is not part of the ledger, a column that does not
/// exist — else `invalid`: a value no cell of a workbook can hold (longer than Excel's 32,767
/// characters, a control character) or a row with nothing in it.
public struct EditRefusal: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The problems, in the order of the request (cells first, then rows); never empty.
    public var problems: [EditProblem]

    /// A refusal of these problems (never empty).
    public init(problems: [EditProblem]) {
        self.problems = problems
    }

    /// `not-editable` when any problem is, else `invalid`.
    public var code: EditProblem.Code {
        problems.contains { $0.code == .notEditable } ? .notEditable : .invalid
    }

    /// The problems' messages, one per line, in a language.
    public func message(_ language: Language) -> String {
        problems.map { $0.message.text(language) }.joined(separator: "\n")
    }

    /// The code and the problems in Chinese.
    public var description: String { "\(code.rawValue): " + message(.chinese) }
}

/// One thing wrong with an edit request: where, and why.
public struct EditProblem: Error, Hashable, Sendable, Codable {
    /// The two kinds of refusal, as the API names them.
    public enum Code: String, Hashable, Sendable, Codable {
        /// The cell or column is not one a town may write.
        case notEditable = "not-editable"
        /// The value cannot be written into any cell.
        case invalid
    }

    /// Why, precisely.
    public enum Reason: Error, Hashable, Sendable, Codable {
        /// The submission could not be read, so none of its cells can be edited.
        case unreadableSubmission
        /// The sheet is not part of the ledger (the instructions, a sheet of the town's own).
        case sheetNotInLedger
        /// The sheet is part of the ledger but missing from this workbook.
        case sheetMissing
        /// The cell is not an A1 reference such as `F9`.
        case badReference
        /// The cell is a table's header.
        case header
        /// The cell lies above a table's header (its title).
        case title
        /// The cell lies below the header but in no data row (new data goes in a new row).
        case notADataRow
        /// The cell's column is not a column of the ledger.
        case notALedgerColumn
        /// The cell of a form sheet is not a field's value (a label, an empty corner).
        case notAFormField
        /// The cell lies inside a merged range, hidden behind its first cell.
        case mergedCell(first: String)
        /// Rows cannot be added to a form sheet.
        case formSheet
        /// The table's header row was not found, so there is nowhere to add a row.
        case noHeader
        /// The ledger has no column of that label in this sheet.
        case noSuchColumn
        /// The column is part of the ledger but missing from this workbook's header.
        case columnMissing
        /// Longer than a cell can hold (UTF-16 units, as Excel counts).
        case tooLong(length: Int)
        /// A control character (shown as `U+0007`), which no cell can hold.
        case controlCharacter(String)
        /// A row to add with no value at all.
        case emptyRow

        /// The API's code for the reason.
        public var code: Code {
            switch self {
            case .tooLong, .controlCharacter, .emptyRow: return .invalid
            default: return .notEditable
            }
        }
    }

    /// Why.
    public var reason: Reason
    /// The sheet, as the request names it.
    public var sheet: String
    /// The cell, as the request names it (nil for a row to add).
    public var cell: String?
    /// The column's label, when known.
    public var column: String?

    /// A problem from its parts.
    public init(reason: Reason, sheet: String, cell: String? = nil, column: String? = nil) {
        self.reason = reason
        self.sheet = sheet
        self.cell = cell
        self.column = column
    }

    /// `not-editable` or `invalid`.
    public var code: Code { reason.code }

    /// The message in both languages.
    public var message: LocalizedText {
        let place = cell.map { "\(sheet)!\($0)" } ?? sheet
        let label = column ?? ""
        switch reason {
        case .unreadableSubmission:
            return LocalizedText(chinese: "这份报送的文件无法读取,不能在线修改;请重新上传", english: "this submission's file cannot be read, so it cannot be edited online; upload it again")
        case .sheetNotInLedger:
            return LocalizedText(chinese: "工作表“\(sheet)”不属于台账,不能在线修改", english: "sheet \"\(sheet)\" is not part of the ledger and cannot be edited")
        case .sheetMissing:
            return LocalizedText(chinese: "这份台账中没有工作表“\(sheet)”", english: "this workbook has no sheet \"\(sheet)\"")
        case .badReference:
            return LocalizedText(chinese: "“\(cell ?? "")”不是有效的单元格位置(例如 F9)", english: "\"\(cell ?? "")\" is not a cell reference (e.g. F9)")
        case .header:
            return LocalizedText(chinese: "\(place) 是表头,不能修改", english: "\(place) is the header and cannot be edited")
        case .title:
            return LocalizedText(chinese: "\(place) 在表头上方(标题),不能修改", english: "\(place) lies above the header (the title) and cannot be edited")
        case .notADataRow:
            return LocalizedText(chinese: "\(place) 不在数据行内;新增数据请用“新增一行”", english: "\(place) is not in a data row; add new data as a new row")
        case .notALedgerColumn:
            return LocalizedText(chinese: "\(place) 所在的列不属于台账,不能在线修改", english: "the column of \(place) is not part of the ledger and cannot be edited")
        case .notAFormField:
            return LocalizedText(chinese: "\(place) 不是填写项,只有各项的填写内容可以修改", english: "\(place) is not a field's value; only the values can be edited")
        case .mergedCell(let first):
            return LocalizedText(chinese: "\(place) 在合并单元格内,其内容在 \(first) 中填写", english: "\(place) lies inside merged cells whose value is in \(first)")
        case .formSheet:
            return LocalizedText(chinese: "“\(sheet)”是填写项表,不能新增行", english: "\"\(sheet)\" is a form; rows cannot be added to it")
        case .noHeader:
            return LocalizedText(chinese: "工作表“\(sheet)”找不到表头,不能新增行", english: "sheet \"\(sheet)\" has no header row, so no row can be added")
        case .noSuchColumn:
            return LocalizedText(chinese: "工作表“\(sheet)”没有“\(label)”列", english: "sheet \"\(sheet)\" has no column \"\(label)\"")
        case .columnMissing:
            return LocalizedText(chinese: "这份台账的“\(sheet)”表缺少“\(label)”列,无法填写", english: "this workbook's sheet \"\(sheet)\" lacks the column \"\(label)\"")
        case .tooLong(let length):
            return LocalizedText(chinese: "\(label)的内容有 \(length) 个字符,超过了单元格的上限 \(ExcelLimits.cellTextLength) 个",
                                 english: "\(label) has \(length) characters, more than a cell holds (\(ExcelLimits.cellTextLength))")
        case .controlCharacter(let character):
            return LocalizedText(chinese: "\(label)含有不可见的控制字符(\(character)),请删除后再保存",
                                 english: "\(label) holds an invisible control character (\(character)); remove it and save again")
        case .emptyRow:
            return LocalizedText(chinese: "在“\(sheet)”新增的行没有填写任何内容", english: "the row to add to \"\(sheet)\" has no value")
        }
    }
}
