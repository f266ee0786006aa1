/// A byte buffer handed between threads: an ``XMLWriter``'s storage on its way to the
/// deflater, inflated XML on its way to the parser, recorded SAX events on their way to the
/// handler (``ThreadedSAXParser``).
final class ByteChunk: @unchecked Sendable {
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// The bytes' start, untyped (for records of mixed fields).
    var raw: UnsafeMutableRawPointer { UnsafeMutableRawPointer(base) }

    /// Makes room for `extra` more bytes, keeping those held.
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = grown
    }

    /// Gives back the memory of a chunk that grew for an exceptionally large row.
    func shrink(to standard: Int) {
        guard capacity > 4 * standard else { return }
        base.deallocate()
        base = .allocate(capacity: standard)
        capacity = standard
    }
}
