import Foundation
import Testing
import TestOracles
import XLSX
@testable import Ledger
@testable import Portal

/// The bulletin workbook on paper, as documents.md asks: LibreOffice prints its sheet 通报 on one
/// A4 page (the next sheet, 交账情况, starts page 2) — for the district's five towns and for the
/// most towns a one-page bulletin takes (``BulletinWorkbook/onePageTowns``) — measured from
/// pdftotext's word boxes as the documents tests measure (`PrintedPage`): the median Chinese
/// glyph at least 8 points and nothing below 7, the title at least 10, no two words over each
/// other, nothing past the paper's edge, the footer's issuer and page numbers; the title, every
/// town, the towns not on time and the 落款 on the page. The workbook also passes the OOXML
/// schema check when the tool is there.
///
/// `TAIZHANG_KEEP_PRINTS=DIR` keeps the workbooks, the PDFs and a PNG of each first page in DIR.
@Suite("Portal: the bulletin on paper", .serialized)
struct BulletinPrintTests {
    typealias F = PortalFixture

    /// The default district and, with `towns` more than its five, invented ones (no report).
    static func district(towns: Int) -> (inout PortalOptions) -> Void {
        { options in
            var district = options.configuration.district
            district.towns += (0..<max(0, towns - district.towns.count)).map { DistrictConfig.Town(name: "新建第\($0 + 1)镇", target: 20) }
            options.configuration.district = district
        }
    }

    /// Four towns report on 10-16 (填报日期 10-16), the rest do not; the bulletin is made the next morning.
    static func bulletin(_ fixture: PortalFixture) async throws -> Bulletin {
        fixture.clock.now = PortalClock.secondsSince1970(year: 2026, month: 10, day: 16, hour: 10)
        try await fixture.portal.application().test(.router) { client in
            for index in 0..<4 {
                let ledger = try fixture.ledger(town: index, asOf: LedgerDate(iso: "2026-10-16"))
                #expect(try await F.upload(client, token: fixture.districtToken, bytes: ledger, fileName: "\(index).xlsx").status == .created)
            }
        }
        fixture.clock.now = PortalClock.secondsSince1970(year: 2026, month: 10, day: 17, hour: 9)
        return try await fixture.portal.services.bulletins.bulletin(day: LedgerDate(iso: "2026-10-16")).bulletin
    }

    @Test(.needs(.libreOffice, .program("pdftotext"), .program("pdftoppm")), arguments: [5, BulletinWorkbook.onePageTowns])
    func theBulletinPrintsOnOneA4Page(towns: Int) async throws {
        let fixture = try F(options: Self.district(towns: towns))
        let bulletin = try await Self.bulletin(fixture)
        #expect(bulletin.lines.count == towns)
        let kept = ProcessInfo.processInfo.environment["TAIZHANG_KEEP_PRINTS"]
        let folder = kept.map { $0 + "/bulletin-\(towns)" } ?? temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let workbook = folder + "/通报.xlsx"
        try BulletinWorkbook(bulletin: bulletin).write(to: workbook)

        if Oracle.runs(.schemaCheck, .program("xmllint"), check: "the schema check of the bulletin workbook") {
            let check = try Programs.run(Oracle.sharedPath("tools/xlsx_schema_check"), [workbook])
            #expect(check.status == 0, "\(check.output)\(check.errors)")
        }

        let pdf = try #require(try Printing.pdfs(of: [workbook], in: folder, to: folder).first)
        #expect(FileManager.default.fileExists(atPath: pdf), "LibreOffice printed no PDF")
        let pages = try PrintedPage.read(pdf)
        #expect(pages.count == 2, "通报 on one page, 交账情况 on the next: \(pages.count) pages")
        guard let first = pages.first else { return }
        #expect(abs(first.width - 595.3) < 1 && abs(first.height - 841.9) < 1, "A4 portrait: \(first.width) × \(first.height)")
        let text = first.text
        for expected in ["工作进展通报", "(第3期)", "截至2026年10月16日24时", "全区已新建直属团组织", "未按时交账", "扬子洲镇(未交账)",
                         bulletin.issuer, "2026年10月17日", "名次", "第1页,共2页"] + bulletin.lines.map(\.town) {
            #expect(text.contains(expected), "\(towns) towns: page 1 lacks \(expected)")
        }
        #expect(try PrintedPage.read(pdf).dropFirst().first?.text.contains("交账情况") == true)
        let median = first.medianGlyph ?? 0, smallest = first.smallestGlyph ?? 0
        #expect(median >= 8, "\(towns) towns: the median Chinese glyph prints at \(median) pt")
        #expect(smallest >= 7, "\(towns) towns: the smallest Chinese glyph prints at \(smallest) pt")
        for word in first.words {
            if let size = word.glyphSize ?? first.estimatedSize(of: word) {
                #expect(size >= 7, "\(towns) towns: \"\(word.text)\" prints at \(size) pt")
            }
            #expect(word.xMin >= 0 && word.xMax <= first.width && word.yMin >= 0 && word.yMax <= first.height,
                    "\(towns) towns: \"\(word.text)\" runs past the paper's edge")
        }
        for (one, other) in first.overprints() {
            Issue.record("\(towns) towns: \"\(one.text)\" and \"\(other.text)\" print over each other")
        }
        let title = first.words.filter { $0.text.contains("工作进展通报") }
        #expect(!title.isEmpty && title.allSatisfy { ($0.glyphSize ?? first.estimatedSize(of: $0) ?? 0) >= 10 }, "the title prints under 10 pt")
        print("bulletin of \(towns) towns, page 1: median glyph \(String(format: "%.1f", median)) pt, smallest \(String(format: "%.1f", smallest)) pt")
        if kept != nil {
            _ = try Printing.output("pdftoppm", ["-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, folder + "/通报"])
        }
    }

    /// A district of thousands of towns, nearly all of them not on time: the sheet's paragraph
    /// names the first ``BulletinWorkbook/namedLateTowns`` and counts the others (every town
    /// is in 交账情况); naming them all overran a cell's 32,767 characters and the download
    /// failed (500).
    @Test(.needs(.builtTaizhang, .openpyxl))
    func thousandsOfTownsNotOnTimeAreCountedNotAllNamed() async throws {
        let fixture = try F(options: Self.district(towns: 3_000))
        let bulletin = try await Self.bulletin(fixture)
        #expect(bulletin.notOnTime.count == 2_996)
        let path = temporaryFolder() + "/通报.xlsx"
        try BulletinWorkbook(bulletin: bulletin).write(to: path)
        let workbook = try Workbook(path: path)
        var texts: [String] = []
        try workbook.forEachRow(of: try workbook.sheet(named: "通报")) { row in texts += row.cells.map(\.value.displayText) }
        var statusRows = 0
        try workbook.forEachRow(of: try workbook.sheet(named: "交账情况")) { _ in statusRows += 1 }
        let paragraph = try #require(texts.first { $0.hasPrefix("未按时交账") })
        #expect(paragraph.hasPrefix("未按时交账(2996 个镇):"))
        #expect(paragraph.hasSuffix("等,另 \(2_996 - BulletinWorkbook.namedLateTowns) 个镇逐镇见“交账情况”表。"))
        #expect(paragraph.components(separatedBy: "、").count == BulletinWorkbook.namedLateTowns)
        #expect(statusRows > 3_000)
        // The page, which no cell bounds, still names every one.
        #expect(bulletin.notOnTimeText(time: bulletin.calendar.timeOfDay).components(separatedBy: "、").count == 2_996)
    }
}
