/// Why a workbook could not be read or written. Every case has a message a clerk can act on.
public enum XLSXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (the system's reason).
    case cannotOpen(path: String, reason: String)
    /// The file is empty.
    case emptyFile
    /// An OLE compound file: an encrypted (password-protected) workbook.
    case encryptedWorkbook
    /// An OLE compound file holding a workbook older than Excel 97 (BIFF5 and before), which is not read.
    case unsupportedLegacyFormat(version: String)
    /// An OLE compound file whose structure is broken (a loop in a sector chain, a sector past the
    /// end of the file, an impossible size).
    case damagedCompoundFile(reason: String)
    /// An OLE compound file of another kind (old Word, PowerPoint …).
    case compoundFileNotWorkbook
    /// A binary `.xlsb` workbook.
    case binaryWorkbook
    /// An OpenDocument spreadsheet (`.ods`).
    case openDocumentSpreadsheet
    /// Another Office Open XML document (`.docx`, `.pptx`) renamed.
    case otherOfficeDocument(kind: String)
    /// An HTML page or text file saved with an Excel name (what "export to Excel" often makes).
    case textFile(kind: String)
    /// Not a zip archive at all.
    case notAZipFile
    /// The zip archive is damaged (truncated, bad offsets, …).
    case corruptArchive(reason: String)
    /// A part's data does not match its checksum.
    case checksumMismatch(part: String)
    /// A part the workbook needs is missing.
    case missingPart(String)
    /// A part is not well-formed XML.
    case malformedXML(part: String, line: Int, message: String)
    /// A part declares a DTD (`<!DOCTYPE`), which OPC forbids and which could expand entities.
    case doctypeForbidden(part: String)
    /// A safety limit was reached: `value` (what was counted when reading stopped) passed
    /// `maximum`, the limit in force (``ReadLimits/maximum(_:)``).
    case limitExceeded(limit: ReadLimits.Name, part: String?, value: Int64, maximum: Int64)
    /// No sheet of that name (the names that exist are listed).
    case noSuchSheet(String, available: [String])
    /// The sheet is not a worksheet (a chart sheet, dialog or macro sheet).
    case notAWorksheet(String)
    /// A part's content is not what SpreadsheetML allows (an impossible reference, index, …).
    case invalidContent(part: String, message: String)
    /// Writing failed (the system's reason).
    case cannotWrite(path: String, reason: String)
    /// An Excel limit was breached by what was asked to be written.
    case excelLimit(ExcelLimit, detail: String)
    /// A colour given as text is not an ARGB hex colour such as `FFFFC7CE`.
    case invalidColor(String)
    /// The copy to write would replace the workbook it is made from.
    case destinationIsSource(path: String)

    /// The message for the user: what is wrong and, where there is one, what to do.
    public var description: String {
        let resave = "open it in Excel or WPS and save it as an Excel workbook (.xlsx)"
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open \(path): \(reason)"
        case .emptyFile: return "the file is empty (0 bytes)"
        case .encryptedWorkbook:
            return "the workbook is encrypted (password-protected); remove the password and save it as .xlsx"
        case .unsupportedLegacyFormat(let version):
            return "this is a workbook from before Excel 97 (\(version)), which is not read; \(resave)"
        case .damagedCompoundFile(let reason):
            return "the .xls file is damaged (\(reason)); ask for it again or re-save it as .xlsx"
        case .compoundFileNotWorkbook:
            return "this is an old Office (OLE) document, not an Excel workbook; \(resave)"
        case .binaryWorkbook:
            return "this is an Excel binary workbook (.xlsb); \(resave)"
        case .openDocumentSpreadsheet:
            return "this is an OpenDocument spreadsheet (.ods); \(resave)"
        case .otherOfficeDocument(let kind):
            return "this is a \(kind) document renamed, not an Excel workbook"
        case .textFile(let kind):
            return "this is \(kind) saved with an Excel file name, not a real workbook; \(resave)"
        case .notAZipFile: return "not an Excel workbook (.xlsx files are zip archives; this is not one)"
        case .corruptArchive(let reason): return "the file is damaged (\(reason)); ask for it again or re-save it"
        case .checksumMismatch(let part): return "the file is damaged: part \(part) fails its checksum"
        case .missingPart(let part): return "the workbook is incomplete: part \(part) is missing"
        case .malformedXML(let part, let line, let message):
            return "the workbook is damaged: \(part) line \(line): \(message)"
        case .doctypeForbidden(let part):
            return "\(part) declares a DTD (<!DOCTYPE>), which workbooks never do; refused for safety"
        case .limitExceeded(let limit, let part, let value, let maximum):
            let place = part.map { " in \($0)" } ?? ""
            let setting = limit.property.map { "ReadLimits.\($0)" } ?? "Excel's own, ExcelLimits.columnCount"
            return "\(limit.explanation)\(place): \(limit.quantity(value)), over the limit of \(limit.quantity(maximum)) (\(setting)); refused for safety"
        case .noSuchSheet(let name, let available):
            return "no sheet named \"\(name)\" (the sheets are: \(available.joined(separator: ", ")))"
        case .notAWorksheet(let name): return "sheet \"\(name)\" is not a worksheet (a chart or macro sheet)"
        case .invalidContent(let part, let message): return "the workbook is damaged: \(part): \(message)"
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .excelLimit(let limit, let detail): return "\(limit.explanation): \(detail)"
        case .invalidColor(let text):
            return "\"\(text)\" is not a colour: expected 8 hexadecimal digits AARRGGBB (alpha, red, green, blue) such as FFFFC7CE"
        case .destinationIsSource(let path):
            return "cannot write the copy to \(path): that is the workbook it is made from, which is never changed"
        }
    }
}

