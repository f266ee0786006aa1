import CLibxml2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a large part on both cores, in three stages with bounded queues between them: one
/// thread inflates the zip entry, a second runs libxml2's SAX2 push parser over the inflated
/// chunks and records the events into blocks, and the caller's thread replays the blocks into
/// the handler. Inflating, parsing and turning events into rows each cost a share of the
/// time; overlapped, a sheet reads in little more than the parser's share, in the same
/// constant memory (at most ``queueDepth`` chunks and blocks wait).
///
/// The handler sees exactly the events, in the order, that ``SAXPushParser`` would give it,
/// and errors surface in the same place: events before a malformed tag, a checksum mismatch
/// or a limit are replayed first, then the error is thrown. A handler that fails or stops
/// early cancels the other threads.
final class ThreadedSAXParser {
    /// Chunks or blocks that may wait between two stages; with their sizes, bounds the memory.
    static let queueDepth = 4
    /// A block of events is handed over once it passes this size.
    static let blockSize = 1 << 17

    private let handler: SAXHandler
    private let events: Channel<ByteChunk>
    private var thread: pthread_t?
    private let attributeScratch = AttributeScratch()
    private var ended = false

    /// Starts inflating and parsing `stream` on other threads; ``replayNextBlock()`` hands the
    /// events to `handler`.
    init(stream: ZipEntryStream, handler: SAXHandler, partName: String) throws {
        _ = libxml2Initialised
        self.handler = handler
        events = Channel { ByteChunk(capacity: ThreadedSAXParser.blockSize + (1 << 12)) }
        let job = ParseJob(stream: stream, events: events, partName: partName)
        thread = try startThread(part: partName) { job.run() }
    }

    deinit {
        events.cancel()
        if let thread { pthread_join(thread, nil) }
    }

    /// Replays the next block of events into the handler. Returns false once the part has
    /// ended (or the handler stopped early); throws the parse's or the handler's error.
    func replayNextBlock() throws -> Bool {
        if ended { return false }
        guard let block = events.take() else {
            ended = true
            // The parsing thread may now let its parser (and the interned names) go.
            events.cancel()
            if let failure = events.failure { throw failure }
            return false
        }
        defer {
            block.count = 0
            events.recycle(block)
        }
        replay(block)
        if let failure = handler.failure {
            ended = true
            events.cancel()
            throw failure
        }
        if handler.stoppedEarly {
            ended = true
            events.cancel()
            return false
        }
        return true
    }

