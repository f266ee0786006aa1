/// A small JSON writer: keys in the order given (the order `cli.md` documents), strings escaped.
package struct JSONText {
    private(set) var text = ""
    private var indent = 0

    /// An empty document.
    package init() {}

    /// A JSON string literal: `"`, `\` and control characters escaped, everything else as it
    /// is. Most strings need no escape: those are copied whole after one scan of their bytes.
    package static func string(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return "\"" + value + "\"" }
        var bytes: [UInt8] = [0x22]
        bytes.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON value for an optional string (`null` when nil).
    package static func optional(_ value: String?) -> String { value.map(string) ?? "null" }

    /// A JSON number: integers without a fraction, others in shortest round-trip form.
    package static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// An object from already-encoded members, one per line.
    package static func object(_ members: [(String, String)], indent: Int = 0) -> String {
        if members.isEmpty { return "{}" }
        let pad = String(repeating: "  ", count: indent + 1)
        let body = members.map { pad + string($0.0) + ": " + $0.1 }.joined(separator: ",\n")
        return "{\n" + body + "\n" + String(repeating: "  ", count: indent) + "}"
    }

    /// An array from already-encoded values, one per line.
    package static func array(_ values: [String], indent: Int = 0) -> String {
        if values.isEmpty { return "[]" }
        let pad = String(repeating: "  ", count: indent + 1)
        return "[\n" + values.map { pad + $0 }.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "]"
    }

    /// An object on one line.
    package static func compactObject(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }
}
