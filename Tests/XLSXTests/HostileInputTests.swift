import CLibzip
import Foundation
import Testing
import TestOracles
@testable import XLSX

/// Broken and hostile input (issue 8): every case ends in values or a typed error, in bounded time.
@Suite("Reader: hostile and broken input")
struct HostileInputTests {
    private func outcome(_ bytes: [UInt8], limits: ReadLimits = ReadLimits()) -> Result<[Cell], XLSXError> {
        do {
            let workbook = try Workbook(bytes: bytes, limits: limits)
            var cells: [Cell] = []
            for sheet in workbook.sheets where sheet.kind == .worksheet {
                try workbook.forEachRow(of: sheet) { cells += $0.cells }
            }
            return .success(cells)
        } catch let error as XLSXError {
            return .failure(error)
        } catch {
            Issue.record("untyped error \(error)")
            return .success([])
        }
    }

    private func sheet(_ xml: String) -> [UInt8] {
        var fixture = PackageFixture.workbook(sheets: [("S", "")], sharedStrings: ["a"])
        fixture.replace("xl/worksheets/sheet1.xml", xml)
        return fixture.zipBytes()
    }

    private func worksheet(_ body: String) -> String {
        "<worksheet xmlns=\"\(PackageFixture.mainNamespace)\"><sheetData>\(body)</sheetData></worksheet>"
    }

    private func isMalformed(_ result: Result<[Cell], XLSXError>) -> Bool {
        if case .failure(.malformedXML) = result { return true }
        return false
    }

