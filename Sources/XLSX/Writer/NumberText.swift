/// The text of a number in `<v>`: the shortest that reads back as the same `Double`.
///
/// Integers below 10^16 are written as integers (`13800138000`, not `13800138000.0`); numbers
/// with up to eight decimals take a fast path that writes them as a decimal (`88.5`, `1234.01`);
/// any other number uses Swift's shortest round-trip rendering (`0.30000000000000004`, `1e-07`,
/// `1e+16`). Excel, LibreOffice and every reader parse all of them exactly.
enum NumberText {
    /// Below this magnitude an integral value is written with digits only.
    private static let integerLimit = 1e16
    /// Scaled values must stay below 2^53, where every integer is exact.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0
    /// Powers of ten for the decimal fast path (10^1 … 10^8).
    private static let scales: [(power: Double, integer: Int)] = (1...8).map { digits in
        var value = 1
        for _ in 0..<digits { value *= 10 }
        return (Double(value), value)
    }

    /// Appends the text of a finite number.
    @inline(__always)
    static func append(_ value: Double, to writer: XMLWriter) {
        if value.magnitude < integerLimit, value == value.rounded(.towardZero) {
            writer.appendDecimal(Int(value))
        } else if !appendShortDecimal(value, to: writer) {
            writer.append(value.description)
        }
    }

    /// The text of a finite number.
    static func text(_ value: Double) -> String {
        let writer = XMLWriter(capacity: 32)
        append(value, to: writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Writes `value` as `integer.fraction` with the fewest decimals (1 to 8) that read back
    /// exactly; false when none do. `N / 10^k == value` with `N` and `10^k` exact means the
    /// decimal `N·10^-k` rounds to `value`, since both divisions round correctly.
    @inline(__always)
    private static func appendShortDecimal(_ value: Double, to writer: XMLWriter) -> Bool {
        guard value.magnitude >= 1e-4, value.magnitude < 1e15 else { return false }
        for (digits, scale) in scales.enumerated() {
            let scaled = (value * scale.power).rounded()
            guard scaled.magnitude < exactIntegerLimit else { return false }
            guard scaled / scale.power == value else { continue }
            let integer = Int(scaled)
            let magnitude = integer.magnitude
            if integer < 0 { writer.append(UInt8(ascii: "-")) }
            writer.appendDecimal(Int(magnitude / UInt(scale.integer)))
            writer.append(UInt8(ascii: "."))
            var fraction = Int(magnitude % UInt(scale.integer))
            var divisor = scale.integer / 10
            for _ in 0...digits {
                writer.append(UInt8(truncatingIfNeeded: fraction / divisor) &+ 48)
                fraction %= divisor
                divisor /= 10
            }
            return true
        }
        return false
    }
}
