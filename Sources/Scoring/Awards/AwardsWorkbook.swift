import TaizhangSupport
import Foundation
import Ledger
import XLSX

/// Writes the awards workbook (评优评先.xlsx), a document to print and pin up:
///
/// - 镇排名: one A4 landscape page: a title from the district configuration, a line saying what
///   it is based on (the latest 填报日期, the rules file), the compact table — rank, town,
///   award, total, then the points of each indicator — and under it a column chart of the
///   totals with the award tiers' minimum scores drawn as labelled lines (the table keeps the
///   page's whole width, so that its text prints large). Totals are live `ROUND(SUM(…),2)` formulas and ranks live
///   `RANK.EQ`, each with its cached value (a rank decided by a tie-breaker is a value with a
///   comment naming the tie-breaker). The columns after the lead (排名, name, 奖项) are placed
///   from the lead's length, so a column added to it after 奖项 (名次区间) moves the total, the
///   points, the formulas and the chart's ranges with it.
/// - 干部排名: the same for the cadres, A4 portrait.
/// - 推荐名单: the nominations (validated, listed not scored) as a formal list, numbered, with
///   a signature and date line.
/// - 指标明细: the raw and normalised value of every indicator, and the notes on ties and vetoes.
/// - 指标说明: every rule, and the rules file's and inputs' SHA-256 so that an evaluator can
///   reproduce the sheet.
///
/// Every sheet prints on A4, one page wide, its header rows repeated, with the issuing office,
/// the page numbers and the date in the footer (`PrintLayout` of Ledger).
public struct AwardsWorkbook {
    /// The scores, ranks and awards to write.
    public let board: ScoreBoard
    /// The rules the board was scored with (listed in 指标说明).
    public let rules: ScoringRules
    /// The rules file's path and SHA-256.
    public let rulesFile: (path: String, sha256: String)
    /// The input files (the district ledger, or the submissions) and their SHA-256.
    public let inputs: [(path: String, sha256: String)]
    /// The nominations: town and row, with the columns to show.
    public let nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?
    /// The district: the title and the issuing office (nil: the rules' name and no office).
    public var district: DistrictConfig?
    /// The latest 填报日期 of the submissions scored, for the line under the title (nil: not known).
    public var latestReportDate: LedgerDate?

    /// The row of the ranking sheets' header (under the title and the basis line).
    public static let headerRow = 3
    /// The widths of the ranking sheets' leading columns, by header; another column gets its header's width.
    static let leadWidths: [String: Double] = ["排名": 5, "镇": 10, "姓名": 9, "奖项": 10, "总分": 7]
    /// The chart's height in rows.
    static let chartRows = 20
    /// Up to this many contenders a ranking prints on one page.
    public static let onePageLimit = 40

    /// The awards of `board` under `rules`, with the files they came from and the nominations (推荐名单,
    /// validated, with their columns); `district` gives the title and issuing office.
    public init(board: ScoreBoard, rules: ScoringRules, rulesFile: (path: String, sha256: String),
                inputs: [(path: String, sha256: String)], nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?,
                district: DistrictConfig? = nil, latestReportDate: LedgerDate? = nil) {
        self.board = board
        self.rules = rules
        self.rulesFile = rulesFile
        self.inputs = inputs
        self.nominations = nominations
        self.district = district
        self.latestReportDate = latestReportDate
    }

    /// Writes the workbook atomically.
    public func write(to path: String) throws {
        let workbook = try WorkbookWriter(path: path)
        workbook.properties.title = title(suffix: "评优评先结果")
        if let district { workbook.properties.creator = district.issuer }
        let styles = try AwardStyles(workbook)
        try writeRanking(board.towns, sheetName: "镇排名", nameHeader: "镇", withTown: false, tiers: rules.towns.tiers, workbook, styles)
        if let cadres = rules.cadres {
            try writeRanking(board.cadres, sheetName: "干部排名", nameHeader: "姓名", withTown: true, tiers: cadres.ranking.tiers, workbook, styles)
        }
        if let nominations { try writeNominations(nominations, workbook, styles) }
        try writeDetails(workbook, styles)
        try writeExplanation(workbook, styles)
        try workbook.close()
    }

