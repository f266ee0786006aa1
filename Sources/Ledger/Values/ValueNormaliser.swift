import XLSX

/// What normalising one typed value found: the value (nil when empty or not understood) and,
/// perhaps, one finding about the form it was typed in.
struct Normalised {
    var value: LedgerValue?
    var issue: (code: RuleCode, severity: Severity, message: LocalizedText)?
}

/// Turns what towns really type into ledger values (`ledger.md`, "Values as towns really type them").
struct ValueNormaliser {
    /// The year assumed for dates typed without one (`10月15日`).
    let defaultYear: Int

    /// Normalises a cell's value for a column.
    func normalise(_ value: CellValue?, typed: String, column: ColumnSchema) -> Normalised {
        guard let value else { return Normalised() }
        if case .error(let error) = value {
            return Normalised(issue: (.formulaError, .error, Messages.formulaError(column.label, error.literal)))
        }
        if case .string(let raw) = value, TextNormaliser.normalise(raw).isEmpty { return Normalised() }
        // Text no Excel cell can hold (a file can): no value, so that no workbook written from it breaks.
        if CellTextLimit.exceeded(by: typed) {
            return Normalised(issue: (.textLength, .error, Messages.cellTooLong(column.label, typed.count)))
        }
        switch column.type {
        case .text: return Normalised(value: .text(TextNormaliser.normalise(typed)))
        case .integer, .serial: return integer(value, typed: typed, column: column)
        case .decimal: return decimal(value, typed: typed, column: column)
        case .date: return date(value, typed: typed, column: column)
        case .phone: return phone(value, typed: typed, column: column)
        case .choice: return choice(typed: typed, column: column)
        case .personName: return personName(typed: typed, column: column)
        case .list: return list(typed: typed)
        }
    }

    private func integer(_ value: CellValue, typed: String, column: ColumnSchema) -> Normalised {
        switch value {
        case .number, .date:
            let number = value.numberValue!
            guard number == number.rounded(), abs(number) < 1e15 else {
                return Normalised(issue: (.notAnInteger, .error, Messages.notAnInteger(column.label, typed)))
            }
            return Normalised(value: .integer(Int(number)))
        case .string(let raw):
            let text = TextNormaliser.normalise(raw)
            if let number = Self.digits(text) {
                return Normalised(value: .integer(number), issue: (.numberAsText, .warning, Messages.numberAsText(column.label, typed)))
            }
            if let number = Double(text), number.isFinite {
                if number == number.rounded() && abs(number) < 1e15 {
                    return Normalised(value: .integer(Int(number)), issue: (.numberAsText, .warning, Messages.numberAsText(column.label, typed)))
                }
                return Normalised(issue: (.notAnInteger, .error, Messages.notAnInteger(column.label, typed)))
            }
            return Normalised(issue: (.notANumber, .error, Messages.notANumber(column.label, typed)))
        case .boolean, .error:
            return Normalised(issue: (.notANumber, .error, Messages.notANumber(column.label, typed)))
        }
    }

    private func decimal(_ value: CellValue, typed: String, column: ColumnSchema) -> Normalised {
        switch value {
        case .number, .date:
            return Normalised(value: .decimal(value.numberValue!))
        case .string(let raw):
            let text = TextNormaliser.normalise(raw)
            if let number = Double(text), number.isFinite, !text.contains(where: { $0.isLetter }) {
                return Normalised(value: .decimal(number), issue: (.numberAsText, .warning, Messages.numberAsText(column.label, typed)))
            }
            return Normalised(issue: (.notANumber, .error, Messages.notANumber(column.label, typed)))
        case .boolean, .error:
            return Normalised(issue: (.notANumber, .error, Messages.notANumber(column.label, typed)))
        }
    }

    /// Plausible serial numbers for a date typed as a bare number: 1990-01-01 … 2099-12-31.
    static let plausibleSerials: ClosedRange<Double> = 32_874...73_050

