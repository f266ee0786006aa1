/// A cell's number format: its id and code, and what it makes of a number.
public struct NumberFormat: Hashable, Sendable {
    /// The number format id (`numFmtId`); below 164 are Excel's built-in ones.
    public var id: Int
    /// The format code (`yyyy-mm-dd`, `0.00`, …); for built-in ids, the code Excel uses in zh-CN.
    public var code: String
    /// What the format shows a number as: nil for a plain number, else a kind of date.
    public var dateKind: ExcelDate.Kind?
    /// Whether the format is text (`@`): what a number typed into it means to the user.
    public var isText: Bool { code == "@" }

    /// A format from its id and code, classified: by Excel's table when the code is the built-in
    /// one of the id, by the code's tokens otherwise (a file may redefine a built-in id).
    public init(id: Int, code: String) {
        self.id = id
        self.code = code
        self.dateKind = code == NumberFormat.builtInCode(id)
            ? NumberFormat.classify(builtInID: id, code: code) : NumberFormat.classify(code: code)
    }

    /// The General format.
    public static let general = NumberFormat(id: 0, code: "General")

    /// The code of a built-in format id as Excel shows it in a zh-CN installation (WPS and
    /// Chinese Excel write dates with ids 27–36 and 50–58 and no code).
    public static func builtInCode(_ id: Int) -> String? { builtInCodes[id] }

    private static let builtInCodes: [Int: String] = [
        0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
        12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
        18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
        27: "yyyy\"年\"m\"月\"", 28: "m\"月\"d\"日\"", 29: "m\"月\"d\"日\"", 30: "m-d-yy",
        31: "yyyy\"年\"m\"月\"d\"日\"", 32: "h\"时\"mm\"分\"", 33: "h\"时\"mm\"分\"ss\"秒\"",
        34: "上午/下午h\"时\"mm\"分\"", 35: "上午/下午h\"时\"mm\"分\"ss\"秒\"", 36: "yyyy\"年\"m\"月\"",
        37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
        45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
        50: "yyyy\"年\"m\"月\"", 51: "m\"月\"d\"日\"", 52: "yyyy\"年\"m\"月\"", 53: "m\"月\"d\"日\"",
        54: "m\"月\"d\"日\"", 55: "上午/下午h\"时\"mm\"分\"", 56: "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        57: "yyyy\"年\"m\"月\"", 58: "m\"月\"d\"日\"",
    ]

    /// The number formats of a workbook's cell formats from their format ids and the workbook's
    /// own codes (which may redefine a built-in id); ids without a code take Excel's built-in one.
    /// Shared by the XLSX reader (`<numFmts>`, `<cellXfs>`) and the .xls reader (FORMAT, XF).
    static func resolve(ids: [Int], customCodes: [Int: String]) -> [NumberFormat] {
        var cache: [Int: NumberFormat] = [:]
        return ids.map { id in
            if let known = cache[id] { return known }
            let format = NumberFormat(id: id, code: customCodes[id] ?? NumberFormat.builtInCode(id) ?? "General")
            cache[id] = format
            return format
        }
    }

    /// Classifies a built-in format by Excel's table (the East-Asian ids included).
    static func classify(builtInID id: Int, code: String) -> ExcelDate.Kind? {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: return .date
        case 18...21, 32...35, 45, 47, 55, 56: return .time
        case 22: return .dateTime
        case 46: return .duration
        default: return classify(code: code)
        }
    }

    /// Classifies a custom format code by its date and time tokens outside quotes, escapes and
    /// brackets (`[Red]`, `[$-804]`, `[DBNum1]`, conditions); `[h]`, `[mm]`, `[ss]` mean elapsed time.
    /// Only the first section counts (the one for positive numbers).
    static func classify(code: String) -> ExcelDate.Kind? {
        var hasDate = false
        var hasTime = false
        var elapsed = false
        var previousLetter: UInt8 = 0   // the last date/time letter seen, lower-cased
        var pendingMonthOrMinute = false
        let bytes = Array(code.utf8)
        var index = 0
        func resolvePendingAsMonth() {
            if pendingMonthOrMinute { hasDate = true; pendingMonthOrMinute = false }
        }
        scan: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") { index += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                index += 1
            case UInt8(ascii: "["):
                var end = index + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: "]") { end += 1 }
                let inner = bytes[(index + 1)..<min(end, bytes.count)].map { $0 | 0x20 }
                if !inner.isEmpty, inner.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") }) {
                    elapsed = true
                    hasTime = true
                    previousLetter = inner[0]
                }
                index = end
            case UInt8(ascii: ";"):
                break scan
            default:
                let lower = byte | 0x20
                switch lower {
                case UInt8(ascii: "y"), UInt8(ascii: "d"):
                    resolvePendingAsMonth()
                    hasDate = true
                    previousLetter = lower
                case UInt8(ascii: "h"):
                    resolvePendingAsMonth()
                    hasTime = true
                    previousLetter = lower
                case UInt8(ascii: "s"):
                    // "m" just before "s" is minutes.
                    if pendingMonthOrMinute { pendingMonthOrMinute = false }
                    hasTime = true
                    previousLetter = lower
                case UInt8(ascii: "m"):
                    while index + 1 < bytes.count && (bytes[index + 1] | 0x20) == UInt8(ascii: "m") { index += 1 }
                    if previousLetter == UInt8(ascii: "h") {
                        hasTime = true
                    } else {
                        resolvePendingAsMonth()
                        pendingMonthOrMinute = true
                    }
                    previousLetter = lower
                case UInt8(ascii: "a"):
                    // AM/PM or A/P marks a time.
                    let rest = bytes[index...].prefix(5).map { $0 | 0x20 }
                    if rest.starts(with: Array("am/pm".utf8)) || rest.starts(with: Array("a/p".utf8)) {
                        hasTime = true
                        index += rest.starts(with: Array("am/pm".utf8)) ? 4 : 2
                    }
                case UInt8(ascii: "e") where byte == UInt8(ascii: "e"):
                    // A lone lower-case e is a year in some locales; "E+" is scientific notation.
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "+") || bytes[index + 1] == UInt8(ascii: "-") {
                        break
                    }
                    if code.lowercased() != "general" && !code.lowercased().contains("general") {
                        hasDate = true
                    }
                default: break
                }
            }
            index += 1
        }
        resolvePendingAsMonth()
        if code.contains("上午/下午") { hasTime = true }
        if elapsed { return .duration }
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return nil
        }
    }
}