/// Excel's own limits, enforced when writing so that Excel never has to repair a file.
public enum ExcelLimit: String, Sendable, Equatable {
    /// A sheet name is too long.
    case sheetNameLength
    /// A sheet name holds a character Excel forbids.
    case sheetNameCharacters
    /// Two sheets have the same name (ignoring case).
    case duplicateSheetName
    /// A cell's text is too long.
    case cellTextLength
    /// A row beyond the last row Excel has.
    case rowCount
    /// A column beyond the last column Excel has (XFD).
    case columnCount
    /// An inline drop-down list is too long.
    case validationListLength
    /// A data validation's title is too long.
    case validationTitleLength
    /// A data validation's message is too long.
    case validationMessageLength
    /// A hyperlink is too long.
    case hyperlinkLength
    /// A formula is too long.
    case formulaLength
    /// A comment is too long.
    case commentLength
    /// A defined name is not a valid name.
    case definedNameInvalid
    /// A sheet name is empty or the reserved `History`.
    case sheetNameReserved
    /// A number is NaN or infinite.
    case nonFiniteNumber
    /// A date is outside Excel's range.
    case dateRange
    /// An error value is not one Excel knows.
    case errorLiteral
    /// Rows are not written in increasing order.
    case rowOrder
    /// A merged range is a single cell or overlaps another.
    case mergeRange
    /// No sheet would be visible.
    case visibleSheet
    /// A column is too wide.
    case columnWidth
    /// A row is too high.
    case rowHeight
    /// A font size is out of range.
    case fontSize
    /// A font's character set is not 0 to 255.
    case fontCharset
    /// A number format code is too long.
    case numberFormatLength
    /// Too many cell formats.
    case cellFormatCount
    /// Too many hyperlinks in a worksheet.
    case hyperlinkCount
    /// A drop-down list item holds a comma or is empty.
    case validationListItem
    /// A data validation's range or bounds are impossible.
    case validationRange
    /// A cell given two comments or two hyperlinks.
    case cellAnnotation
    /// A sheet password is not 1 to 255 printable ASCII characters.
    case sheetPassword
    /// A number format code is malformed.
    case numberFormatCode
    /// A page header or footer is too long.
    case headerFooterLength
    /// A page setup value is out of range (scale, fit, margins, page breaks).
    case pageSetup
    /// A chart is impossible (no series, a series whose values do not match its range).
    case chart

