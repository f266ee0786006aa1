import Ledger

/// The progress charts of the pages: inline SVG drawn by the server from ``CampaignProgress``,
/// readable in print and without colour — every line is labelled in words, the milestones are
/// dashed lines with their name, date and requirement written beside them, and the points carry
/// their numbers.
///
/// - One town: its cumulative count by report day and milestone date, its target as a dashed
///   line, and each milestone as a dashed vertical line with a square marker at what it requires.
/// - The district, up to ``barLimit`` towns: one bar per town (founded as a share of its target),
///   with the milestone shares (50 %, 100 %) as labelled dashed lines across all bars.
/// - More towns (a national run has thousands): the bars would be unreadable, so the chart shows
///   the distribution instead — how many towns reached each tenth of their target — with the same
///   milestone lines, and a line of words saying how many met each milestone. Its cost is linear
///   in the towns and its size constant.
///
/// Every text drawn is escaped here (``SVGText/escape(_:)``): town names come from the
/// configuration and could hold markup.
///
/// Each chart is drawn for a ``ChartSize``: wide (720 units, for screens and print) or for a
/// phone (320 units: on a 390-px-wide phone it is shown at about 350 px, so the 11- and 12-unit
/// text stays at 12 px and more instead of shrinking to 5); the pages carry both and show one.
enum ProgressChart {
    /// The most towns drawn as one bar each.
    static let barLimit = 60

    /// The width a chart is drawn for.
    enum ChartSize: Sendable {
        /// 720 units wide: desktop screens and print.
        case wide
        /// 320 units wide: a phone's width, text at least 11 px once shown.
        case phone

        /// The viewBox width.
        var width: Double { self == .wide ? 720 : 320 }
        var isPhone: Bool { self == .phone }
    }