    private func replay(_ block: ByteChunk) {
        var offset = 0
        let base = UnsafeRawPointer(block.raw)
        while offset < block.count {
            let kind = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            switch kind {
            case EventKind.start:
                let localName = base.loadUnaligned(fromByteOffset: offset, as: UnsafePointer<xmlChar>.self)
                let namespace = base.loadUnaligned(fromByteOffset: offset + 8, as: UnsafePointer<xmlChar>?.self)
                let count = Int(base.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
                offset += 20
                let pointers = attributeScratch.pointers(forAttributes: count)
                for index in 0..<count {
                    let slot = index * 5
                    pointers[slot] = base.loadUnaligned(fromByteOffset: offset, as: UnsafePointer<xmlChar>?.self)
                    pointers[slot + 1] = nil
                    pointers[slot + 2] = base.loadUnaligned(fromByteOffset: offset + 8, as: UnsafePointer<xmlChar>?.self)
                    let length = Int(base.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
                    let value = (base + offset + 20).assumingMemoryBound(to: xmlChar.self)
                    pointers[slot + 3] = value
                    pointers[slot + 4] = value + length
                    offset += 20 + length
                }
                handler.startElement(localName, namespace: namespace, attributes: XMLAttributes(base: pointers, count: count))
            case EventKind.end:
                let localName = base.loadUnaligned(fromByteOffset: offset, as: UnsafePointer<xmlChar>.self)
                let namespace = base.loadUnaligned(fromByteOffset: offset + 8, as: UnsafePointer<xmlChar>?.self)
                offset += 16
                handler.endElement(localName, namespace: namespace)
            default:
                let length = Int(base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                offset += 4
                handler.characters(UnsafeBufferPointer(start: (base + offset).assumingMemoryBound(to: UInt8.self), count: length))
                offset += length
            }
            if handler.failure != nil || handler.stoppedEarly { return }
        }
    }
}

/// Runs `body` on a new thread (8 MiB of stack, what the main thread has).
private func startThread(part: String, _ body: @escaping () -> Void) throws -> pthread_t {
    final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
    let retained = Unmanaged.passRetained(Box(body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, 8 << 20)
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let status = pthread_create(&thread, &attributes, { pointer in
        Unmanaged<Box>.fromOpaque(pointer!).takeRetainedValue().body()
        return nil
    }, retained.toOpaque())
    guard status == 0 else {
        retained.release()
        throw XLSXError.malformedXML(part: part, line: 0, message: "cannot start a reading thread: " + String(cString: strerror(status)))
    }
    #if canImport(Glibc)
    return thread
    #else
    return thread!
    #endif
}

/// Once per process, before libxml2 is used from a second thread.
let libxml2Initialised: Void = { xmlInitParser() }()

/// The tags of recorded events.
private enum EventKind {
    static let start: UInt8 = 1
    static let end: UInt8 = 2
    static let characters: UInt8 = 3
}

/// The parsing thread's handler: records every event into the current block and hands full
/// blocks on. Element and attribute names and namespace URIs are recorded as libxml2's
/// interned pointers (valid while the parser lives; the parsing thread keeps it until the
/// reader is done); attribute values and text are copied. This is the parsing thread's own cost beside libxml2's, so it writes through a
/// raw cursor and copies short values byte by byte.
private final class EventRecorder: SAXHandler {
    private let events: Channel<ByteChunk>
    private(set) var block: ByteChunk

    init(events: Channel<ByteChunk>) {
        self.events = events
        block = events.emptyBlock()
    }

    /// Where the next event goes, with room for `size` bytes; ``commit(_:)`` moves past it.
    @inline(__always)
    private func cursor(reserving size: Int) -> UnsafeMutableRawPointer {
        if block.count + size > block.capacity { block.reserve(size) }
        return block.raw + block.count
    }

    @inline(__always)
    private func commit(_ end: UnsafeMutableRawPointer) {
        block.count = end - block.raw
    }

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        let count = attributes.count
        var size = 21
        for index in 0..<count { size += 20 + attributes.valueLength(at: index) }
        var cursor = cursor(reserving: size)
        cursor.storeBytes(of: EventKind.start, as: UInt8.self)
        (cursor + 1).storeBytes(of: localName, as: UnsafePointer<xmlChar>.self)
        (cursor + 9).storeBytes(of: namespace, as: UnsafePointer<xmlChar>?.self)
        (cursor + 17).storeBytes(of: UInt32(count), as: UInt32.self)
        cursor += 21
        if let base = attributes.base {
            for index in 0..<count {
                let slot = index * 5
                cursor.storeBytes(of: base[slot], as: UnsafePointer<xmlChar>?.self)
                (cursor + 8).storeBytes(of: base[slot + 2], as: UnsafePointer<xmlChar>?.self)
                let length = attributes.valueLength(at: index)
                (cursor + 16).storeBytes(of: UInt32(length), as: UInt32.self)
                cursor += 20
                if length > 0 { Self.copy(base[slot + 3]!, length, to: cursor) }
                cursor += length
            }
        }
        commit(cursor)
    }

    override func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        let cursor = cursor(reserving: 17)
        cursor.storeBytes(of: EventKind.end, as: UInt8.self)
        (cursor + 1).storeBytes(of: localName, as: UnsafePointer<xmlChar>.self)
        (cursor + 9).storeBytes(of: namespace, as: UnsafePointer<xmlChar>?.self)
        commit(cursor + 17)
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        let cursor = cursor(reserving: 5 + bytes.count)
        cursor.storeBytes(of: EventKind.characters, as: UInt8.self)
        (cursor + 1).storeBytes(of: UInt32(bytes.count), as: UInt32.self)
        Self.copy(bytes.baseAddress!, bytes.count, to: cursor + 5)
        commit(cursor + 5 + bytes.count)
    }

    /// Copies bytes; the short values of cells (a reference, a style, a number) in a loop,
    /// since a call to memcpy costs more than they do.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutableRawPointer) {
        if count <= 16 {
            for index in 0..<count { target.storeBytes(of: source[index], toByteOffset: index, as: UInt8.self) }
        } else {
            target.copyMemory(from: source, byteCount: count)
        }
    }

    /// Hands the block on when it is full (or `force`); false when the reader cancelled.
    func handOver(force: Bool) -> Bool {
        guard force || block.count >= ThreadedSAXParser.blockSize else { return !events.isCancelled }
        guard let next = events.put(block) else { return false }
        block = next
        return true
    }
}

/// The middle stage: takes inflated chunks from the inflating thread (which it starts),
/// parses, records, hands the events on; then keeps the parser (and so the interned names the
/// blocks point to) until the reader is done.
private final class ParseJob {
    private let stream: ZipEntryStream
    private let events: Channel<ByteChunk>
    private let partName: String

