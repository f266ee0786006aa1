import CLibxml2

/// Strings the patch adds to the shared-strings table (`sharedStrings.xml`). A text the table
/// holds already as plain text is reused, so that a report written again over a patched copy
/// adds nothing; new ones are appended after the existing items, whose indexes stay.
final class SharedStringsPatch {
    private var indexes: [String: Int] = [:]
    private var added: [String] = []
    private let existingCount: Int
    /// References the new cells add to the table's `count`.
    private var addedReferences = 0

    /// Reads the existing table (nil: the workbook has none yet).
    init(zip: ZipArchive, entry: ZipArchive.Entry?, limits: ReadLimits) throws {
        guard let entry else {
            existingCount = 0
            return
        }
        let reader = SharedStringsPart(limits: limits, partName: entry.name)
        let parser = SAXPushParser(handler: reader, partName: entry.name)
        try zip.stream(entry) { chunk, isLast in try parser.feed(chunk, isLast: isLast) }
        existingCount = reader.strings.count
        for (index, text) in reader.strings.enumerated() where reader.runs[index] == nil && indexes[text] == nil {
            indexes[text] = index
        }
    }

    /// The index of a text, added when new; each call counts one reference.
    func index(of text: String) -> Int {
        addedReferences += 1
        if let known = indexes[text] { return known }
        added.append(text)
        indexes[text] = existingCount + added.count - 1
        return existingCount + added.count - 1
    }

    /// Takes the references of a sheet that the copy drops (an earlier report) off the table's `count`.
    func discountReferences(of entry: ZipArchive.Entry, in zip: ZipArchive) throws {
        let counter = SharedStringReferenceCounter()
        let parser = SAXPushParser(handler: counter, partName: entry.name)
        try zip.stream(entry) { chunk, isLast in try parser.feed(chunk, isLast: isLast) }
        droppedReferences += counter.count
    }

    /// Takes `count` references of cells the copy changes to another value off the table's `count`.
    func discountReferences(_ count: Int) {
        droppedReferences += count
    }

    /// References of dropped cells, taken off `count`.
    private var droppedReferences = 0

    /// Whether the table changes.
    var hasAdditions: Bool { addedReferences > 0 }

    /// Writes the existing table with the new items appended.
    func write(from entry: ZipArchive.Entry, in zip: ZipArchive, to output: XMLOutput) throws {
        let rewriter = SharedStringsRewriter(output: output, partName: entry.name, added: added,
                                             uniqueCount: existingCount + added.count,
                                             addedReferences: addedReferences - droppedReferences)
        try rewriter.rewrite(entry, in: zip)
    }

    /// A new table holding only the new items.
    func newPart(namespace: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"\(namespace)\" count=\"\(addedReferences)\" uniqueCount=\"\(added.count)\">"
        for text in added { xml += Self.item(text, prefix: "") }
        return xml + "</sst>"
    }

    /// One `<si>` with `prefix` (`"x:"` or `""`) on its elements. No `xml:space` on `<t>`: the
    /// schema does not allow it there, and XML keeps the text's spaces and line breaks anyway.
    static func item(_ text: String, prefix: String) -> String {
        "<\(prefix)si><\(prefix)t>\(XMLEscaping.text(TextEscapes.encode(text)))</\(prefix)t></\(prefix)si>"
    }
}

/// Counts a worksheet's cells of type `s` (shared string).
private final class SharedStringReferenceCounter: SAXHandler {
    private(set) var count = 0

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        if localName[0] == UInt8(ascii: "c"), localName[1] == 0, let type = attributes.bytes("t"),
           type.count == 1, type[0] == UInt8(ascii: "s") {
            count += 1
        }
    }
}

/// Writes a shared-strings part with items appended and its counts updated.
private final class SharedStringsRewriter: XMLRewriter {
    private let added: [String]
    private let uniqueCount: Int
    private let addedReferences: Int

    init(output: XMLOutput, partName: String, added: [String], uniqueCount: Int, addedReferences: Int) {
        self.added = added
        self.uniqueCount = uniqueCount
        self.addedReferences = addedReferences
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        guard depth == 0 else { return copy(tag) }
        var overrides: [AttributeOverride] = []
        if tag.attributes.bytes("uniqueCount") != nil {
            overrides.append(AttributeOverride(name: "uniqueCount", value: String(uniqueCount)))
        }
        if let text = tag.attributes.string("count") {
            // `count` (the cells referring to the table) is a hint, an `xsd:unsignedInt`: kept up
            // to date when it is one, dropped (it is optional) when the file's is impossible.
            let count = FileNumber.integer(text, in: FileNumber.unsignedInt)
            overrides.append(AttributeOverride(name: "count", value: count.map {
                String(min(max($0 + addedReferences, 0), FileNumber.unsignedInt.upperBound))
            }))
        }
        copy(tag, overriding: overrides)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 1 {
            let name = elementName("si", namespace: namespace.map { String(cString: $0) } ?? "")
            let prefix = name.name.hasSuffix(":si") ? String(name.name.dropLast(2)) : ""
            for text in added { writeMarkup(SharedStringsPatch.item(text, prefix: prefix)) }
        }
        closeElement()
    }
}
