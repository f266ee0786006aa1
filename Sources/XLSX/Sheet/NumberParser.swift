#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the text of a numeric cell (`<v>`) into a double: exactly (correctly rounded) for
/// every decimal, with a fast path for the common short ones. Accepts what SpreadsheetML's
/// `xsd:double` allows in practice: sign, digits, a point, an exponent; surrounding blanks.
enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Significant digits a double always reproduces through its shortest round-trip text.
    static let exactDigits = 15

    /// The number, or nil when the text is not a finite decimal number.
    static func parse(_ input: UnsafeBufferPointer<UInt8>) -> Double? {
        var significantDigits = 0
        return parse(input, significantDigits: &significantDigits)
    }

    /// The number and how many significant digits its text has (more than ``exactDigits``
    /// means the text may name a decimal the double does not).
    static func parse(_ input: UnsafeBufferPointer<UInt8>, significantDigits: inout Int) -> Double? {
        var start = 0
        var end = input.count
        while start < end, isBlank(input[start]) { start += 1 }
        while end > start, isBlank(input[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var index = start
        var negative = false
        if input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") {
            negative = input[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        significantDigits = 0
        var decimalExponent = 0
        var sawDigit = false
        while index < end, let digit = digitValue(input[index]) {
            sawDigit = true
            if significantDigits < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa * 10 + UInt64(digit)
                    significantDigits += 1
                }
            } else {
                decimalExponent += 1
                significantDigits += 1
            }
            index += 1
        }
        if index < end, input[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, let digit = digitValue(input[index]) {
                sawDigit = true
                if significantDigits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa * 10 + UInt64(digit)
                        significantDigits += 1
                    }
                    decimalExponent -= 1
                } else {
                    significantDigits += 1
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") {
                exponentNegative = input[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var sawExponentDigit = false
            while index < end, let digit = digitValue(input[index]) {
                sawExponentDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + digit }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        guard index == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        // Fast path: the mantissa and the power of ten are both exact doubles, so one
        // multiplication or division rounds correctly.
        if significantDigits <= 19, mantissa < (1 << 53), abs(decimalExponent) <= 22 {
            let value = Double(mantissa)
            let result = decimalExponent >= 0 ? value * powersOfTen[decimalExponent] : value / powersOfTen[-decimalExponent]
            return negative ? -result : result
        }
        return slowParse(UnsafeBufferPointer(rebasing: input[start..<end]))
    }

    private static func slowParse(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var terminated = Array(text)
        terminated.append(0)
        let value = terminated.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { strtod($0, nil) }
        }
        return value.isFinite ? value : nil
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= 48 && byte <= 57 ? Int(byte - 48) : nil
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }
}