    private func date(_ value: CellValue, typed: String, column: ColumnSchema) -> Normalised {
        let normalised = parsedDate(value, typed: typed, column: column)
        // A date Excel cannot show (a serial far past 9999, a year typed as 1800) has no place in a workbook.
        if case .date(let day)? = normalised.value, !LedgerDate.excelRange.contains(day) {
            return Normalised(issue: (.notADate, .error, Messages.dateOutOfRange(column.label, typed)))
        }
        return normalised
    }

    private func parsedDate(_ value: CellValue, typed: String, column: ColumnSchema) -> Normalised {
        switch value {
        case .date(let date):
            if date.kind == .time || date.kind == .duration || date.serial < 1 {
                return Normalised(issue: (.notADate, .error, Messages.notADate(column.label, typed)))
            }
            return Normalised(value: .date(LedgerDate(date.dateTime)))
        case .number(let number):
            if Self.plausibleSerials.contains(number) {
                return Normalised(value: .date(LedgerDate(ExcelDate(serial: number, system: .system1900, kind: .date).dateTime)))
            }
            if let date = TextDate.parse(Cell.shortestText(number), defaultYear: defaultYear) {
                return Normalised(value: .date(date), issue: (.dateAsText, .warning, Messages.dateAsText(column.label, typed, date)))
            }
            return Normalised(issue: (.notADate, .error, Messages.notADate(column.label, typed)))
        case .string(let raw):
            if let date = TextDate.parse(TextNormaliser.normalise(raw), defaultYear: defaultYear) {
                return Normalised(value: .date(date), issue: (.dateAsText, .warning, Messages.dateAsText(column.label, typed, date)))
            }
            return Normalised(issue: (.notADate, .error, Messages.notADate(column.label, typed)))
        case .boolean, .error:
            return Normalised(issue: (.notADate, .error, Messages.notADate(column.label, typed)))
        }
    }

    private func phone(_ value: CellValue, typed: String, column: ColumnSchema) -> Normalised {
        let text: String
        if case .number(let number) = value {
            // Excel turns a typed phone into a number: read it back digit for digit.
            text = Cell.shortestText(number)
        } else {
            text = TextNormaliser.normalise(typed)
        }
        switch PhoneNumber.normalise(text) {
        case .valid(let phone):
            return Normalised(value: .phone(phone))
        case .normalised(let phone):
            return Normalised(value: .phone(phone), issue: (.phoneNormalised, .warning, Messages.phoneNormalised(column.label, typed, phone)))
        case .invalid:
            return Normalised(issue: (.phoneInvalid, .error, Messages.phoneInvalid(column.label, typed)))
        }
    }

    private func choice(typed: String, column: ColumnSchema) -> Normalised {
        let text = TextNormaliser.normalise(typed)
        if column.valueSet.contains(text) { return Normalised(value: .text(text)) }
        if let canonical = column.synonyms[text] {
            return Normalised(value: .text(canonical), issue: (.synonym, .warning, Messages.synonym(column.label, typed, canonical)))
        }
        return Normalised(issue: (.notInList, .error, Messages.notInList(column.label, typed, column.values)))
    }

    private func personName(typed: String, column: ColumnSchema) -> Normalised {
        let text = TextNormaliser.normalise(typed)
        let scalars = text.unicodeScalars
        let looksLikeName = (2...10).contains(text.count)
            && scalars.allSatisfy { TextNormaliser.isHan($0) || $0 == "·" || $0 == "•" }
            && scalars.contains { TextNormaliser.isHan($0) }
        return Normalised(value: .text(text), issue: looksLikeName ? nil : (.nameFormat, .warning, Messages.nameFormat(column.label, typed)))
    }

    private func list(typed: String) -> Normalised {
        let separators: Set<Character> = ["、", "，", ",", ";", "；"]
        let items = TextNormaliser.normalise(typed).split { separators.contains($0) }
            .map { TextNormaliser.normalise(String($0)) }.filter { !$0.isEmpty }
        return Normalised(value: .list(items))
    }

