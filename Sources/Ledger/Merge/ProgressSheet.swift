import TaizhangSupport
import XLSX

/// The 进度 sheet of the district ledger: per town, the organisations founded by each report
/// day and milestone date (dates as dates, milestones named under them), its target, what each
/// milestone requires and whether it was met; a 合计 row; and a line chart on a true time axis
/// (a week is wider than a day) with a line per town — or the district's total beyond
/// ``DistrictLedgerWriter/chartedTownsLimit`` towns — told apart in black and white by marker
/// and dash, the target drawn as a line and each milestone's requirement as a marker. Lines
/// ending on the same or nearly the same value share one end label ("罗家镇、京东镇 19"), so
/// that no two labels print over each other. When the towns' targets differ the chart shows
/// each town's share of its own target (target 100 %).
///
/// The chart reads every series from cells (LibreOffice draws none from literal values): its
/// target and milestone rows, and the shares, are written under the chart, outside the printed area.
struct ProgressSheet {
    let progress: CampaignProgress
    let district: DistrictConfig
    /// The office named in the footer.
    let issuer: String
    let styles: HouseStyle
    let asOf: String?
    let campaignTitle: String

    /// The rows the chart spans, each ``chartRowHeight`` high.
    static let chartRows = 22
    static let chartRowHeight = 15.0
    /// The chart's text size, in points.
    static let chartTextSize = 10.0
    /// The two header rows.
    static let headerRows = 3...4
    static let firstTownRow = 5
    /// Widths: 镇, 目标任务数, each date, each milestone's 要求 and 达标.
    static let widths = (town: 11.0, target: 8.0, date: 7.0, required: 7.0, met: 6.0)
    /// Shapes and dashes that tell the towns' lines apart without colour.
    static let markers: [ChartMarker] = [.circle, .square, .triangle, .diamond, .x, .star, .plus, .dash, .dot]
    static let dashes: [ChartLineDash] = [.solid, .dash, .dot, .dashDot, .longDash, .longDashDot, .longDashDotDot, .shortDash]

    private var milestones: [DistrictConfig.Milestone] { district.milestones.sorted { $0.date < $1.date } }
    private var dateColumns: ClosedRange<Int> { 3...(2 + max(progress.dates.count, 1)) }
    private var lastTownRow: Int { Self.firstTownRow + progress.towns.count - 1 }
    private var totalRow: Int { lastTownRow + 1 }
    private var columnCount: Int { 2 + progress.dates.count + 2 * milestones.count }
    /// Whether every town has the same target (the chart then counts organisations, else shares).
    private var commonTarget: Int? {
        let targets = Set(progress.towns.map(\.target))
        return targets.count == 1 ? targets.first : nil
    }

    /// The width of each column: 镇, 目标任务数, each date (as wide as what happens on it), each milestone's 要求 and 达标.
    private var columnWidths: [Double] {
        [Self.widths.town, Self.widths.target]
            + progress.dates.map { day in max(Self.widths.date, Double(dayNames(day).map(ColumnWidth.displayWidth(of:)).max() ?? 0) + 2) }
            + milestones.flatMap { _ in [Self.widths.required, Self.widths.met] }
    }

    /// What happens on a day: 交账日, a milestone's name.
    private func dayNames(_ day: LedgerDate) -> [String] {
        (district.reportDays.contains(day) ? ["交账日"] : []) + milestones.filter { $0.date == day }.map { $0.name.isEmpty ? "节点" : $0.name }
    }