    /// The office named in the footers.
    private var issuer: String { district?.issuer ?? "" }

    /// A document title: the district and campaign (e.g. 青山湖区乡镇实体化“大团委”建设) and `suffix`;
    /// the rules' name and `suffix` without a district.
    private func title(suffix: String) -> String {
        guard let district else { return (rules.name.isEmpty ? "" : rules.name) + suffix }
        return PrintLayout.typographic(district.district + district.campaign + suffix)
    }

    /// What the results rest on: the latest report date and the rules file.
    private var basisLine: String {
        let rulesName = rulesFile.path.split(separator: "/").last.map(String.init) ?? rulesFile.path
        var parts: [String] = []
        if let latestReportDate { parts.append("各镇台账(最新填报日期 \(latestReportDate))") } else if !inputs.isEmpty {
            parts.append(inputs.map { $0.path.split(separator: "/").last.map(String.init) ?? $0.path }.joined(separator: "、"))
        }
        parts.append("评分规则 \(rulesName)(SHA-256 \(rulesFile.sha256.prefix(12)))")
        return "依据:" + parts.joined(separator: ";") + "。总分 = 各项得分之和,保留两位小数;明细见“指标明细”,规则见“指标说明”。"
    }

    /// The tiers in words: 先进集体:前2名且不低于85分;达标单位:不低于60分.
    private static func tiersLine(_ tiers: [AwardTier]) -> String {
        "奖项:" + tiers.map { tier in
            var conditions: [String] = []
            if let top = tier.top { conditions.append("前\(top)名") }
            if let share = tier.share { conditions.append("前" + DecimalText.text(share * 100) + "%") }
            if let minimum = tier.minScore { conditions.append("不低于" + DecimalText.text(minimum) + "分") }
            return tier.name + (conditions.isEmpty ? "(其余)" : ":" + conditions.joined(separator: "且"))
        }.joined(separator: ";") + "。"
    }

    /// The double nearest the decimal.
    private static func double(_ value: Decimal) -> Double { value.nearestDouble }

