/// A native chart (DrawingML) to place on a worksheet with ``SheetWriter/insertChart(_:from:to:)``:
/// columns, horizontal bars or lines, whose series come from ranges of the workbook and carry
/// their values (cached), so that the chart shows before any recalculation.
///
/// ```swift
/// var chart = Chart(kind: .column, title: "各镇总分")
/// chart.series.append(ChartSeries(name: "总分",
///     categories: ChartCategories(["湖坊镇", "罗家镇"], range: ChartRange(sheet: "镇排名", CellRange("B2:B3")!)),
///     values: ChartValues([91.5, 88], range: ChartRange(sheet: "镇排名", CellRange("D2:D3")!))))
/// try sheet.insertChart(chart, from: CellReference("F2")!, to: CellReference("M20")!)
/// ```
public struct Chart: Sendable, Equatable {
    /// How the primary series are drawn.
    public enum Kind: Sendable, Equatable {
        /// Vertical columns.
        case column
        /// Horizontal bars.
        case bar
        /// Lines (with markers unless a series says otherwise).
        case line
    }

    /// Where the legend sits.
    public enum LegendPosition: String, Sendable, Equatable {
        /// Right of the plot.
        case right = "r"
        /// Left of the plot.
        case left = "l"
        /// Above the plot.
        case top = "t"
        /// Below the plot.
        case bottom = "b"
    }

    /// Columns, bars or lines.
    public var kind: Kind
    /// The title above the chart, or nil for none.
    public var title: String?
    /// The title of the category axis, or nil for none.
    public var categoryAxisTitle: String?
    /// The title of the value axis, or nil for none.
    public var valueAxisTitle: String?
    /// The legend's position, or nil for no legend.
    public var legend: LegendPosition?
    /// The value axis's lowest value, or nil to let the application choose.
    public var valueAxisMinimum: Double?
    /// The value axis's highest value, or nil to let the application choose.
    public var valueAxisMaximum: Double?
    /// The step between the value axis's labelled ticks, or nil to let the application choose.
    public var valueAxisMajorUnit: Double?
    /// The category axis as a time line (`c:dateAx`): categories are dates placed by their
    /// distance in days (a week is wider than a day), nil for evenly spaced text categories.
    /// Every series' categories then carry dates (``ChartCategories/init(dates:range:)``).
    public var dateAxis: ChartDateAxis?
    /// The face of the chart's text (titles, axes, legend, labels), for Latin and East Asian
    /// script alike (`a:latin`, `a:ea`), or nil for the application's.
    public var typeface: String?
    /// The size of the chart's text in points; titles are 3 points larger.
    public var textSize: Double = 9
    /// The series in drawing order.
    public var series: [ChartSeries]

    /// A chart of a kind, with an optional title, its legend at the bottom.
    public init(kind: Kind, title: String? = nil, series: [ChartSeries] = [], legend: LegendPosition? = .bottom) {
        self.kind = kind
        self.title = title
        self.series = series
        self.legend = legend
    }

    /// Excel's limit on the series of one chart.
    public static let maximumSeries = 255

    /// Throws a typed error for a chart Excel could not show as given.
    func check() throws {
        guard !series.isEmpty, series.count <= Self.maximumSeries else {
            throw XLSXError.excelLimit(.chart, detail: "\(series.count) series")
        }
        if kind == .bar, let overlay = series.first(where: \.drawsAsLine) {
            throw XLSXError.excelLimit(.chart, detail: "series \"\(overlay.name)\" is drawn as a line over horizontal bars")
        }
        for (minimum, maximum) in [(valueAxisMinimum, valueAxisMaximum)] {
            if let minimum, let maximum, !(minimum < maximum) {
                throw XLSXError.excelLimit(.chart, detail: "value axis from \(minimum) to \(maximum)")
            }
        }
        if let unit = valueAxisMajorUnit, !(unit.isFinite && unit > 0) {
            throw XLSXError.excelLimit(.chart, detail: "value axis step \(unit)")
        }
        guard textSize.isFinite, textSize >= 1, textSize + 3 <= ExcelLimits.fontSize else {
            throw XLSXError.excelLimit(.fontSize, detail: "chart text \(textSize) points")
        }
        if let dateAxis {
            try dateAxis.check()
            if let plain = series.first(where: { $0.categories.dates == nil }) {
                throw XLSXError.excelLimit(.chart, detail: "series \"\(plain.name)\" has text categories on a date axis")
            }
        }
        for series in series {
            guard series.categories.labels.count == series.values.numbers.count else {
                throw XLSXError.excelLimit(.chart, detail: "series \"\(series.name)\" has \(series.categories.labels.count) categories "
                                           + "and \(series.values.numbers.count) values")
            }
            for number in series.values.numbers.compactMap({ $0 }) where !number.isFinite {
                throw XLSXError.excelLimit(.nonFiniteNumber, detail: "\(number) in series \"\(series.name)\"")
            }
            try series.categories.range?.check(count: series.categories.labels.count, series: series.name)
            try series.values.range?.check(count: series.values.numbers.count, series: series.name)
            for date in series.categories.dates ?? [] { _ = try ExcelSerial.of(date) }
            guard series.lineWidth.isFinite, series.lineWidth > 0, series.lineWidth <= ChartSeries.maximumLineWidth else {
                throw XLSXError.excelLimit(.chart, detail: "series \"\(series.name)\" line width \(series.lineWidth)")
            }
        }
    }
}

