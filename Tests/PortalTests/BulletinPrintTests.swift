import Foundation
import Testing
import XLSX
@testable import Ledger
@testable import Portal

/// The bulletin workbook on paper, as documents.md asks: LibreOffice prints its sheet 通报 on one
/// A4 page (the next sheet, 交账情况, starts page 2), the median Chinese glyph of the page at
/// least 8 points and none below 7, the title at least 10, with the title, every town, the
/// towns not on time and the 落款 on it. Measured from pdftotext's word boxes: a CJK glyph is as
/// wide as its size. The workbook also passes the OOXML schema check when the tool is there.
///
/// The machine has no 宋体 or 黑体: LibreOffice runs with a font configuration that gives it Noto
/// Serif CJK SC for 宋体 and Noto Sans CJK SC for 黑体 (when installed), as a Chinese machine has
/// its own. `TAIZHANG_KEEP_PRINTS=DIR` keeps the workbook, the PDF and a PNG of page 1 in DIR.
@Suite("Portal: the bulletin on paper", .serialized)
struct BulletinPrintTests {
    typealias F = PortalFixture

    /// A word of a PDF page and its box, in points.
    struct Word {
        var text: String
        var xMin: Double, yMin: Double, xMax: Double, yMax: Double

        /// Only Chinese characters.
        var isChinese: Bool { !text.isEmpty && text.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) } }
        /// The glyph size of a word of Chinese characters (each as wide as the size).
        var glyphSize: Double { (xMax - xMin) / Double(text.unicodeScalars.count) }
        /// The size of a word of mixed text: Chinese characters and full-width punctuation a size
        /// wide, the rest (digits, Latin, half-width brackets) about half.
        var mixedSize: Double {
            let ems = text.unicodeScalars.reduce(0.0) { total, scalar in
                let wide = (0x4E00...0x9FFF).contains(scalar.value) || (0x3000...0x303F).contains(scalar.value)
                    || (0xFF00...0xFF60).contains(scalar.value) || scalar.value == 0x201C || scalar.value == 0x201D
                return total + (wide ? 1 : 0.5)
            }
            return ems > 0 ? (xMax - xMin) / ems : 0
        }
    }

    /// The words of each page (`pdftotext -bbox`), and each page's size.
    static func words(_ pdf: String) throws -> [(width: Double, height: Double, words: [Word])] {
        let html = try Programs.run("/usr/bin/pdftotext", ["-bbox", pdf, "-"]).output
        let page = try NSRegularExpression(pattern: "<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">(.*?)</page>", options: [.dotMatchesLineSeparators])
        let word = try NSRegularExpression(pattern: "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>")
        func group(_ match: NSTextCheckingResult, _ index: Int, in text: String) -> String {
            Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
        return page.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
            let body = group(match, 3, in: html)
            let words = word.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { found in
                Word(text: group(found, 5, in: body), xMin: Double(group(found, 1, in: body)) ?? 0, yMin: Double(group(found, 2, in: body)) ?? 0,
                     xMax: Double(group(found, 3, in: body)) ?? 0, yMax: Double(group(found, 4, in: body)) ?? 0)
            }
            return (Double(group(match, 1, in: html)) ?? 0, Double(group(match, 2, in: html)) ?? 0, words)
        }
    }

    /// A font configuration that gives LibreOffice Song and Hei faces for 宋体 and 黑体 (nil when
    /// the Noto CJK faces are not installed: LibreOffice then falls back on its own).
    static func fontConfiguration(in folder: String) throws -> String? {
        let faces = try Programs.run("/usr/bin/fc-list", [":lang=zh", "family"]).output
        guard faces.contains("Noto Serif CJK SC"), faces.contains("Noto Sans CJK SC") else { return nil }
        let aliases = [("宋体", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC")]
            .map { "<alias binding=\"same\"><family>\($0.0)</family><prefer><family>\($0.1)</family></prefer></alias>" }.joined()
        let path = folder + "/fonts.conf"
        try ("<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
             + "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\(aliases)</fontconfig>")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Four towns report on 10-16 (填报日期 10-16), 扬子洲镇 does not; the bulletin is made the next morning.
    static func bulletin(_ fixture: PortalFixture) async throws -> Bulletin {
        fixture.clock.now = PortalClock.secondsSince1970(year: 2026, month: 10, day: 16, hour: 10)
        try await fixture.portal.application().test(.router) { client in
            for index in 0..<4 {
                let ledger = try fixture.ledger(town: index, asOf: LedgerDate(iso: "2026-10-16"))
                #expect(try await F.upload(client, token: fixture.districtToken, bytes: ledger, fileName: "\(index).xlsx").status == .created)
            }
        }
        fixture.clock.now = PortalClock.secondsSince1970(year: 2026, month: 10, day: 17, hour: 9)
        return try await fixture.portal.services.bulletins.bulletin(day: LedgerDate(iso: "2026-10-16"))
    }

    @Test(.enabled(if: Programs.printTools, "needs LibreOffice and poppler-utils (apt-get install libreoffice-calc-nogui poppler-utils)"))
    func theBulletinPrintsOnOneA4Page() async throws {
        let fixture = try F()
        let bulletin = try await Self.bulletin(fixture)
        let folder = ProcessInfo.processInfo.environment["TAIZHANG_KEEP_PRINTS"] ?? temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let workbook = folder + "/通报.xlsx"
        try BulletinWorkbook(bulletin: bulletin).write(to: workbook)

        let checker = F.taizhang.components(separatedBy: "/.build/").first! + "/../shared/tools/xlsx_schema_check"
        if FileManager.default.isExecutableFile(atPath: checker) {
            let check = try Programs.run(checker, [workbook])
            #expect(check.status == 0, "\(check.output)\(check.errors)")
        } else {
            print("schema check skipped: ../shared/tools/xlsx_schema_check is not here")
        }

        var environment = ["HOME": folder]
        if let fonts = try Self.fontConfiguration(in: folder) { environment["FONTCONFIG_FILE"] = fonts }
        let converted = try Programs.run("/usr/bin/soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless",
                                                              "--convert-to", "pdf", "--outdir", folder, workbook], environment: environment)
        let pdf = folder + "/通报.pdf"
        #expect(FileManager.default.fileExists(atPath: pdf), "\(converted.errors)")
        let pages = try Self.words(pdf)
        #expect(pages.count == 2, "通报 on one page, 交账情况 on the next: \(pages.count) pages")
        guard let first = pages.first else { return }
        #expect(abs(first.width - 595.3) < 1 && abs(first.height - 841.9) < 1, "A4 portrait: \(first.width) × \(first.height)")
        let text = first.words.map(\.text).joined()
        for expected in ["工作进展通报", "(第3期)", "截至2026年10月16日24时", "全区已新建直属团组织", "未按时交账", "扬子洲镇(未交账)",
                         bulletin.issuer, "2026年10月17日", "名次"] + bulletin.lines.map(\.town) {
            #expect(text.contains(expected), "page 1 lacks \(expected)")
        }
        #expect(try Programs.run("/usr/bin/pdftotext", ["-f", "2", "-l", "2", pdf, "-"]).output.contains("交账情况"))
        let sizes = first.words.filter(\.isChinese).map(\.glyphSize).sorted()
        let median = sizes.isEmpty ? 0 : sizes[sizes.count / 2]
        #expect(median >= 8, "the median Chinese glyph prints at \(median) pt")
        #expect((sizes.first ?? 0) >= 7, "the smallest Chinese glyph prints at \(sizes.first ?? 0) pt")
        let title = first.words.first { $0.text.contains("工作进展通报") }
        #expect((title?.mixedSize ?? 0) >= 10, "the title prints at \(title?.mixedSize ?? 0) pt: \(title?.text ?? "")")
        // Nothing past the paper's edge.
        #expect(first.words.allSatisfy { $0.xMin >= 0 && $0.xMax <= first.width && $0.yMax <= first.height })
        print("bulletin page 1: median glyph \(String(format: "%.1f", median)) pt, smallest \(String(format: "%.1f", sizes.first ?? 0)) pt, "
              + "title \(String(format: "%.1f", title?.mixedSize ?? 0)) pt")
        if ProcessInfo.processInfo.environment["TAIZHANG_KEEP_PRINTS"] != nil {
            try Programs.run("/usr/bin/pdftoppm", ["-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, folder + "/通报"])
        }
    }
}