    private func writeRanking(_ standings: [Standing], sheetName: String, nameHeader: String, withTown: Bool, tiers: [AwardTier],
                              _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet(sheetName)
        let indicators = standings.first?.indicators ?? []
        let drawn = standings.first?.robustness != nil
        let lead = ["排名", nameHeader] + (withTown ? ["镇"] : []) + ["奖项"] + (drawn ? ["名次区间"] : []) + ["总分"]
        let pointsHeaders = indicators.map { $0.name + ($0.weight.map { "\n(\(DecimalText.text($0)))" } ?? "") }
        let header = lead + pointsHeaders
        let totalColumn = lead.count
        let firstPoints = lead.count + 1
        let lastPoints = lead.count + indicators.count
        let firstRow = Self.headerRow + 1
        let lastRow = Self.headerRow + standings.count
        for (offset, label) in lead.enumerated() {
            try sheet.setColumnWidth(offset + 1, Self.leadWidths[label] ?? max(8, Double(ColumnWidth.displayWidth(of: label)) + 2))
        }
        for (offset, title) in pointsHeaders.enumerated() {
            let widest = title.split(separator: "\n").map { ColumnWidth.displayWidth(of: String($0)) }.max() ?? 0
            try sheet.setColumnWidth(firstPoints + offset, max(7, min(Double(widest) + 1, 13)))
        }
        let kind = withTown ? "干部" : "乡镇"
        try sheet.writeRow([WritableCell(.string(title(suffix: "评优评先结果(\(kind))")), style: styles.title)], height: 26)
        try sheet.writeRow([WritableCell(.string(basisLine + Self.tiersLine(tiers)), style: styles.note)], height: 30)
        for row in 1...2 { try sheet.merge(CellRange(CellReference(row: row, column: 1), CellReference(row: row, column: header.count))) }
        var headerCells = header.map { WritableCell(.string($0), style: styles.header) }
        var thresholds: [(column: Int, name: String, score: Double)] = []
        let printArea = standings.isEmpty ? nil : try insertTotalsChart(
            standings, sheetName: sheetName, nameColumn: 2, totalColumn: totalColumn, tiers: tiers,
            lastColumn: header.count, lines: &thresholds, into: sheet)
        for line in thresholds {
            headerCells += Array(repeating: WritableCell(.empty), count: line.column - headerCells.count - 1)
            headerCells.append(WritableCell(.string(line.name), style: styles.note))
        }
        try sheet.writeRow(headerCells, height: 32)
        let totalLetters = CellReference.columnLetters(totalColumn)
        for (offset, standing) in standings.enumerated() {
            let row = firstRow + offset
            var cells: [WritableCell?] = []
            let rankFormula = "RANK.EQ(\(totalLetters)\(row),$\(totalLetters)$\(firstRow):$\(totalLetters)$\(lastRow))"
            let tieBroken = !standing.decidingTieBreakers.isEmpty
            cells.append(tieBroken ? WritableCell(.number(Double(standing.rank)), style: styles.center)
                         : WritableCell(.formula(rankFormula, cached: .number(Double(standing.rank))), style: styles.center))
            cells.append(WritableCell(.string(standing.name), style: styles.bordered))
            if withTown { cells.append(WritableCell(.string(standing.town), style: styles.bordered)) }
            cells.append(WritableCell(standing.award.map { .string($0) } ?? .empty,
                                      style: standing.award == tiers.first?.name ? styles.firstAward : styles.bordered))
            if let robustness = standing.robustness { cells.append(WritableCell(.string(robustness.interval), style: styles.center)) }
            let sumRange = "\(CellReference.columnLetters(firstPoints))\(row):\(CellReference.columnLetters(lastPoints))\(row)"
            cells.append(WritableCell(.formula(indicators.isEmpty ? "0" : "ROUND(SUM(\(sumRange)),2)", cached: .number(Self.double(standing.total))),
                                      style: styles.total))
            for score in standing.indicators {
                let signed = score.kind == .penalty ? -score.points : score.points
                cells.append(WritableCell(.number(Self.double(signed)), style: styles.points))
            }
            for line in thresholds {
                cells += Array(repeating: nil, count: line.column - cells.count - 1)
                cells.append(WritableCell(.number(line.score)))
            }
            try sheet.writeRow(cells, height: 18)
            if tieBroken {
                try sheet.addComment("名次由并列处理规则决定:" + standing.decidingTieBreakers.joined(separator: ";"),
                                     at: CellReference(row: row, column: 1), author: "评优评先")
            }
        }
        let vetoed = standings.filter { !$0.vetoReasons.isEmpty }
        if !vetoed.isEmpty {
            try sheet.writeRow([WritableCell(.string("一票否决:" + vetoed.map { "\($0.name)(\($0.vetoReasons.joined(separator: "、")))" }
                .joined(separator: ";")), style: styles.note)], at: lastRow + 2)
        }
        try sheet.freezePanes(rows: Self.headerRow, columns: 2)
        var setup = PrintLayout.pageSetup(width: 0, issuer: issuer, pagesTall: standings.count <= Self.onePageLimit ? 1 : 0)
        setup.orientation = withTown ? .portrait : .landscape
        setup.printArea = printArea
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: 1...Self.headerRow)
    }

    /// A column chart of the totals (as ranked), with each tier's minimum score as a dashed line
    /// labelled with the tier, under the table and as wide.
    /// Returns the area to print (the table and the chart), and adds to `lines` the columns of
    /// the threshold values that the caller writes (column, header, score).
    private func insertTotalsChart(_ standings: [Standing], sheetName: String, nameColumn: Int, totalColumn: Int, tiers: [AwardTier],
                                   lastColumn: Int, lines: inout [(column: Int, name: String, score: Double)],
                                   into sheet: SheetWriter) throws -> CellRange {
        let firstRow = Self.headerRow + 1
        let lastRow = Self.headerRow + standings.count
        let names = ChartCategories(standings.map(\.name), range: ChartRange(sheet: sheetName, CellRange(
            CellReference(row: firstRow, column: nameColumn), CellReference(row: lastRow, column: nameColumn))))
        let totals = ChartValues(standings.map { Self.double($0.total) }, range: ChartRange(sheet: sheetName, CellRange(
            CellReference(row: firstRow, column: totalColumn), CellReference(row: lastRow, column: totalColumn))), numberFormat: "0.00")
        var chart = Chart(kind: .column, title: "总分与奖项分数线", legend: .bottom)
        chart.valueAxisTitle = "分"
        chart.valueAxisMinimum = 0
        let highest = standings.map { Self.double($0.total) }.max() ?? 0
        chart.valueAxisMaximum = max(100, (highest / 10).rounded(.up) * 10)
        chart.series = [ChartSeries(name: "总分", categories: names, values: totals, color: Color(rgb: 0x4472C4), dataLabels: .values)]
        let from = CellReference(row: lastRow + 3, column: 1)
        let to = CellReference(row: lastRow + 3 + Self.chartRows, column: max(lastColumn, 10) + 1)
        // The tiers' minimum scores, one column each right of the printed area: a line series
        // reads them from cells (LibreOffice draws no series from literal values).
        let lineColors = [Color(rgb: 0xC00000), Color(rgb: 0xED7D31), Color(rgb: 0x70AD47)]
        var dataColumn = to.column + 2
        for (index, tier) in tiers.enumerated() {
            guard let minimum = tier.minScore else { continue }
            let name = "\(tier.name) \(DecimalText.text(minimum))分"
            lines.append((dataColumn, name, Self.double(minimum)))
            let range = CellRange(CellReference(row: firstRow, column: dataColumn), CellReference(row: lastRow, column: dataColumn))
            chart.series.append(ChartSeries(name: name, categories: names,
                                            values: ChartValues(Array(repeating: Self.double(minimum), count: standings.count),
                                                                range: ChartRange(sheet: sheetName, range)),
                                            color: lineColors[index % lineColors.count], drawsAsLine: true, showsMarkers: false,
                                            isDashed: true, dataLabels: .lastPointName))
            dataColumn += 1
        }
        try sheet.insertChart(chart, from: from, to: to)
        return CellRange(CellReference(row: 1, column: 1), CellReference(row: max(to.row, lastRow), column: to.column))
    }

    private func writeNominations(_ nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)]),
                                  _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("推荐名单")
        let columns = nominations.columns.filter { $0.type != .serial }
        let header = ["序号", "镇"] + columns.map(\.label)
        try sheet.setColumnWidth(1, 6)
        try sheet.writeRow([WritableCell(.string(title(suffix: "优秀个人推荐名单")), style: styles.title)], height: 26)
        try sheet.fitColumnsToContent(minimum: 6, maximum: 40)
        try sheet.merge(CellRange(CellReference(row: 1, column: 1), CellReference(row: 1, column: header.count)))
        try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.header) }, height: 22)
        for (offset, (town, row)) in nominations.rows.enumerated() {
            try sheet.writeRow([WritableCell(.number(Double(offset + 1)), style: styles.center), WritableCell(.string(town), style: styles.bordered)]
                               + columns.map { column in
                guard let value = row[column.label] else { return WritableCell(.empty, style: styles.bordered) }
                if case .date(let day) = value {
                    return WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.borderedDate)
                }
                return WritableCell(.string(value.description), style: styles.bordered)
            }, height: 18)
        }
        try sheet.writeRow([WritableCell(.string("共 \(nominations.rows.count) 人。"), style: styles.note)], at: nominations.rows.count + 4)
        try sheet.writeRow([WritableCell(.string("审核人(签字):____________        审批人(签字):____________        日期:______年____月____日"))],
                           at: nominations.rows.count + 6, height: 24)
        if !issuer.isEmpty {
            try sheet.writeRow([WritableCell(.string(issuer + "(盖章)"))], at: nominations.rows.count + 8, height: 24)
        }
        try sheet.freezePanes(rows: 2)
        try PrintLayout.apply(to: sheet, issuer: issuer, titleRows: 1...2)
    }

    /// 指标明细: for each town (then each cadre) the raw and normalised value of every indicator,
    /// and the notes on ties and vetoes.
    private func writeDetails(_ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("指标明细")
        try sheet.fitColumnsToContent(minimum: 6, maximum: 40)
        func block(_ standings: [Standing], nameHeader: String) throws {
            let indicators = (standings.first?.indicators ?? []).filter { $0.kind == .indicator }
            let header = ["排名", nameHeader] + indicators.flatMap { [$0.name + "\n原始值", $0.name + "\n标准化"] } + ["说明"]
            // Narrow value columns under wrapped headers, so that the sheet stays legible at one page wide.
            try sheet.setColumns(3...(2 + 2 * max(indicators.count, 1)), width: 9)
            try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.header) }, height: 32)
            for standing in standings {
                var cells: [WritableCell?] = [WritableCell(.number(Double(standing.rank)), style: styles.center),
                                              WritableCell(.string(standing.name))]
                for score in standing.indicators where score.kind == .indicator {
                    switch score.raw {
                    case .number(let number): cells.append(WritableCell(.number(Self.double(number)), style: styles.raw))
                    case .date(let day): cells.append(WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.date))
                    case .none: cells.append(WritableCell(.string("无")))
                    }
                    cells.append(score.normalised.map { WritableCell(.number(Self.double($0)), style: styles.normalised) })
                }
                let remarks = standing.vetoReasons.map { "一票否决:" + $0 } + standing.notes.map(\.description)
                cells.append(remarks.isEmpty ? nil : WritableCell(.string(remarks.joined(separator: ";"))))
                try sheet.writeRow(cells)
            }
        }
        try block(board.towns, nameHeader: "镇")
        if rules.cadres != nil {
            try sheet.writeRow([])
            try block(board.cadres, nameHeader: "干部")
        }
        try PrintLayout.apply(to: sheet, issuer: issuer, titleRows: 1...1)
    }

    private func writeExplanation(_ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("指标说明")
        try sheet.fitColumnsToContent(minimum: 8, maximum: 70)
        func section(_ title: String, _ header: [String], _ rows: [[String]]) throws {
            try sheet.writeRow([WritableCell(.string(title), style: styles.section)])
            try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.header) })
            for row in rows { try sheet.writeRow(row.map { WritableCell(.string($0)) }) }
            try sheet.writeRow([])
        }
        func ranking(_ title: String, _ ranking: RankingRules) throws {
            try section("\(title):指标", ["指标", "计量", "方法", "参数", "权重"],
                        ranking.indicators.map { [$0.name, $0.metric.description, $0.method.name, $0.method.parameters, DecimalText.text($0.weight)] })
            if !ranking.bonuses.isEmpty {
                try section("\(title):加分", ["项目", "计量", "每项加分", "起算", "上限"],
                            ranking.bonuses.map { [$0.name, $0.metric.description, DecimalText.text($0.points), DecimalText.text($0.beyond), DecimalText.text($0.cap)] })
            }
            if !ranking.penalties.isEmpty {
                try section("\(title):扣分", ["项目", "计量", "每次扣分", "上限"],
                            ranking.penalties.map { [$0.name, $0.metric.description, DecimalText.text($0.points), DecimalText.text($0.cap)] })
            }
            if !ranking.vetoes.isEmpty {
                try section("\(title):一票否决", ["原因", "条件"], ranking.vetoes.map { [$0.reason, $0.condition.description] })
            }
            if !ranking.tieBreakers.isEmpty {
                try section("\(title):并列处理(依次)", ["规则", "取值"], ranking.tieBreakers.map { [$0.name, $0.preference.rawValue] })
            }
            try section("\(title):奖项", ["奖项", "名次前", "比例", "最低分"], ranking.tiers.map { tier in
                [tier.name, tier.top.map(String.init) ?? "", tier.share.map { DecimalText.text($0 * 100) + "%" } ?? "",
                 tier.minScore.map { DecimalText.text($0) } ?? ""]
            })
        }
        try ranking("镇", rules.towns)
        if let cadres = rules.cadres { try ranking("干部", cadres.ranking) }
        try section("名次区间(权重敏感性)", ["项目", "取值"], robustnessRows)
        try section("程序", ["名称", "版本"], [["taizhang", TaizhangVersion.current]])
        try section("规则文件", ["文件", "SHA-256"], [[rulesFile.path, rulesFile.sha256]])
        try section("输入文件", ["文件", "SHA-256"], inputs.map { [$0.path, $0.sha256] })
        try sheet.writeRow([WritableCell(.string("计分:各项得分 = 权重 × 标准化值(0至1),保留原值;总分 = ROUND(各项得分之和, 2),四舍五入只在最后一步;"
                                                + "总分相同者名次并列(1、2、2、4),并列处理规则依次区分;奖项按名次与最低分评定。"))])
        try PrintLayout.apply(to: sheet, issuer: issuer, titleRows: nil)
    }
}

