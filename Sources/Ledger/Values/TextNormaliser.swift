/// The text folding of `ledger.md`: trim, fold full-width ASCII and the ideographic space to
/// half-width, collapse inner runs of white space to one space.
public enum TextNormaliser {
    /// The normalised text.
    public static func normalise(_ text: String) -> String {
        // Most cells are already normal: give them back without building a new string.
        if isNormal(text) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let folded = fold(scalar)
            if isSpace(folded) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(folded)
        }
        return String(result)
    }

    /// Whether ``normalise(_:)`` would return the text unchanged: nothing to fold, no spaces
    /// but single ASCII spaces between other characters.
    private static func isNormal(_ text: String) -> Bool {
        // In UTF-8 every character folded or taken as a space other than ASCII's begins with one
        // of C2 (U+00A0), E2 (U+2000–U+205F), E3 (U+3000) or EF (U+FEFF, U+FF01–U+FF5E): text
        // without those bytes is read byte by byte.
        var afterSpace = true
        for byte in text.utf8 {
            switch byte {
            case 0xC2, 0xE2, 0xE3, 0xEF: return isNormalScalars(text)
            case 0x09...0x0D: return false
            case 0x20:
                if afterSpace { return false }
                afterSpace = true
            default:
                // A continuation byte (0x80–0xBF) continues the character before it.
                if byte < 0x80 || byte >= 0xC0 { afterSpace = false }
            }
        }
        return !afterSpace || text.isEmpty
    }

    private static func isNormalScalars(_ text: String) -> Bool {
        var afterSpace = true
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if scalar != " " || afterSpace { return false }
                afterSpace = true
            } else {
                if fold(scalar) != scalar { return false }
                afterSpace = false
            }
        }
        return !afterSpace || text.isEmpty
    }

    /// A full-width ASCII form (U+FF01–U+FF5E) as its ASCII character; U+3000 as a space.
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)!
        case 0x3000: return " "
        default: return scalar
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// A header label in comparable form: normalised, spaces, line breaks and required-marks
    /// (`*`, `※`) removed, full-width brackets folded.
    public static func headerKey(_ text: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in normalise(text).unicodeScalars {
            switch scalar {
            case " ", "*", "※": continue
            case "（": key.append("(")
            case "）": key.append(")")
            default: key.append(scalar)
            }
        }
        return String(key)
    }

    /// Length in characters as a user counts them (extended grapheme clusters).
    public static func length(_ text: String) -> Int { text.count }

    /// True for a CJK ideograph.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }
}