    func write(to sheet: SheetWriter) throws {
        let widths = columnWidths
        for (index, width) in widths.enumerated() { try sheet.setColumnWidth(index + 1, width) }
        let tableWidth = widths.reduce(0, +)
        try writeHeading(sheet, width: tableWidth)
        try writeHeader(sheet)
        for town in progress.towns {
            var cells: [WritableCell?] = [WritableCell(.string(town.name), style: styles.bordered),
                                          WritableCell(.number(Double(town.target)), style: styles.bordered)]
            cells += town.series.map { WritableCell(.number(Double($0.founded)), style: styles.bordered) }
            cells += town.milestones.flatMap {
                [WritableCell(.number(Double($0.required)), style: styles.bordered), WritableCell(.string($0.met ? "是" : "否"), style: styles.centered)]
            }
            try sheet.writeRow(cells, height: HouseStyle.rowHeight)
        }
        var totals: [WritableCell?] = [WritableCell(.string("合计"), style: styles.total)]
        // Per column the total, nil for a milestone's 达标 column (the towns that met it).
        var sums: [Double?] = [Double(progress.towns.reduce(0) { $0 + $1.target })]
        sums += progress.dates.indices.map { index in Double(progress.towns.reduce(0) { $0 + $1.series[index].founded }) }
        for index in milestones.indices {
            sums += [Double(progress.towns.reduce(0) { $0 + $1.milestones[index].required }), nil]
        }
        for (offset, sum) in sums.enumerated() {
            let letters = CellReference.columnLetters(offset + 2)
            guard let sum else {
                let met = progress.towns.filter { $0.milestones[(offset - 1 - progress.dates.count) / 2].met }.count
                let range = "\(letters)\(Self.firstTownRow):\(letters)\(lastTownRow)"
                totals.append(WritableCell(.formula(progress.towns.isEmpty ? "0" : "COUNTIF(\(range),\"是\")", cached: .number(Double(met))),
                                           style: styles.total))
                continue
            }
            let formula = progress.towns.isEmpty ? "0" : "SUM(\(letters)\(Self.firstTownRow):\(letters)\(lastTownRow))"
            totals.append(WritableCell(.formula(formula, cached: .number(sum)), style: styles.total))
        }
        try sheet.writeRow(totals, height: HouseStyle.rowHeight)
        try sheet.freezePanes(rows: Self.headerRows.upperBound, columns: 1)
        var lastPrinted = totalRow
        var chartWidth = tableWidth
        if !progress.dates.isEmpty {
            chartWidth = max(tableWidth, 100)
            lastPrinted = try insertChart(into: sheet, width: chartWidth)
        }
        var setup = PrintLayout.pageSetup(width: chartWidth, height: Double(lastPrinted) * Self.chartRowHeight + 80,
                                          pagesTall: progress.towns.count <= 40 ? 1 : 0, orientation: .landscape,
                                          issuer: issuer, asOf: asOf)
        setup.printArea = CellRange(CellReference(row: 1, column: 1),
                                    CellReference(row: lastPrinted, column: max(columnCount, chartColumns(width: chartWidth))))
        try sheet.setPageSetup(setup)
        try sheet.setPrintTitles(rows: 1...Self.headerRows.upperBound)
    }

    private func writeHeading(_ sheet: SheetWriter, width: Double) throws {
        let title = campaignTitle + " 进度"
        try sheet.writeRow([WritableCell(.string(title), style: styles.title)], height: HouseStyle.titleHeight)
        let shares = milestones.map { "\($0.name.isEmpty ? "" : $0.name + " ")\(Self.monthDay($0.date)) \(Self.percent($0.share))" }
            .joined(separator: "、")
        let text = (asOf.map { "数据截至 \($0)(各镇报送台账的最新填报日期)。" } ?? "")
            + "按直属团组织的成立日期累计统计(\(district.campaignStart) 起,含当日),只计通过校验的行;"
            + "节点要求 = 目标任务数 × 比例,向上取整:" + shares + "。"
        let lines = PrintLayout.lines(text, width: width * HouseStyle.bodySize / HouseStyle.noteSize)
        try sheet.writeRow([WritableCell(.string(text), style: styles.subtitle)], height: PrintLayout.rowHeight(lines: lines, size: HouseStyle.noteSize))
        for row in 1...2 { try sheet.merge(CellRange(CellReference(row: row, column: 1), CellReference(row: row, column: columnCount))) }
    }

