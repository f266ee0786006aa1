/// A growable byte buffer that builds XML: raw appends for the hot path of cells, and element
/// helpers with escaping for the small parts. Every part of a written workbook goes through one.
///
/// Text is escaped for XML only (`&`, `<`, `>`, and carriage return as `&#13;` so that it
/// survives the parser's line-end normalisation), and control characters XML cannot hold are
/// dropped; the `_xHHHH_` escapes of `ST_Xstring` that keep them are the caller's business
/// (``TextEscapes/encode(_:)``).
final class XMLWriter {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written so far.
    var count = 0

    /// An empty writer with room for `capacity` bytes before it grows.
    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, valid until the next append.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes written.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Forgets the bytes written, keeping the storage.
    func removeAll() { count = 0 }

    /// Hands the bytes written over to `chunk` and takes the chunk's storage, empty, in
    /// exchange: no copy (how rows travel to the ``BackgroundDeflater``).
    func exchangeStorage(with chunk: ByteChunk) {
        let (chunkBase, chunkCapacity) = (chunk.base, chunk.capacity)
        chunk.base = base
        chunk.capacity = capacity
        chunk.count = count
        base = chunkBase
        capacity = chunkCapacity
        count = 0
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    // MARK: raw appends

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ literal: StaticString) {
        let length = literal.utf8CodeUnitCount
        reserve(length)
        (base + count).update(from: literal.utf8Start, count: length)
        count += length
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends a string's UTF-8 bytes as they are (for text known to need no escaping).
    func append(_ string: String) {
        var copy = string
        copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a non-negative or negative integer in decimal.
    @inline(__always)
    func appendDecimal(_ value: Int) {
        reserve(20)
        var magnitude = value.magnitude
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        if magnitude < 10 {
            base[count] = UInt8(truncatingIfNeeded: magnitude) &+ 48
            count += 1
            return
        }
        var digits = 0
        var probe = magnitude
        while probe > 0 { digits += 1; probe /= 10 }
        var position = count + digits - 1
        while magnitude > 0 {
            base[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
            magnitude /= 10
            position -= 1
        }
        count += digits
    }

    // MARK: escaping

    /// Appends text content, escaping `&`, `<`, `>` and carriage return.
    func appendEscapedText(_ string: String) {
        var copy = string
        copy.withUTF8 { appendEscaped($0, inAttribute: false) }
    }

    /// Appends an attribute value (without the quotes), escaping `&`, `<`, `>`, `"` and the
    /// white-space characters that attribute normalisation would otherwise turn into spaces.
    func appendEscapedAttribute(_ string: String) {
        var copy = string
        copy.withUTF8 { appendEscaped($0, inAttribute: true) }
    }

    private func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, inAttribute: Bool) {
        reserve(utf8.count)
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte <= UInt8(ascii: ">") else { continue }
            let replacement: StaticString
            switch byte {
            case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F:
                // Not allowed in XML 1.0 at all; cell text has them `_xHHHH_`-encoded before.
                replacement = ""
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
            case 0x0A where inAttribute: replacement = "&#10;"
            case 0x09 where inAttribute: replacement = "&#9;"
            default: continue
            }
            if index > runStart {
                append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<index]))
            }
            append(replacement)
            runStart = index + 1
        }
        if utf8.count > runStart {
            append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<utf8.count]))
        }
    }

    // MARK: elements

    /// An attribute: its qualified name and its value; a nil value leaves the attribute out.
    typealias Attribute = (name: StaticString, value: String?)

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and a line end, as Excel writes.
    func declaration() {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
    }

    /// `<name attributes…>`.
    func start(_ name: StaticString, _ attributes: [Attribute] = []) {
        append(UInt8(ascii: "<"))
        append(name)
        appendAttributes(attributes)
        append(UInt8(ascii: ">"))
    }

    /// `</name>`.
    func end(_ name: StaticString) {
        append("</")
        append(name)
        append(UInt8(ascii: ">"))
    }

    /// `<name attributes…/>`.
    func empty(_ name: StaticString, _ attributes: [Attribute] = []) {
        append(UInt8(ascii: "<"))
        append(name)
        appendAttributes(attributes)
        append("/>")
    }

    /// `<name attributes…>text</name>` with the text escaped.
    func element(_ name: StaticString, _ attributes: [Attribute] = [], text: String) {
        start(name, attributes)
        appendEscapedText(text)
        end(name)
    }

    private func appendAttributes(_ attributes: [Attribute]) {
        for attribute in attributes {
            guard let value = attribute.value else { continue }
            append(UInt8(ascii: " "))
            append(attribute.name)
            append("=\"")
            appendEscapedAttribute(value)
            append(UInt8(ascii: "\""))
        }
    }
}
