import Foundation
import Ledger
import XLSX

/// Writes the awards workbook (评优评先.xlsx): 镇排名 and 干部排名 with live `ROUND(SUM(…),2)`
/// totals and `RANK.EQ` ranks carrying their cached values (a rank decided by a tie-breaker is a
/// value with a comment naming the tie-breaker), the raw and normalised values beside the
/// points; 推荐名单 (validated nominations, listed not scored); 指标说明 (every rule, and the
/// rules file's and inputs' SHA-256 so that an evaluator can reproduce the sheet).
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

    /// The awards workbook of a board, its rules and their sources; `nominations` lists the validated nominations (推荐名单) with their columns.
    public init(board: ScoreBoard, rules: ScoringRules, rulesFile: (path: String, sha256: String),
                inputs: [(path: String, sha256: String)], nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)])?) {
        self.board = board
        self.rules = rules
        self.rulesFile = rulesFile
        self.inputs = inputs
        self.nominations = nominations
    }

    /// Writes the workbook atomically.
    public func write(to path: String) throws {
        let workbook = try WorkbookWriter(path: path)
        workbook.properties.title = rules.name.isEmpty ? "评优评先" : rules.name
        let styles = try AwardStyles(workbook)
        try writeRanking(board.towns, sheetName: "镇排名", nameHeader: "镇", withTown: false, workbook, styles)
        if rules.cadres != nil {
            try writeRanking(board.cadres, sheetName: "干部排名", nameHeader: "姓名", withTown: true, workbook, styles)
        }
        if let nominations { try writeNominations(nominations, workbook, styles) }
        try writeExplanation(workbook, styles)
        try workbook.close()
    }

    /// The double nearest the decimal (through its text: `NSDecimalNumber.doubleValue` can be one ulp off).
    private static func double(_ value: Decimal) -> Double { Double(value.description) ?? NSDecimalNumber(decimal: value).doubleValue }

    private func writeRanking(_ standings: [Standing], sheetName: String, nameHeader: String, withTown: Bool,
                              _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet(sheetName)
        let indicators = standings.first?.indicators ?? []
        let lead = ["排名", nameHeader] + (withTown ? ["镇"] : []) + ["奖项", "总分"]
        let pointsHeaders = indicators.map { $0.name + ($0.weight.map { "(\(DecimalText.text($0)))" } ?? "") }
        let detailHeaders = indicators.filter { $0.kind == .indicator }.flatMap { [$0.name + "·原始值", $0.name + "·标准化"] }
        let header = lead + pointsHeaders + detailHeaders + ["说明"]
        try sheet.fitColumnsToContent(minimum: 8, maximum: 40)
        try sheet.freezePanes(rows: 1, columns: withTown ? 3 : 2)
        try sheet.writeRow(header.map { WritableCell(.string($0), style: styles.header) })
        let totalColumn = lead.count
        let firstPoints = totalColumn + 1
        let lastPoints = totalColumn + indicators.count
        let firstRow = 2
        let lastRow = standings.count + 1
        let totalLetters = CellReference.columnLetters(totalColumn)
        for (offset, standing) in standings.enumerated() {
            let row = firstRow + offset
            var cells: [WritableCell?] = []
            let rankFormula = "RANK.EQ(\(totalLetters)\(row),$\(totalLetters)$\(firstRow):$\(totalLetters)$\(lastRow))"
            let tieBroken = !standing.decidingTieBreakers.isEmpty
            cells.append(tieBroken ? WritableCell(.number(Double(standing.rank)), style: styles.center)
                         : WritableCell(.formula(rankFormula, cached: .number(Double(standing.rank))), style: styles.center))
            cells.append(WritableCell(.string(standing.name)))
            if withTown { cells.append(WritableCell(.string(standing.town))) }
            cells.append(standing.award.map { WritableCell(.string($0)) })
            let sumRange = "\(CellReference.columnLetters(firstPoints))\(row):\(CellReference.columnLetters(lastPoints))\(row)"
            cells.append(WritableCell(.formula(indicators.isEmpty ? "0" : "ROUND(SUM(\(sumRange)),2)", cached: .number(Self.double(standing.total))),
                                      style: styles.points))
            for score in standing.indicators {
                let signed = score.kind == .penalty ? -score.points : score.points
                cells.append(WritableCell(.number(Self.double(signed)), style: styles.points))
            }
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
            if tieBroken {
                try sheet.addComment("名次由并列处理规则决定:" + standing.decidingTieBreakers.joined(separator: ";"),
                                     at: CellReference(row: row, column: 1), author: "评优评先")
            }
        }
        if !standings.isEmpty {
            try sheet.setAutoFilter(CellRange(CellReference(row: 1, column: 1), CellReference(row: lastRow, column: header.count)))
        }
    }

    private func writeNominations(_ nominations: (columns: [ColumnSchema], rows: [(town: String, row: LedgerRow)]),
                                  _ workbook: WorkbookWriter, _ styles: AwardStyles) throws {
        let sheet = try workbook.addSheet("推荐名单")
        try sheet.fitColumnsToContent(minimum: 8, maximum: 60)
        try sheet.freezePanes(rows: 1)
        try sheet.writeRow((["镇"] + nominations.columns.map(\.label)).map { WritableCell(.string($0), style: styles.header) })
        for (town, row) in nominations.rows {
            try sheet.writeRow([WritableCell(.string(town))] + nominations.columns.map { column in
                guard let value = row[column.label] else { return nil }
                if case .date(let day) = value {
                    return WritableCell(.date(LocalDateTime(year: day.year, month: day.month, day: day.day)), style: styles.date)
                }
                return WritableCell(.string(value.description))
            })
        }
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
        try section("程序", ["名称", "版本"], [["taizhang", TaizhangVersion.current]])
        try section("规则文件", ["文件", "SHA-256"], [[rulesFile.path, rulesFile.sha256]])
        try section("输入文件", ["文件", "SHA-256"], inputs.map { [$0.path, $0.sha256] })
        try sheet.writeRow([WritableCell(.string("计分:各项得分 = 权重 × 标准化值(0至1),保留原值;总分 = ROUND(各项得分之和, 2),四舍五入只在最后一步;"
                                                + "总分相同者名次并列(1、2、2、4),并列处理规则依次区分;奖项按名次与最低分评定。"))])
    }
}

/// The awards workbook's registered styles.
struct AwardStyles {
    let header: StyleIndex
    let section: StyleIndex
    let points: StyleIndex
    let raw: StyleIndex
    let normalised: StyleIndex
    let date: StyleIndex
    let center: StyleIndex

    init(_ workbook: WorkbookWriter) throws {
        header = try workbook.register(CellStyle(font: FontStyle(bold: true), fillColor: Color(rgb: 0xDDEBF7),
                                                 border: Border.all(.thin, color: Color(rgb: 0xBFBFBF)), horizontalAlignment: .center,
                                                 wrapsText: true))
        section = try workbook.register(CellStyle(font: FontStyle(size: 12, bold: true)))
        points = try workbook.register(CellStyle(numberFormat: "0.00"))
        raw = try workbook.register(CellStyle(numberFormat: "General"))
        normalised = try workbook.register(CellStyle(numberFormat: "0.0000"))
        date = try workbook.register(CellStyle(numberFormat: "yyyy-mm-dd"))
        center = try workbook.register(CellStyle(horizontalAlignment: .center))
    }
}
