/// What a CSV field becomes in a workbook: the rules of `taizhang convert`.
///
/// In the rows after the header (which is text):
/// - an empty field is no cell;
/// - an integer or a decimal (`-?digits(.digits)?`) is a number, except digit strings nobody
///   does arithmetic on, which stay text: a leading zero (`0791`, but `0` and `0.5` are numbers)
///   or 11 digits or more without a point (phones, ID numbers);
/// - `YYYY-MM-DD` (a valid date from 1900 on) is a date, shown with the writer's date format;
/// - `TRUE`/`true` and `FALSE`/`false` are booleans;
/// - everything else is text (invalid UTF-8 repaired with U+FFFD).
public enum CSVTyping {
    /// The value of a data field; nil for an empty field (no cell).
    public static func value(of field: String) -> WritableValue? {
        var copy = field
        return copy.withUTF8 { bytes -> WritableValue? in
            switch classify(bytes) {
            case .empty: return nil
            case .number(let number): return .number(number)
            case .numberText: return .number(parseNumber(bytes))
            case .date(let date): return .date(date)
            case .boolean(let value): return .boolean(value)
            case .text: return .string(field)
            }
        }
    }

    /// A field's kind, from its bytes.
    enum Kind: Equatable {
        case empty
        /// A number whose text is not the one ``NumberText`` writes for it (`1.50`, `-0`).
        case number(Double)
        /// A number whose text is exactly what ``NumberText`` writes for it (`42`, `-3.25`):
        /// the text can be copied into the sheet as it is.
        case numberText
        case date(LocalDateTime)
        case boolean(Bool)
        case text
    }

    /// The kind of a field given as bytes.
    @inline(__always)
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>) -> Kind {
        let count = bytes.count
        if count == 0 { return .empty }
        let first = bytes[0]
        if first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
            if let kind = number(bytes) { return kind }
            if count == 10, let date = date(bytes) { return .date(date) }
            return .text
        }
        if count == 10, let date = date(bytes) { return .date(date) }
        switch count {
        case 4:
            if bytes[0] == UInt8(ascii: "T") && bytes[1] == UInt8(ascii: "R") && bytes[2] == UInt8(ascii: "U") && bytes[3] == UInt8(ascii: "E") { return .boolean(true) }
            if bytes[0] == UInt8(ascii: "t") && bytes[1] == UInt8(ascii: "r") && bytes[2] == UInt8(ascii: "u") && bytes[3] == UInt8(ascii: "e") { return .boolean(true) }
        case 5:
            if bytes[0] == UInt8(ascii: "F") && bytes[1] == UInt8(ascii: "A") && bytes[2] == UInt8(ascii: "L") && bytes[3] == UInt8(ascii: "S") && bytes[4] == UInt8(ascii: "E") { return .boolean(false) }
            if bytes[0] == UInt8(ascii: "f") && bytes[1] == UInt8(ascii: "a") && bytes[2] == UInt8(ascii: "l") && bytes[3] == UInt8(ascii: "s") && bytes[4] == UInt8(ascii: "e") { return .boolean(false) }
        default: break
        }
        return .text
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// A number when the text is an integer or a decimal meant for arithmetic; nil otherwise.
    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Kind? {
        let count = bytes.count
        let negative = bytes[0] == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        let digitsStart = index
        while index < count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - digitsStart
        guard integerDigits > 0 else { return nil }
        var fractionDigits = 0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = index - fractionStart
            guard fractionDigits > 0 else { return nil }
        }
        guard index == count else { return nil }
        // Digit strings nobody adds up stay text: 0791, phones, ID numbers.
        let leadingZero = bytes[digitsStart] == UInt8(ascii: "0")
        if integerDigits > 1 && leadingZero { return nil }
        if fractionDigits == 0 {
            if integerDigits >= 11 { return nil }
            // Up to 10 digits: written back digit for digit, except -0 (written 0).
            if negative && leadingZero { return .number(-0.0) }
            return .numberText
        }
        // A decimal is written back as it is when it has at most 15 significant digits (so the
        // double keeps them all), no trailing zero, at most 8 decimals and is at least 0.0001:
        // what NumberText's short-decimal path writes for it.
        if fractionDigits <= 8 && bytes[count - 1] != UInt8(ascii: "0") {
            var significant = fractionDigits
            var leadingFractionZeros = 0
            if leadingZero {
                let fractionStart = digitsStart + 2
                while bytes[fractionStart + leadingFractionZeros] == UInt8(ascii: "0") { leadingFractionZeros += 1 }
                significant -= leadingFractionZeros
            } else {
                significant += integerDigits
            }
            if significant <= 15 && (!leadingZero || leadingFractionZeros <= 3) { return .numberText }
        }
        return .number(parseNumber(bytes))
    }

    /// Powers of ten that doubles hold exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// The double nearest to a number's text (`-?digits(.digits)?`), as `strtod` rounds it:
    /// directly when the digits fit in 2^53 and the decimals are few enough for one exact
    /// division (which is then correctly rounded), by `Double(String)` otherwise.
    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        let negative = bytes.first == UInt8(ascii: "-")
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes[(negative ? 1 : 0)...] {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
            if seenPoint { fractionDigits += 1 }
        }
        if digits <= 15 && fractionDigits <= 22 {
            let magnitude = Double(mantissa) / exactPowersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        return Double(String(decoding: bytes, as: UTF8.self)) ?? .nan
    }

    /// `YYYY-MM-DD` (digits only) as a valid date from 1900 on, or nil.
    private static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> LocalDateTime? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 7), let day = digits(bytes, 8, 10),
              year >= 1900, LocalDateTime.isValidDate(year: year, month: month, day: day) else { return nil }
        return LocalDateTime(year: year, month: month, day: day)
    }

    /// The number the ASCII digits `start..<end` spell; nil if any byte is not a digit.
    @inline(__always)
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var value = 0
        for index in start..<end {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        }
        return value
    }
}

/// UTF-8 validation as Swift's `String(decoding:as:)` judges it: no overlong forms, no
/// surrogates, nothing above U+10FFFF, no truncated sequences.
enum UTF8Validation {
    @inline(__always)
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        // ASCII eight bytes at a time.
        while index + 8 <= count {
            if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= lower && second <= upper else { return false }
            var continuation = 2
            while continuation < length {
                guard base[index + continuation] & 0xC0 == 0x80 else { return false }
                continuation += 1
            }
            index += length
        }
        return true
    }
}
