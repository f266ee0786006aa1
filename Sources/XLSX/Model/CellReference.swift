/// A cell's position on a worksheet: a 1-based row and a 1-based column, as in `B7`.
///
/// ```swift
/// let ref = CellReference("B7")!   // row 7, column 2
/// ref.description                  // "B7"
/// ```
public struct CellReference: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Excel's last row, 1,048,576.
    public static let maximumRow = 1_048_576
    /// Excel's last column, 16,384 (`XFD`).
    public static let maximumColumn = 16_384

    /// The 1-based row number.
    public var row: Int
    /// The 1-based column number (A = 1).
    public var column: Int

    /// A reference from 1-based row and column numbers. No range check: see ``isWithinExcelLimits``.
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses an A1-style reference (`"B7"`, `"$B$7"`, lower-case letters accepted).
    /// Returns nil for anything else, or for a reference beyond `XFD1048576`.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count <= 12 else { return nil }
        var parsed: CellReference?
        var copy = String(text)
        copy.withUTF8 { parsed = CellReference.parse($0) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses an A1 reference from UTF-8 bytes; nil when malformed or beyond Excel's limits.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CellReference? {
        var index = 0
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        var column = 0
        let lettersStart = index
        while index < count {
            var byte = bytes[index]
            if byte >= 97 && byte <= 122 { byte -= 32 }
            guard byte >= 65 && byte <= 90 else { break }
            column = column * 26 + Int(byte - 64)
            if column > maximumColumn { return nil }
            index += 1
        }
        guard index > lettersStart, index - lettersStart <= 3 else { return nil }
        if index < count, bytes[index] == UInt8(ascii: "$") { index += 1 }
        var row = 0
        let digitsStart = index
        while index < count {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            row = row * 10 + Int(byte - 48)
            if row > maximumRow { return nil }
            index += 1
        }
        guard index > digitsStart, row >= 1 else { return nil }
        return CellReference(row: row, column: column)
    }

    /// True when the reference lies within `A1:XFD1048576`.
    public var isWithinExcelLimits: Bool {
        row >= 1 && row <= Self.maximumRow && column >= 1 && column <= Self.maximumColumn
    }

    /// The column's letters, e.g. `"AB"` for column 28.
    public static func columnLetters(_ column: Int) -> String {
        var letters: [UInt8] = []
        var remaining = column
        while remaining > 0 {
            let digit = (remaining - 1) % 26
            letters.append(UInt8(65 + digit))
            remaining = (remaining - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The column number of column letters (`"AB"` → 28); nil when not letters or beyond `XFD`.
    public static func columnNumber(_ letters: some StringProtocol) -> Int? {
        var column = 0
        for scalar in letters.unicodeScalars {
            let value = scalar.value
            let upper = (value >= 97 && value <= 122) ? value - 32 : value
            guard upper >= 65 && upper <= 90 else { return nil }
            column = column * 26 + Int(upper - 64)
            if column > maximumColumn { return nil }
        }
        return column > 0 ? column : nil
    }

    /// The A1 text, e.g. `"B7"`.
    public var description: String { Self.columnLetters(column) + String(row) }

    /// Orders by row, then column (the order of a worksheet's XML).
    public static func < (lhs: CellReference, rhs: CellReference) -> Bool {
        (lhs.row, lhs.column) < (rhs.row, rhs.column)
    }
}

/// A rectangular block of cells such as `A1:C3` (a single cell is a range too).
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    /// The top-left cell.
    public var first: CellReference
    /// The bottom-right cell.
    public var last: CellReference

    /// A range from its corners; the corners are put in order.
    public init(_ first: CellReference, _ last: CellReference) {
        self.first = CellReference(row: min(first.row, last.row), column: min(first.column, last.column))
        self.last = CellReference(row: max(first.row, last.row), column: max(first.column, last.column))
    }

    /// Parses `"A1:C3"` or `"B2"` (with or without `$`); nil when malformed.
    public init?(_ text: some StringProtocol) {
        // "$XFD$1048576:$XFD$1048576" is the longest range there is; longer text is not one.
        guard text.utf8.count <= 25 else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
              let first = CellReference(parts[0]),
              let last = CellReference(parts[parts.count - 1]) else { return nil }
        self.init(first, last)
    }

    /// Whether the range contains the cell.
    public func contains(_ reference: CellReference) -> Bool {
        (first.row...last.row).contains(reference.row) && (first.column...last.column).contains(reference.column)
    }

    /// `"A1:C3"`, or `"B2"` for a single cell.
    public var description: String {
        first == last ? first.description : "\(first):\(last)"
    }
}
