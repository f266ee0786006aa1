import TaizhangSupport
import Foundation
import Ledger
import XLSX

/// Writes the awards workbook (评优评先.xlsx), a 公示 to print and post, in the house style
/// (`HouseStyle`: 宋体 tables, 黑体 titles, after GB/T 9704):
///
/// - 镇排名: one A4 landscape page: the title, what the results rest on and how totals and
///   awards are made (加分 named where totals may exceed 100), a notice that the ranking is
///   provisional while rows of the submissions wait in 待核实 (with their number), the table —
///   rank, town, award, 名次区间, total, the points of each indicator with its weight or
///   (加分)/(扣分) — a sentence explaining 名次区间, a column chart of the totals with each
///   tier's threshold drawn and labelled with the whole rule ("先进集体:前 2 名且不低于 85 分";
///   a direct label only where it collides with nothing, the legend always), and the 公示
///   block: 公示期, whom to tell of an objection (联系人, 联系电话), 制表人 and 审核人, the
///   issuing office with a place for the seal, and the date (blanks to fill in by hand where
///   the district file gives none). Totals are live `ROUND(SUM(…),2)` formulas and ranks live
///   `RANK.EQ`, each with its cached value (a rank decided by a tie-breaker is a value with a
///   comment naming the tie-breaker). The columns after the lead (排名, name, 奖项) are placed
///   from the lead's length, so 名次区间 moves the total, the points, the formulas and the
///   chart's ranges with it.
/// - 干部排名: the same for the cadres, A4 portrait (the chart only up to ``chartLimit`` cadres).
/// - 推荐名单: the nominations (validated, listed not scored) as a formal list: 主要事迹 of up
///   to 500 characters wraps in rows high enough to print it whole; signatures and seal.
/// - 指标明细 (and 干部指标明细): every indicator's raw and normalised value, bonuses and
///   penalties labelled 加分 and 扣分, and the notes on ties and vetoes; across more pages with
///   排名 and the name repeated when wider than a legible page.
/// - 指标说明: every rule in plain Chinese, how 名次区间 is drawn, and at the end a small
///   block of technical facts (program version, the rules file's and inputs' SHA-256) so that
///   an evaluator can reproduce the sheet.
///
/// Every sheet prints on A4 (`PrintLayout`), its header rows repeated, with the issuing
/// office, the page numbers and the date the data stands at in the footer.
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
    /// The district: the title, the issuing office, the 公示's period and contact, 制表人 and
    /// 审核人 (nil: the rules' name, blanks to fill in).
    public var district: DistrictConfig?
    /// The latest 填报日期 of the submissions scored, for the line under the title (nil: not known).
    public var latestReportDate: LedgerDate?
    /// Rows of the submissions still in 待核实 (errors not yet corrected): while there are any,
    /// the ranking pages say that the results are provisional, and how many rows wait.
    public var pendingRows: Int

    /// The row of the ranking sheets' header (under the title, the basis and the notice).
    public static let headerRow = 4
    /// The widths of the ranking sheets' leading columns, by header; another column gets its header's width.
    static let leadWidths: [String: Double] = ["排名": 5, "镇": 10, "姓名": 9, "奖项": 10, "名次区间": 8, "总分": 8]
    /// The chart's height in rows of ``chartRowHeight`` points.
    static let chartRows = 13
    static let chartRowHeight = 15.0
    /// The chart's text size, in points.
    static let chartTextSize = 10.0
    /// Up to this many contenders a ranking has a chart (beyond, their names would print over each other).
    public static let chartLimit = 12
    /// Up to this many contenders a ranking prints on one page.
    public static let onePageLimit = 40

    /// The awards of `board` under `rules`, with the files they came from and the nominations (推荐名单,
    /// validated, with their columns); `district` gives the title, issuing office and the 公示's
    /// particulars; `pendingRows` the rows still in 待核实.
    public init(board: ScoreBoard, rules: ScoringRules, rulesFile: (path: String, sha256: String),
                inputs: [(path: String, sha256: String)], nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?,
                district: DistrictConfig? = nil, latestReportDate: LedgerDate? = nil, pendingRows: Int = 0) {
        self.board = board
        self.rules = rules
        self.rulesFile = rulesFile
        self.inputs = inputs
        self.nominations = nominations
        self.district = district
        self.latestReportDate = latestReportDate
        self.pendingRows = pendingRows
    }

    /// Writes the workbook atomically.
    public func write(to path: String) throws {
        let workbook = try WorkbookWriter(path: path, options: HouseStyle.writerOptions())
        workbook.properties.title = title(suffix: "评优评先结果")
        if let district { workbook.properties.creator = district.issuer }
        let styles = try AwardStyles(workbook)
        try writeRanking(board.towns, sheetName: "镇排名", nameHeader: "镇", withTown: false, ranking: rules.towns, workbook, styles)
        if let cadres = rules.cadres {
            try writeRanking(board.cadres, sheetName: "干部排名", nameHeader: "姓名", withTown: true, ranking: cadres.ranking, workbook, styles)
        }
        if let nominations { try writeNominations(nominations, workbook, styles) }
        try writeDetails(board.towns, sheetName: "指标明细", nameHeader: "镇", withTown: false, workbook, styles)
        if rules.cadres != nil {
            try writeDetails(board.cadres, sheetName: "干部指标明细", nameHeader: "姓名", withTown: true, workbook, styles)
        }
        try writeExplanation(workbook, styles)
        try workbook.close()
    }

    /// The office named in the footers and the 落款.
    private var issuer: String { district?.issuer ?? "" }

    /// The date the data stands at, for the footers.
    private var asOf: String? { latestReportDate?.description }

    /// A document title: the district and campaign (e.g. 青山湖区乡镇实体化“大团委”建设) and `suffix`;
    /// the rules' name and `suffix` without a district.
    private func title(suffix: String) -> String {
        guard let district else { return PrintLayout.typographic(rules.name) + suffix }
        return PrintLayout.typographic(district.district + district.campaign + suffix)
    }

    /// The tiers in words: 先进集体:前 2 名且不低于 85 分;达标单位:不低于 60 分;其余为未达标.
    private static func tiersLine(_ tiers: [AwardTier]) -> String {
        "奖项:" + tiers.map { $0.takesTheRest ? "其余为\($0.name)" : RuleWording.tierLine($0) }.joined(separator: ";") + "。"
    }

    /// What the results rest on and how the total is made (with the bonus that may take it past the weights' sum).
    private func basisLine(_ ranking: RankingRules) -> String {
        let source = latestReportDate.map { "各镇报送的台账(数据截至 \($0))" } ?? "各镇报送的台账"
        let rulesName = rules.name.isEmpty ? "评分细则" : "《\(PrintLayout.typographic(rules.name))》"
        let weights = DecimalText.text(ranking.indicators.reduce(Decimal(0)) { $0 + $1.weight })
        var line = "依据\(source)和\(rulesName)评定(各项指标的计分方法见“指标说明”,原始数据见“指标明细”)。"
            + "总分为各项得分之和,保留两位小数;各项满分合计 \(weights) 分"
        if !ranking.bonuses.isEmpty {
            let bonuses = ranking.bonuses.map { "\($0.name),最多 \(DecimalText.text($0.cap)) 分" }.joined(separator: ";")
            line += ",另有加分(\(bonuses)),故总分可超过 \(weights) 分"
        }
        if !ranking.penalties.isEmpty { line += ",扣分(" + ranking.penalties.map(\.name).joined(separator: "、") + ")从中扣除" }
        return line + "。" + Self.tiersLine(ranking.tiers)
    }

    /// Page 1's notice: provisional while rows wait in 待核实.
    private var noticeLine: String {
        pendingRows > 0
            ? "本结果为暂定结果:各镇报送的台账中尚有 \(pendingRows) 行待核实(有错误,未计入评分)。待有关镇改正并重新报送后重新评定,排名和奖项可能随之变化。"
            : "各镇报送的台账已全部通过校验,没有待核实的行。"
    }

    /// The double nearest the decimal.
    private static func double(_ value: Decimal) -> Double { value.nearestDouble }

    /// A header of points: the name and its weight, or 加分 / 扣分.
    private static func pointsHeader(_ score: IndicatorScore) -> String {
        switch score.kind {
        case .indicator: return score.name + "\n(" + (score.weight.map { DecimalText.text($0) } ?? "") + "分)"
        case .bonus: return score.name + "\n(加分)"
        case .penalty: return score.name + "\n(扣分)"
        }
    }

    /// A merged row of text across `columns`, as high as its wrapped lines; returns the height.
    @discardableResult
    private static func writeText(_ text: String, style: StyleIndex, size: Double = HouseStyle.bodySize, on sheet: SheetWriter,
                                  columns: Int, width: Double) throws -> Double {
        let lines = PrintLayout.lines(text, width: width * HouseStyle.bodySize / size)
        let height = max(size * 1.8, PrintLayout.rowHeight(lines: lines, size: size))
        try sheet.writeRow([WritableCell(.string(text), style: style)], height: height)
        if columns > 1 {
            let number = sheet.lastRowNumber
            try sheet.merge(CellRange(CellReference(row: number, column: 1), CellReference(row: number, column: columns)))
        }
        return height
    }

    // MARK: rankings

    private func writeRanking(_ standings: [Standing], sheetName: String, nameHeader: String, withTown: Bool, ranking: RankingRules,
                              _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet(sheetName)
        let indicators = standings.first?.indicators ?? []
        let drawn = standings.first?.robustness != nil
        let lead = ["排名", nameHeader] + (withTown ? ["镇"] : []) + ["奖项"] + (drawn ? ["名次区间"] : []) + ["总分"]
        let pointsHeaders = indicators.map(Self.pointsHeader)
        let header = lead + pointsHeaders
        let totalColumn = lead.count
        let firstPoints = lead.count + 1
        let lastPoints = lead.count + indicators.count
        let firstRow = Self.headerRow + 1
        let lastRow = Self.headerRow + standings.count
        var widths = lead.map { Self.leadWidths[$0] ?? max(8, Double(ColumnWidth.displayWidth(of: $0)) + 2) }
        widths += pointsHeaders.map { title in
            let widest = title.split(separator: "\n").map { ColumnWidth.displayWidth(of: String($0)) }.max() ?? 0
            return max(7, min(Double(widest) + 1, 12))
        }
        for (offset, width) in widths.enumerated() { try sheet.setColumnWidth(offset + 1, width) }
        let width = widths.reduce(0, +)
        let columns = header.count
        let kind = withTown ? "干部" : "乡镇"
        var height = try Self.writeText(title(suffix: "评优评先结果公示(\(kind))"), style: styles.house.title, size: HouseStyle.titleSize,
                                        on: sheet, columns: columns, width: width)
        height += try Self.writeText(basisLine(ranking), style: styles.house.subtitle, size: HouseStyle.noteSize, on: sheet, columns: columns,
                                     width: width)
        height += try Self.writeText(noticeLine, style: pendingRows > 0 ? styles.house.notice : styles.house.subtitle, on: sheet,
                                     columns: columns, width: width)
        var headerCells = header.map { WritableCell(.string($0), style: styles.house.header) }
        let headerLines = zip(header, widths).map { PrintLayout.lines($0, width: $1) }.max() ?? 1
        let chartShown = !standings.isEmpty && standings.count <= Self.chartLimit
        let thresholds = chartShown ? ranking.tiers.filter { $0.minScore != nil } : []
        // The tiers' minimum scores, one column each right of the printed area: the chart's lines
        // read them from cells (LibreOffice draws no series from literal values).
        let thresholdColumns = thresholds.indices.map { columns + 2 + $0 }
        for (tier, column) in zip(thresholds, thresholdColumns) {
            headerCells += Array(repeating: WritableCell(.empty), count: column - headerCells.count - 1)
            headerCells.append(WritableCell(.string(RuleWording.tierLine(tier)), style: styles.house.note))
        }
        let headerHeight = max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: headerLines))
        try sheet.writeRow(headerCells, at: Self.headerRow, height: headerHeight)
        height += headerHeight
        let totalLetters = CellReference.columnLetters(totalColumn)
        for (offset, standing) in standings.enumerated() {
            let row = firstRow + offset
            var cells: [WritableCell?] = []
            let rankFormula = "RANK.EQ(\(totalLetters)\(row),$\(totalLetters)$\(firstRow):$\(totalLetters)$\(lastRow))"
            let tieBroken = !standing.decidingTieBreakers.isEmpty
            cells.append(tieBroken ? WritableCell(.number(Double(standing.rank)), style: styles.house.centered)
                         : WritableCell(.formula(rankFormula, cached: .number(Double(standing.rank))), style: styles.house.centered))
            cells.append(WritableCell(.string(standing.name), style: styles.house.bordered))
            if withTown { cells.append(WritableCell(.string(standing.town), style: styles.house.bordered)) }
            cells.append(WritableCell(standing.award.map { .string($0) } ?? .empty,
                                      style: standing.award == ranking.tiers.first?.name ? styles.firstAward : styles.house.centered))
            if let robustness = standing.robustness { cells.append(WritableCell(.string(robustness.interval), style: styles.house.centered)) }
            let sumRange = "\(CellReference.columnLetters(firstPoints))\(row):\(CellReference.columnLetters(lastPoints))\(row)"
            cells.append(WritableCell(.formula(indicators.isEmpty ? "0" : "ROUND(SUM(\(sumRange)),2)", cached: .number(Self.double(standing.total))),
                                      style: styles.total))
            for score in standing.indicators {
                let signed = score.kind == .penalty ? -score.points : score.points
                cells.append(WritableCell(.number(Self.double(signed)), style: styles.house.points))
            }
            for (tier, column) in zip(thresholds, thresholdColumns) {
                cells += Array(repeating: nil, count: column - cells.count - 1)
                cells.append(WritableCell(.number(Self.double(tier.minScore!))))
            }
            try sheet.writeRow(cells, height: HouseStyle.rowHeight + 2)
            height += HouseStyle.rowHeight + 2
            if tieBroken {
                try sheet.addComment("名次由并列处理规则决定:" + standing.decidingTieBreakers.joined(separator: ";"),
                                     at: CellReference(row: row, column: 1), author: "评优评先")
            }
        }
        if drawn {
            let settings = rules.robustness
            height += try Self.writeText("名次区间:各项指标的权重在 ±\(DecimalText.text(settings.spread * 100))% 内随机变动、按同一规则重新评定 "
                                         + "\(settings.draws) 次时,名次有 90% 的可能落在此区间;区间越窄,名次越稳定。", style: styles.house.note,
                                         size: HouseStyle.noteSize, on: sheet, columns: columns, width: width)
        }
        let vetoed = standings.filter { !$0.vetoReasons.isEmpty }
        if !vetoed.isEmpty {
            height += try Self.writeText("一票否决:" + vetoed.map { "\($0.name)(\($0.vetoReasons.joined(separator: "、")))" }.joined(separator: ";"),
                                         style: styles.house.note, size: HouseStyle.noteSize, on: sheet, columns: columns, width: width)
        }
        if chartShown {
            let top = sheet.lastRowNumber + 2
            for row in top...(top + Self.chartRows) { try sheet.writeRow([], at: row, height: Self.chartRowHeight) }
            try insertTotalsChart(standings, sheetName: sheetName, totalColumn: totalColumn, thresholds: zip(thresholds, thresholdColumns).map { $0 },
                                  width: width, columns: columns, top: top, into: sheet)
            height += Double(Self.chartRows + 2) * Self.chartRowHeight
        }
        try sheet.writeRow([], height: 8)
        height += 8 + (try writeNoticeBlock(on: sheet, columns: columns, width: width, styles: styles))
        try sheet.freezePanes(rows: Self.headerRow, columns: 2)
        var setup = PrintLayout.pageSetup(width: width, height: height, pagesTall: standings.count <= Self.onePageLimit ? 1 : 0,
                                          orientation: withTown ? .portrait : .landscape, issuer: issuer, asOf: asOf)
        setup.printArea = CellRange(CellReference(row: 1, column: 1), CellReference(row: sheet.lastRowNumber, column: columns))
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: 1...Self.headerRow, columns: setup.fitToPages == nil ? 1...2 : nil)
    }

    /// The 公示 block: the notice period, whom to tell of an objection, 制表人 and 审核人, the
    /// issuing office with the place for its seal, and the date. Returns its height in points.
    private func writeNoticeBlock(on sheet: SheetWriter, columns: Int, width: Double, styles: AwardStyles) throws -> Double {
        let blankDate = "______年____月____日"
        func day(_ date: LedgerDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }
        let period = district?.noticePeriod.map { "\(day($0.lowerBound))至\(day($0.upperBound))" } ?? "\(blankDate)至\(blankDate)"
        let office = issuer.isEmpty ? "" : issuer
        let objection = "公示期:\(period)。公示期内对上述结果如有异议,请以书面或电话形式向\(office.isEmpty ? "评定单位" : office)反映,"
            + "联系人:\(district?.contactName ?? "__________"),联系电话:\(district?.contactPhone ?? "______________")。"
        var height = try Self.writeText(objection, style: styles.house.paragraph, on: sheet, columns: columns, width: width)
        let signatures = "制表人:\(district?.preparedBy ?? "____________")        审核人:\(district?.reviewedBy ?? "____________")"
        height += try Self.writeText(signatures, style: styles.house.paragraph, on: sheet, columns: columns, width: width)
        try sheet.writeRow([], height: 12)
        height += 12
        height += try Self.writeText((office.isEmpty ? "" : office + "  ") + "(盖章)", style: styles.house.signature, size: 12, on: sheet,
                                     columns: columns, width: width)
        height += try Self.writeText(district?.noticePeriod.map { day($0.lowerBound) } ?? blankDate, style: styles.house.signature, size: 12,
                                     on: sheet, columns: columns, width: width)
        return height
    }

    /// A column chart of the totals (as ranked) under the table and as wide, each tier's minimum
    /// score a line named with the whole rule, labelled directly where the label collides with
    /// no bar nor value (the legend always names it).
    private func insertTotalsChart(_ standings: [Standing], sheetName: String, totalColumn: Int, thresholds: [(AwardTier, Int)],
                                   width: Double, columns: Int, top: Int, into sheet: SheetWriter) throws {
        let firstRow = Self.headerRow + 1
        let lastRow = Self.headerRow + standings.count
        let names = ChartCategories(standings.map(\.name), range: ChartRange(sheet: sheetName, CellRange(
            CellReference(row: firstRow, column: 2), CellReference(row: lastRow, column: 2))))
        let totals = standings.map { Self.double($0.total) }
        var chart = Chart(kind: .column, title: "总分与奖项分数线", legend: .bottom)
        chart.typeface = HouseStyle.bodyFace
        chart.textSize = Self.chartTextSize
        chart.valueAxisTitle = "分"
        chart.valueAxisMinimum = 0
        let axisMaximum = max(100, ((totals.max() ?? 0) / 10).rounded(.up) * 10)
        chart.valueAxisMaximum = axisMaximum
        chart.valueAxisMajorUnit = 20
        let geometry = ChartGeometry(width: width * PrintLayout.pointsPerCharacter, rows: Self.chartRows, rowHeight: Self.chartRowHeight,
                                     textSize: Self.chartTextSize, axisMaximum: axisMaximum, categories: standings.count)
        let valueLabelsFit = geometry.slotWidth >= geometry.textWidth("100.00")
        chart.series = [ChartSeries(name: "总分", categories: names, values: ChartValues(totals, range: ChartRange(sheet: sheetName, CellRange(
            CellReference(row: firstRow, column: totalColumn), CellReference(row: lastRow, column: totalColumn))), numberFormat: "0.00"),
            color: Color(rgb: 0x8EA9DB), dataLabels: valueLabelsFit ? .values : .none)]
        let dashes: [ChartLineDash] = [.dash, .dot, .dashDot, .longDash]
        for (index, (tier, column)) in thresholds.enumerated() {
            let score = Self.double(tier.minScore!)
            let name = RuleWording.tierLine(tier)
            let others = thresholds.map { Self.double($0.0.minScore!) }.filter { $0 != score }
            let placement = geometry.labelPlacement(name, at: score, bars: totals, showsValues: valueLabelsFit, otherLines: others)
            let range = CellRange(CellReference(row: firstRow, column: column), CellReference(row: lastRow, column: column))
            chart.series.append(ChartSeries(name: name, categories: names,
                                            values: ChartValues(Array(repeating: score, count: standings.count), range: ChartRange(sheet: sheetName, range)),
                                            color: index == 0 ? .black : Color(rgb: 0x404040), drawsAsLine: true,
                                            dataLabels: placement.map { .pointText(name, at: $0.point) } ?? .none,
                                            marker: ChartMarker.none, dash: dashes[index % dashes.count], lineWidth: 1.5,
                                            labelPosition: placement?.position))
        }
        try sheet.insertChart(chart, from: CellReference(row: top, column: 1), to: CellReference(row: top + Self.chartRows, column: columns + 1))
    }

    // MARK: nominations

    /// The widest a nomination's column gets before its text wraps, and the width of 主要事迹-like long text.
    static let nominationWrap = (short: 24.0, long: 56.0)

    private func writeNominations(_ nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)]),
                                  _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("推荐名单")
        let columns = nominations.columns.filter { $0.type != .serial }
        let header = ["序号", "镇"] + columns.map(\.label)
        let layouts = columns.map { column -> (width: Double, wraps: Bool) in
            let layout = TemplateBuilder.layout(of: column, example: column.example)
            let long = (column.length?.upperBound ?? 0) > 100
            return long ? (Self.nominationWrap.long, true) : (min(layout.width, Self.nominationWrap.short), layout.wraps)
        }
        let widths = [6.0, 9.0] + layouts.map(\.width)
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let width = widths.reduce(0, +)
        var height = try Self.writeText(title(suffix: "优秀个人推荐名单"), style: styles.house.title, size: HouseStyle.titleSize, on: sheet,
                                        columns: header.count, width: width)
        height += try Self.writeText("各镇推荐、通过校验的优秀个人,按镇的顺序排列(推荐名单只列出,不评分)。", style: styles.house.subtitle,
                                     size: HouseStyle.noteSize, on: sheet, columns: header.count, width: width)
        let headerLines = zip(header, widths).map { PrintLayout.lines($0, width: $1) }.max() ?? 1
        try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.house.header) },
                           height: max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: headerLines)))
        height += HouseStyle.headerHeight
        for (offset, (town, row)) in nominations.rows.enumerated() {
            var lines = 1
            let cells = [WritableCell(.number(Double(offset + 1)), style: styles.house.centered), WritableCell(.string(town), style: styles.house.bordered)]
                + zip(columns, layouts).map { column, layout -> WritableCell in
                    guard let value = row[column.label] else { return WritableCell(.empty, style: styles.house.bordered) }
                    if case .date(let day) = value {
                        return WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.house.borderedDate)
                    }
                    if layout.wraps { lines = max(lines, PrintLayout.lines(value.description, width: layout.width)) }
                    return WritableCell(.string(value.description), style: layout.wraps ? styles.house.borderedWrapped : styles.house.bordered)
                }
            let rowHeight = max(HouseStyle.rowHeight + 4, PrintLayout.rowHeight(lines: lines))
            try sheet.writeRow(cells, height: rowHeight)
            height += rowHeight
        }
        try Self.writeText("共 \(nominations.rows.count) 人。", style: styles.house.paragraph, on: sheet, columns: header.count, width: width)
        try sheet.writeRow([], height: 12)
        try Self.writeText("审核人(签字):____________        审批人(签字):____________        日期:______年____月____日",
                           style: styles.house.paragraph, size: 12, on: sheet, columns: header.count, width: width)
        if !issuer.isEmpty {
            try sheet.writeRow([], height: 12)
            try Self.writeText(issuer + "  (盖章)", style: styles.house.signature, size: 12, on: sheet, columns: header.count, width: width)
        }
        try sheet.freezePanes(rows: 3)
        try PrintLayout.apply(to: sheet, issuer: issuer, asOf: asOf, titleRows: 1...3, keyColumns: 1...3, height: height + 120)
    }

    // MARK: details

    /// The width of a raw or normalised value's column.
    static let detailWidth = 8.0

    /// 指标明细: for each town (or cadre) the raw and normalised value of every indicator — bonus
    /// and penalty labelled 加分 and 扣分 with their raw value and points — and the notes on ties
    /// and vetoes. The indicator's name spans its two columns over 原始值 and 标准化 (得分 for a
    /// bonus or penalty). Wider than a legible page, it prints across pages with 排名 and the
    /// name repeated, an indicator never split.
    private func writeDetails(_ standings: [Standing], sheetName: String, nameHeader: String, withTown: Bool,
                              _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet(sheetName)
        let scores = standings.first?.indicators ?? []
        let lead = ["排名", nameHeader] + (withTown ? ["镇"] : [])
        let leadWidths = [5.0, 10.0] + (withTown ? [10.0] : [])
        let notesWidth = 26.0
        let widths = leadWidths + scores.flatMap { _ in [Self.detailWidth, Self.detailWidth] } + [notesWidth]
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let width = widths.reduce(0, +)
        let columns = widths.count
        var setup = PrintLayout.pageSetup(width: width, issuer: issuer, asOf: asOf)
        var firstPageColumns = columns
        var firstPageWidth = width
        if setup.fitToPages == nil {
            // Across pages: a break before the indicator that would not fit, the lead columns repeated.
            setup.columnBreaks = PrintLayout.columnBreaks(widths: widths, keyColumns: lead.count, orientation: setup.orientation, groups: 2)
            firstPageColumns = setup.columnBreaks.first ?? columns
            firstPageWidth = widths.prefix(firstPageColumns).reduce(0, +)
        }
        let kind = withTown ? "干部" : "乡镇"
        try Self.writeText(title(suffix: "评优评先指标明细(\(kind))"), style: styles.house.title, size: HouseStyle.titleSize, on: sheet,
                           columns: firstPageColumns, width: firstPageWidth)
        try Self.writeText("每项指标的原始值(台账中统计所得)与标准化值(0 至 1,乘以权重即为得分);加分、扣分项列出原始值与所得分数。"
                           + (asOf.map { "数据截至 \($0)。" } ?? ""), style: styles.house.subtitle, size: HouseStyle.noteSize, on: sheet,
                           columns: firstPageColumns, width: firstPageWidth)
        // Two header rows: the indicator over its two columns, then what each column holds.
        var first: [WritableCell?] = lead.map { WritableCell(.string($0), style: styles.house.header) }
        var second: [WritableCell?] = lead.map { _ in WritableCell(.empty, style: styles.house.header) }
        for score in scores {
            first += [WritableCell(.string(Self.pointsHeader(score).replacing("\n", with: "")), style: styles.house.header),
                      WritableCell(.empty, style: styles.house.header)]
            second += [WritableCell(.string("原始值"), style: styles.house.header),
                       WritableCell(.string(score.kind == .indicator ? "标准化" : "得分"), style: styles.house.header)]
        }
        first.append(WritableCell(.string("说明"), style: styles.house.header))
        second.append(WritableCell(.empty, style: styles.house.header))
        let nameLines = scores.map { PrintLayout.lines(Self.pointsHeader($0).replacing("\n", with: ""), width: 2 * Self.detailWidth) }.max() ?? 1
        try sheet.writeRow(first, height: max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: nameLines)))
        try sheet.writeRow(second, height: HouseStyle.headerHeight)
        for index in lead.indices + [columns - 1] {
            try sheet.merge(CellRange(CellReference(row: 3, column: index + 1), CellReference(row: 4, column: index + 1)))
        }
        for index in scores.indices {
            let column = lead.count + 1 + 2 * index
            try sheet.merge(CellRange(CellReference(row: 3, column: column), CellReference(row: 3, column: column + 1)))
        }
        for standing in standings {
            var cells: [WritableCell?] = [WritableCell(.number(Double(standing.rank)), style: styles.house.centered),
                                          WritableCell(.string(standing.name), style: styles.house.bordered)]
            if withTown { cells.append(WritableCell(.string(standing.town), style: styles.house.bordered)) }
            for score in standing.indicators {
                switch score.raw {
                case .number(let number): cells.append(WritableCell(.number(Self.double(number)), style: styles.raw))
                case .date(let day):
                    cells.append(WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.house.borderedDate))
                case .none: cells.append(WritableCell(.string("无"), style: styles.house.centered))
                }
                if score.kind == .indicator {
                    cells.append(score.normalised.map { WritableCell(.number(Self.double($0)), style: styles.normalised) }
                                 ?? WritableCell(.empty, style: styles.normalised))
                } else {
                    cells.append(WritableCell(.number(Self.double(score.kind == .penalty ? -score.points : score.points)), style: styles.house.points))
                }
            }
            let remarks = (standing.vetoReasons.map { "一票否决:" + $0 } + standing.notes.map(\.description)).joined(separator: ";")
            cells.append(WritableCell(.string(remarks), style: styles.house.borderedWrapped))
            let lines = PrintLayout.lines(remarks, width: notesWidth)
            try sheet.writeRow(cells, height: max(HouseStyle.rowHeight, PrintLayout.rowHeight(lines: lines)))
        }
        try sheet.freezePanes(rows: 4, columns: lead.count)
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: setup.fitToPages == nil ? 3...4 : 1...4, columns: setup.fitToPages == nil ? 1...lead.count : nil)
    }

    // MARK: explanation

    private func writeExplanation(_ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("指标说明")
        let widths = [16.0, 9.0, 64.0]
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let width = widths.reduce(0, +)
        var height = 0.0
        try Self.writeText(title(suffix: "评优评先指标说明"), style: styles.house.title, size: HouseStyle.titleSize, on: sheet, columns: 3, width: width)
        height += HouseStyle.titleHeight
        func section(_ title: String) throws {
            try sheet.writeRow([], height: 6)
            try sheet.writeRow([WritableCell(.string(title), style: styles.house.section)], height: 22)
            height += 28
        }
        func header(_ labels: [String]) throws {
            try sheet.writeRow(labels.map { WritableCell(.string($0), style: styles.house.header) }, height: HouseStyle.headerHeight)
            height += HouseStyle.headerHeight
        }
        func row(_ name: String, _ points: String, _ text: String) throws {
            let lines = max(PrintLayout.lines(text, width: widths[2]), PrintLayout.lines(name, width: widths[0]))
            let rowHeight = max(HouseStyle.rowHeight, PrintLayout.rowHeight(lines: lines))
            try sheet.writeRow([WritableCell(.string(name), style: styles.house.borderedWrapped),
                                WritableCell(.string(points), style: styles.house.centered),
                                WritableCell(.string(text), style: styles.house.borderedWrapped)], height: rowHeight)
            height += rowHeight
        }
        func paragraph(_ text: String) throws {
            try Self.writeText(text, style: styles.house.paragraph, on: sheet, columns: 3, width: width)
            height += PrintLayout.rowHeight(lines: PrintLayout.lines(text, width: width))
        }
        func ranking(_ who: String, _ ranking: RankingRules, contenders: String) throws {
            let wording = RuleWording(district: district, contenders: contenders)
            try section("\(who)评分指标")
            try header(["指标", "分值", "计分方法"])
            for indicator in ranking.indicators { try row(indicator.name, DecimalText.text(indicator.weight), wording.indicator(indicator)) }
            for bonus in ranking.bonuses { try row(bonus.name, "加分", wording.bonus(bonus)) }
            for penalty in ranking.penalties { try row(penalty.name, "扣分", wording.penalty(penalty)) }
            let last = ranking.tiers.last?.name ?? ""
            for veto in ranking.vetoes {
                try row("一票否决", "", "\(veto.reason):\(wording.condition(veto.condition))的,只能评为“\(last)”。")
            }
            if !ranking.tieBreakers.isEmpty {
                try paragraph("总分相同时依次比较:" + ranking.tieBreakers.enumerated()
                    .map { "(\($0.offset + 1))\($0.element.name):\(wording.tieBreaker($0.element))" }.joined(separator: ";")
                    + ";仍相同的名次并列(如 1、2、2、4)。")
            }
            try paragraph(Self.tiersLine(ranking.tiers) + "名次并列而跨越名额的,并列者均入选。")
        }
        try ranking("乡镇", rules.towns, contenders: "各镇")
        if let cadres = rules.cadres { try ranking("干部(挂点班子成员)", cadres.ranking, contenders: "各干部") }
        try section("计分与名次区间")
        try paragraph("各项得分 = 分值 × 标准化值(0 至 1),保留原值不取舍;总分为各项得分之和,最后一步四舍五入到两位小数;总分相同者名次并列。")
        try paragraph(robustnessText)
        try section("技术信息(供核查)")
        let facts = [("程序", "taizhang \(TaizhangVersion.current)"), ("评分规则文件", "\(rulesFile.path)\nSHA-256:\(rulesFile.sha256)")]
            + inputs.map { ("输入文件", "\($0.path)\nSHA-256:\($0.sha256)") }
        for (label, value) in facts {
            let lines = PrintLayout.lines(value, width: (widths[1] + widths[2]) * HouseStyle.bodySize / HouseStyle.noteSize)
            try sheet.writeRow([WritableCell(.string(label), style: styles.house.note), WritableCell(.string(value), style: styles.house.note)],
                               height: PrintLayout.rowHeight(lines: lines, size: HouseStyle.noteSize))
            try sheet.merge(CellRange(CellReference(row: sheet.lastRowNumber, column: 2), CellReference(row: sheet.lastRowNumber, column: 3)))
            height += PrintLayout.rowHeight(lines: lines, size: HouseStyle.noteSize)
        }
        try PrintLayout.apply(to: sheet, issuer: issuer, asOf: asOf, titleRows: nil, height: height, pagesTall: 0)
    }

    /// How 名次区间 was drawn (`robustness:` of the rules), in words.
    var robustnessText: String {
        let settings = rules.robustness
        guard settings.draws > 0 else { return "名次区间:本次未计算(评分细则设定抽样次数为 0)。" }
        let spread = DecimalText.text(settings.spread * 100) + "%"
        return "名次区间表示名次受权重影响的程度:将每项计分指标的权重各自随机上下浮动(不超过 ±\(spread)),再按比例调整使权重之和不变"
            + "(加分、扣分和一票否决不变),按同一规则重新计算总分、排名和奖项;如此抽样 \(settings.draws) 次,"
            + "名次区间为其中第 5 至第 95 百分位的名次,即名次有 90% 的可能落在此区间。"
            + "抽样由随机种子 \(settings.seed) 确定,同样的数据和规则每次得到同样的结果。镇和干部的排名使用同一设置。"
    }
}

