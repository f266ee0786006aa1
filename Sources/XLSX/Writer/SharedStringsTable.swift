/// The shared-strings table (`xl/sharedStrings.xml`): each distinct string once, cells refer to
/// it by index. Memory grows with the distinct strings only.
final class SharedStringsTable {
    private var strings = IndexedSet<String>()
    /// How many cells refer to the table (the `count` attribute).
    private(set) var referenceCount = 0

    /// Whether no string was added.
    var isEmpty: Bool { strings.count == 0 }

    /// The index of a string, adding it when new; counts one reference.
    @inline(__always)
    func index(of string: String) -> Int {
        referenceCount += 1
        return strings.insert(string)
    }

    /// The `sharedStrings.xml` part.
    func xml(preservingEdgeWhitespace: Bool) -> [UInt8] {
        let xml = XMLWriter(capacity: 64 + strings.count * 24)
        xml.declaration()
        xml.start("sst", [("xmlns", Namespace.spreadsheetML), ("count", String(referenceCount)),
                          ("uniqueCount", String(strings.count))])
        for string in strings.elements {
            xml.append("<si>")
            xml.appendTextElement(string, preservingEdgeWhitespace: preservingEdgeWhitespace)
            xml.append("</si>")
        }
        xml.end("sst")
        return xml.array
    }
}

extension XMLWriter {
    /// Appends `<t>` holding cell text: `_xHHHH_`-encoded (``TextEscapes/encode(_:)``) and
    /// XML-escaped, marked `xml:space="preserve"` when asked and the text begins or ends with
    /// white space.
    @inline(__always)
    func appendTextElement(_ text: String, preservingEdgeWhitespace: Bool) {
        if preservingEdgeWhitespace, Self.hasEdgeWhitespace(text) {
            append("<t xml:space=\"preserve\">")
        } else {
            append("<t>")
        }
        appendEscapedText(TextEscapes.encode(text))
        append("</t>")
    }

    private static func hasEdgeWhitespace(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        return isWhitespace(first) || isWhitespace(last)
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
