import TaizhangSupport
import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: print layout")
struct PrintLayoutTests {
    @Test func orientationFollowsTheColumnsAndTitlesGetChineseQuotes() {
        #expect(PrintLayout.orientation(forWidth: 100) == .portrait)
        #expect(PrintLayout.orientation(forWidth: 100.5) == .landscape)
        let setup = PrintLayout.pageSetup(width: 140, height: 900, pagesTall: 2, issuer: "共青团青山湖区委员会")
        #expect(setup.paperSize == .a4 && setup.orientation == .landscape)
        #expect(setup.fitToPages == PageSetup.Fit(wide: 1, tall: 2))
        #expect(setup.footer?.code == "&L共青团青山湖区委员会&C第 &P 页,共 &N 页&R打印日期:&D")
        #expect(PrintLayout.typographic("乡镇实体化\"大团委\"建设\"评优\"") == "乡镇实体化“大团委”建设“评优”")
    }

    @Test func legibleRatherThanOnePage() {
        // Too tall for two pages at 80 %: as many pages down as needed.
        #expect(PrintLayout.pageSetup(width: 140, height: 2_000, pagesTall: 2, issuer: "").fitToPages == PageSetup.Fit(wide: 1, tall: 0))
        // Too wide for one page at 80 %: across pages at 80 %, never smaller.
        let wide = PrintLayout.pageSetup(width: 200, issuer: "", asOf: "2026-10-31")
        #expect(wide.fitToPages == nil && wide.scale == 80 && wide.orientation == .landscape)
        #expect(wide.footer?.code == "&L&C第 &P 页,共 &N 页&R数据截至 2026-10-31")
        // Breaks after whole columns (pairs here), the key columns repeated on each page.
        let widths = [5.0, 10] + Array(repeating: 8.0, count: 30)
        let breaks = PrintLayout.columnBreaks(widths: widths, keyColumns: 2, orientation: .landscape, groups: 2)
        #expect(!breaks.isEmpty && breaks.allSatisfy { $0 % 2 == 0 })
        let capacity = PrintLayout.printableWidth(.landscape) / (PrintLayout.smallestScale * PrintLayout.pointsPerCharacter)
        for (start, end) in zip([2] + breaks, breaks + [widths.count]) {
            #expect(15 + widths[start..<end].reduce(0, +) <= capacity, "page of columns \(start + 1)–\(end)")
        }
    }

    @Test func wrappedLinesAndRowHeights() {
        #expect(PrintLayout.lines("团组织名称", width: 10.5) == 1)
        #expect(PrintLayout.lines(String(repeating: "团", count: 30), width: 20.5) == 3)
        #expect(PrintLayout.lines("第一行\n第二行", width: 20) == 2)
        #expect(PrintLayout.lines(String(repeating: "a", count: 60), width: 20) == 4)
        #expect(PrintLayout.rowHeight(lines: 1) == 20)
        #expect(PrintLayout.rowHeight(lines: 1_000) == ExcelLimits.rowHeight)
    }
}