extension AwardsWorkbook {
    /// How 名次区间 was drawn (`robustness:` of the rules), for 指标说明.
    var robustnessRows: [[String]] {
        let settings = rules.robustness
        guard settings.draws > 0 else { return [["名次区间", "未计算(规则文件 robustness.draws 为 0)"]] }
        let spread = DecimalText.text(settings.spread * 100) + "%"
        return [
            ["权重浮动", "每项计分指标的权重各乘以 [1−\(spread), 1+\(spread)] 内均匀分布的随机系数,再按比例缩放使权重之和不变;加分、扣分、一票否决不变"],
            ["抽样次数", String(settings.draws)],
            ["随机种子", String(settings.seed) + "(每次抽样用 SplitMix64,由种子与抽样序号确定,结果可复现)"],
            ["名次区间", "每次抽样按同一规则重新计算总分(四舍五入到 2 位小数)、排名(并列处理规则、并列名次)和奖项;名次区间为各次名次的第 5 至第 95 百分位(最近秩法)"],
            ["适用范围", "镇排名与干部排名(同一设置)"],
        ]
    }
}

/// The awards workbook's registered styles.
struct AwardStyles {
    let title: StyleIndex
    let note: StyleIndex
    let header: StyleIndex
    let section: StyleIndex
    let bordered: StyleIndex
    let borderedDate: StyleIndex
    let total: StyleIndex
    let firstAward: StyleIndex
    let points: StyleIndex
    let raw: StyleIndex
    let normalised: StyleIndex
    let date: StyleIndex
    let center: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        let thin = Border.all(.thin, color: Color(rgb: 0xBFBFBF))
        title = try workbook.register(CellStyle(font: FontStyle(size: 16, bold: true), horizontalAlignment: .center, verticalAlignment: .center))
        note = try workbook.register(CellStyle(font: FontStyle(size: 9, color: Color(rgb: 0x404040)), verticalAlignment: .center, wrapsText: true))
        header = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7), border: thin,
                                                 horizontalAlignment: .center, verticalAlignment: .center, wrapsText: true))
        section = try workbook.register(CellStyle(font: FontStyle(size: 12, bold: true)))
        bordered = try workbook.register(CellStyle(border: thin, verticalAlignment: .center))
        borderedDate = try workbook.register(CellStyle(border: thin, verticalAlignment: .center, numberFormat: "yyyy-mm-dd"))
        total = try workbook.register(CellStyle(font: FontStyle(bold: true), border: thin, verticalAlignment: .center, numberFormat: "0.00"))
        firstAward = try workbook.register(CellStyle(font: FontStyle(bold: true, color: Color(rgb: 0xC00000)), border: thin,
                                                     verticalAlignment: .center))
        points = try workbook.register(CellStyle(border: thin, verticalAlignment: .center, numberFormat: "0.00"))
        raw = try workbook.register(CellStyle(numberFormat: "General"))
        normalised = try workbook.register(CellStyle(numberFormat: "0.0000"))
        date = try workbook.register(CellStyle(numberFormat: "yyyy-mm-dd"))
        center = try workbook.register(CellStyle(border: thin, horizontalAlignment: .center, verticalAlignment: .center))
    }
}