    init(stream: ZipEntryStream, events: Channel<ByteChunk>, partName: String) {
        self.stream = stream
        self.events = events
        self.partName = partName
    }

    func run() {
        let recorder = EventRecorder(events: events)
        let parser = SAXPushParser(handler: recorder, partName: partName)
        let chunks = Channel { ByteChunk(capacity: RowReader.chunkSize) }
        var failure: XLSXError?
        do {
            let inflater = try startThread(part: partName) { [stream] in Self.inflate(stream, into: chunks) }
            defer {
                chunks.cancel()
                pthread_join(inflater, nil)
            }
            while let chunk = chunks.take() {
                defer { chunks.recycle(chunk) }
                let isLast = chunk.count == 0
                try parser.feed(UnsafeRawBufferPointer(start: chunk.raw, count: chunk.count), isLast: isLast)
                if isLast || !recorder.handOver(force: false) { break }
            }
            if let error = chunks.failure { throw error }
        } catch let error as XLSXError {
            failure = error
        } catch {
            failure = .malformedXML(part: partName, line: 0, message: "\(error)")
        }
        if !events.isCancelled, recorder.block.count > 0 { _ = recorder.handOver(force: true) }
        events.finish(failure)
        events.waitForReader()
        withExtendedLifetime(parser) {}
    }

    /// The first stage: inflates the entry chunk by chunk; an empty chunk marks the end.
    private static func inflate(_ stream: ZipEntryStream, into chunks: Channel<ByteChunk>) {
        var block = chunks.emptyBlock()
        do {
            while true {
                block.count = try stream.read(into: UnsafeMutableRawBufferPointer(start: block.raw, count: block.capacity))
                let isLast = block.count == 0
                guard let next = chunks.put(block) else { return }
                if isLast { break }
                block = next
            }
            chunks.finish(nil)
        } catch let error as XLSXError {
            chunks.finish(error)
        } catch {
            chunks.finish(.corruptArchive(reason: "\(error)"))
        }
    }
}

/// A bounded queue of filled blocks between two threads, and a pool of empty ones for reuse,
/// under one mutex. The producer ``put(_:)``s and ``finish(_:)``es; the consumer ``take()``s,
/// ``recycle(_:)``s and, when it is done or gone, ``cancel()``s.
private final class Channel<Block: AnyObject>: @unchecked Sendable {
    private let makeBlock: () -> Block
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var filled: [Block] = []
    private var empty: [Block] = []
    private var finished = false
    private var cancelled = false
    private(set) var failure: XLSXError?

    init(makeBlock: @escaping () -> Block) {
        self.makeBlock = makeBlock
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }

    var isCancelled: Bool { locked { cancelled } }

    /// A block to fill: a recycled one, or a new one.
    func emptyBlock() -> Block {
        locked { empty.popLast() } ?? makeBlock()
    }

