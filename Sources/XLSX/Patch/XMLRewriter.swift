import CLibxml2

/// A start tag as the rewriter hands it to a subclass; valid only during the callback.
struct XMLStartTag {
    let localName: UnsafePointer<xmlChar>
    let prefix: UnsafePointer<xmlChar>?
    let namespace: UnsafePointer<xmlChar>?
    let declarations: XMLNamespaceDeclarations
    let attributes: XMLAttributes

    /// Whether the local name is `literal`.
    @inline(__always)
    func isNamed(_ literal: StaticString) -> Bool { XMLName.equals(localName, literal) }

    /// Whether the element is in SpreadsheetML's main namespace (Transitional or Strict).
    var isSpreadsheetML: Bool { XMLName.isSpreadsheetNamespace(namespace) }

    var name: String { String(cString: localName) }
}

/// A change to an unprefixed attribute when a start tag is copied: a new value, or nil to drop it.
struct AttributeOverride {
    var name: String
    var value: String?
}

/// Writes a part out again as it streams through libxml2's SAX2 parser: same elements,
/// prefixes, namespace declarations, attributes, text (re-escaped; CDATA becomes text),
/// comments and processing instructions. Subclasses change what they must in
/// ``elementStarted(_:)``, ``elementEnded(_:namespace:)`` and ``elementCaptured(_:)``; everything
/// else is copied. Memory stays flat: output goes to an ``XMLOutput`` that flushes in chunks.
class XMLRewriter: SAXHandler {
    let output: XMLOutput
    /// The part's name, for messages.
    let partName: String

    /// Whether the last start tag still waits for its `>` (it becomes `/>` if nothing follows).
    private var startTagOpen = false
    /// Qualified names of the open elements, one after another.
    private var openNames: [UInt8] = []
    private var openNameEnds: [Int] = []
    /// Depth of an element being dropped with its subtree (0: none).
    private var skipDepth = 0
    /// Elements being captured into memory, innermost last.
    private var captureStack: [XMLNode] = []
    /// Namespace declarations in scope: the depth that declared each, its prefix, its URI.
    private var scopes: [(depth: Int, prefix: String?, uri: String)] = []
    /// The root element's namespace URI.
    private(set) var rootNamespace: String?

    override var reportsMarkup: Bool { true }

    init(output: XMLOutput, partName: String) {
        self.output = output
        self.partName = partName
        openNames.reserveCapacity(256)
        super.init()
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
    }

    /// Depth of the open (copied) elements: 1 inside the root element.
    final var depth: Int { openNameEnds.count }

    // MARK: hooks for subclasses

    /// A start tag arrives; the default copies it.
    func elementStarted(_ tag: XMLStartTag) { copy(tag) }

