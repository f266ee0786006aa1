#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared-strings table (`xl/sharedStrings.xml`): each distinct string once, cells refer to
/// it by index.
///
/// A string's `<si>` is written when the string is first seen, in the order of the indexes, and
/// handed in chunks to the workbook's ``BackgroundDeflater`` like a sheet's rows; at close only
/// the `<sst>` start tag (which carries the counts) and end tag remain to write. What stays in
/// memory is the de-duplication index: the distinct strings' UTF-8 bytes end to end in one
/// buffer, their end offsets, and an open-addressing hash table of 8-byte slots. For the
/// benchmark's 263,000 distinct strings (5 MB of text) that is about 11 MB, where a
/// `[String: Int]` and a `[String]` took over 30 MB. Strings are compared byte for byte, so
/// canonically equivalent spellings (NFC and NFD) stay distinct entries and read back as written.
final class SharedStringsTable {
    /// The distinct strings' UTF-8 bytes, end to end.
    private var text: UnsafeMutablePointer<UInt8>
    private var textCount = 0
    private var textCapacity: Int
    /// Where each string ends in `text` (it starts where the previous one ends).
    private var ends: [Int] = []
    /// Hash slots: 0 is empty, otherwise the top 32 bits of the hash (whose low bits also give
    /// the slot, so that growing needs no rehashing) and the index + 1.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotMask: Int
    /// A per-table seed, so that the hash of a string is not known in advance.
    private let seed: UInt64
    /// How many cells refer to the table (the `count` attribute).
    private(set) var referenceCount = 0

    /// The `<si>` elements not yet handed to the deflater.
    private let pending = XMLWriter(capacity: BackgroundDeflater.chunkSize + 4096)
    private let preservesEdgeWhitespace: Bool
    private let deflater: BackgroundDeflater
    private let temporaryDirectory: String
    private let path: String
    private var stream: DeflatedStream?

    init(preservesEdgeWhitespace: Bool, deflater: BackgroundDeflater, temporaryDirectory: String, path: String) {
        self.preservesEdgeWhitespace = preservesEdgeWhitespace
        self.deflater = deflater
        self.temporaryDirectory = temporaryDirectory
        self.path = path
        textCapacity = 1 << 16
        text = .allocate(capacity: textCapacity)
        slotMask = (1 << 10) - 1
        slots = Self.allocateSlots(slotMask + 1)
        seed = UInt64.random(in: 0...UInt64.max)
    }

    deinit {
        text.deallocate()
        free(slots)
    }

    /// Whether no string was added.
    var isEmpty: Bool { ends.isEmpty }

    /// The number of distinct strings.
    var count: Int { ends.count }

    /// The index of a string, adding it when new; counts one reference.
    @inline(__always)
    func index(of string: String) -> Int {
        var copy = string
        return copy.withUTF8 { index(ofUTF8: $0) }
    }

    /// The index of a string given as valid UTF-8, adding it when new; counts one reference.
    func index(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        referenceCount += 1
        let tag = Self.hash(bytes, seed: seed) & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: tag >> 32) & slotMask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let start = index == 0 ? 0 : ends[index - 1]
                if ends[index] - start == bytes.count
                    && (bytes.count == 0 || memcmp(text + start, bytes.baseAddress!, bytes.count) == 0) {
                    return index
                }
            }
            slot = (slot + 1) & slotMask
        }
        let index = ends.count
        precondition(index < 0xFFFF_FFFE, "too many distinct strings")
        append(bytes)
        slots[slot] = tag | UInt64(index + 1)
        if ends.count * 4 > (slotMask + 1) * 3 { growSlots() }
        pending.append("<si>")
        pending.appendTextElement(utf8: bytes, preservingEdgeWhitespace: preservesEdgeWhitespace)
        pending.append("</si>")
        return index
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if textCount + bytes.count > textCapacity {
            var capacity = textCapacity * 2
            while capacity < textCount + bytes.count { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: text, count: textCount)
            text.deallocate()
            text = grown
            textCapacity = capacity
        }
        if let source = bytes.baseAddress, bytes.count > 0 {
            (text + textCount).update(from: source, count: bytes.count)
        }
        textCount += bytes.count
        ends.append(textCount)
    }

    private func growSlots() {
        let newMask = (slotMask + 1) * 2 - 1
        let grown = Self.allocateSlots(newMask + 1)
        for old in 0...slotMask {
            let entry = slots[old]
            guard entry != 0 else { continue }
            var slot = Int(truncatingIfNeeded: entry >> 32) & newMask
            while grown[slot] != 0 { slot = (slot + 1) & newMask }
            grown[slot] = entry
        }
        free(slots)
        slots = grown
        slotMask = newMask
    }

    /// Zeroed slots; from 2 MiB on, aligned and in huge pages where the system allows it, since
    /// the lookups hit random slots and would otherwise miss the TLB most of the time.
    private static func allocateSlots(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        let size = count * MemoryLayout<UInt64>.size
        let hugePage = 1 << 21
        var memory: UnsafeMutableRawPointer?
        if size >= hugePage {
            guard posix_memalign(&memory, hugePage, size) == 0, let memory else { fatalError("out of memory") }
            #if canImport(Glibc)
            _ = madvise(memory, size, MADV_HUGEPAGE)
            #endif
        } else {
            memory = malloc(size)
        }
        guard let memory else { fatalError("out of memory") }
        memset(memory, 0, size)
        return memory.bindMemory(to: UInt64.self, capacity: count)
    }

    /// A 64-bit hash of bytes: eight at a time, multiplied and rotated, then mixed (the
    /// finaliser of MurmurHash3), so that both the low bits (the slot) and the high bits (the
    /// tag) depend on every byte.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h = (h << 31) | (h >> 33)
            offset += 8
        }
        if offset < bytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                word |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ word) &* 0xC4CE_B9FE_1A85_EC53
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Bytes of `<si>` elements waiting for the next hand-over.
    var pendingByteCount: Int { pending.count }

    /// Hands the waiting `<si>` elements to the deflater (the sheets call it when they flush).
    func flush() throws {
        guard pending.count > 0 else { return }
        try deflater.submit(pending, to: try bodyStream())
    }

    private func bodyStream() throws -> DeflatedStream {
        if let stream { return stream }
        let made = DeflatedStream(spill: try SpillFile(directory: temporaryDirectory), path: path)
        stream = made
        return made
    }

    /// Hands over the last `<si>` elements, ending the stream; call before the deflater's
    /// ``BackgroundDeflater/waitUntilIdle()`` and ``part()``.
    func finishStrings() throws {
        guard !isEmpty else { return }
        try deflater.submit(pending, to: try bodyStream(), finishing: true)
    }

    /// The `sharedStrings.xml` part: the start tag with the counts, the deflated `<si>`
    /// elements, the end tag.
    func part() throws -> PackagePart {
        let header = XMLWriter(capacity: 256)
        header.declaration()
        header.start("sst", [("xmlns", Namespace.spreadsheetML), ("count", String(referenceCount)),
                             ("uniqueCount", String(count))])
        let trailer = XMLWriter(capacity: 16)
        trailer.end("sst")
        return try PackagePart.deflated(name: "xl/sharedStrings.xml", header: header.array, body: try bodyStream(),
                                        trailer: trailer.array, level: deflater.level)
    }
}