    /// A whole number written with ASCII digits only (after folding), e.g. "20".
    static func digits(_ text: String) -> Int? {
        guard !text.isEmpty, text.count <= 15, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

/// The date forms towns type as text: 2026-10-15, 2026/10/15, 2026.10.15, 20261015,
/// 2026年10月15日 (or 号), 10月15日 (the configured year).
enum TextDate {
    static func parse(_ text: String, defaultYear: Int) -> LedgerDate? {
        let text = text.trimmingSuffix(" 00:00:00")
        if text.count == 8, let number = Int(text), text.allSatisfy(\.isASCII) {
            return LedgerDate(year: number / 10000, month: number / 100 % 100, day: number % 100)
        }
        for separator in ["-", "/", "."] as [Character] {
            let parts = text.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count == 3, parts[0].count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) }),
               let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
                return LedgerDate(year: year, month: month, day: day)
            }
        }
        var rest = Substring(text)
        var year = defaultYear
        if let yearMark = rest.firstIndex(of: "年") {
            guard let parsed = Int(rest[..<yearMark]), rest[..<yearMark].count == 4 else { return nil }
            year = parsed
            rest = rest[rest.index(after: yearMark)...]
        }
        guard let monthMark = rest.firstIndex(of: "月"), let month = Int(rest[..<monthMark]) else { return nil }
        rest = rest[rest.index(after: monthMark)...]
        guard let last = rest.last, last == "日" || last == "号", let day = Int(rest.dropLast()) else { return nil }
        return LedgerDate(year: year, month: month, day: day)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

/// Mainland phone numbers: mobile `1[3-9]` + 9 digits; landline `0` + 2–3 digit area code,
/// optional `-`, 7–8 digits, optional extension.
enum PhoneNumber {
    enum Result: Equatable {
        /// Already in canonical form.
        case valid(String)
        /// Understood after removing spaces, hyphens or a +86/0086 prefix.
        case normalised(String)
        case invalid
    }

    static func normalise(_ text: String) -> Result {
        // Most cells hold a mobile number as it should be: no need to take the text apart.
        if isMobile(text) { return .valid(text) }
        var candidate = text.filter { $0 != " " }
        var changed = candidate != text
        for prefix in ["+86", "0086", "(+86)", "（+86）"] where candidate.hasPrefix(prefix) {
            candidate = String(candidate.dropFirst(prefix.count)).trimmingPrefix("-")
            changed = true
            break
        }
        if let landline = landline(candidate) {
            return changed || landline != candidate ? .normalised(landline) : .valid(landline)
        }
        let digitsOnly = candidate.filter { $0 != "-" }
        if digitsOnly != candidate { changed = true }
        if isMobile(digitsOnly) { return changed ? .normalised(digitsOnly) : .valid(digitsOnly) }
        if let landline = landline(digitsOnly) { return .normalised(landline) }
        return .invalid
    }

    static func isMobile(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 11 else { return false }
        var index = bytes.startIndex
        guard bytes[index] == UInt8(ascii: "1") else { return false }
        index = bytes.index(after: index)
        return (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[index]) && bytes.allSatisfy { (48...57).contains($0) }
    }

    /// `0AAA-NNNNNNNN[-EXT]` when the text is a landline (with or without the first hyphen).
    static func landline(_ text: String) -> String? {
        guard text.utf8.first == UInt8(ascii: "0") else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        switch parts.count {
        case 1:
            // Without a hyphen the area code is ambiguous; accept 0 + 2–3 digits + 7–8 digits = 10–12 digits.
            let digits = String(parts[0])
            guard (10...12).contains(digits.count) else { return nil }
            let areaLength = digits.hasPrefix("01") || digits.hasPrefix("02") ? 3 : 4
            let number = digits.dropFirst(areaLength)
            guard (7...8).contains(number.count) else { return nil }
            return String(digits.prefix(areaLength)) + "-" + number
        case 2, 3:
            guard (3...4).contains(parts[0].count), (7...8).contains(parts[1].count) else { return nil }
            if parts.count == 3 && !(1...6).contains(parts[2].count) { return nil }
            return parts.joined(separator: "-")
        default:
            return nil
        }
    }
}

extension String {
    func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
