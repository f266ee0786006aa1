import CLibzip
import CZlib
import Testing
@testable import XLSX
#if canImport(Glibc)
import Glibc
#endif

/// The sheets' rows and the shared strings deflated on a second core: what libzip stores, what
/// reads back, and what happens when the background writes fail.
@Suite("Writer: background deflating")
struct WriterDeflaterTests {
    typealias Support = WriterTestSupport

    /// How libzip describes an entry: method, sizes, CRC.
    struct EntryStat {
        var method: Int32
        var size: UInt64
        var compressedSize: UInt64
        var crc: UInt32
    }

    static func stat(_ name: String, of path: String) throws -> EntryStat {
        var error: Int32 = 0
        let archive = try #require(zip_open(path, ZIP_RDONLY, &error))
        defer { zip_discard(archive) }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        try #require(zip_stat(archive, name, 0, &stat) == 0)
        return EntryStat(method: Int32(stat.comp_method), size: stat.size, compressedSize: stat.comp_size, crc: stat.crc)
    }

    /// A CRC-32 computed here, independently of the writer.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { crc32_z(0, $0.baseAddress, $0.count) })
    }

    @Test func aMultiMegabyteWorkbookReadsBackIdentically() throws {
        var generator = SeededGenerator(seed: 9)
        let path = try Support.scratchDirectory("deflated") + "/big.xlsx"
        let workbook = try WorkbookWriter(path: path)
        let first = try workbook.addSheet("数据")
        let second = try workbook.addSheet("Second")
        var expected: [[[CellValue?]]] = [[], []]
        // Two sheets written in turns, with strings repeating and new, so that both sheets and
        // the shared strings span many chunks and the chunks of the three streams interleave.
        for row in 1...60_000 {
            let unique = "项目-\(row)-\(generator.next() % 1_000_000)"
            let repeated = "镇\(generator.next() % 50)"
            let number = Double(Int64(bitPattern: generator.next()) % 10_000_000) / 100
            let date = LocalDateTime(year: 2000 + row % 20, month: 1 + row % 12, day: 1 + row % 28)
            let cells: [WritableCell?] = [.string(unique), .string(repeated), .number(number), nil,
                                          .boolean(row % 3 == 0), .date(date)]
            try first.writeRow(cells)
            // A date is compared by its ISO text.
            expected[0].append([.string(unique), .string(repeated), .number(number), nil, .boolean(row % 3 == 0),
                                .string(date.isoDate)])
            if row % 2 == 0 {
                try second.writeRow([.number(Double(row)), .string(repeated + " and " + unique)])
                expected[1].append([.number(Double(row)), .string(repeated + " and " + unique)])
            }
        }
        #expect(first.spilledByteCount > 4 * Int64(BackgroundDeflater.chunkSize))
        try workbook.close()

        // libzip stores the sheets and the strings deflated, compressed much smaller.
        for name in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"] {
            let stat = try Self.stat(name, of: path)
            #expect(stat.method == ZIP_CM_DEFLATE, "\(name)")
            #expect(stat.compressedSize * 3 < stat.size, "\(name): \(stat.compressedSize) of \(stat.size)")
            // Our reader inflates through libzip, which checks the size and the CRC at the end.
            let bytes = try ZipArchive(path: path, limits: ReadLimits()).read(try #require(ZipArchive(path: path, limits: ReadLimits()).entry(name)))
            #expect(UInt64(bytes.count) == stat.size)
            #expect(Self.crc(bytes) == stat.crc, "\(name)")
        }
        #expect(try Support.part("xl/worksheets/sheet1.xml", of: path).hasSuffix("</worksheet>"))
        #expect(try Support.part("xl/sharedStrings.xml", of: path).hasPrefix(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"150000\""))

        let book = try Workbook(path: path)
        for (index, sheet) in book.sheets.enumerated() {
            var row = 0
            try book.forEachRow(of: sheet) { read in
                let want = expected[index][row]
                row += 1
                #expect(read.number == row)
                var got = [CellValue?](repeating: nil, count: want.count)
                for cell in read.cells { got[cell.reference.column - 1] = cell.value }
                if index == 0, case .date(let date)? = got[5] { got[5] = .string(date.isoText) }
                #expect(got == want, "sheet \(index + 1) row \(row)")
            }
            #expect(row == expected[index].count)
        }
    }

    @Test func anEmptyWorkbookAndEmptySheetsAreDeflatedToo() throws {
        let path = try Support.scratchDirectory("deflated-empty") + "/empty.xlsx"
        let workbook = try WorkbookWriter(path: path)
        _ = try workbook.addSheet("A")
        try workbook.addSheet("B").writeRow([nil, nil])
        try workbook.close()
        #expect(try Self.stat("xl/worksheets/sheet1.xml", of: path).method == ZIP_CM_DEFLATE)
        #expect(try Support.part("xl/worksheets/sheet2.xml", of: path).contains("<sheetData/>")
                    || Support.part("xl/worksheets/sheet2.xml", of: path).contains("<sheetData></sheetData>"))
        #expect(try !Support.entries(of: path).contains("xl/sharedStrings.xml"))
        let book = try Workbook(path: path)
        #expect(book.sheets.map(\.name) == ["A", "B"])
    }

    @Test func inlineStringsGoThroughTheDeflaterToo() throws {
        let path = try Support.writeWorkbook("deflated-inline", options: WriterOptions(useSharedStrings: false)) { _, sheet in
            for row in 1...5_000 { try sheet.writeRow([.string(" 第\(row)行 "), .number(Double(row))]) }
        }
        #expect(try !Support.entries(of: path).contains("xl/sharedStrings.xml"))
        let book = try Workbook(path: path)
        var count = 0
        try book.forEachRow(of: book.sheets[0]) { row in
            count += 1
            #expect(row.cells.first?.value == .string(" 第\(count)行 "))
        }
        #expect(count == 5_000)
    }

    /// The stream is written to `/dev/full`: the first chunk fails in the background with
    /// ENOSPC, and the failure comes back as a typed error, at the next hand-over and at the end.
    @Test func aFailureInTheBackgroundSurfacesAsATypedError() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0, "no /dev/full")
        let deflater = BackgroundDeflater(level: 4)
        let stream = DeflatedStream(spill: SpillFile(descriptor: descriptor), path: "out.xlsx")
        let writer = XMLWriter(capacity: 1 << 16)
        var generator = SeededGenerator(seed: 3)
        // Incompressible bytes, so that zlib's output does not fit in its buffers and reaches the file.
        for _ in 0..<(3 << 18) { writer.append(UInt8(truncatingIfNeeded: generator.next())) }
        try deflater.submit(writer, to: stream)
        deflater.waitUntilIdle()
        writer.append("<row/>")
        #expect(throws: XLSXError.self) { try deflater.submit(writer, to: stream) }
        do {
            try deflater.submit(writer, to: stream, finishing: true)
            Issue.record("the failure was not thrown")
        } catch let error as XLSXError {
            guard case .cannotWrite(_, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reason == String(cString: strerror(ENOSPC)))
        }
        deflater.waitUntilIdle()
        #expect(throws: XLSXError.self) { try stream.finished() }
    }

    /// Header + body + trailer, each deflated on its own, inflate as one stream to the
    /// concatenation, with the combined CRC.
    @Test func separatelyDeflatedPiecesJoinIntoOneDeflateStream() throws {
        let directory = try Support.scratchDirectory("deflated-join")
        let deflater = BackgroundDeflater(level: 6)
        let stream = DeflatedStream(spill: try SpillFile(directory: directory), path: directory + "/x.xlsx")
        let writer = XMLWriter()
        var body: [UInt8] = []
        for index in 0..<200_000 {
            let text = Array("<c r=\"A\(index)\"><v>\(index * 7)</v></c>".utf8)
            body += text
            text.withUnsafeBytes { writer.append($0) }
            if writer.count > 100_000 { try deflater.submit(writer, to: stream) }
        }
        try deflater.submit(writer, to: stream, finishing: true)
        deflater.waitUntilIdle()
        let header = Array("<?xml version=\"1.0\"?><worksheet><sheetData>".utf8)
        let trailer = Array("</sheetData></worksheet>".utf8)
        let part = try PackagePart.deflated(name: "p", header: header, body: stream, trailer: trailer, level: 6)
        var compressed: [UInt8] = []
        for segment in part.segments {
            switch segment {
            case .bytes(let bytes): compressed += bytes
            case .file(let file):
                var buffer = [UInt8](repeating: 0, count: Int(file.length))
                let read = try buffer.withUnsafeMutableBytes { try file.read(at: 0, into: $0) }
                #expect(read == buffer.count)
                compressed += buffer
            }
        }
        let whole = header + body + trailer
        #expect(part.deflated?.size == Int64(whole.count))
        #expect(UInt32(part.deflated!.crc) == Self.crc(whole))
        #expect(try Self.inflate(compressed, expectedSize: whole.count) == whole)
    }

    /// Raw inflate of a whole stream; fails unless it ends with the final block.
    static func inflate(_ compressed: [UInt8], expectedSize: Int) throws -> [UInt8] {
        var stream = z_stream()
        try #require(inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var input = compressed
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        #expect(status == Z_STREAM_END)
        #expect(stream.avail_in == 0)
        return Array(output[..<Int(stream.total_out)])
    }
}
