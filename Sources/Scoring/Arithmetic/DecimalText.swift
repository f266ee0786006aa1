import Foundation

extension Decimal {
    /// Rounded half away from zero to `places` decimals (Excel's `ROUND`; half-up for the positive
    /// numbers scores are).
    func rounded(places: Int, mode: NSDecimalNumber.RoundingMode = .plain) -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, places, mode)
        return result
    }

    /// Clipped to `range`.
    func clipped(to range: ClosedRange<Decimal>) -> Decimal {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }

    /// The double nearest this decimal (through its text: `NSDecimalNumber.doubleValue` can be one ulp off).
    var nearestDouble: Double { Double(description) ?? NSDecimalNumber(decimal: self).doubleValue }

    /// The smallest whole number not below this one.
    var ceiling: Decimal { rounded(places: 0, mode: .up) }
}

/// Decimal numbers read from and written as text, without binary floating point in between.
enum DecimalText {
    /// Parses `12`, `-0.5`, `.5`; with `percent`, also `20%` (0.2). Nil for anything else (`12abc`, `1e3`).
    static func parse(_ text: String, percent: Bool = false) -> Decimal? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        var divisor: Decimal = 1
        if percent, digits.hasSuffix("%") {
            digits.removeLast()
            divisor = 100
        }
        var body = Substring(digits)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.contains(where: { !$0.isEmpty }), let value = Decimal(string: digits) else { return nil }
        return value / divisor
    }

    /// The shortest plain text of `value` with at least `minimumFractionDigits` decimals (`88` → `88.0`).
    static func text(_ value: Decimal, minimumFractionDigits: Int = 0) -> String {
        var text = value.description
        let fractionDigits = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        guard fractionDigits < minimumFractionDigits else { return text }
        if fractionDigits == 0 { text += "." }
        return text + String(repeating: "0", count: minimumFractionDigits - fractionDigits)
    }

    /// Exactly `places` decimals, rounded half-up (`93.5` → `93.50`).
    static func fixed(_ value: Decimal, places: Int) -> String {
        text(value.rounded(places: places), minimumFractionDigits: places)
    }
}

extension Character {
    /// `0`…`9` only (not other scripts' digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