    /// The limit in words.
    public var explanation: String {
        switch self {
        case .sheetNameLength: return "a sheet name has at most \(ExcelLimits.sheetNameLength) characters"
        case .sheetNameCharacters: return "a sheet name cannot contain : \\ / ? * [ ] or start or end with '"
        case .duplicateSheetName: return "sheet names must be unique (ignoring case)"
        case .cellTextLength: return "a cell holds at most \(ExcelLimits.cellTextLength) characters"
        case .rowCount: return "a sheet has at most \(ExcelLimits.rowCount) rows"
        case .columnCount: return "a sheet has at most \(ExcelLimits.columnCount) columns"
        case .validationListLength:
            return "an inline data-validation list has at most \(ExcelLimits.validationListLength) characters"
        case .validationTitleLength: return "a data-validation title has at most \(ExcelLimits.validationTitleLength) characters"
        case .validationMessageLength:
            return "a data-validation message has at most \(ExcelLimits.validationMessageLength) characters"
        case .hyperlinkLength: return "a hyperlink has at most \(ExcelLimits.hyperlinkLength) characters"
        case .formulaLength: return "a formula has at most \(ExcelLimits.formulaLength) characters"
        case .commentLength: return "a comment has at most \(ExcelLimits.cellTextLength) characters"
        case .definedNameInvalid: return "a defined name must start with a letter or _ and hold no spaces"
        case .sheetNameReserved: return "a sheet name cannot be empty or \"History\""
        case .nonFiniteNumber: return "a cell holds a finite number (Excel has no NaN or infinity)"
        case .dateRange:
            return "Excel's dates run from 1900-01-01 to 9999-12-31 (a time of day alone is dated 1899-12-30)"
        case .errorLiteral: return "an error value is one of #NULL!, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #N/A"
        case .rowOrder: return "rows are written in increasing order, each once"
        case .mergeRange: return "a merged range spans two or more cells and overlaps no other merged range"
        case .visibleSheet: return "a workbook keeps at least one visible sheet"
        case .columnWidth: return "a column is at most \(Int(ExcelLimits.columnWidth)) characters wide"
        case .rowHeight: return "a row is at most \(Int(ExcelLimits.rowHeight)) points high"
        case .fontSize: return "a font size is between 1 and \(Int(ExcelLimits.fontSize)) points"
        case .fontCharset: return "a font's character set is a number from 0 to 255"
        case .numberFormatLength: return "a number format code has at most \(ExcelLimits.numberFormatLength) characters"
        case .cellFormatCount: return "a workbook has at most \(ExcelLimits.cellFormatCount) cell formats"
        case .hyperlinkCount: return "a worksheet has at most \(ExcelLimits.hyperlinkCount) hyperlinks"
        case .validationListItem:
            return "an item of an inline data-validation list is not empty and holds no comma or double quote"
        case .validationRange:
            return "a data validation applies to at least one range, and a cell has at most one data validation"
        case .sheetPassword:
            return "a sheet password is 1 to \(ExcelLimits.sheetPasswordLength) printable ASCII characters"
        case .cellAnnotation: return "a cell holds at most one comment and one hyperlink"
        case .numberFormatCode:
            return "a number format code closes its quotes and brackets and has at most four sections"
        case .headerFooterLength: return "a header or footer has at most \(ExcelLimits.headerFooterLength) characters"
        case .pageSetup:
            return "a page setup fits to 0 to 32,767 pages, scales 10 to 400 %, has margins of 0 to 49 inches and at most 1,023 manual breaks each way"
        case .chart:
            return "a chart has 1 to 255 series, each with as many cached values as its one-row or one-column range has cells"
        }
    }
}

/// Excel's documented specification limits.
public enum ExcelLimits {
    /// Characters in a sheet name.
    public static let sheetNameLength = 31
    /// Characters in a cell.
    public static let cellTextLength = 32_767
    /// Rows in a worksheet.
    public static let rowCount = 1_048_576
    /// Columns in a worksheet (A to XFD).
    public static let columnCount = 16_384
    /// Characters in a drop-down list's items, separators included.
    public static let validationListLength = 255
    /// Characters in a data validation's prompt or error title.
    public static let validationTitleLength = 32
    /// Characters in a data validation's prompt or error message.
    public static let validationMessageLength = 255
    /// Characters in a hyperlink's target.
    public static let hyperlinkLength = 2_079
    /// Characters in a formula.
    public static let formulaLength = 8_192
    /// A column's width, in characters.
    public static let columnWidth = 255.0
    /// A row's height, in points.
    public static let rowHeight = 409.0
    /// A font's size, in points.
    public static let fontSize = 409.0
    /// Characters in a number format code.
    public static let numberFormatLength = 255
    /// Cell formats (styles) in a workbook.
    public static let cellFormatCount = 64_000
    /// Hyperlinks in a worksheet.
    public static let hyperlinkCount = 65_530
    /// Characters in a sheet protection password.
    public static let sheetPasswordLength = 255
    /// The longest header or footer code (`&L…&C…&R…`), in UTF-16 units.
    public static let headerFooterLength = 255
}
