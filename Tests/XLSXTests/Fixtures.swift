import CLibzip
import Foundation
@testable import XLSX

/// Builds small workbooks part by part, so each test states exactly the XML it reads.
struct PackageFixture {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The zip entries: name → bytes, in order.
    var entries: [(name: String, bytes: [UInt8])] = []

    mutating func add(_ name: String, _ text: String) {
        entries.append((name, Array(text.utf8)))
    }

    /// A workbook with the given sheets (name, sheetData inner XML or a whole worksheet part),
    /// optional shared strings and cell formats, at the usual part names.
    static func workbook(sheets: [(name: String, xml: String)], sharedStrings: [String]? = nil,
                         numberFormats: [(id: Int, code: String)] = [], cellFormatIDs: [Int] = [0],
                         workbookExtras: String = "", sheetStates: [String?]? = nil) -> PackageFixture {
        var fixture = PackageFixture()
        var overrides = ""
        var workbookRels = ""
        var sheetList = ""
        for (index, sheet) in sheets.enumerated() {
            let number = index + 1
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(number).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            workbookRels += "<Relationship Id=\"rId\(number)\" Type=\"\(relationshipBase)/worksheet\" Target=\"worksheets/sheet\(number).xml\"/>"
            let state = sheetStates?[index].map { " state=\"\($0)\"" } ?? ""
            sheetList += "<sheet name=\"\(sheet.name)\" sheetId=\"\(number)\"\(state) r:id=\"rId\(number)\"/>"
        }
        workbookRels += "<Relationship Id=\"rIdStyles\" Type=\"\(relationshipBase)/styles\" Target=\"styles.xml\"/>"
        overrides += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        if sharedStrings != nil {
            workbookRels += "<Relationship Id=\"rIdStrings\" Type=\"\(relationshipBase)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            overrides += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        }
        fixture.add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            \(overrides)</Types>
            """)
        fixture.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationshipBase)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """)
        fixture.add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipsNamespace)">\(workbookExtras)<sheets>\(sheetList)</sheets></workbook>
            """)
        fixture.add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(workbookRels)</Relationships>
            """)
        let numFmts = numberFormats.isEmpty ? "" : "<numFmts count=\"\(numberFormats.count)\">"
            + numberFormats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\(xmlEscaped($0.code))\"/>" }.joined() + "</numFmts>"
        let xfs = cellFormatIDs.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        fixture.add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <styleSheet xmlns="\(mainNamespace)">\(numFmts)<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
            <fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(cellFormatIDs.count)">\(xfs)</cellXfs></styleSheet>
            """)
        if let sharedStrings {
            fixture.add("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <sst xmlns="\(mainNamespace)" count="\(sharedStrings.count)" uniqueCount="\(sharedStrings.count)">\
                \(sharedStrings.map { $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t>\(xmlEscaped($0))</t></si>" }.joined())</sst>
                """)
        }
        for (index, sheet) in sheets.enumerated() {
            let xml = sheet.xml.hasPrefix("<?xml") || sheet.xml.hasPrefix("<worksheet") ? sheet.xml
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\"><sheetData>\(sheet.xml)</sheetData></worksheet>"
            fixture.add("xl/worksheets/sheet\(index + 1).xml", xml)
        }
        return fixture
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Replaces an entry's content (or adds it).
    mutating func replace(_ name: String, _ text: String) {
        entries.removeAll { $0.name == name }
        add(name, text)
    }

    mutating func remove(_ name: String) {
        entries.removeAll { $0.name == name }
    }

    /// The zip archive's bytes (deflated entries, written through libzip).
    func zipBytes(compression: Int32 = ZIP_CM_DEFLATE) -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).zip").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var error: Int32 = 0
        let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &error)!
        for entry in entries {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(entry.bytes.count, 1), alignment: 1)
            entry.bytes.withUnsafeBytes { if let base = $0.baseAddress { buffer.copyMemory(from: base, byteCount: $0.count) } }
            let source = zip_source_buffer(archive, buffer, UInt64(entry.bytes.count), 1)!
            let index = zip_file_add(archive, entry.name, source, ZIP_FL_ENC_UTF_8)
            zip_set_file_compression(archive, UInt64(index), compression, 0)
        }
        zip_close(archive)
        return Array(FileManager.default.contents(atPath: path)!)
    }

    /// Writes the archive to a temporary file and returns its path.
    func write(extension ext: String = "xlsx") -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).\(ext)").path
        FileManager.default.createFile(atPath: path, contents: Data(zipBytes()))
        return path
    }

    func open(limits: ReadLimits = ReadLimits()) throws -> Workbook {
        try Workbook(bytes: zipBytes(), limits: limits)
    }
}

extension Workbook {
    /// Every cell of a sheet (by name), as (A1 reference → value).
    func cells(of name: String) throws -> [String: CellValue] {
        var result: [String: CellValue] = [:]
        try forEachRow(of: try sheet(named: name)) { row in
            for cell in row.cells { result[cell.reference.description] = cell.value }
        }
        return result
    }

    /// Every cell of a sheet, as `Cell` values in file order.
    func allCells(of name: String) throws -> [Cell] {
        var result: [Cell] = []
        try forEachRow(of: try sheet(named: name)) { result.append(contentsOf: $0.cells) }
        return result
    }
}

/// Where the shared corpus is, if this checkout has it beside it.
enum SharedFolder {
    static var root: URL? {
        let here = URL(fileURLWithPath: #filePath)
        let shared = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.appendingPathComponent("corpus/MANIFEST.tsv").path) ? shared : nil
    }

    /// A corpus's MANIFEST.tsv: its header and its rows, split into fields.
    static func manifest(of corpus: URL) throws -> (header: [String], rows: [[String]]) {
        let text = try String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = rows.removeFirst()
        return (header, rows)
    }
}
