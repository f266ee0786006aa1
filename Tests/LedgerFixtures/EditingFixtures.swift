import Foundation
import Ledger
import LedgerSamples
import XLSX

/// Faulty ledgers as other programs write them, for the editing tests: a valid sample's values
/// with mistakes put in, written again by openpyxl or XlsxWriter (shared strings, or inline
/// strings and the 1904 date system; a shared formula and a calculation chain added after), or
/// saved from openpyxl's file by LibreOffice (`.xlsx`, `.xls`) or Gnumeric (ssconvert).
/// The Ledger tests correct them with ``LedgerEditor``, the portal's tests through its API.
public enum LedgerProducer: String, CaseIterable, CustomStringConvertible, Sendable {
    case openpyxl
    case xlsxWriter = "xlsxwriter"
    case xlsxWriterInline1904 = "xlsxwriter-inline-1904"
    case libreOffice = "libreoffice"
    case libreOfficeXLS = "libreoffice-xls"
    case gnumeric

    public var description: String { rawValue }
}

/// A cell with a mistake put in: what it holds, and what the town types to correct it.
public struct InjectedMistake: Sendable {
    public var sheet: String
    public var cell: CellReference
    /// The mistake: a cell kind for the writers (`s` text, `n` number, `d` ISO date, `f` formula, `-` no cell) and its value.
    public var kind: String
    public var value: String
    public var cached: Double?
    /// What the town types on the page.
    public var correction: String
    /// What the cell holds after the correction, as our reader sees it.
    public var expected: CellValue
}

/// A faulty ledger and what correcting it means.
public struct FaultyLedger: Sendable {
    public var path: String
    public var folder: String
    public var mistakes: [InjectedMistake]
    /// The cells of a shared formula (master first), when the producer has one.
    public var sharedFormula: [CellReference]
    /// The row to add to 直属团组织, by label.
    public var newRow: [String: String]
    /// The data rows of 直属团组织 before.
    public var organisationRows: Int
    /// The organisations the valid ledger (before the mistakes) counts as founded.
    public var validFounded: Int
}

