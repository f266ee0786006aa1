/// Column widths fitted to content, in Excel's unit (the width of a digit of the default font).
///
/// East Asian wide characters (Chinese, Japanese, Korean, full-width forms) count as two.
///
/// ```swift
/// ColumnWidth.displayWidth(of: "镇名称")            // 6
/// ColumnWidth.fitting(["姓名", "欧阳修远"])          // 10.0: 8 for the longest, plus padding
/// ```
public enum ColumnWidth {
    /// The room added to the widest text so that it does not touch the grid line.
    public static let padding = 2.0
    /// The default smallest fitted width (Excel's default column is 8.43).
    public static let defaultMinimum = 8.43
    /// The default largest fitted width, so that one long cell does not make a column huge.
    public static let defaultMaximum = 80.0

    /// The width of text in digit widths: 2 for an East Asian wide character, 1 for any other;
    /// for text of several lines, the widest line.
    public static func displayWidth(of text: String) -> Int {
        var widest = 0
        var current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                widest = max(widest, current)
                current = 0
            } else {
                current += isWide(scalar) ? 2 : 1
            }
        }
        return max(widest, current)
    }

    /// The width that fits the widest of the texts, padded and kept within the bounds.
    public static func fitting(_ texts: [String], minimum: Double = defaultMinimum,
                               maximum: Double = defaultMaximum) -> Double {
        let widest = texts.map(displayWidth(of:)).max() ?? 0
        return fitted(displayWidth: widest, minimum: minimum, maximum: maximum)
    }

    /// The padded width of a display width, kept within the bounds (and Excel's 255).
    static func fitted(displayWidth: Int, minimum: Double, maximum: Double) -> Double {
        let upper = min(maximum, ExcelLimits.columnWidth)
        return min(max(Double(displayWidth) + padding, minimum), upper)
    }

    /// The lines `text` takes when wrapped in a column `width` characters wide, as Excel and
    /// WPS break it: an East Asian character (two wide) may end a line anywhere, a run of other
    /// characters (each counted a sixth wider than a digit) only at a space, unless the run
    /// alone is wider than the line; a line break starts a new line. At least one.
    ///
    /// ```swift
    /// ColumnWidth.wrappedLines("团组织名称", width: 10.5)       // 1
    /// ColumnWidth.wrappedLines("日期“2026/9/20”是文本", width: 12)  // 2: the date is not split
    /// ```
    public static func wrappedLines(_ text: String, width: Double) -> Int {
        let usable = max(1, width - 0.5)
        let latinWidth = 7.0 / 6
        var total = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var lines = 1
            var used = 0.0
            var word = 0.0
            func place(_ item: Double) {
                if used + item > usable && used > 0 {
                    lines += 1
                    used = 0
                }
                used += item
                while used > usable {
                    lines += 1
                    used -= usable
                }
            }
            for scalar in line.unicodeScalars {
                if isWide(scalar) {
                    if word > 0 { place(word); word = 0 }
                    place(2)
                } else if scalar == " " {
                    if word > 0 { place(word); word = 0 }
                    if used > 0 { used += latinWidth }
                } else {
                    word += latinWidth
                }
            }
            if word > 0 { place(word) }
            total += lines
        }
        return max(total, 1)
    }

    /// Whether a character takes two columns (Unicode East Asian Width W or F).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x1100 { return false }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