    /// Queues a filled block (waiting while the queue is full) and returns the next block to
    /// fill; nil when the consumer cancelled.
    func put(_ block: Block) -> Block? {
        pthread_mutex_lock(&mutex)
        while filled.count >= ThreadedSAXParser.queueDepth && !cancelled { pthread_cond_wait(&changed, &mutex) }
        if cancelled {
            pthread_mutex_unlock(&mutex)
            return nil
        }
        filled.append(block)
        pthread_cond_broadcast(&changed)
        let next = empty.popLast()
        pthread_mutex_unlock(&mutex)
        return next ?? makeBlock()
    }

    /// The producer is done, with or without an error.
    func finish(_ failure: XLSXError?) {
        locked {
            self.failure = failure
            finished = true
            pthread_cond_broadcast(&changed)
        }
    }

    /// The next filled block, waiting for it; nil once the producer has finished and all were
    /// taken, or after a cancel.
    func take() -> Block? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while filled.isEmpty && !finished && !cancelled { pthread_cond_wait(&changed, &mutex) }
        guard !filled.isEmpty, !cancelled else { return nil }
        let block = filled.removeFirst()
        pthread_cond_broadcast(&changed)
        return block
    }

    /// Gives a consumed block back for reuse.
    func recycle(_ block: Block) {
        locked { empty.append(block) }
    }

    /// The consumer is done or gone: the producer stops at its next hand-over.
    func cancel() {
        locked {
            cancelled = true
            pthread_cond_broadcast(&changed)
        }
    }

    /// Called by the producer at its end: waits until the consumer no longer needs the blocks.
    func waitForReader() {
        pthread_mutex_lock(&mutex)
        while !cancelled { pthread_cond_wait(&changed, &mutex) }
        pthread_mutex_unlock(&mutex)
    }
}

/// The attribute pointer array handed to a handler on replay, reused between events.
private final class AttributeScratch {
    private var storage = UnsafeMutablePointer<UnsafePointer<xmlChar>?>.allocate(capacity: 5 * 16)
    private var capacity = 16

    deinit { storage.deallocate() }

    func pointers(forAttributes count: Int) -> UnsafeMutablePointer<UnsafePointer<xmlChar>?> {
        if count > capacity {
            storage.deallocate()
            capacity = max(count, capacity * 2)
            storage = .allocate(capacity: 5 * capacity)
        }
        return storage
    }
}

/// Hands a part's SAX events to a handler a portion at a time: threaded (``ThreadedSAXParser``)
/// for a large part, on the caller's thread for a small one, where starting threads and
/// passing blocks between them would cost more than the parse.
enum PartParser {
    /// Parts at least this large (uncompressed) are read on the other threads.
    static let threadingThreshold: Int64 = 1 << 20

    case inline(InlinePartParser)
    case threaded(ThreadedSAXParser)

    /// Starts parsing an entry's stream for `handler`.
    static func start(_ stream: ZipEntryStream, size: Int64, handler: SAXHandler, partName: String) throws -> PartParser {
        if size >= threadingThreshold {
            return .threaded(try ThreadedSAXParser(stream: stream, handler: handler, partName: partName))
        }
        return .inline(InlinePartParser(stream: stream, handler: handler, partName: partName))
    }

    /// Gives the handler the next portion of events; false once the part has ended.
    func next() throws -> Bool {
        switch self {
        case .inline(let parser): return try parser.next()
        case .threaded(let parser): return try parser.replayNextBlock()
        }
    }
}

/// Reads a part on the caller's thread: a chunk inflated, then parsed, per call.
final class InlinePartParser {
    private let stream: ZipEntryStream
    private let parser: SAXPushParser
    private let handler: SAXHandler
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: RowReader.chunkSize, alignment: 16)
    private var finished = false

    init(stream: ZipEntryStream, handler: SAXHandler, partName: String) {
        self.stream = stream
        self.handler = handler
        parser = SAXPushParser(handler: handler, partName: partName)
    }

    deinit { chunk.deallocate() }

    /// Inflates and parses the next chunk; false once the part has ended.
    func next() throws -> Bool {
        if finished { return false }
        let count = try stream.read(into: chunk)
        finished = count == 0
        try parser.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), isLast: finished)
        if handler.stoppedEarly { finished = true }
        return !finished
    }
}
