/// A number read from a file, which is hostile until checked: parsed only within the range its
/// field allows, so that no count, id, index or size from a file reaches arithmetic or an
/// allocation unchecked. A value outside the range is nil, for the caller to refuse the part
/// (``XLSXError/invalidContent(part:message:)``) or to replace by a safe value in what it writes.
enum FileNumber {
    /// `xsd:unsignedInt`, the type of most counts and ids in SpreadsheetML: 0 to 4,294,967,295.
    static let unsignedInt = 0...Int(UInt32.max)

    /// The whole number `text` holds (blanks around it allowed) when it lies in `range`; nil for
    /// anything else (not a number, a fraction, too large for any integer, outside the range).
    static func integer(_ text: some StringProtocol, in range: ClosedRange<Int>) -> Int? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let end = trimmed.lastIndex { $0 != " " && $0 != "\t" && $0 != "\n" && $0 != "\r" }
        guard let end, let value = Int(trimmed[...end]), range.contains(value) else { return nil }
        return value
    }

    /// A new id among `taken` (ids the file uses, each within `range`): one more than the
    /// largest, as Office numbers new ones, or the smallest free one when that would leave the
    /// range (a file that claims the range's last id); nil when every id of the range is taken.
    static func next(after taken: some Collection<Int>, in range: ClosedRange<Int>) -> Int? {
        let largest = taken.max() ?? range.lowerBound - 1
        if largest < range.upperBound { return max(largest + 1, range.lowerBound) }
        let used = Set(taken)
        return range.first { !used.contains($0) }
    }
}
