import CLibxml2

/// A start tag's attributes as libxml2's SAX2 hands them over: five pointers per attribute
/// (local name, prefix, URI, value start, value end). Nothing is copied until asked for.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value bytes of the first attribute with this local name (any namespace).
    @inline(__always)
    func bytes(_ localName: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for index in 0..<count {
            let offset = index * 5
            guard let name = base[offset], XMLName.equals(name, localName),
                  let start = base[offset + 3], let end = base[offset + 4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// Calls `body` with each attribute whose local name is one letter (`r`, `t`, `s` of a cell),
    /// in one pass: the hot path's lookup.
    @inline(__always)
    func forEachSingleLetter(_ body: (UInt8, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base else { return }
        for index in 0..<count {
            let offset = index * 5
            guard let name = base[offset], name[1] == 0, let start = base[offset + 3], let end = base[offset + 4] else { continue }
            body(name[0], UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    /// The length in bytes of the value of the attribute at `index`.
    @inline(__always)
    func valueLength(at index: Int) -> Int {
        guard let base, let start = base[index * 5 + 3], let end = base[index * 5 + 4] else { return 0 }
        return end - start
    }

    /// The value of an attribute with a local name and, optionally, a namespace URI suffix test.
    func string(_ localName: StaticString) -> String? {
        bytes(localName).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of an attribute in the relationships namespace (`r:id`), whatever its prefix.
    func relationshipID() -> String? {
        guard let base else { return nil }
        for index in 0..<count {
            let offset = index * 5
            guard let name = base[offset], XMLName.equals(name, "id"),
                  let uri = base[offset + 2], XMLName.isRelationshipsNamespace(uri),
                  let start = base[offset + 3], let end = base[offset + 4] else { continue }
            return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        }
        return nil
    }

    /// Every attribute as (local name, value), for the rare places that need them all.
    func all() -> [(name: String, value: String)] {
        guard let base else { return [] }
        return (0..<count).compactMap { index in
            let offset = index * 5
            guard let name = base[offset], let start = base[offset + 3], let end = base[offset + 4] else { return nil }
            return (String(cString: name), String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self))
        }
    }
}

/// The namespace declarations (`xmlns`, `xmlns:p`) of one start tag, as SAX2 hands them over:
/// two pointers per declaration (prefix, nil for the default namespace; URI).
struct XMLNamespaceDeclarations {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The declaration at `index`: its prefix (nil for `xmlns="…"`) and URI.
    func declaration(_ index: Int) -> (prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?) {
        (base![index * 2], base![index * 2 + 1])
    }
}

/// Name tests on libxml2's NUL-terminated UTF-8 names, without making Swift strings.
enum XMLName {
    @inline(__always)
    static func equals(_ name: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        let expected = literal.utf8Start
        let length = literal.utf8CodeUnitCount
        for index in 0..<length where name[index] != expected[index] { return false }
        return name[length] == 0
    }

    /// SpreadsheetML's main namespace, Transitional or Strict.
    static func isSpreadsheetNamespace(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        return equals(uri, "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
            || equals(uri, "http://purl.oclc.org/ooxml/spreadsheetml/main")
    }

    /// The office-document relationships namespace, Transitional or Strict.
    static func isRelationshipsNamespace(_ uri: UnsafePointer<xmlChar>) -> Bool {
        equals(uri, "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
            || equals(uri, "http://purl.oclc.org/ooxml/officeDocument/relationships")
    }
}

/// Receives SAX2 events. Subclasses override what they need; the parser calls through the
/// class's vtable (no protocol existential, no reference counting on the hot path).
class SAXHandler {
    /// Why the parse stopped early, thrown by the parser after the current chunk.
    private(set) var failure: XLSXError?
    /// The parser context, to stop it on failure.
    fileprivate var context: xmlParserCtxtPtr?
    /// Set when the document declares a DTD.
    fileprivate var sawDoctype = false

    func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?, attributes: XMLAttributes) {}
    func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    /// Whether the parser also reports prefixes, namespace declarations, comments and
    /// processing instructions (for a handler that writes the document out again). Read once,
    /// when the parse starts; reading handlers leave it false and keep the lean callbacks.
    var reportsMarkup: Bool { false }

    /// A start tag with its prefix and namespace declarations (only when ``reportsMarkup``).
    func startElement(_ localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                      namespace: UnsafePointer<xmlChar>?, declarations: XMLNamespaceDeclarations,
                      attributes: XMLAttributes) {
        startElement(localName, namespace: namespace, attributes: attributes)
    }

    /// An end tag with its prefix (only when ``reportsMarkup``).
    func endElement(_ localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?,
                    namespace: UnsafePointer<xmlChar>?) {
        endElement(localName, namespace: namespace)
    }

    /// An XML comment's text (only when ``reportsMarkup``).
    func comment(_ text: UnsafePointer<xmlChar>) {}

    /// A processing instruction (only when ``reportsMarkup``); `data` is nil when it has none.
    func processingInstruction(target: UnsafePointer<xmlChar>, data: UnsafePointer<xmlChar>?) {}

    /// Set by ``stopParsing()``: the handler has seen all it needs.
    private(set) var stoppedEarly = false

    /// Ends the parse without an error once the handler has what it needs; the parser ignores
    /// the rest of the document, and the caller stops feeding when ``stoppedEarly`` is set.
    final func stopParsing() {
        stoppedEarly = true
        if let context { xmlStopParser(context) }
    }

    /// Stops the parse; the parser throws `error` once the current callback returns.
    final func fail(_ error: XLSXError) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }
}

/// Calls a method on the handler behind libxml2's user-data pointer without retaining it
/// (the parser keeps the handler alive for as long as libxml2 can call back).
@inline(__always)
private func withHandler(_ userData: UnsafeMutableRawPointer?, _ body: (SAXHandler) -> Void) {
    Unmanaged<SAXHandler>.fromOpaque(userData!)._withUnsafeGuaranteedRef(body)
}

/// libxml2's SAX2 push parser, fed chunk by chunk. Safe by construction: no DTD is loaded,
/// no entity is expanded (a DOCTYPE is refused outright, as OPC requires), no network access,
/// libxml2's default limits on depth, names and text nodes stay on.
final class SAXPushParser {
    private var context: xmlParserCtxtPtr?
    private let handler: SAXHandler
    private let partName: String

    init(handler: SAXHandler, partName: String) {
        self.handler = handler
        self.partName = partName
    }

    deinit {
        handler.context = nil
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Feeds a chunk; `isLast` ends the document. Throws on malformed XML or a handler's failure.
    func feed(_ chunk: UnsafeRawBufferPointer, isLast: Bool) throws {
        if context == nil { try createContext() }
        let status = chunk.withMemoryRebound(to: CChar.self) { characters in
            xmlParseChunk(context, characters.baseAddress, Int32(characters.count), isLast ? 1 : 0)
        }
        if handler.sawDoctype { throw XLSXError.doctypeForbidden(part: partName) }
        if let failure = handler.failure { throw failure }
        if handler.stoppedEarly { return }
        if status != 0 || context?.pointee.wellFormed == 0 {
            var message = "libxml2 error \(status)"
            var line = 0
            if let error = xmlCtxtGetLastError(context), let text = error.pointee.message {
                message = String(cString: text).trimmingTrailingNewlines()
                line = Int(error.pointee.line)
            }
            throw XLSXError.malformedXML(part: partName, line: line, message: message)
        }
    }

    private func createContext() throws {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { userData, localName, _, uri, _, _, attributeCount, _, attributes in
            withHandler(userData) {
                $0.startElement(localName!, namespace: uri, attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
            }
        }
        sax.endElementNs = { userData, localName, _, uri in
            withHandler(userData) { $0.endElement(localName!, namespace: uri) }
        }
        let characters: charactersSAXFunc = { userData, bytes, length in
            guard let bytes, length > 0 else { return }
            withHandler(userData) { $0.characters(UnsafeBufferPointer(start: bytes, count: Int(length))) }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        if handler.reportsMarkup { Self.installMarkupCallbacks(&sax, characters: characters) }
        let refuseDoctype: internalSubsetSAXFunc = { userData, _, _, _ in
            withHandler(userData) { handler in
                handler.sawDoctype = true
                if let context = handler.context { xmlStopParser(context) }
            }
        }
        sax.internalSubset = refuseDoctype
        sax.externalSubset = refuseDoctype
        sax.entityDecl = { userData, _, _, _, _, _ in
            withHandler(userData) { handler in
                handler.sawDoctype = true
                if let context = handler.context { xmlStopParser(context) }
            }
        }
        sax.getEntity = { _, _ in nil }
        // Errors are read from the context after each chunk; nothing is printed.
        sax.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(handler).toOpaque()
        guard let created = xmlCreatePushParserCtxt(&sax, userData, nil, 0, nil) else {
            throw XLSXError.malformedXML(part: partName, line: 0, message: "the XML parser could not be created")
        }
        context = created
        handler.context = created
        // NOENT only makes libxml2 hand over attribute values with the predefined entities
        // (&amp; …) decoded; no other entity can exist, since a DOCTYPE stops the parse.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOERROR.rawValue
                            | XML_PARSE_NOENT.rawValue)
        xmlCtxtUseOptions(created, options)
        // xmlCtxtUseOptions may reset callbacks it owns; make sure ours stay and errors never print.
        created.pointee.sax.pointee.serror = sax.serror
        created.pointee.sax.pointee.cdataBlock = characters
        created.pointee.sax.pointee.getEntity = sax.getEntity
        created.pointee.loadsubset = 0
        created.pointee.validate = 0
    }

    /// The callbacks of a handler that writes the document out again: prefixes, namespace
    /// declarations, comments, processing instructions, and whitespace as ordinary text.
    private static func installMarkupCallbacks(_ sax: inout xmlSAXHandler, characters: charactersSAXFunc) {
        sax.startElementNs = { userData, localName, prefix, uri, declarationCount, declarations, attributeCount, _, attributes in
            withHandler(userData) {
                $0.startElement(localName!, prefix: prefix, namespace: uri,
                                declarations: XMLNamespaceDeclarations(base: declarations, count: Int(declarationCount)),
                                attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
            }
        }
        sax.endElementNs = { userData, localName, prefix, uri in
            withHandler(userData) { $0.endElement(localName!, prefix: prefix, namespace: uri) }
        }
        sax.comment = { userData, text in
            guard let text else { return }
            withHandler(userData) { $0.comment(text) }
        }
        sax.processingInstruction = { userData, target, data in
            guard let target else { return }
            withHandler(userData) { $0.processingInstruction(target: target, data: data) }
        }
        sax.ignorableWhitespace = characters
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }
}