    /// A town's chart.
    static func town(_ progress: CampaignProgress.Town, size: ChartSize = .wide) -> String {
        let width = size.width
        // The milestones' labels get a band of their own above the plot, one row each; a phone's
        // legend takes two rows.
        let left = size.isPhone ? 30.0 : 48.0, right = size.isPhone ? 60.0 : 96.0
        let top = 20 + 28 * Double(progress.milestones.count), bottom = size.isPhone ? 60.0 : 44.0
        let height = top + (size.isPhone ? 190 : 236) + bottom
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let points = progress.series
        guard let first = points.first?.date, let last = points.last?.date else {
            return SVGText.frame(width: width, height: 60, title: "\(progress.name)建设进度",
                                 body: SVGText.text("没有进度数据", x: 10, y: 30, anchor: "start"))
        }
        let start = first.adding(days: -7)
        let days = max(1, start.days(until: last))
        let highest = max(progress.target, progress.founded, progress.milestones.map(\.required).max() ?? 0, 1)
        let yMax = Double(Self.niceCeiling(highest))
        func x(_ date: LedgerDate) -> Double { left + plotWidth * Double(start.days(until: date)) / Double(days) }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / yMax) }
        let milestoneDates = Set(progress.milestones.map(\.date))

        var body = ""
        // Axes, grid and the value scale.
        for step in Self.ticks(upTo: Int(yMax)) {
            body += SVGText.line(x1: left, y1: y(step), x2: left + plotWidth, y2: y(step), className: "grid")
            body += SVGText.text(String(step), x: left - 6, y: y(step) + 4, anchor: "end", className: "tick")
        }
        body += SVGText.line(x1: left, y1: top, x2: left, y2: top + plotHeight, className: "axis")
        body += SVGText.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight, className: "axis")
        // The target.
        body += SVGText.line(x1: left, y1: y(progress.target), x2: left + plotWidth, y2: y(progress.target), className: "target")
        // A phone's right margin holds the number without its measure word.
        body += SVGText.text("目标 \(progress.target)" + (size.isPhone ? "" : " 个"), x: left + plotWidth + 8, y: y(progress.target) + 4,
                             anchor: "start", className: "label")
        // The milestones: a dashed vertical line from its label down, a square at the requirement;
        // the labels drawn after every line, so that their halo keeps them clear of the others' lines.
        var labels = ""
        for (index, milestone) in progress.milestones.enumerated() where milestone.date <= last {
            let mx = x(milestone.date)
            let labelY = 14 + Double(index) * 28
            let founded = points.last { $0.date <= milestone.date }?.founded ?? 0
            let detail = "需 \(milestone.required) 个 · 已建 \(founded) 个 · \(milestone.met ? "已达标" : "未达标")"
            let toTheLeft = mx + 5 + Self.approximateWidth(detail) * 11 / 12 > width
            let labelX = toTheLeft ? mx - 5 : mx + 5
            let anchor = toTheLeft ? "end" : "start"
            body += SVGText.line(x1: mx, y1: labelY - 10, x2: mx, y2: top + plotHeight, className: "milestone")
            body += "<rect class=\"required\" x=\"\(SVGText.number(mx - 4))\" y=\"\(SVGText.number(y(milestone.required) - 4))\" width=\"8\" height=\"8\"/>"
            labels += SVGText.text("\(milestone.name) \(Self.monthDay(milestone.date))", x: labelX, y: labelY, anchor: anchor,
                                   className: "label")
            labels += SVGText.text(detail, x: labelX, y: labelY + 13, anchor: anchor, className: "small")
        }
        body += labels
        // The cumulative count: a solid line with round markers; the report days carry their
        // numbers and dates (the milestones' are in their labels).
        let path = points.map { "\(SVGText.number(x($0.date))),\(SVGText.number(y($0.founded)))" }.joined(separator: " ")
        body += "<polyline class=\"founded\" points=\"\(path)\"/>"
        var lastLabelX = -Double.infinity
        let labelSpacing = size.isPhone ? 36.0 : 30.0
        for point in points {
            let px = x(point.date)
            body += "<circle class=\"point\" cx=\"\(SVGText.number(px))\" cy=\"\(SVGText.number(y(point.founded)))\" r=\"3.5\"/>"
            guard !milestoneDates.contains(point.date), px - lastLabelX >= labelSpacing else { continue }
            lastLabelX = px
            body += SVGText.text(Self.monthDay(point.date), x: px, y: top + plotHeight + 16, anchor: "middle", className: "tick")
            body += SVGText.text(String(point.founded), x: px, y: y(point.founded) - 8, anchor: "middle", className: "value")
        }
        // The legend, in words and line styles: one row wide, two rows on a phone.
        let legendY = height - 8
        let founded = size.isPhone ? "累计建成(按成立日期)" : "累计建成(按成立日期,每个交账日)"
        let (second, third, fourth) = size.isPhone
            ? ((x: 150.0, y: legendY - 18), (x: 0.0, y: legendY), (x: 150.0, y: legendY))
            : ((x: 230.0, y: legendY), (x: 320.0, y: legendY), (x: 410.0, y: legendY))
        let legendLeft = size.isPhone ? 4.0 : left
        let firstY = size.isPhone ? legendY - 18 : legendY
        body += SVGText.line(x1: legendLeft, y1: firstY - 4, x2: legendLeft + 24, y2: firstY - 4, className: "founded")
        body += SVGText.text(founded, x: legendLeft + 28, y: firstY, anchor: "start", className: "small")
        body += SVGText.line(x1: legendLeft + second.x, y1: second.y - 4, x2: legendLeft + second.x + 24, y2: second.y - 4, className: "milestone")
        body += SVGText.text("时间节点", x: legendLeft + second.x + 28, y: second.y, anchor: "start", className: "small")
        body += "<rect class=\"required\" x=\"\(SVGText.number(legendLeft + third.x))\" y=\"\(SVGText.number(third.y - 8))\" width=\"8\" height=\"8\"/>"
        body += SVGText.text("节点要求数", x: legendLeft + third.x + 12, y: third.y, anchor: "start", className: "small")
        body += SVGText.line(x1: legendLeft + fourth.x, y1: fourth.y - 4, x2: legendLeft + fourth.x + 24, y2: fourth.y - 4, className: "target")
        body += SVGText.text("目标任务数", x: legendLeft + fourth.x + 28, y: fourth.y, anchor: "start", className: "small")
        return SVGText.frame(width: width, height: height, title: "\(progress.name)建设进度:已建 \(progress.founded) 个,目标 \(progress.target) 个",
                             body: body)
    }

    /// The district's chart of all towns (bars up to ``barLimit`` towns, the distribution beyond).
    static func district(_ towns: [CampaignProgress.Town], milestones: [DistrictConfig.Milestone], size: ChartSize = .wide) -> String {
        towns.count <= barLimit ? bars(towns, milestones: milestones, size: size) : distribution(towns, milestones: milestones, size: size)
    }

    /// The share of its target a town has reached (0 when it has no target).
    private static func share(_ town: CampaignProgress.Town) -> Double {
        town.target > 0 ? Double(town.founded) / Double(town.target) : 0
    }

    /// The distinct milestone shares with the names of the milestones at each (首节点 50 %, 次节点 100 %).
    private static func shareLines(_ milestones: [DistrictConfig.Milestone]) -> [(share: Double, label: String)] {
        var lines: [(share: Double, label: String)] = []
        for milestone in milestones {
            let text = "\(milestone.name) \(monthDay(milestone.date)) 需 \(Int((milestone.share * 100).rounded()))%"
            if let index = lines.firstIndex(where: { $0.share == milestone.share }) {
                lines[index].label += " / " + text
            } else {
                lines.append((milestone.share, text))
            }
        }
        return lines
    }

    /// The milestone shares as dashed lines across the plot, each labelled in a row of its own
    /// above it (to the right of its line, or to the left when the words would not fit).
    private static func shareMarks(_ milestones: [DistrictConfig.Milestone], x: (Double) -> Double, top: Double,
                                   bottom: Double, width: Double) -> String {
        var body = ""
        for (index, line) in shareLines(milestones).enumerated() {
            let lineX = x(line.share)
            let labelY = 14 + Double(index) * 16
            let toTheLeft = lineX + 5 + approximateWidth(line.label) > width
            body += SVGText.line(x1: lineX, y1: top - 6, x2: lineX, y2: bottom, className: "milestone")
            body += SVGText.text(line.label, x: toTheLeft ? lineX - 5 : lineX + 5, y: labelY, anchor: toTheLeft ? "end" : "start",
                                 className: "label")
        }
        return body
    }

    private static func bars(_ towns: [CampaignProgress.Town], milestones: [DistrictConfig.Milestone], size: ChartSize) -> String {
        let rowHeight = 22.0, left = size.isPhone ? 70.0 : 96.0, right = size.isPhone ? 44.0 : 60.0, width = size.width
        let top = 24 + 16 * Double(shareLines(milestones).count)
        let plotWidth = width - left - right
        let legendHeight = size.isPhone ? 72.0 : 48.0
        let height = top + rowHeight * Double(max(towns.count, 1)) + legendHeight
        let maxShare = max(1.25, ((towns.map(share).max() ?? 0) * 4).rounded(.up) / 4)
        func x(_ share: Double) -> Double { left + plotWidth * min(share, maxShare) / maxShare }
        var body = ""
        let plotBottom = top + rowHeight * Double(max(towns.count, 1))
        for tenth in stride(from: 0.0, through: maxShare + 1e-9, by: maxShare > 2 ? 0.5 : 0.25) {
            body += SVGText.line(x1: x(tenth), y1: top - 4, x2: x(tenth), y2: plotBottom, className: "grid")
            body += SVGText.text("\(Int((tenth * 100).rounded()))%", x: x(tenth), y: plotBottom + 14, anchor: "middle", className: "tick")
        }
        for (index, town) in towns.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let barWidth = max(0, x(share(town)) - left)
            let met = town.milestones.filter(\.met).count
            body += SVGText.text(town.name, x: left - 6, y: rowTop + 15, anchor: "end", className: "label")
            body += "<rect class=\"bar\(met == town.milestones.count && !town.milestones.isEmpty ? " met" : "")\" x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(rowTop + 4))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(rowHeight - 8))\"/>"
            body += SVGText.text("\(town.founded)/\(town.target)", x: left + barWidth + 4, y: rowTop + 15, anchor: "start",
                                 className: "value")
        }
        body += shareMarks(milestones, x: x, top: top, bottom: plotBottom, width: width)
        // The legend: one row wide; on a phone the two keys side by side and the axis below.
        let legendLeft = size.isPhone ? 4.0 : left
        let keyY = size.isPhone ? height - 36 : height - 9
        body += "<rect class=\"bar met\" x=\"\(SVGText.number(legendLeft))\" y=\"\(SVGText.number(keyY - 9))\" width=\"16\" height=\"10\"/>"
        body += SVGText.text("已达到全部时间节点要求", x: legendLeft + 20, y: keyY, anchor: "start", className: "small")
        body += "<rect class=\"bar\" x=\"\(SVGText.number(legendLeft + 170))\" y=\"\(SVGText.number(keyY - 9))\" width=\"16\" height=\"10\"/>"
        if size.isPhone {
            body += SVGText.text("尚未全部达到", x: legendLeft + 190, y: keyY, anchor: "start", className: "small")
            body += SVGText.text("横轴:已建数占目标任务数的比例", x: legendLeft, y: height - 12, anchor: "start", className: "small")
        } else {
            body += SVGText.text("尚未全部达到(横轴:已建数占目标任务数的比例)", x: left + 190, y: keyY, anchor: "start", className: "small")
        }
        return SVGText.frame(width: width, height: height,
                             title: "各镇建成数占目标任务数的比例(条上数字:已建/目标),虚线为时间节点要求", body: body)
    }

    private static func distribution(_ towns: [CampaignProgress.Town], milestones: [DistrictConfig.Milestone], size: ChartSize) -> String {
        // Eleven bins: 0–9 %, 10–19 % … 90–99 %, and 100 % or more.
        var bins = [Int](repeating: 0, count: 11)
        for town in towns { bins[min(10, Int((share(town) * 10).rounded(.down)))] += 1 }
        // A phone's summary takes a line per milestone below the axis.
        let width = size.width, left = size.isPhone ? 40.0 : 56.0, right = size.isPhone ? 8.0 : 20.0
        let bottom = size.isPhone ? 40 + 16 * Double(milestones.count + 1) : 40.0
        let top = 30 + 16 * Double(shareLines(milestones).count), height = top + 220 + bottom
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let binWidth = plotWidth / 11
        let yMax = Double(niceCeiling(bins.max() ?? 1))
        func y(_ count: Int) -> Double { top + plotHeight * (1 - Double(count) / yMax) }
        var body = ""
        for step in ticks(upTo: Int(yMax)) {
            body += SVGText.line(x1: left, y1: y(step), x2: left + plotWidth, y2: y(step), className: "grid")
            body += SVGText.text(String(step), x: left - 6, y: y(step) + 4, anchor: "end", className: "tick")
        }
        for (index, count) in bins.enumerated() {
            let x = left + binWidth * Double(index)
            body += "<rect class=\"bar\(index == 10 ? " met" : "")\" x=\"\(SVGText.number(x + 2))\" y=\"\(SVGText.number(y(count)))\" width=\"\(SVGText.number(binWidth - 4))\" height=\"\(SVGText.number(top + plotHeight - y(count)))\"/>"
            body += SVGText.text(String(count), x: x + binWidth / 2, y: y(count) - 4, anchor: "middle", className: "value")
            // A phone has room for every other bin's label.
            guard !size.isPhone || index % 2 == 0 else { continue }
            body += SVGText.text(index == 10 ? "≥100%" : "\(index * 10)%" + (size.isPhone ? "" : "–"), x: x + binWidth / 2,
                                 y: top + plotHeight + 16, anchor: "middle", className: "tick")
        }
        body += SVGText.text("镇数", x: left - 6, y: top - 14, anchor: "end", className: "small")
        body += shareMarks(milestones, x: { left + binWidth * min(10, $0 * 10) }, top: top, bottom: top + plotHeight, width: width)
        var summary: [String] = []
        for milestone in milestones {
            let met = towns.filter { town in town.milestones.contains { $0.date == milestone.date && $0.met } }.count
            summary.append("\(milestone.name)达标 \(met) 个镇")
        }
        if size.isPhone {
            let lines = ["共 \(towns.count) 个镇(横轴:已建数占目标任务数的比例)"] + summary
            for (index, line) in lines.enumerated() {
                body += SVGText.text(line, x: 4, y: top + plotHeight + 36 + 16 * Double(index), anchor: "start", className: "small")
            }
        } else {
            body += SVGText.text("共 \(towns.count) 个镇;" + summary.joined(separator: ",") + "(横轴:已建数占目标任务数的比例)",
                                 x: left, y: height - 6, anchor: "start", className: "small")
        }
        return SVGText.frame(width: width, height: height, title: "\(towns.count) 个镇按完成比例的分布,虚线为时间节点要求", body: body)
    }

    /// The width of a 12 px label, roughly: CJK characters are square, the rest about half as wide.
    static func approximateWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 12 : 6.6) }
    }

    /// `10-15`.
    static func monthDay(_ date: LedgerDate) -> String {
        let text = date.description
        return String(text.dropFirst(5))
    }

    /// The smallest of 1, 2, 5 × 10ⁿ at or above `value`.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where factor * magnitude >= value { return factor * magnitude }
            magnitude *= 10
        }
    }

    /// Four or five round steps from 0 to `top`.
    static func ticks(upTo top: Int) -> [Int] {
        let step = max(1, niceCeiling(max(1, top / 5)))
        return Array(stride(from: 0, through: top, by: step))
    }
}

/// Pieces of SVG markup with their text escaped.
enum SVGText {
    /// Text for an SVG/HTML text node or attribute: `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with one decimal.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String, className: String = "label") -> String {
        "<text class=\"\(className)\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\">\(escape(content))</text>"
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) -> String {
        "<line class=\"\(className)\" x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\"/>"
    }

    /// The `<svg>` element: scalable to its container, with a title and description for screen readers.
    static func frame(width: Double, height: Double, title: String, body: String) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>\(body)</svg>"
    }
}
