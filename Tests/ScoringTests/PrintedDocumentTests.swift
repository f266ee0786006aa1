import Foundation
import TestOracles
import Testing
import XLSX
@testable import Ledger
@testable import LedgerSamples
@testable import Scoring

/// The documents a district prints — 评优评先, 区汇总, a blank template and an annotated copy —
/// made from the demo's submissions (one nominee with a 500-character 主要事迹) and printed by
/// LibreOffice, then measured page by page from pdftotext's word boxes, as documents.md asks:
/// the median East Asian glyph at least 8 points and none below 7, titles at least 10, no two
/// words printed over each other, nothing past the paper's edge, the footer on every page, the
/// long 主要事迹 printed whole. Every workbook also passes the schema check. Skipped, saying so,
/// without LibreOffice or poppler.
///
/// The machine has no 宋体 or 黑体: LibreOffice is run with a font configuration that gives it
/// Noto Serif CJK SC for 宋体/SimSun and Noto Sans CJK SC for 黑体/SimHei (when installed), as a
/// Chinese machine has its own Song and Hei faces.
@Suite("Scoring: printed documents", .serialized)
struct PrintedDocumentTests {
    static let root = #filePath.components(separatedBy: "/Tests/").first!
    static let tools = ["/usr/bin/soffice", "/usr/bin/pdfinfo", "/usr/bin/pdftotext"]
    static var toolsPresent: Bool { tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) }

    /// Runs a program; its exit status and standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        try Printing.run(executable, arguments, environment: environment)
    }

    /// The number of pages of a PDF (pdfinfo).
    static func pageCount(_ pdf: String) throws -> Int {
        let info = try run("/usr/bin/pdfinfo", [pdf]).output
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// The text of one page (pdftotext).
    static func text(_ pdf: String, page: Int) throws -> String {
        try run("/usr/bin/pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).output
    }

    /// A 500-character 主要事迹, the most the ledger allows.
    static let longStory: String = {
        let sentences = [
            "该同志自二〇二三年起担任村团支部书记,带领青年志愿者常年开展关爱留守儿童、助老敬老和环境整治等志愿服务活动,累计服务时长超过一千二百小时。",
            "在乡镇实体化“大团委”建设中,她走村入户摸排流动团员和青年人才情况,建立青年联系台账,帮助新建两个商业街区团支部、一个企业团支部。",
            "她牵头组织青年创业沙龙和电商技能培训十余场,协调金融机构为返乡青年争取创业贴息贷款,带动三十余名青年在家门口就业创业。",
            "疫情防控和防汛抗旱期间,她带领青年突击队连续奋战在一线,转运物资、值守卡点、排查隐患,得到群众和上级团组织的充分肯定。",
            "她注重理论学习,坚持每月为团员上一堂团课,创新开展“青年夜校”和“红色故事会”,团员青年参与率明显提高,团的组织力和引领力不断增强。",
        ]
        var text = sentences.joined()
        while text.count < 500 { text += sentences[text.count % sentences.count] }
        return String(text.prefix(499)) + "。"
    }()

    /// The documents of the test district, written into `folder`.
    struct Documents {
        var awards: String
        var ledger: String
        var template: String
        var annotated: String
        var configuration: LedgerConfiguration
        /// The SHA-256 of the submissions merged.
        var digests: [String]
    }

    static func writeDocuments(in folder: String) throws -> Documents {
        var configuration = try LedgerConfiguration.load(schemaPath: root + "/templates/ledger.yaml", districtPath: root + "/templates/district.yaml")
        configuration.district.noticePeriod = LedgerDate(year: 2026, month: 11, day: 2)!...LedgerDate(year: 2026, month: 11, day: 6)!
        configuration.district.contactName = "王丽"
        configuration.district.contactPhone = "0791-88123456"
        configuration.district.resubmissionDeadline = LedgerDate(year: 2026, month: 11, day: 5)
        let rules = try ScoringRules.load(path: root + "/templates/scoring.yaml", schema: configuration.schema)
        let district = configuration.district
        let submissions = folder + "/各镇报送"
        try FileManager.default.createDirectory(atPath: submissions, withIntermediateDirectories: true)
        // The demo's submissions (`taizhang sample --faults`), 罗家镇's with a nominee whose 主要事迹 is 500 characters.
        try SampleGenerator(configuration: configuration, seed: 2026).write(to: submissions, towns: district.towns, faults: true)
        var sample = SampleTown(index: 1, townCount: district.towns.count, town: district.towns[1], district: district,
                                random: SampleRandom(seed: 2026 &* 1_000_003 &+ 1))
        var content = sample.content()
        let nominee = try #require(content.tables["优秀个人推荐"]?.rows.firstIndex { $0 != nil })
        content.tables["优秀个人推荐"]!.rows[nominee]!["主要事迹"] = .string(longStory)
        try TemplateBuilder(schema: configuration.schema, district: district)
            .write(town: district.towns[1], to: submissions + "/" + TemplateBuilder.fileName(town: district.towns[1].name), content: content)

        let files = district.towns.map { submissions + "/" + TemplateBuilder.fileName(town: $0.name) }
        let ledger = folder + "/区汇总.xlsx"
        let outcome = try DistrictMerger(configuration: configuration).merge(files: files, to: ledger)
        let board = Scoring.score(DistrictData(district: district, towns: outcome.towns), rules: rules)
        let nominations = rules.nominations.flatMap { sheet in configuration.schema.sheet(sheet).map { schema in
            (schema.columns, outcome.towns.flatMap { town in (town.tables[sheet] ?? []).map { (town.name, $0) } })
        } }
        #expect(nominations?.1.contains { $0.1["主要事迹"]?.description == longStory } == true, "the long 主要事迹 was not merged")
        let awards = folder + "/评优评先.xlsx"
        try AwardsWorkbook(board: board, rules: rules, rulesFile: ("scoring.yaml", String(repeating: "ab", count: 32)), inputs: [],
                           nominations: nominations, district: district, latestReportDate: outcome.entries.compactMap(\.reportDate).max(),
                           pendingRows: outcome.quarantinedRows).write(to: awards)
        let template = folder + "/模板/" + TemplateBuilder.fileName(town: district.towns[0].name)
        try FileManager.default.createDirectory(atPath: folder + "/模板", withIntermediateDirectories: true)
        try TemplateBuilder(schema: configuration.schema, district: district).write(town: district.towns[0], to: template)
        let faulty = try #require(outcome.results.first { $0.town == district.towns[0].name && $0.errorCount > 0 })
        let annotated = folder + "/退回修改/" + Annotator.copyName(of: faulty)
        try FileManager.default.createDirectory(atPath: folder + "/退回修改", withIntermediateDirectories: true)
        var annotator = Annotator(language: .chinese)
        annotator.configuration = configuration
        try annotator.write(faulty, to: annotated)
        return Documents(awards: awards, ledger: ledger, template: template, annotated: annotated, configuration: configuration,
                         digests: outcome.entries.map(\.sha256))
    }

    @Test func theMeasureSeesSmallAndOverprintedText() {
        typealias Word = PrintedPage.Word
        // 6-point glyphs (three characters in 18 points), the lines of neighbouring rows touching,
        // and two end labels of a chart on top of each other.
        let page = PrintedPage(width: 595, height: 842, words: [
            Word(xMin: 10, yMin: 10, xMax: 28, yMax: 17.8, text: "湖坊镇"),
            Word(xMin: 10, yMin: 30, xMax: 43, yMax: 44.3, text: "罗家镇"),
            Word(xMin: 10, yMin: 43, xMax: 43, yMax: 57.3, text: "塘山镇"),
            Word(xMin: 300, yMin: 100, xMax: 355, yMax: 114.3, text: "湖坊镇 21"),
            Word(xMin: 302, yMin: 104, xMax: 390, yMax: 118.3, text: "罗家镇、京东镇"),
        ])
        #expect(page.words[0].glyphSize == 6 && page.words[1].glyphSize == 11)
        #expect(page.smallestGlyph == 6 && page.medianGlyph == 11)
        // The mixed word's size from its height, by the East Asian words' height to size.
        #expect(abs((page.estimatedSize(of: page.words[3]) ?? 0) - 11) < 0.01)
        let overprints = page.overprints()
        #expect(overprints.count == 1 && overprints.first?.0.text == "湖坊镇 21")
    }

    @Test(.enabled(if: toolsPresent, "needs LibreOffice and poppler-utils (apt-get install libreoffice-calc-nogui poppler-utils)"))
    func everyPageMeetsDocumentsMd() throws {
        let folder = NSTemporaryDirectory() + "printed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // TAIZHANG_KEEP_PRINTS=1 keeps the workbooks and PDFs to look at.
        let keep = ProcessInfo.processInfo.environment["TAIZHANG_KEEP_PRINTS"] != nil
        defer { if keep { print("printed documents kept in \(folder)") } else { try? FileManager.default.removeItem(atPath: folder) } }
        let documents = try Self.writeDocuments(in: folder)
        let district = documents.configuration.district

        let checker = Self.root + "/../shared/tools/xlsx_schema_check"
        if Oracle.runs(.schemaCheck, .program("xmllint"), check: "the schema check of the printed workbooks") {
            let check = try Self.run(checker, [documents.awards, documents.ledger, documents.template, documents.annotated])
            print("xlsx_schema_check: " + (check.output.split(separator: "\n").last.map(String.init) ?? ""))
            #expect(check.status == 0, "\(check.output)")
        }

        var environment: [String: String] = [:]
        if let fonts = try Printing.fontConfiguration(in: folder) { environment["FONTCONFIG_FILE"] = fonts }
        var pdfs: [String: String] = [:]
        for (name, path) in [("awards", documents.awards), ("ledger", documents.ledger), ("template", documents.template),
                             ("annotated", documents.annotated)] {
            let out = folder + "/pdf-" + name
            try Self.run("/usr/bin/soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless", "--convert-to", "pdf",
                                              "--outdir", out, path], environment: environment)
            pdfs[name] = out + "/" + ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".pdf"
        }

        let titles: [String: [String]] = [
            "awards": ["评优评先结果公示(乡镇)", "评优评先结果公示(干部)", "优秀个人推荐名单", "评优评先指标明细(乡镇)", "评优评先指标明细(干部)",
                       "评优评先指标说明"],
            "ledger": ["各镇台账汇总", "新建直属团组织台账", "调查摸底情况", "待核实的行", "合并日志"],
            "template": ["建设台账填报说明(湖坊镇)", "湖坊镇新建直属团组织台账"],
            "annotated": ["湖坊镇台账校验结果"],
        ]
        var report: [String] = []
        for name in ["awards", "ledger", "template", "annotated"] {
            let pdf = try #require(pdfs[name])
            let pages = try PrintedPage.read(pdf)
            #expect(!pages.isEmpty, "\(name) printed no page")
            var found: Set<String> = []
            for (index, page) in pages.enumerated() {
                let label = "\(name) page \(index + 1)"
                if let median = page.medianGlyph { #expect(median >= 8, "\(label): median East Asian glyph \(median) pt") }
                for word in page.words {
                    if let size = word.glyphSize ?? page.estimatedSize(of: word) {
                        #expect(size >= 7, "\(label): \"\(word.text)\" prints at \(size) pt")
                    }
                    #expect(word.xMin >= 0 && word.xMax <= page.width && word.yMin >= 0 && word.yMax <= page.height,
                            "\(label): \"\(word.text)\" runs past the paper's edge")
                }
                for (first, second) in page.overprints() {
                    Issue.record("\(label): \"\(first.text)\" and \"\(second.text)\" print over each other")
                }
                for title in titles[name] ?? [] {
                    for word in page.words where word.text.contains(title) {
                        found.insert(title)
                        let size = word.glyphSize ?? page.estimatedSize(of: word) ?? 0
                        #expect(size >= 10, "\(label): the title \"\(title)\" prints at \(size) pt")
                    }
                }
                let text = try Self.text(pdf, page: index + 1)
                #expect(text.contains("第 \(index + 1) 页,共 \(pages.count) 页"), "\(label) has no page numbers")
                #expect(text.contains(district.issuer), "\(label) does not name the issuing office")
                report.append("\(label): median \(page.medianGlyph.map { String(format: "%.1f", $0) } ?? "-") pt, "
                              + "smallest \(page.smallestGlyph.map { String(format: "%.1f", $0) } ?? "-") pt")
            }
            for title in titles[name] ?? [] { #expect(found.contains(title), "\(name): no title \"\(title)\" printed") }
        }
        print(report.joined(separator: "\n"))

        // 评优评先: a 公示 with its particulars, provisional while rows wait in 待核实.
        let awards = try #require(pdfs["awards"])
        let first = try Self.text(awards, page: 1).filter { !$0.isWhitespace }
        for expected in ["青山湖区乡镇实体化“大团委”建设评优评先结果公示", "本结果为暂定结果", "行待核实", "公示期:2026年11月2日至2026年11月6日",
                         "联系人:王丽", "0791-88123456", "制表人", "审核人", "(盖章)", "先进集体:前2名且不低于85分", "名次区间", "(加分)"] {
            #expect(first.contains(expected), "page 1 of 评优评先 lacks \"\(expected)\"")
        }
        for town in district.towns { #expect(first.contains(town.name), "page 1 lacks \(town.name)") }
        // The 500-character 主要事迹 prints whole, in 推荐名单 and in 区汇总's 优秀个人推荐 (the text in
        // the order printed, so that a cell's lines follow each other).
        for (name, pdf) in [("评优评先", awards), ("区汇总", try #require(pdfs["ledger"]))] {
            let whole = try Self.run("/usr/bin/pdftotext", ["-raw", pdf, "-"]).output.filter { !$0.isWhitespace }
            #expect(whole.contains(Self.longStory), "\(name) does not print the 500-character 主要事迹 whole")
        }
        // 指标说明 in plain Chinese: no rules-file terms.
        let explanation = try (1...(try Self.pageCount(awards))).map { try Self.text(awards, page: $0) }.joined()
        for term in ["ratio", "threshold", "relative_to_best", "count(", "where", "SplitMix64", "days_early", "finding_rate"] {
            #expect(!explanation.contains(term), "评优评先 prints the rules-file term \"\(term)\"")
        }
        // 区汇总: the full SHA-256 of each input, dated sheets.
        let ledger = try #require(pdfs["ledger"])
        let ledgerText = try (1...(try Self.pageCount(ledger))).map { try Self.text(ledger, page: $0) }.joined()
        #expect(ledgerText.contains("数据截至 2026-10-31"))
        for digest in documents.digests { #expect(ledgerText.contains(digest), "合并日志 does not print \(digest) whole") }
        // The letter: the town, the counts, the deadline and contact, the legend.
        let letter = try Self.text(try #require(pdfs["annotated"]), page: 1).filter { !$0.isWhitespace }
        for expected in ["湖坊镇台账校验结果", "填报日期", "校验时间", "共发现错误", "截止日期为2026年11月5日", "联系人:王丽", "错误:须改正", "警告:请核实"] {
            #expect(letter.contains(expected), "the letter lacks \"\(expected)\"")
        }
    }
}