extension XMLWriter {
    /// Appends `<t>` holding cell text: `_xHHHH_`-encoded (``TextEscapes/encode(_:)``) and
    /// XML-escaped, marked `xml:space="preserve"` when asked and the text begins or ends with
    /// white space.
    @inline(__always)
    func appendTextElement(_ text: String, preservingEdgeWhitespace: Bool) {
        var copy = text
        copy.withUTF8 { appendTextElement(utf8: $0, preservingEdgeWhitespace: preservingEdgeWhitespace) }
    }

    /// ``appendTextElement(_:preservingEdgeWhitespace:)`` for text given as valid UTF-8.
    @inline(__always)
    func appendTextElement(utf8 text: UnsafeBufferPointer<UInt8>, preservingEdgeWhitespace: Bool) {
        if preservingEdgeWhitespace, Self.hasEdgeWhitespace(text) {
            append("<t xml:space=\"preserve\">")
        } else {
            append("<t>")
        }
        appendEncodedText(text)
        append("</t>")
    }

    private static func hasEdgeWhitespace(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        return isWhitespace(first) || isWhitespace(last)
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Appends cell text as `appendEscapedText(TextEscapes.encode(text))` would, in one pass
    /// over the UTF-8 bytes: control characters other than tab, line feed and carriage return,
    /// and U+FFFE and U+FFFF, become `_xHHHH_`; the underscore of a literal `_xHHHH_` becomes
    /// `_x005F_`; `&`, `<`, `>` and carriage return are escaped for XML.
    func appendEncodedText(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count)
        let count = utf8.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = utf8[index]
            // Bytes that need nothing: most of them.
            if byte > UInt8(ascii: ">") && byte != UInt8(ascii: "_") && byte != 0xEF {
                index += 1
                continue
            }
            let replacement: StaticString
            var consumed = 1
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case 0x09, 0x0A:
                index += 1
                continue
            case 0x00..<0x20:
                replacement = Self.controlEscapes[Int(byte)]
            case UInt8(ascii: "_"):
                guard index + 6 < count, utf8[index + 1] == UInt8(ascii: "x"), utf8[index + 6] == UInt8(ascii: "_"),
                      Self.isHexDigit(utf8[index + 2]), Self.isHexDigit(utf8[index + 3]),
                      Self.isHexDigit(utf8[index + 4]), Self.isHexDigit(utf8[index + 5]) else {
                    index += 1
                    continue
                }
                replacement = "_x005F_"
            case 0xEF:
                guard index + 2 < count, utf8[index + 1] == 0xBF, utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF else {
                    index += 1
                    continue
                }
                replacement = utf8[index + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_"
                consumed = 3
            default:
                index += 1
                continue
            }
            if index > runStart {
                append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<index]))
            }
            append(replacement)
            index += consumed
            runStart = index
        }
        if count > runStart {
            append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<count]))
        }
    }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    /// `_x0000_` … `_x001F_` (tab, line feed and carriage return are never looked up).
    private static let controlEscapes: [StaticString] = [
        "_x0000_", "_x0001_", "_x0002_", "_x0003_", "_x0004_", "_x0005_", "_x0006_", "_x0007_",
        "_x0008_", "_x0009_", "_x000A_", "_x000B_", "_x000C_", "_x000D_", "_x000E_", "_x000F_",
        "_x0010_", "_x0011_", "_x0012_", "_x0013_", "_x0014_", "_x0015_", "_x0016_", "_x0017_",
        "_x0018_", "_x0019_", "_x001A_", "_x001B_", "_x001C_", "_x001D_", "_x001E_", "_x001F_",
    ]
}
