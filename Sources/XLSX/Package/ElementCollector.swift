import CLibxml2

/// A parsed start tag of a small part: its local name, namespace, depth, attributes and,
/// when asked for, its text.
struct CollectedElement {
    var localName: String
    var namespace: String?
    var depth: Int
    var attributes: [String: String]
    /// The `r:id`-style attribute in the relationships namespace, whatever its prefix.
    var relationshipID: String?
    var text = ""
}

/// Collects every element of a small part (relationships, content types, workbook) into a
/// flat list. Large parts (sheets, shared strings) have dedicated streaming handlers.
final class ElementCollector: SAXHandler {
    private(set) var elements: [CollectedElement] = []
    private var openIndexes: [Int] = []
    private let textOf: Set<String>

    /// `textOf`: local names whose text content is kept.
    init(keepingTextOf textOf: Set<String> = []) {
        self.textOf = textOf
    }

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        var dictionary: [String: String] = [:]
        for (name, value) in attributes.all() where dictionary[name] == nil { dictionary[name] = value }
        elements.append(CollectedElement(localName: String(cString: localName),
                                         namespace: namespace.map { String(cString: $0) },
                                         depth: openIndexes.count, attributes: dictionary,
                                         relationshipID: attributes.relationshipID()))
        openIndexes.append(elements.count - 1)
    }

    override func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        openIndexes.removeLast()
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let open = openIndexes.last, textOf.contains(elements[open].localName) else { return }
        elements[open].text += String(decoding: bytes, as: UTF8.self)
    }

    /// Parses a whole part held in memory.
    static func parse(_ bytes: [UInt8], part: String, keepingTextOf textOf: Set<String> = []) throws -> [CollectedElement] {
        let collector = ElementCollector(keepingTextOf: textOf)
        let parser = SAXPushParser(handler: collector, partName: part)
        try bytes.withUnsafeBytes { try parser.feed($0, isLast: true) }
        return collector.elements
    }
}