    /// Row 3: the dates (as dates) and the milestones' names; row 4: what happened on each date
    /// (交账日, a milestone) and 要求 / 是否达标 under each milestone.
    private func writeHeader(_ sheet: SheetWriter) throws {
        var first: [WritableCell?] = [WritableCell(.string(DistrictLedgerWriter.townColumn), style: styles.header),
                                      WritableCell(.string(DistrictLedgerWriter.targetColumn), style: styles.header)]
        first += progress.dates.map { WritableCell(.date(LocalDateTime(year: $0.year, month: $0.month, day: $0.day)), style: styles.headerDate) }
        for milestone in milestones {
            first += [WritableCell(.string(milestone.name.isEmpty ? Self.monthDay(milestone.date) : milestone.name), style: styles.header),
                      WritableCell(.empty, style: styles.header)]
        }
        try sheet.writeRow(first, height: HouseStyle.headerHeight)
        var second: [WritableCell?] = [WritableCell(.empty, style: styles.header), WritableCell(.empty, style: styles.header)]
        second += progress.dates.map { WritableCell(.string(dayNames($0).joined(separator: "\n")), style: styles.header) }
        second += milestones.flatMap { _ in [WritableCell(.string("要求"), style: styles.header), WritableCell(.string("达标"), style: styles.header)] }
        let lines = progress.dates.map { dayNames($0).count }.max() ?? 1
        try sheet.writeRow(second, height: max(HouseStyle.headerHeight, PrintLayout.rowHeight(lines: max(lines, 1))))
        for column in 1...2 {
            try sheet.merge(CellRange(CellReference(row: 3, column: column), CellReference(row: 4, column: column)))
        }
        for index in milestones.indices {
            let column = 3 + progress.dates.count + 2 * index
            try sheet.merge(CellRange(CellReference(row: 3, column: column), CellReference(row: 3, column: column + 1)))
        }
    }

    /// The columns the chart spans for a width of `width` characters.
    private func chartColumns(width: Double) -> Int {
        var total = 0.0
        var columns = 0
        let widths = columnWidths
        while total < width {
            total += columns < widths.count ? widths[columns] : ColumnWidth.defaultMinimum
            columns += 1
        }
        return columns
    }

