import CZlib
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Compresses the big parts of a workbook being written (the sheets' rows, the shared strings)
/// on a second core while the writing thread goes on generating XML.
///
/// A writer hands its XML over in chunks (``submit(_:to:finishing:)``): the chunk's storage is
/// exchanged for an empty one from a small pool, so nothing is copied, and a serial queue
/// raw-deflates the chunks, in order, into each part's ``DeflatedStream``. The pool bounds
/// memory: when the deflater lags, the writer waits for a chunk to come back instead of
/// queueing more. One deflater serves a whole workbook (every sheet and the shared strings).
///
/// A failure on the queue (a full disk, a size limit) is kept in the stream and thrown, as
/// ``XLSXError/cannotWrite(path:reason:)``, by the next submission to that stream or when it is
/// finished; it never crashes or blocks the writer.
final class BackgroundDeflater: @unchecked Sendable {
    /// The zlib level, 1 (fastest) to 9 (smallest).
    let level: Int32
    /// The size of the chunks the writers hand over (they flush at about this size).
    static let chunkSize = 1 << 18
    /// How many chunks may be waiting or being deflated at once: the writer fills one while
    /// the queue deflates another and a third waits, so both cores stay busy.
    static let poolSize = 3

    /// Chunks handed over and not yet deflated.
    private let pending = DispatchGroup()
    private let available = DispatchSemaphore(value: BackgroundDeflater.poolSize)
    private let lock = Lock()
    private var freeChunks: [ByteChunk] = []

    init(level: Int) {
        self.level = Int32(min(max(level, 1), 9))
    }

    /// Hands the bytes of `writer` over to `stream` (the writer is left empty); with
    /// `finishing`, they are the stream's last bytes and the stream ends byte-aligned
    /// (`Z_SYNC_FLUSH`). Waits while every chunk of the pool is in use. Throws the stream's
    /// failure if an earlier chunk could not be deflated or written.
    func submit(_ writer: XMLWriter, to stream: DeflatedStream, finishing: Bool = false) throws {
        try stream.checkFailure()
        stream.submittedByteCount += Int64(writer.count)
        if finishing { stream.isFinishing = true }
        if writer.count == 0 && !finishing { return }
        available.wait()
        let chunk = lock.withLock { freeChunks.popLast() } ?? ByteChunk(capacity: Self.chunkSize + 4096)
        writer.exchangeStorage(with: chunk)
        pending.enter()
        stream.queue.async { [self] in
            stream.deflate(chunk, level: level, finishing: finishing)
            chunk.count = 0
            chunk.shrink(to: Self.chunkSize + 4096)
            lock.withLock { freeChunks.append(chunk) }
            available.signal()
            pending.leave()
        }
    }

    /// Waits until every chunk submitted so far is deflated and written.
    func waitUntilIdle() {
        pending.wait()
    }
}

/// One part's content, raw-deflated (no zlib or gzip wrapper) into an anonymous temporary
/// file as it is submitted, with the CRC-32 and the length of the uncompressed bytes.
///
/// The stream ends with `Z_SYNC_FLUSH`: its last block is not final and it stops on a byte
/// boundary, so that it can be followed by other raw-deflate streams (the part's header) and
/// preceded by others (the trailer, ending with the final block); the concatenation is one
/// valid deflate stream, as pigz joins its blocks. ``PackagePart/deflated(name:header:body:trailer:level:)``
/// assembles them.
final class DeflatedStream: @unchecked Sendable {
    /// Deflates this stream's chunks in order; the streams of a workbook (its sheets, the
    /// shared strings) run side by side.
    let queue = DispatchQueue(label: "taizhang.deflate")
    /// Where the compressed bytes go.
    private let spill: SpillFile
    private let path: String
    private var zstream: UnsafeMutablePointer<z_stream>?
    private var output: UnsafeMutablePointer<UInt8>?
    private static let outputSize = 1 << 17
    /// CRC-32 and length of the uncompressed bytes deflated so far (deflater's queue only).
    private var crc: UInt = 0
    private var uncompressedLength: Int64 = 0
    private let lock = Lock()
    private var failure: XLSXError?
    /// Uncompressed bytes handed over (the writing thread's count).
    var submittedByteCount: Int64 = 0
    /// Set once the last bytes are submitted.
    var isFinishing = false

    /// A stream into a temporary file; `path` is the workbook's, for error messages.
    init(spill: SpillFile, path: String) {
        self.spill = spill
        self.path = path
    }

    deinit {
        if let zstream {
            deflateEnd(zstream)
            zstream.deallocate()
        }
        output?.deallocate()
    }

    /// Throws the failure of an earlier chunk, if any.
    func checkFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// The finished stream: its compressed file (nil when there were no bytes), the CRC-32 and
    /// length of the uncompressed bytes. Call after ``BackgroundDeflater/waitUntilIdle()``.
    func finished() throws -> (file: SpillFile?, crc: UInt, length: Int64) {
        try checkFailure()
        precondition(isFinishing && zstream == nil, "the stream is not finished")
        return (spill.length > 0 ? spill : nil, crc, uncompressedLength)
    }

    /// Deflates one chunk (on the deflater's queue).
    fileprivate func deflate(_ chunk: ByteChunk, level: Int32, finishing: Bool) {
        guard lock.withLock({ failure }) == nil else { return }
        do {
            if chunk.count > 0 || zstream != nil {
                try deflateChunk(chunk, level: level, finishing: finishing)
            }
        } catch let error as XLSXError {
            lock.withLock { failure = error }
            release()
        } catch {
            lock.withLock { failure = .cannotWrite(path: path, reason: "\(error)") }
            release()
        }
    }

    private func deflateChunk(_ chunk: ByteChunk, level: Int32, finishing: Bool) throws {
        if zstream == nil {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard taizhang_deflate_init_raw(stream, level) == Z_OK else {
                stream.deallocate()
                throw XLSXError.cannotWrite(path: path, reason: "zlib cannot start deflating (out of memory)")
            }
            zstream = stream
            output = .allocate(capacity: Self.outputSize)
        }
        guard let stream = zstream, let output else { return }
        crc = crc32_z(crc, chunk.base, chunk.count)
        uncompressedLength += Int64(chunk.count)
        stream.pointee.next_in = chunk.base
        stream.pointee.avail_in = UInt32(chunk.count)
        let flush = finishing ? Z_SYNC_FLUSH : Z_NO_FLUSH
        repeat {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(Self.outputSize)
            let status = CZlib.deflate(stream, flush)
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw XLSXError.cannotWrite(path: path, reason: "zlib deflate failed (\(status))")
            }
            let produced = Self.outputSize - Int(stream.pointee.avail_out)
            if produced > 0 { try spill.write(UnsafeRawBufferPointer(start: output, count: produced)) }
        } while stream.pointee.avail_out == 0
        if finishing { release() }
    }

    /// Frees zlib's state and the output buffer (the compressed file stays).
    private func release() {
        if let zstream {
            deflateEnd(zstream)
            zstream.deallocate()
            self.zstream = nil
        }
        output?.deallocate()
        output = nil
    }
}