/// Where a threshold's label can go on a column chart without covering a column, a value or
/// another line: from the chart's size in points and the axis's range.
struct ChartGeometry {
    /// The chart's width and height, in points.
    let width: Double
    let height: Double
    let textSize: Double
    let axisMaximum: Double
    let categories: Int

    init(width: Double, rows: Int, rowHeight: Double, textSize: Double, axisMaximum: Double, categories: Int) {
        self.width = width
        height = Double(rows) * rowHeight
        self.textSize = textSize
        self.axisMaximum = axisMaximum
        self.categories = categories
    }

    /// The plot's width and height: the chart less the value axis, the title, the legend and the category labels.
    var plotWidth: Double { max(1, width - 8 * textSize) }
    var plotHeight: Double { max(1, height - 8 * textSize) }
    /// The width of one category.
    var slotWidth: Double { plotWidth / Double(max(categories, 1)) }
    /// A text's printed width, in points.
    func textWidth(_ text: String) -> Double { Double(ColumnWidth.displayWidth(of: text)) * textSize / 2 + textSize }
    /// A label's height in axis units, with room around it.
    var labelHeight: Double { 1.6 * textSize * axisMaximum / plotHeight }

    /// The point and side for a label `text` on a line at `value`, rightmost first; nil when
    /// every place would cover a column, a value label or another line.
    func labelPlacement(_ text: String, at value: Double, bars: [Double], showsValues: Bool,
                        otherLines: [Double]) -> (point: Int, position: ChartLabelPosition)? {
        let half = textWidth(text) / 2
        let valueHeight = showsValues ? labelHeight : 0
        for point in stride(from: categories - 1, through: 0, by: -1) {
            let center = (Double(point) + 0.5) * slotWidth
            guard center + half <= plotWidth + textSize, center - half >= 0 else { continue }
            let covered = bars.indices.filter { index in
                let left = Double(index) * slotWidth
                return left < center + half && left + slotWidth > center - half
            }
            let above = (value, value + labelHeight)
            let below = (value - labelHeight, value)
            for (band, position) in [(above, ChartLabelPosition.above), (below, .below)] {
                let clearOfBars = covered.allSatisfy { bars[$0] + valueHeight < band.0 }
                let clearOfLines = otherLines.allSatisfy { $0 < band.0 - labelHeight / 4 || $0 > band.1 + labelHeight / 4 }
                if clearOfBars && clearOfLines && band.0 >= 0 && band.1 <= axisMaximum { return (point, position) }
            }
        }
        return nil
    }
}

/// The awards workbook's styles: the house styles, and the few of its own.
struct AwardStyles {
    let house: HouseStyle
    /// The first tier's award: bold.
    let firstAward: StyleIndex
    /// A total: bold, 0.00, ruled.
    let total: StyleIndex
    /// A raw value: General, ruled.
    let raw: StyleIndex
    /// A normalised value: 0.0000, ruled.
    let normalised: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        house = try HouseStyle(workbook)
        let bold = HouseStyle.boldBodyFont
        let rule = HouseStyle.rule
        firstAward = try workbook.register(CellStyle(font: bold, border: rule, horizontalAlignment: .center, verticalAlignment: .center))
        total = try workbook.register(CellStyle(font: bold, border: rule, verticalAlignment: .center, numberFormat: "0.00"))
        raw = try workbook.register(CellStyle(border: rule, verticalAlignment: .center, numberFormat: "General"))
        normalised = try workbook.register(CellStyle(border: rule, verticalAlignment: .center, numberFormat: "0.0000"))
    }
}