    /// Inserts the chart under the table and its data rows under the chart; returns the chart's last row.
    private func insertChart(into sheet: SheetWriter, width: Double) throws -> Int {
        let top = totalRow + 2
        let bottom = top + Self.chartRows
        for row in top...bottom { try sheet.writeRow([], at: row, height: Self.chartRowHeight) }
        let dates = progress.dates.map { LocalDateTime(year: $0.year, month: $0.month, day: $0.day) }
        let categories = ChartCategories(dates: dates, range: ChartRange(sheet: DistrictLedgerWriter.progressSheet, CellRange(
            CellReference(row: Self.headerRows.lowerBound, column: dateColumns.lowerBound),
            CellReference(row: Self.headerRows.lowerBound, column: dateColumns.upperBound))))
        func values(row: Int, _ numbers: [Double?]) -> ChartValues {
            ChartValues(numbers, range: ChartRange(sheet: DistrictLedgerWriter.progressSheet, CellRange(
                CellReference(row: row, column: dateColumns.lowerBound), CellReference(row: row, column: dateColumns.upperBound))),
                numberFormat: commonTarget == nil && progress.towns.count <= DistrictLedgerWriter.chartedTownsLimit ? "0%" : "0")
        }

        // What is drawn: a line per town (or the total), the target, the milestones' requirements.
        var lines: [(name: String, row: Int, values: [Double])] = []
        var target: Double
        var required: [Double?]
        var dataRow = bottom + 2
        try sheet.writeRow([WritableCell(.string("图表数据(不打印):目标线与节点要求" + (commonTarget == nil ? ",各镇完成率" : "")), style: styles.note)],
                           at: dataRow - 1)
        let perTown = progress.towns.count <= DistrictLedgerWriter.chartedTownsLimit
        if perTown, let common = commonTarget {
            lines = progress.towns.enumerated().map { ($1.name, Self.firstTownRow + $0, $1.series.map { Double($0.founded) }) }
            target = Double(common)
            required = requirements { Double(CampaignProgress.required(share: $0.share, target: common)) }
        } else if perTown {
            // Shares of each town's own target, as formulas over the table.
            for (offset, town) in progress.towns.enumerated() {
                let row = Self.firstTownRow + offset
                let shares = town.series.map { town.target > 0 ? Double($0.founded) / Double(town.target) : 0 }
                var cells: [WritableCell?] = [WritableCell(.string(town.name)), nil]
                cells += dateColumns.enumerated().map { index, column in
                    let letters = CellReference.columnLetters(column)
                    return WritableCell(.formula("IF($B\(row)>0,\(letters)\(row)/$B\(row),0)", cached: .number(shares[index])), style: styles.percent)
                }
                try sheet.writeRow(cells, at: dataRow)
                lines.append((town.name, dataRow, shares))
                dataRow += 1
            }
            target = 1
            required = requirements { $0.share }
        } else {
            lines = [("全区", totalRow, progress.dates.indices.map { index in Double(progress.towns.reduce(0) { $0 + $1.series[index].founded }) })]
            target = Double(progress.towns.reduce(0) { $0 + $1.target })
            required = requirements { milestone in Double(progress.towns.reduce(0) { $0 + CampaignProgress.required(share: milestone.share, target: $1.target) }) }
        }
        let targetRow = dataRow
        let requiredRow = dataRow + 1
        let targetName = commonTarget == nil && perTown ? "目标 100%" : "目标 \(Self.number(target)) 个"
        try sheet.writeRow([WritableCell(.string(targetName)), nil]
                           + dates.map { _ in WritableCell(.number(target), style: perTown && commonTarget == nil ? styles.percent : nil) },
                           at: targetRow)
        try sheet.writeRow([WritableCell(.string("节点要求")), nil]
                           + required.map { $0.map { WritableCell(.number($0), style: perTown && commonTarget == nil ? styles.percent : nil) } },
                           at: requiredRow)

        var chart = Chart(kind: .line, legend: .bottom)
        chart.title = perTown ? (commonTarget == nil ? "各镇累计建成直属团组织数占目标任务数的比例" : "各镇累计建成直属团组织数(个)")
            : "全区累计建成直属团组织数(个)"
        chart.typeface = HouseStyle.bodyFace
        chart.textSize = Self.chartTextSize
        chart.valueAxisMinimum = 0
        let highest = max(target, lines.flatMap(\.values).max() ?? 0, required.compactMap { $0 }.max() ?? 0)
        let axisMaximum = Self.roundedUp(highest * 1.1)
        chart.valueAxisMaximum = axisMaximum
        chart.valueAxisMajorUnit = axisMaximum / 5
        // The plot: the chart less its title, the date labels, the legend's rows and the value axis.
        let milestoneName = "节点要求(" + milestones.map { "\($0.name.isEmpty ? Self.monthDay($0.date) : $0.name) \(Self.percent($0.share))" }
            .joined(separator: "、") + ")"
        let chartWidth = width * PrintLayout.pointsPerCharacter
        let legend = lines.map(\.name) + [targetName] + (required.contains { $0 != nil } ? [milestoneName] : [])
        let legendRows = Self.rows(legend.map { Self.textWidth($0) + 40 }, within: chartWidth - 20)
        let plotHeight = max(40, Double(Self.chartRows) * Self.chartRowHeight - 70 - Double(legendRows) * Self.chartTextSize * 1.6)
        let plotWidth = chartWidth - 70
        let labelHeight = Self.chartTextSize * 1.9 * axisMaximum / plotHeight
        let labels = Self.endLabels(lines.map { ($0.name, $0.values.last ?? 0) }, separation: labelHeight,
                                    format: { perTown && commonTarget == nil ? Self.percentText($0) : Self.number($0) })
        let widest = labels.values.map { Self.textWidth($0) + 12 }.max() ?? 0
        let firstDay = progress.dates.first!
        let span = Double(firstDay.days(until: progress.dates.last!))
        let extraDays = widest >= plotWidth * 0.6 ? span : (span * widest / (plotWidth - widest)).rounded(.up)
        let shownDays = span + max(extraDays, 1)
        let lastDay = firstDay.adding(days: Int(shownDays))
        chart.dateAxis = ChartDateAxis(numberFormat: "m-d", majorUnitDays: span > 60 ? 14 : 7,
                                       first: dates.first, last: LocalDateTime(year: lastDay.year, month: lastDay.month, day: lastDay.day))
        // The target's label above its line where no line comes near it, leftmost first.
        let pointsPerDay = plotWidth / max(shownDays, 1)
        let halfLabel = (Self.textWidth(targetName) / 2 + 6) / pointsPerDay
        let targetPoint = progress.dates.indices.first { index in
            let center = Double(firstDay.days(until: progress.dates[index]))
            guard center - halfLabel >= 0 else { return false }
            let near = progress.dates.indices.filter { abs(Double(firstDay.days(until: progress.dates[$0])) - center) <= halfLabel + 1 }
            return near.allSatisfy { point in
                lines.allSatisfy { $0.values[point] < target - labelHeight / 4 || $0.values[point] > target + labelHeight * 1.25 }
            }
        }
        let palette = [0x1F4E79, 0xC00000, 0x548235, 0x7030A0, 0xBF8F00, 0x2E75B6, 0x843C0C, 0x375623, 0x5B9BD5].map { Color(rgb: $0) }
        chart.series = lines.enumerated().map { index, line in
            ChartSeries(name: line.name, categories: categories, values: values(row: line.row, line.values), color: palette[index % palette.count],
                        dataLabels: labels[line.name].map { .pointText($0, at: nil) } ?? .none,
                        marker: Self.markers[index % Self.markers.count], dash: Self.dashes[index % Self.dashes.count], lineWidth: 1.5,
                        labelPosition: .right)
        }
        chart.series.append(ChartSeries(name: targetName, categories: categories, values: values(row: targetRow, dates.map { _ in target }),
                                        color: Color(rgb: 0x595959), dataLabels: targetPoint.map { .pointText(targetName, at: $0) } ?? .none,
                                        marker: ChartMarker.none, dash: .longDash, lineWidth: 1.25, labelPosition: .above))
        if required.contains(where: { $0 != nil }) {
            chart.series.append(ChartSeries(name: milestoneName, categories: categories, values: values(row: requiredRow, required),
                                            color: .black, marker: .triangle, hidesLine: true))
        }
        try sheet.insertChart(chart, from: CellReference(row: top, column: 1), to: CellReference(row: bottom, column: chartColumns(width: width) + 1))
        return bottom
    }