/// A category axis that is a time line: dates placed by their distance in days.
public struct ChartDateAxis: Sendable, Equatable {
    /// How the dates are labelled, e.g. `"m-d"`.
    public var numberFormat: String
    /// Days between labelled ticks (7: a label a week), nil to let the application choose.
    public var majorUnitDays: Int?
    /// The first day the axis shows, nil for the first category.
    public var first: LocalDateTime?
    /// The last day the axis shows, nil for the last category (a later day leaves room for labels
    /// at the lines' ends).
    public var last: LocalDateTime?

    /// A date axis labelled with `numberFormat` every `majorUnitDays` days, from `first` to `last`.
    public init(numberFormat: String = "m-d", majorUnitDays: Int? = nil, first: LocalDateTime? = nil, last: LocalDateTime? = nil) {
        self.numberFormat = numberFormat
        self.majorUnitDays = majorUnitDays
        self.first = first
        self.last = last
    }

    func check() throws {
        if let days = majorUnitDays, days < 1 { throw XLSXError.excelLimit(.chart, detail: "a date axis step of \(days) days") }
        if let first, let last, !(first < last) { throw XLSXError.excelLimit(.chart, detail: "a date axis from \(first) to \(last)") }
        for day in [first, last].compactMap({ $0 }) { _ = try ExcelSerial.of(day) }
        guard StyleRegistry.isWellFormed(numberFormat) else { throw XLSXError.excelLimit(.numberFormatCode, detail: "\"\(numberFormat)\"") }
    }
}

/// The shape drawn at each point of a line (``ChartSeries/marker``): different shapes tell
/// lines apart on a black-and-white copy.
public enum ChartMarker: String, Sendable, Equatable, CaseIterable {
    /// No marker.
    case none
    /// A circle.
    case circle
    /// A square.
    case square
    /// A diamond.
    case diamond
    /// A triangle.
    case triangle
    /// An ×.
    case x
    /// A star.
    case star
    /// A +.
    case plus
    /// A short horizontal dash.
    case dash
    /// A dot.
    case dot
}

/// The dash pattern of a line (``ChartSeries/dash``), as DrawingML's preset dashes name them.
public enum ChartLineDash: String, Sendable, Equatable, CaseIterable {
    /// A solid line.
    case solid
    /// Dashes.
    case dash
    /// Dots.
    case dot = "sysDot"
    /// Dash, dot.
    case dashDot
    /// Long dashes.
    case longDash = "lgDash"
    /// Long dash, dot.
    case longDashDot = "lgDashDot"
    /// Long dash, dot, dot.
    case longDashDotDot = "lgDashDotDot"
    /// Short dashes.
    case shortDash = "sysDash"
}

/// Where a point's label sits relative to the point.
public enum ChartLabelPosition: String, Sendable, Equatable {
    /// Right of the point.
    case right = "r"
    /// Left of the point.
    case left = "l"
    /// Above the point.
    case above = "t"
    /// Below the point.
    case below = "b"
    /// On the point.
    case center = "ctr"
    /// Just past the end of a column or bar.
    case outsideEnd = "outEnd"
}

/// One series of a chart: a name, its categories and values, and how it is drawn.
public struct ChartSeries: Sendable, Equatable {
    /// Which points carry a label.
    public enum DataLabels: Sendable, Equatable {
        /// No labels.
        case none
        /// Every point shows its value.
        case values
        /// Only the last point is labelled: with the series' name and its value (how a line
        /// says whose it is where it ends, or a threshold line what it stands for).
        case lastPointWithName
        /// Only the last point is labelled, with the series' name alone (a threshold line whose
        /// name already says its value).
        case lastPointName
        /// One point is labelled with this text: the point at the index (0-based), or the last
        /// point with a value when nil (several lines that end on the same value, labelled once:
        /// "罗家镇、京东镇 19").
        case pointText(String, at: Int?)
    }

    /// The widest line, in points.
    public static let maximumLineWidth = 20.0

