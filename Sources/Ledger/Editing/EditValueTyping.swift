import XLSX

/// Turns a value typed on the page into the cell value its column takes (`portal.md`: values
/// are written with the column's type):
/// - a date column: a date typed in any form the validator reads (2026-10-08, 2026/10/8,
///   2026.10.8, 20261008, 2026年10月8日, 10月8日 in the campaign's year) becomes a real date;
/// - a number column (whole numbers, decimals, 序号): a plain decimal number (full-width digits
///   folded, at most 15 significant digits) becomes a number;
/// - everything else — phones (so 13800138000 stays exactly that), choices, names, lists, free
///   text — is text, and so is anything that does not read as its column's type: "abc" in a date
///   column stays "abc", as when a town types it in Excel, and the validation of the edited
///   workbook reports it (not-a-date) on the page next to its input;
/// - an empty (or blank) value empties the cell.
///
/// Surrounding white space goes; line breaks inside are kept (`\r\n` as `\n`). A value no cell
/// can hold — a control character, more than 32,767 characters — is refused.
struct EditValueTyping {
    /// The year of a date typed without one (`10月8日`).
    let defaultYear: Int
    /// The first year the workbook's date system can hold (1900, or 1904).
    let firstYear: Int

    /// Significant digits a double keeps exactly; longer numbers stay text rather than lose digits.
    static let significantDigits = 15

    /// The cell value for `typed` in `column`, or why it cannot be written.
    func value(_ typed: String, column: ColumnSchema) -> Result<CellEditValue, EditProblem.Reason> {
        var text = typed.replacingCRLF()
        if let control = text.unicodeScalars.first(where: Self.isControl) {
            return .failure(.controlCharacter("U+" + String(control.value, radix: 16, uppercase: true).leftPadded(to: 4)))
        }
        text = text.trimmingBlank()
        if text.utf16.count > ExcelLimits.cellTextLength { return .failure(.tooLong(length: text.utf16.count)) }
        if text.isEmpty { return .success(.empty) }
        let normalised = TextNormaliser.normalise(text)
        switch column.type {
        case .date:
            if let date = TextDate.parse(normalised, defaultYear: defaultYear), (firstYear...9999).contains(date.year) {
                return .success(.date(LocalDateTime(year: date.year, month: date.month, day: date.day)))
            }
        case .integer, .decimal, .serial:
            if let number = Self.decimal(normalised) { return .success(.number(number)) }
        case .text, .phone, .choice, .personName, .list:
            break
        }
        return .success(.text(text))
    }

    /// A C0 or C1 control character other than tab and line feed, or a non-character.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// A plain decimal number: an optional sign, digits, an optional fraction and exponent —
    /// nothing Swift's `Double(_:)` would also take (`inf`, `nan`, hexadecimal) — finite, with
    /// no more significant digits than a double keeps.
    static func decimal(_ text: String) -> Double? {
        var digits = 0
        var leadingZeros = true
        var sawDigit = false
        var index = text.startIndex
        if index < text.endIndex, text[index] == "+" || text[index] == "-" { index = text.index(after: index) }
        var inExponent = false
        var sawPoint = false
        while index < text.endIndex {
            let character = text[index]
            switch character {
            case "0"..."9":
                sawDigit = true
                if !inExponent {
                    if character != "0" { leadingZeros = false }
                    if !leadingZeros { digits += 1 }
                }
            case ".":
                guard !sawPoint, !inExponent else { return nil }
                sawPoint = true
            case "e", "E":
                guard sawDigit, !inExponent else { return nil }
                inExponent = true
                sawDigit = false
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "+" || text[next] == "-" { index = next }
            default:
                return nil
            }
            index = text.index(after: index)
        }
        guard sawDigit, digits <= significantDigits, let number = Double(text), number.isFinite else { return nil }
        return number
    }
}

private extension String {
    /// `\r\n` and lone `\r` as `\n`.
    func replacingCRLF() -> String {
        guard contains("\r") else { return self }
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { result.append(scalar) }
            previousWasCR = false
        }
        return String(result)
    }

    /// Without white space (the validator's spaces, full-width ones included) at either end.
    func trimmingBlank() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !TextNormaliser.isSpace($0) }),
              let last = scalars.lastIndex(where: { !TextNormaliser.isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
