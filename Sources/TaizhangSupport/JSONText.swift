/// A small JSON writer: keys in the order given (the order `cli.md` documents), strings escaped.
package struct JSONText {
    private(set) var text = ""
    private var indent = 0

    /// An empty document.
    package init() {}

    /// A JSON string literal.
    package static func string(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
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
