/// The letters of every column (`A` … `XFD`), computed once, for the hot path of cells.
enum ColumnLetters {
    /// Per column: up to three letters in the low bytes, first letter lowest, and the count in the top byte.
    private static let table: [UInt32] = (0...ExcelLimits.columnCount).map { column in
        var letters: [UInt8] = []
        var remaining = column
        while remaining > 0 {
            letters.insert(UInt8(65 + (remaining - 1) % 26), at: 0)
            remaining = (remaining - 1) / 26
        }
        var packed = UInt32(letters.count) << 24
        for (index, letter) in letters.enumerated() { packed |= UInt32(letter) << (8 * UInt32(index)) }
        return packed
    }

    /// Appends the letters of a 1-based column (within Excel's limit).
    @inline(__always)
    static func append(_ column: Int, to writer: XMLWriter) {
        let packed = table[column]
        let count = Int(packed >> 24)
        writer.reserve(3)
        writer.append(UInt8(truncatingIfNeeded: packed))
        if count > 1 { writer.append(UInt8(truncatingIfNeeded: packed >> 8)) }
        if count > 2 { writer.append(UInt8(truncatingIfNeeded: packed >> 16)) }
    }
}