    /// An end tag of a copied element arrives; the default closes it.
    func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) { closeElement() }

    /// A captured element is complete; the default writes it unchanged.
    func elementCaptured(_ node: XMLNode) { write(node) }

    /// Text in a copied element; the default copies it.
    func textArrived(_ bytes: UnsafeBufferPointer<UInt8>) {
        closeStartTag()
        output.writeEscapedText(bytes)
    }

    // MARK: tools for subclasses

    /// Copies a start tag, with attribute changes.
    final func copy(_ tag: XMLStartTag, overriding overrides: [AttributeOverride] = []) {
        closeStartTag()
        let nameStart = openNames.count
        if let prefix = tag.prefix { appendName(prefix); openNames.append(UInt8(ascii: ":")) }
        appendName(tag.localName)
        openNameEnds.append(openNames.count)
        if rootNamespace == nil { rootNamespace = tag.namespace.map { String(cString: $0) } }
        output.write("<")
        openNames.withUnsafeBufferPointer { output.write(bytes: UnsafeBufferPointer(rebasing: $0[nameStart...])) }
        for index in 0..<tag.declarations.count {
            let declaration = tag.declarations.declaration(index)
            let uri = declaration.uri.map { String(cString: $0) } ?? ""
            if let prefix = declaration.prefix {
                output.write(" xmlns:")
                output.write(name: prefix)
                output.write("=\"")
                scopes.append((depth, String(cString: prefix), uri))
            } else {
                output.write(" xmlns=\"")
                scopes.append((depth, nil, uri))
            }
            output.writeEscapedAttribute(uri)
            output.write("\"")
        }
        var used = [Bool](repeating: false, count: overrides.count)
        if let base = tag.attributes.base {
            for index in 0..<tag.attributes.count {
                let offset = index * 5
                guard let name = base[offset], let start = base[offset + 3], let end = base[offset + 4] else { continue }
                let value = UnsafeBufferPointer(start: start, count: end - start)
                var replacement: String??
                if base[offset + 1] == nil, !overrides.isEmpty,
                   let match = overrides.firstIndex(where: { Self.equals(name, $0.name) }) {
                    used[match] = true
                    replacement = .some(overrides[match].value)
                }
                if case .some(nil) = replacement { continue }
                output.write(" ")
                if let prefix = base[offset + 1] { output.write(name: prefix); output.write(":") }
                output.write(name: name)
                output.write("=\"")
                if case .some(.some(let text)) = replacement {
                    output.writeEscapedAttribute(text)
                } else {
                    output.writeEscapedAttribute(value)
                }
                output.write("\"")
            }
        }
        for (index, override) in overrides.enumerated() where !used[index] {
            guard let value = override.value else { continue }
            output.write(" " + override.name + "=\"")
            output.writeEscapedAttribute(value)
            output.write("\"")
        }
        startTagOpen = true
    }

    /// Closes the innermost copied element.
    final func closeElement() {
        let end = openNameEnds.removeLast()
        let start = openNameEnds.last ?? 0
        if startTagOpen {
            output.write("/>")
            startTagOpen = false
        } else {
            output.write("</")
            openNames.withUnsafeBufferPointer { output.write(bytes: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            output.write(">")
        }
        openNames.removeSubrange(start...)
        while let last = scopes.last, last.depth > depth { scopes.removeLast() }
    }

    /// Drops the element whose start tag is being handled, with everything inside it.
    final func skipElement() {
        skipDepth = 1
    }

    /// Holds the element whose start tag is being handled, with its subtree, in memory;
    /// ``elementCaptured(_:)`` gets it at its end tag.
    final func capture(_ tag: XMLStartTag) {
        captureStack.append(XMLNode(tag))
    }

    /// Writes an element held in memory.
    final func write(_ node: XMLNode) {
        closeStartTag()
        output.write(node.serialized)
    }

    /// Writes XML made elsewhere (well-formed, with its prefixes in scope).
    final func writeMarkup(_ markup: String) {
        closeStartTag()
        output.write(markup)
    }

    /// The qualified name to give a new element of a namespace here, and the declaration it needs
    /// when no prefix is bound to that namespace (it then becomes the element's default namespace).
    final func elementName(_ localName: String, namespace: String) -> (name: String, declaration: String) {
        if let binding = scopes.last(where: { $0.uri == namespace }),
           !scopes.contains(where: { $0.prefix == binding.prefix && $0.depth > binding.depth }) {
            return (binding.prefix.map { $0 + ":" + localName } ?? localName, "")
        }
        return (localName, " xmlns=\"\(XMLEscaping.attribute(namespace))\"")
    }

    /// The prefix to put on a new attribute of a namespace here, and the declaration it needs
    /// when none is bound (then `suggested`, or a variant of it that is free).
    final func attributePrefix(namespace: String, suggested: String) -> (prefix: String, declaration: String) {
        if let binding = scopes.last(where: { $0.uri == namespace && $0.prefix != nil }),
           !scopes.contains(where: { $0.prefix == binding.prefix && $0.depth > binding.depth }) {
            return (binding.prefix!, "")
        }
        var prefix = suggested
        var number = 1
        while scopes.contains(where: { $0.prefix == prefix }) { number += 1; prefix = suggested + String(number) }
        return (prefix, " xmlns:\(prefix)=\"\(XMLEscaping.attribute(namespace))\"")
    }

    /// Writes the pending `>` of the last start tag.
    @inline(__always)
    final func closeStartTag() {
        if startTagOpen {
            output.write(">")
            startTagOpen = false
        }
    }

    /// Feeds a whole part through this rewriter from the archive, then finishes the output.
    final func rewrite(_ entry: ZipArchive.Entry, in zip: ZipArchive) throws {
        let parser = SAXPushParser(handler: self, partName: entry.name)
        try zip.stream(entry) { chunk, isLast in try parser.feed(chunk, isLast: isLast) }
        try finishDocument()
        try output.finish()
    }

    /// Feeds a part held in memory through this rewriter, then finishes the output.
    final func rewrite(_ bytes: [UInt8]) throws {
        let parser = SAXPushParser(handler: self, partName: partName)
        try bytes.withUnsafeBytes { try parser.feed($0, isLast: true) }
        try finishDocument()
        try output.finish()
    }

    /// Called once the whole part went through; subclasses check what they had to do was done.
    func finishDocument() throws {}

    // MARK: SAX events

    final override func startElement(_ localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                                     namespace: UnsafePointer<xmlChar>?, declarations: XMLNamespaceDeclarations,
                                     attributes: XMLAttributes) {
        if skipDepth > 0 { skipDepth += 1; return }
        let tag = XMLStartTag(localName: localName, prefix: prefix, namespace: namespace,
                              declarations: declarations, attributes: attributes)
        if let parent = captureStack.last {
            let node = XMLNode(tag)
            parent.children.append(.element(node))
            captureStack.append(node)
            return
        }
        elementStarted(tag)
    }

    final override func endElement(_ localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                                   namespace: UnsafePointer<xmlChar>?) {
        if skipDepth > 0 { skipDepth -= 1; return }
        if let node = captureStack.popLast() {
            if captureStack.isEmpty { elementCaptured(node) }
            return
        }
        elementEnded(localName, namespace: namespace)
    }

    final override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if skipDepth > 0 { return }
        if let node = captureStack.last {
            let text = String(decoding: bytes, as: UTF8.self)
            if case .text(let previous)? = node.children.last {
                node.children[node.children.count - 1] = .text(previous + text)
            } else {
                node.children.append(.text(text))
            }
            return
        }
        textArrived(bytes)
    }

    final override func comment(_ text: UnsafePointer<xmlChar>) {
        guard skipDepth == 0, captureStack.isEmpty else { return }
        closeStartTag()
        output.write("<!--")
        output.write(name: text)
        output.write("-->")
    }

    final override func processingInstruction(target: UnsafePointer<xmlChar>, data: UnsafePointer<xmlChar>?) {
        guard skipDepth == 0, captureStack.isEmpty else { return }
        closeStartTag()
        output.write("<?")
        output.write(name: target)
        if let data { output.write(" "); output.write(name: data) }
        output.write("?>")
    }

    // MARK: helpers

    @inline(__always)
    private func appendName(_ name: UnsafePointer<UInt8>) {
        var index = 0
        while name[index] != 0 { openNames.append(name[index]); index += 1 }
    }

    private static func equals(_ name: UnsafePointer<xmlChar>, _ text: String) -> Bool {
        var index = 0
        for byte in text.utf8 {
            if name[index] != byte { return false }
            index += 1
        }
        return name[index] == 0
    }
}