    /// The name shown in the legend.
    public var name: String
    /// The category labels (shared along the category axis).
    public var categories: ChartCategories
    /// The values, one per category (nil leaves a gap).
    public var values: ChartValues
    /// The fill (columns, bars) or line colour, or nil for the application's palette.
    public var color: Color?
    /// On a column chart, draw this series as a line over the columns (a threshold, a target).
    public var drawsAsLine: Bool
    /// Lines: the shape at each point (``ChartMarker/none`` for none).
    public var marker: ChartMarker
    /// Lines: the dash pattern.
    public var dash: ChartLineDash
    /// Lines: the width in points.
    public var lineWidth: Double
    /// Lines: no line between the points, only their markers (a milestone's required counts).
    public var hidesLine: Bool
    /// The labels on the points.
    public var dataLabels: DataLabels
    /// Where the labels sit, nil for the usual place (past a column's end, above a line's point,
    /// right of a line's last point).
    public var labelPosition: ChartLabelPosition?

    /// Lines: a marker at each point (a circle when set).
    public var showsMarkers: Bool {
        get { marker != .none }
        set { marker = newValue ? (marker == .none ? .circle : marker) : .none }
    }

    /// Lines: dashed rather than solid.
    public var isDashed: Bool {
        get { dash != .solid }
        set { dash = newValue ? (dash == .solid ? .dash : dash) : .solid }
    }

    /// A series with its data; drawn as the chart's kind, with circles on lines, no labels;
    /// `marker` and `dash`, when given, replace `showsMarkers` and `isDashed`.
    public init(name: String, categories: ChartCategories, values: ChartValues, color: Color? = nil,
                drawsAsLine: Bool = false, showsMarkers: Bool = true, isDashed: Bool = false, dataLabels: DataLabels = .none,
                marker: ChartMarker? = nil, dash: ChartLineDash? = nil, lineWidth: Double = 1.75, hidesLine: Bool = false,
                labelPosition: ChartLabelPosition? = nil) {
        self.name = name
        self.categories = categories
        self.values = values
        self.color = color
        self.drawsAsLine = drawsAsLine
        self.marker = marker ?? (showsMarkers ? .circle : .none)
        self.dash = dash ?? (isDashed ? .dash : .solid)
        self.lineWidth = lineWidth
        self.hidesLine = hidesLine
        self.dataLabels = dataLabels
        self.labelPosition = labelPosition
    }
}

/// A range of one row or one column of a sheet of the workbook that a series reads.
public struct ChartRange: Sendable, Equatable {
    /// The sheet's name.
    public var sheet: String
    /// The cells: one row or one column.
    public var range: CellRange

    /// The cells `range` of the sheet named `sheet`.
    public init(sheet: String, _ range: CellRange) {
        self.sheet = sheet
        self.range = range
    }

    /// The formula the chart stores: `'镇排名'!$D$2:$D$6`.
    public var formula: String {
        SheetName.quoted(sheet) + "!" + Self.absolute(range.first) + ":" + Self.absolute(range.last)
    }

    private static func absolute(_ reference: CellReference) -> String {
        "$" + CellReference.columnLetters(reference.column) + "$" + String(reference.row)
    }

    /// Throws unless the range is one row or column of exactly `count` cells.
    func check(count: Int, series: String) throws {
        try SheetLimits.check(range)
        let rows = range.last.row - range.first.row + 1
        let columns = range.last.column - range.first.column + 1
        guard rows >= 1, columns >= 1, min(rows, columns) == 1, max(rows, columns) == count else {
            throw XLSXError.excelLimit(.chart, detail: "series \"\(series)\" has \(count) values for range \(range)")
        }
    }
}

/// A series' category labels: the text shown (cached), and the range they come from, or nil
/// for labels held in the chart itself; or the dates of a date axis (``Chart/dateAxis``).
public struct ChartCategories: Sendable, Equatable {
    /// The labels, in order (for dates, `yyyy-mm-dd`).
    public var labels: [String]
    /// The dates, for a date axis (their cells must hold dates); nil for text categories.
    public var dates: [LocalDateTime]?
    /// The cells they come from, or nil for literal labels.
    public var range: ChartRange?

    /// Labels, read from `range` when given.
    public init(_ labels: [String], range: ChartRange? = nil) {
        self.labels = labels
        self.range = range
    }

    /// Dates for a date axis, read from `range` (cells holding those dates) when given.
    public init(dates: [LocalDateTime], range: ChartRange? = nil) {
        self.labels = dates.map(\.isoDate)
        self.dates = dates
        self.range = range
    }
}

/// A series' values: the numbers shown (cached; nil is a gap), and the range they come from, or
/// nil for values held in the chart itself.
public struct ChartValues: Sendable, Equatable {
    /// The values, in category order.
    public var numbers: [Double?]
    /// The cells they come from, or nil for literal values.
    public var range: ChartRange?
    /// The number format of the values (and their labels).
    public var numberFormat: String

    /// Values, read from `range` when given, shown with `numberFormat`.
    public init(_ numbers: [Double?], range: ChartRange? = nil, numberFormat: String = "General") {
        self.numbers = numbers
        self.range = range
        self.numberFormat = numberFormat
    }
}
