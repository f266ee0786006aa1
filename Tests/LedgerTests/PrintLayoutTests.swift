import TaizhangSupport
import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: print layout")
struct PrintLayoutTests {
    @Test func orientationFollowsTheColumnsAndTitlesGetChineseQuotes() {
        #expect(PrintLayout.orientation(forWidth: 100) == .portrait)
        #expect(PrintLayout.orientation(forWidth: 100.5) == .landscape)
        let setup = PrintLayout.pageSetup(width: 140, issuer: "共青团青山湖区委员会", pagesTall: 2)
        #expect(setup.paperSize == .a4 && setup.orientation == .landscape)
        #expect(setup.fitToPages == PageSetup.Fit(wide: 1, tall: 2))
        #expect(setup.footer?.code == "&L共青团青山湖区委员会&C第 &P 页,共 &N 页&R打印日期:&D")
        #expect(PrintLayout.typographic("乡镇实体化\"大团委\"建设\"评优\"") == "乡镇实体化“大团委”建设“评优”")
    }
}