    @Test func xmlLevel() {
        // Deep nesting: libxml2's push parser does not recurse; unknown elements are skipped.
        let deep = String(repeating: "<x>", count: 100_000) + String(repeating: "</x>", count: 100_000)
        switch outcome(sheet(worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + deep))) {
        case .success(let cells): #expect(cells.count == 1)
        case .failure(let error): #expect(isMalformed(.failure(error)), "deep nesting: \(error)")
        }
        let bigAttribute = String(repeating: "a", count: 12 << 20)
        #expect(isMalformed(outcome(sheet(worksheet("<row r=\"1\" x=\"\(bigAttribute)\"/>")))), "an attribute over 10 MB")
        if case .failure(.limitExceeded(.stringLength, _, _, _)) = outcome(sheet(worksheet(
            "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(String(repeating: "长", count: 400_000))</t></is></c></row>"))) {
        } else {
            Issue.record("a text node over the string limit must be refused")
        }
        var invalidUTF8 = Array(worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>X</t></is></c></row>").utf8)
        invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "X"))!] = 0xC3
        var fixture = PackageFixture.workbook(sheets: [("S", "")])
        fixture.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
        fixture.entries.append(("xl/worksheets/sheet1.xml", invalidUTF8))
        #expect(isMalformed(outcome(fixture.zipBytes())), "invalid UTF-8")
        var withNul = Array(worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>").utf8)
        withNul.insert(0, at: 60)
        fixture.entries.removeAll { $0.name == "xl/worksheets/sheet1.xml" }
        fixture.entries.append(("xl/worksheets/sheet1.xml", withNul))
        #expect(isMalformed(outcome(fixture.zipBytes())), "a NUL byte")
        #expect(isMalformed(outcome(sheet(worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#0;&#xFFFE;</t></is></c></row>")))),
                "numeric references to invalid characters")
        #expect(isMalformed(outcome(sheet("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.com/x.dtd\">" + worksheet("")))) == false,
                "a DOCTYPE is refused as such, not as malformed")
    }

    @Test func spreadsheetLevel() {
        // Rows out of order and repeated are handed out as the file has them; nothing crashes.
        if case .success(let cells) = outcome(sheet(worksheet(
            "<row r=\"5\"><c r=\"A5\"><v>5</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row><row r=\"5\"><c r=\"B5\"><v>6</v></c></row>"))) {
            #expect(cells.map(\.reference.description) == ["A5", "A2", "B5"])
        } else {
            Issue.record("rows out of order must be read")
        }
        let millionColumns = "<row r=\"1\">" + String(repeating: "<c><v>1</v></c>", count: 20_000) + "</row>"
        if case .failure(.limitExceeded(.cellsPerRow, _, _, _)) = outcome(sheet(worksheet(millionColumns))) {} else {
            Issue.record("more cells in a row than columns must be refused")
        }
        if case .failure(.invalidContent(_, let message)) = outcome(sheet(worksheet("<row r=\"1\"><c r=\"A1\"><v>abc</v></c></row>"))) {
            #expect(message.contains("A1"))
        } else {
            Issue.record("a value without a type that is not a number must be refused")
        }
        // A formula without a value, and a negative date serial, read without harm.
        let dated = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><f>1/0</f></c><c r=\"B1\" s=\"1\"><v>-5</v></c></row>")],
                                            cellFormatIDs: [0, 14]).zipBytes()
        if case .success(let cells) = outcome(dated), case .date(let date)? = cells.first?.value {
            #expect(date.isoText == "1899-12-25")
        } else {
            Issue.record("a negative date must read")
        }
    }

    /// Bytes of a zip with one stored (uncompressed) entry, for surgery on its headers.
    private func storedZip() -> [UInt8] {
        PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")]).zipBytes(compression: ZIP_CM_STORE)
    }

    private func isRefusedCleanly(_ result: Result<[Cell], XLSXError>) -> Bool {
        switch result {
        case .failure(.corruptArchive), .failure(.checksumMismatch), .failure(.malformedXML), .failure(.missingPart),
             .failure(.notAZipFile), .failure(.limitExceeded): return true
        default: return false
        }
    }

    @Test func zipLevel() {
        // A flipped byte in a stored part: the CRC catches it.
        var flipped = storedZip()
        let marker = Array("<v>1</v>".utf8)
        let at = (0...(flipped.count - marker.count)).first { Array(flipped[$0..<($0 + marker.count)]) == marker }!
        flipped[at + 3] = UInt8(ascii: "7")
        #expect(isRefusedCleanly(outcome(flipped)), "bad CRC")
        // A central directory that lies about sizes.
        var lying = storedZip()
        let central: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        for index in 0..<(lying.count - 30) where Array(lying[index..<(index + 4)]) == central {
            lying[index + 24] = 0xFF   // uncompressed size
            lying[index + 25] = 0xFF
        }
        let result = outcome(lying)
        if case .success = result {} else { #expect(isRefusedCleanly(result), "declared sizes that lie: \(result)") }
        // An end record that claims a million entries.
        var absurd = storedZip()
        let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let eocd = (0...(absurd.count - 22)).reversed().first { Array(absurd[$0..<($0 + 4)]) == end }!
        absurd[eocd + 8] = 0x40; absurd[eocd + 9] = 0x42; absurd[eocd + 10] = 0x40; absurd[eocd + 11] = 0x42
        #expect(isRefusedCleanly(outcome(absurd)), "absurd entry count")
        // The entry-count limit itself.
        var limits = ReadLimits()
        limits.maximumEntryCount = 3
        if case .failure(.limitExceeded(.entryCount, _, _, _)) = outcome(storedZip(), limits: limits) {} else {
            Issue.record("the entry-count limit must hold")
        }
        // Names with backslashes and ../ are only looked up, never used as paths.
        var odd = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")])
        odd.add("../../etc/evil.xml", "<x/>")
        odd.add("xl\\worksheets\\extra.xml", "<x/>")
        let oddResult = outcome(odd.zipBytes())
        if case .success(let cells) = oddResult { #expect(cells.count == 1) } else { Issue.record("odd names must not stop reading: \(oddResult)") }
    }

    @Test(.needs(.python([]))) func zip64ArchivesRead() throws {
        let source = PackageFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>42</v></c></row>")]).write()
        let target = source + ".zip64.xlsx"
        let script = """
            import sys, zipfile
            src = zipfile.ZipFile(sys.argv[1])
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
                for info in src.infolist():
                    with out.open(info.filename, "w", force_zip64=True) as f:
                        f.write(src.read(info.filename))
            """
        let process = try Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script, source, target])
        #expect(process.waitUntilExitStatus() == 0)
        #expect(try Workbook(path: target).cells(of: "S")["A1"] == .number(42))
    }
}

extension Process {
    func waitUntilExitStatus() -> Int32 {
        waitUntilExit()
        return terminationStatus
    }
}