public enum EditingFixtures {
    /// The built-in ledger and district (`templates/`).
    public static let configuration: LedgerConfiguration = {
        let root = #filePath.components(separatedBy: "/Tests/").first!
        return try! LedgerConfiguration.load(schemaPath: root + "/templates/ledger.yaml", districtPath: root + "/templates/district.yaml")
    }()
    /// Its validator.
    public static let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)

    /// Writes a faulty ledger as `producer` writes it.
    public static func make(_ producer: LedgerProducer) throws -> FaultyLedger {
        let folder = temporaryFolder()
        let town = configuration.district.towns[0]
        try FileManager.default.createDirectory(atPath: folder + "/sample", withIntermediateDirectories: true)
        try SampleGenerator(configuration: configuration, seed: 5).write(to: folder + "/sample", towns: [town], faults: false)
        let sample = folder + "/sample/" + TemplateBuilder.fileName(town: town.name)
        let valid = validator.validate(path: sample)
        guard valid.errorCount == 0, let submission = valid.submission, let organisations = submission.tables["直属团组织"],
              let form = submission.forms["基本信息"], let cadres = submission.tables["挂点包干"],
              organisations.rows.count >= 9, let reportDate = form.value("填报日期")?.date else {
            throw PythonOracle.OracleFailure(message: "the sample is not the valid ledger the tests expect: \(valid.findings.prefix(5))")
        }
        func cell(_ row: Int, _ label: String) -> CellReference {
            CellReference(row: organisations.rows[row].number, column: organisations.columns[label]!)
        }
        func original(_ row: Int, _ label: String) -> LedgerValue { organisations.rows[row].value(label)! }
        let founded = original(1, "成立日期").date!
        let members = original(2, "团员人数")
        let third = original(3, "成立日期").date!
        let mistakes = [
            InjectedMistake(sheet: "基本信息", cell: form.fields["填报人"]!.reference, kind: "-", value: "", correction: " 张三 ",
                            expected: .string("张三")),
            InjectedMistake(sheet: "直属团组织", cell: cell(1, "成立日期"), kind: "d", value: "\(reportDate.year)-12-31",
                            correction: founded.description, expected: dateValue(founded)),
            InjectedMistake(sheet: "直属团组织", cell: cell(2, "团员人数"), kind: "f", value: "1+1", cached: 2,
                            correction: members.description, expected: .number(members.number!)),
            InjectedMistake(sheet: "直属团组织", cell: cell(3, "成立日期"), kind: "s", value: "abc",
                            correction: "\(third.year)年\(third.month)月\(third.day)日", expected: dateValue(third)),
            InjectedMistake(sheet: "直属团组织", cell: cell(4, "书记联系电话"), kind: "s", value: "1380013800",
                            correction: "13800138000", expected: .string("13800138000")),
            InjectedMistake(sheet: "直属团组织", cell: cell(5, "组织类型"), kind: "s", value: "团小组",
                            correction: original(5, "组织类型").description, expected: .string(original(5, "组织类型").description)),
        ]
        // 青年人数 of rows 7 to 9 as one formula (ten times 团员人数): shared by XlsxWriter's file.
        let youth = (6...8).map { cell($0, "青年人数") }
        let membersColumn = CellReference.columnLetters(organisations.columns["团员人数"]!)
        let formulas = youth.enumerated().map { offset, reference in
            (reference, "\(membersColumn)\(reference.row)*10", 10 * organisations.rows[6 + offset].value("团员人数")!.number!)
        }
        let newRow = [
            "团组织名称": "湖坊镇新建测试团支部", "组织类型": "团支部", "依托领域": "企业", "所在村(社区)/单位": "湖坊村",
            "成立日期": reportDate.description, "团员人数": "5", "青年人数": "30", "书记姓名": "王小明",
            "书记联系电话": "13900139000", "挂点班子成员": cadres.rows[0].value("姓名")!.description,
        ]

        // (Only XlsxWriter's file gets them: openpyxl writes formulas without the values they compute.)
        let spec = try dump(sample, mistakes: mistakes, formulas: producer == .xlsxWriter ? formulas : [])
        let written = folder + "/" + producer.rawValue + ".xlsx"
        var sharedFormula: [CellReference] = []
        switch producer {
        case .openpyxl, .libreOffice, .libreOfficeXLS, .gnumeric:
            try write(spec, writer: "openpyxl", to: written)
        case .xlsxWriter:
            let sheetNumber = try Workbook(path: sample).sheets.firstIndex { $0.name == "直属团组织" }! + 1
            try write(spec, writer: "xlsxwriter", to: written, shared: (sheetNumber, youth.map(\.description)))
            sharedFormula = youth
        case .xlsxWriterInline1904:
            try write(spec, writer: "xlsxwriter", to: written, inline: true, date1904: true)
        }
        var path = written
        switch producer {
        case .libreOffice: path = try convert(written, with: "xlsx", in: folder + "/lo")
        case .libreOfficeXLS: path = try convert(written, with: "xls", in: folder + "/lo")
        case .gnumeric:
            path = folder + "/gnumeric.xlsx"
            let run = try ProcessRun.run("/usr/bin/ssconvert", [written, path])
            guard run.status == 0 else { throw PythonOracle.OracleFailure(message: "ssconvert: \(run.errors)") }
        default: break
        }
        let validFounded = organisations.rows.compactMap { $0.value("成立日期")?.date }.filter { $0 >= configuration.district.campaignStart }.count
        return FaultyLedger(path: path, folder: folder, mistakes: mistakes, sharedFormula: sharedFormula, newRow: newRow,
                            organisationRows: organisations.rows.count, validFounded: validFounded)
    }

    /// A date as our reader gives it (1900 system).
    public static func dateValue(_ date: LedgerDate) -> CellValue {
        .date(ExcelDate(serial: date.excelSerial, system: .system1900, kind: .date))
    }

    /// Saves a workbook with LibreOffice in another format (its own profile, so runs do not clash).
    public static func convert(_ path: String, with format: String, in folder: String) throws -> String {
        let run = try ProcessRun.run("/usr/bin/soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless",
                                                          "--convert-to", format, "--outdir", folder, path])
        let converted = folder + "/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + "." + format
        guard run.status == 0, FileManager.default.fileExists(atPath: converted) else {
            throw PythonOracle.OracleFailure(message: "soffice --convert-to \(format): \(run.errors)")
        }
        return converted
    }

    /// The sample's sheets, values and merged ranges, with the mistakes and formulas put in, as
    /// the writer script takes them.
    static func dump(_ path: String, mistakes: [InjectedMistake], formulas: [(CellReference, String, Double)]) throws -> [[String: Any]] {
        let workbook = try Workbook(path: path)
        var sheets: [[String: Any]] = []
        for sheet in workbook.sheets where sheet.kind == .worksheet {
            var cells: [String: [Any]] = [:]
            let reader = try workbook.rows(of: sheet)
            while let row = try reader.next() {
                for cell in row.cells {
                    let entry: [Any]
                    switch cell.value {
                    case .string(let text): entry = ["s", text, NSNull()]
                    case .number(let number): entry = ["n", number, NSNull()]
                    case .date(let date): entry = ["d", LedgerDate(date.dateTime).description, NSNull()]
                    case .boolean(let flag): entry = ["n", flag ? 1 : 0, NSNull()]
                    case .error: continue
                    }
                    cells[cell.reference.description] = entry
                }
            }
            for mistake in mistakes where mistake.sheet == sheet.name {
                cells[mistake.cell.description] = mistake.kind == "-" ? nil : [mistake.kind, mistake.value, mistake.cached ?? NSNull()]
            }
            if sheet.name == "直属团组织" {
                for (cell, formula, cached) in formulas { cells[cell.description] = ["f", formula, cached] }
            }
            let list: [[Any]] = cells.map { reference, entry in
                let cell = CellReference(reference)!
                return [cell.row, cell.column] + entry
            }.sorted { ($0[0] as! Int, $0[1] as! Int) < ($1[0] as! Int, $1[1] as! Int) }
            sheets.append(["name": sheet.name, "hidden": sheet.state != .visible, "cells": list,
                           "merges": reader.mergedRanges.map(\.description)])
        }
        return sheets
    }

    /// Writes the sheets with openpyxl or XlsxWriter; for XlsxWriter, optionally as inline strings
    /// in the 1904 date system, or with a shared formula over `shared` cells of a sheet (by its
    /// number) and a calculation chain listing the sheet's formulas.
    static func write(_ sheets: [[String: Any]], writer: String, to path: String, inline: Bool = false, date1904: Bool = false,
                      shared: (sheet: Int, cells: [String])? = nil) throws {
        var spec: [String: Any] = ["path": path, "writer": writer, "inline": inline, "date1904": date1904, "sheets": sheets]
        if let shared { spec["shared"] = ["sheet": shared.sheet, "cells": shared.cells] }
        let specPath = path + ".json"
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
        try PythonOracle.run(writerScript, arguments: [specPath])
    }

    static let writerScript = #"""