/// One-shot raw deflate of a small buffer (a part's header or trailer).
enum RawDeflate {
    /// The bytes raw-deflated on their own: ending with `Z_SYNC_FLUSH` (not final, byte-aligned,
    /// for what other streams follow) or with `Z_FINISH` (the final block); with the CRC-32.
    static func compress(_ bytes: [UInt8], level: Int32, final: Bool) throws -> (compressed: [UInt8], crc: UInt) {
        var stream = z_stream()
        guard taizhang_deflate_init_raw(&stream, level) == Z_OK else {
            throw XLSXError.cannotWrite(path: "(memory)", reason: "zlib cannot start deflating (out of memory)")
        }
        defer { deflateEnd(&stream) }
        var compressed = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 16)
        var produced = 0
        var status = Z_OK
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            repeat {
                if produced == compressed.count { compressed += [UInt8](repeating: 0, count: compressed.count) }
                compressed.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(out.count - produced)
                    status = deflate(&stream, final ? Z_FINISH : Z_SYNC_FLUSH)
                    produced = out.count - Int(stream.avail_out)
                }
            } while (status == Z_OK || status == Z_BUF_ERROR) && stream.avail_out == 0
        }
        guard status == (final ? Z_STREAM_END : Z_OK) || (status == Z_BUF_ERROR && !final) else {
            throw XLSXError.cannotWrite(path: "(memory)", reason: "zlib deflate failed (\(status))")
        }
        compressed.removeSubrange(produced...)
        let crc = bytes.withUnsafeBufferPointer { crc32_z(0, $0.baseAddress, $0.count) }
        return (compressed, crc)
    }

    /// The CRC-32 of two pieces one after the other, from their CRCs and the second's length.
    static func combine(_ first: UInt, _ second: UInt, secondLength: Int64) -> UInt {
        crc32_combine(first, second, off_t(secondLength))
    }
}