    /// A text's printed width in the chart, in points.
    static func textWidth(_ text: String) -> Double { Double(ColumnWidth.displayWidth(of: text)) * chartTextSize / 2 }

    /// The rows that items of these widths take, laid out in turn within `width` (a legend).
    static func rows(_ widths: [Double], within width: Double) -> Int {
        var rows = 1
        var used = 0.0
        for item in widths {
            if used > 0 && used + item > width {
                rows += 1
                used = 0
            }
            used += item
        }
        return rows
    }

    /// A value per date: the milestone's on its date, nil on the others.
    private func requirements(_ value: (DistrictConfig.Milestone) -> Double) -> [Double?] {
        progress.dates.map { day in milestones.last { $0.date == day }.map(value) }
    }

    /// The end labels: lines whose last values lie closer than `separation` share one label,
    /// on the line ending highest of them (same values: "罗家镇、京东镇 19"; different:
    /// "京东镇 20、罗家镇 19"); by series name.
    static func endLabels(_ ends: [(name: String, value: Double)], separation: Double, format: (Double) -> String) -> [String: String] {
        let sorted = ends.enumerated().sorted { $0.element.value != $1.element.value ? $0.element.value > $1.element.value : $0.offset < $1.offset }
            .map(\.element)
        var groups: [[(name: String, value: Double)]] = []
        for end in sorted {
            if let top = groups.last?.first, top.value - end.value < separation {
                groups[groups.count - 1].append(end)
            } else {
                groups.append([end])
            }
        }
        var labels: [String: String] = [:]
        for group in groups {
            var parts: [String] = []
            var index = 0
            while index < group.count {
                var names = [group[index].name]
                while index + 1 < group.count, group[index + 1].value == group[index].value {
                    index += 1
                    names.append(group[index].name)
                }
                parts.append(names.joined(separator: "、") + " " + format(group[index].value))
                index += 1
            }
            labels[group[0].name] = parts.joined(separator: ",")
        }
        return labels
    }

    /// A tidy axis maximum at or above `value`: 1, 2 or 5 times a power of ten, or a multiple of 5.
    static func roundedUp(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        if value <= 1 { return (value * 10).rounded(.up) / 10 }
        let step = value <= 50 ? 5.0 : value <= 200 ? 20 : 100
        return (value / step).rounded(.up) * step
    }

    static func number(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(value) }

    static func percentText(_ share: Double) -> String { String(Int((share * 100).rounded())) + "%" }

    /// A share as a percentage (0.5 → 50%).
    static func percent(_ share: Double) -> String {
        let value = share * 100
        return (value.rounded() == value ? String(Int(value)) : String(value)) + "%"
    }

    /// 10-15.
    static func monthDay(_ day: LedgerDate) -> String { String(day.description.suffix(5)) }
}