import sys, json, datetime, zipfile, re
spec = json.load(open(sys.argv[1]))
path = spec["path"]
def day(text):
    y, m, d = map(int, text.split("-"))
    return datetime.datetime(y, m, d)
if spec["writer"] == "openpyxl":
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in spec["sheets"]:
        ws = wb.create_sheet(sheet["name"])
        if sheet["hidden"]:
            ws.sheet_state = "hidden"
        for r, c, kind, value, cached in sheet["cells"]:
            cell = ws.cell(row=r, column=c)
            if kind == "s":
                cell.value = value
                cell.data_type = "s"
            elif kind == "n":
                cell.value = int(value) if float(value).is_integer() else value
            elif kind == "d":
                cell.value = day(value)
                cell.number_format = "yyyy-mm-dd"
            elif kind == "f":
                cell.value = "=" + value
        for m in sheet["merges"]:
            ws.merge_cells(m)
    wb.save(path)
else:
    import xlsxwriter
    from xlsxwriter.utility import xl_cell_to_rowcol
    wb = xlsxwriter.Workbook(path, {"constant_memory": spec["inline"], "date_1904": spec["date1904"],
                                    "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    dates = wb.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in spec["sheets"]:
        ws = wb.add_worksheet(sheet["name"])
        if sheet["hidden"]:
            ws.hide()
        merges = {}
        for m in sheet["merges"]:
            first, last = m.split(":")
            merges[xl_cell_to_rowcol(first)] = xl_cell_to_rowcol(last)
        for r, c, kind, value, cached in sheet["cells"]:
            row, col = r - 1, c - 1
            if (row, col) in merges:
                last = merges.pop((row, col))
                ws.merge_range(row, col, last[0], last[1], value)
            elif kind == "s":
                ws.write_string(row, col, value)
            elif kind == "n":
                ws.write_number(row, col, value)
            elif kind == "d":
                ws.write_datetime(row, col, day(value), dates)
            elif kind == "f":
                ws.write_formula(row, col, "=" + value, None, cached)
    wb.close()
    shared = spec.get("shared")
    if shared:
        part = "xl/worksheets/sheet%d.xml" % shared["sheet"]
        source = zipfile.ZipFile(path)
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
        source.close()
        out = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        cells = shared["cells"]
        for name, data in entries:
            text = data.decode("utf-8")
            if name == part:
                for n, ref in enumerate(cells):
                    m = re.search(r'(<c r="%s"[^>]*>)<f>([^<]*)</f>' % ref, text)
                    formula = '<f t="shared" ref="%s:%s" si="0">%s</f>' % (cells[0], cells[-1], m.group(2)) if n == 0 else '<f t="shared" si="0"/>'
                    text = text.replace(m.group(0), m.group(1) + formula)
                chain = re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*><f', text)
            elif name == "[Content_Types].xml":
                text = text.replace("</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            elif name == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
            out.writestr(name, text.encode("utf-8"))
        out.writestr("xl/calcChain.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     + "".join('<c r="%s"%s/>' % (ref, ' i="%d"' % shared["sheet"] if n == 0 else "") for n, ref in enumerate(chain)) + "</calcChain>")
        out.close()
"""#
}
