import Ledger

/// The progress charts of the pages: inline SVG drawn by the server from ``TownProgress``,
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
struct ProgressChart {
    /// The most towns drawn as one bar each.
    static let barLimit = 60

    /// A town's chart.
    static func town(_ progress: TownProgress) -> String {
        let width = 720.0, height = 300.0
        let left = 48.0, right = 150.0, top = 24.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let points = progress.series
        guard let first = points.first?.date, let last = points.last?.date else {
            return SVGText.frame(width: width, height: 60, title: "\(progress.town)建设进度",
                                 body: SVGText.text("没有进度数据", x: 10, y: 30, anchor: "start"))
        }
        let start = min(first.adding(days: -7), first)
        let days = max(1, start.days(until: last))
        let highest = max(progress.target, progress.founded, progress.milestones.map(\.required).max() ?? 0, 1)
        let yMax = Double(Self.niceCeiling(highest))
        func x(_ date: LedgerDate) -> Double { left + plotWidth * Double(start.days(until: date)) / Double(days) }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / yMax) }

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
        body += SVGText.text("目标 \(progress.target) 个", x: left + plotWidth + 6, y: y(progress.target) + 4, anchor: "start",
                             className: "label")
        // The milestones: a dashed vertical line, a square at the requirement, and the words.
        for (index, milestone) in progress.milestones.enumerated() where milestone.date <= last {
            let mx = x(milestone.date)
            body += SVGText.line(x1: mx, y1: top, x2: mx, y2: top + plotHeight, className: "milestone")
            body += "<rect class=\"required\" x=\"\(SVGText.number(mx - 4))\" y=\"\(SVGText.number(y(milestone.required) - 4))\" width=\"8\" height=\"8\"/>"
            let labelY = top + 12 + Double(index) * 30
            let verdict = milestone.met ? "已达标" : "未达标"
            body += SVGText.text("\(milestone.name) \(Self.monthDay(milestone.date))", x: mx + 4, y: labelY, anchor: "start",
                                 className: "label")
            body += SVGText.text("需 \(milestone.required) 个 · \(verdict)", x: mx + 4, y: labelY + 13, anchor: "start",
                                 className: "small")
        }
        // The cumulative count: a solid line with round markers and the numbers.
        let path = points.map { "\(SVGText.number(x($0.date))),\(SVGText.number(y($0.founded)))" }.joined(separator: " ")
        body += "<polyline class=\"founded\" points=\"\(path)\"/>"
        var labelled = Set<Int>()
        for point in points {
            body += "<circle class=\"point\" cx=\"\(SVGText.number(x(point.date)))\" cy=\"\(SVGText.number(y(point.founded)))\" r=\"3.5\"/>"
            body += SVGText.text(Self.monthDay(point.date), x: x(point.date), y: top + plotHeight + 16, anchor: "middle",
                                 className: "tick")
            let key = Int(x(point.date) / 24)
            if !labelled.contains(key) {
                labelled.insert(key)
                body += SVGText.text(String(point.founded), x: x(point.date), y: y(point.founded) - 8, anchor: "middle",
                                     className: "value")
            }
        }
        // The legend, in words and line styles.
        let legendY = height - 8
        body += SVGText.line(x1: left, y1: legendY - 4, x2: left + 24, y2: legendY - 4, className: "founded")
        body += SVGText.text("累计建成(按成立日期)", x: left + 28, y: legendY, anchor: "start", className: "small")
        body += SVGText.line(x1: left + 190, y1: legendY - 4, x2: left + 214, y2: legendY - 4, className: "milestone")
        body += SVGText.text("时间节点", x: left + 218, y: legendY, anchor: "start", className: "small")
        body += "<rect class=\"required\" x=\"\(SVGText.number(left + 290))\" y=\"\(SVGText.number(legendY - 8))\" width=\"8\" height=\"8\"/>"
        body += SVGText.text("节点要求数", x: left + 302, y: legendY, anchor: "start", className: "small")
        body += SVGText.line(x1: left + 380, y1: legendY - 4, x2: left + 404, y2: legendY - 4, className: "target")
        body += SVGText.text("目标任务数", x: left + 408, y: legendY, anchor: "start", className: "small")
        return SVGText.frame(width: width, height: height, title: "\(progress.town)建设进度:已建 \(progress.founded) 个,目标 \(progress.target) 个",
                             body: body)
    }

    /// The district's chart of all towns (bars up to ``barLimit`` towns, the distribution beyond).
    static func district(_ towns: [TownProgress], milestones: [DistrictConfig.Milestone]) -> String {
        towns.count <= barLimit ? bars(towns, milestones: milestones) : distribution(towns, milestones: milestones)
    }

    /// The share of its target a town has reached (0 when it has no target).
    private static func share(_ town: TownProgress) -> Double {
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

    private static func bars(_ towns: [TownProgress], milestones: [DistrictConfig.Milestone]) -> String {
        let rowHeight = 22.0, left = 96.0, right = 120.0, top = 46.0, width = 720.0
        let plotWidth = width - left - right
        let height = top + rowHeight * Double(max(towns.count, 1)) + 34
        let maxShare = max(1.2, (towns.map(share).max() ?? 0).rounded(.up))
        func x(_ share: Double) -> Double { left + plotWidth * min(share, maxShare) / maxShare }
        var body = ""
        for tenth in stride(from: 0.0, through: maxShare + 1e-9, by: maxShare > 2 ? 0.5 : 0.25) {
            body += SVGText.line(x1: x(tenth), y1: top - 4, x2: x(tenth), y2: height - 30, className: "grid")
            body += SVGText.text("\(Int((tenth * 100).rounded()))%", x: x(tenth), y: height - 16, anchor: "middle", className: "tick")
        }
        for (index, town) in towns.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let barWidth = max(0, x(share(town)) - left)
            let met = town.milestones.filter(\.met).count
            body += SVGText.text(town.town, x: left - 6, y: rowTop + 15, anchor: "end", className: "label")
            body += "<rect class=\"bar\(met == town.milestones.count && !town.milestones.isEmpty ? " met" : "")\" x=\"\(SVGText.number(left))\" y=\"\(SVGText.number(rowTop + 4))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(rowHeight - 8))\"/>"
            body += SVGText.text("\(town.founded)/\(town.target)", x: left + barWidth + 4, y: rowTop + 15, anchor: "start",
                                 className: "value")
        }
        for (index, line) in shareLines(milestones).enumerated() {
            body += SVGText.line(x1: x(line.share), y1: top - 6, x2: x(line.share), y2: height - 30, className: "milestone")
            body += SVGText.text(line.label, x: x(line.share) + (index % 2 == 0 ? 4 : -4), y: 14 + Double(index) * 14,
                                 anchor: index % 2 == 0 ? "start" : "end", className: "label")
        }
        return SVGText.frame(width: width, height: height,
                             title: "各镇建成数占目标任务数的比例(条上数字:已建/目标),虚线为时间节点要求", body: body)
    }

    private static func distribution(_ towns: [TownProgress], milestones: [DistrictConfig.Milestone]) -> String {
        // Eleven bins: 0–9 %, 10–19 % … 90–99 %, and 100 % or more.
        var bins = [Int](repeating: 0, count: 11)
        for town in towns { bins[min(10, Int((share(town) * 10).rounded(.down)))] += 1 }
        let width = 720.0, height = 300.0, left = 56.0, right = 20.0, top = 46.0, bottom = 40.0
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
            body += SVGText.text(index == 10 ? "≥100%" : "\(index * 10)%–", x: x + binWidth / 2, y: top + plotHeight + 16,
                                 anchor: "middle", className: "tick")
        }
        body += SVGText.text("镇数", x: 8, y: top - 8, anchor: "start", className: "small")
        for (index, line) in shareLines(milestones).enumerated() {
            let x = left + binWidth * min(10, line.share * 10)
            body += SVGText.line(x1: x, y1: top - 6, x2: x, y2: top + plotHeight, className: "milestone")
            body += SVGText.text(line.label, x: x + (index % 2 == 0 ? 4 : -4), y: 14 + Double(index) * 14,
                                 anchor: index % 2 == 0 ? "start" : "end", className: "label")
        }
        var summary: [String] = []
        for milestone in milestones {
            let met = towns.filter { town in town.milestones.contains { $0.date == milestone.date && $0.met } }.count
            summary.append("\(milestone.name)达标 \(met) 个镇")
        }
        body += SVGText.text("共 \(towns.count) 个镇;" + summary.joined(separator: ",") + "(横轴:已建数占目标任务数的比例)",
                             x: left, y: height - 6, anchor: "start", className: "small")
        return SVGText.frame(width: width, height: height, title: "\(towns.count) 个镇按完成比例的分布,虚线为时间节点要求", body: body)
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
