/// Decoding and encoding of ECMA-376 `ST_Xstring` escapes: `_xHHHH_` stands for the UTF-16
/// code unit HHHH (control characters cannot appear in XML), and `_x005F_` escapes a literal
/// underscore that would otherwise start one.
public enum TextEscapes {
    /// Decodes `_xHHHH_` escapes left to right without overlap (lower-case `x`, any-case hex),
    /// recombining surrogate pairs; an unpaired surrogate becomes U+FFFD.
    public static func decode(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { decodedString($0) }
    }

    /// Decodes escapes in UTF-8 bytes and makes the string.
    static func decodedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        hasEscape(bytes) ? decode(bytes) : String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func hasEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 7 else { return false }
        var index = 0
        let last = bytes.count - 7
        while index <= last {
            if bytes[index] == UInt8(ascii: "_") && bytes[index + 1] == UInt8(ascii: "x") { return true }
            index += 1
        }
        return false
    }

    private static func hexValue(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt16(byte - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt16(byte - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt16(byte - 55)
        default: return nil
        }
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count)
        var pendingUTF8: [UInt8] = []
        func flushUTF8() {
            if pendingUTF8.isEmpty { return }
            units.append(contentsOf: String(decoding: pendingUTF8, as: UTF8.self).utf16)
            pendingUTF8.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"),
               let a = hexValue(bytes[index + 2]), let b = hexValue(bytes[index + 3]),
               let c = hexValue(bytes[index + 4]), let d = hexValue(bytes[index + 5]) {
                flushUTF8()
                units.append(a << 12 | b << 8 | c << 4 | d)
                index += 7
            } else {
                pendingUTF8.append(bytes[index])
                index += 1
            }
        }
        flushUTF8()
        return String(decoding: units, as: UTF16.self)
    }

    /// Encodes text for an `ST_Xstring`: control characters other than tab, line feed and
    /// carriage return become `_xHHHH_`, and a literal `_xHHHH_` gets its underscore escaped
    /// as `_x005F_` so that it reads back unchanged.
    public static func encode(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "_") || $0 == 0xEF }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            if (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || value == 0xFFFE || value == 0xFFFF {
                result += "_x" + hex4(value) + "_"
            } else if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
                      scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }) {
                result += "_x005F_"
            } else {
                result.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return result
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 12 & 0xF)], digits[Int(value >> 8 & 0xF)],
                       digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
    }
}
