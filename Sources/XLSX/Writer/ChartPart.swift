/// A chart part (`xl/charts/chartN.xml`, `<c:chartSpace>`): one plot area with a category and
/// a value axis, the primary series as a bar chart (columns or bars) or a line chart, and on a
/// column chart the series drawn as lines in a second, overlaid line chart on the same axes.
///
/// Every series stores its formula and its values (`numCache`, `strCache`), so that Excel,
/// WPS and LibreOffice draw it before any recalculation. Children follow the schema's order
/// (`CT_ChartSpace`, `CT_PlotArea`, `CT_BarSer`, `CT_LineSer`, `CT_CatAx`, `CT_ValAx`), and
/// every boolean carries its `val` (the chart schema's default is true, unlike SpreadsheetML's).
enum ChartPart {
    /// The ids of the two axes (any distinct numbers; Excel's are random).
    static let categoryAxisID = "500100001"
    static let valueAxisID = "500100002"

    /// The colours of series without one of their own, in turn (Office's default palette):
    /// LibreOffice draws series without explicit line properties as markers only, all alike.
    static let palette: [Color] = [0x4472C4, 0xED7D31, 0x70AD47, 0xFFC000, 0x7030A0, 0x264478, 0x9E480E, 0x43682B, 0x997300, 0x5B9BD5]
        .map { Color(rgb: $0) }

    /// The chart's XML.
    static func xml(_ chart: Chart) -> [UInt8] {
        let xml = XMLWriter(capacity: 4096)
        let text = TextStyle(size: Int((chart.textSize * 100).rounded()), typeface: chart.typeface)
        xml.declaration()
        xml.start("c:chartSpace", [("xmlns:c", Namespace.chart), ("xmlns:a", Namespace.drawingML),
                                   ("xmlns:r", Namespace.officeRelationships)])
        value(xml, "c:roundedCorners", "0")
        xml.start("c:chart")
        if let title = chart.title { writeTitle(title, style: text.title, to: xml) }
        value(xml, "c:autoTitleDeleted", chart.title == nil ? "1" : "0")
        xml.start("c:plotArea")
        xml.empty("c:layout")
        let primary = chart.series.enumerated().filter { !$0.element.drawsAsLine || chart.kind == .line }
        let overlays = chart.series.enumerated().filter { $0.element.drawsAsLine && chart.kind != .line }
        let dateFormat = chart.dateAxis?.numberFormat
        switch chart.kind {
        case .column, .bar:
            writeBarChart(primary, horizontal: chart.kind == .bar, dateFormat: dateFormat, text: text, to: xml)
            if !overlays.isEmpty { writeLineChart(overlays, dateFormat: dateFormat, text: text, to: xml) }
        case .line:
            writeLineChart(primary, dateFormat: dateFormat, text: text, to: xml)
        }
        writeAxes(chart, text: text, to: xml)
        xml.end("c:plotArea")
        if let legend = chart.legend {
            xml.start("c:legend")
            value(xml, "c:legendPos", legend.rawValue)
            value(xml, "c:overlay", "0")
            xml.end("c:legend")
        }
        value(xml, "c:plotVisOnly", "1")
        value(xml, "c:dispBlanksAs", "gap")
        xml.end("c:chart")
        writeTextProperties(text, to: xml)
        xml.end("c:chartSpace")
        return xml.array
    }

    /// The size (hundredths of a point) and face of a chart's text.
    struct TextStyle {
        var size: Int
        var typeface: String?

        /// The style of titles: 3 points larger, bold.
        var title: TextStyle { TextStyle(size: size + 300, typeface: typeface) }
    }

    /// `<name val="…"/>`.
    private static func value(_ xml: XMLWriter, _ name: StaticString, _ value: String) {
        xml.empty(name, [("val", value)])
    }

    private static func writeBarChart(_ series: [(offset: Int, element: ChartSeries)], horizontal: Bool, dateFormat: String?,
                                      text: TextStyle, to xml: XMLWriter) {
        xml.start("c:barChart")
        value(xml, "c:barDir", horizontal ? "bar" : "col")
        value(xml, "c:grouping", "clustered")
        value(xml, "c:varyColors", "0")
        for (index, item) in series {
            xml.start("c:ser")
            writeSeriesHeader(item, index: index, to: xml)
            xml.start("c:spPr")
            writeFill(item.color ?? palette[index % palette.count], to: xml)
            xml.end("c:spPr")
            value(xml, "c:invertIfNegative", "0")
            writeDataLabels(item, position: item.labelPosition ?? .outsideEnd, text: text, to: xml)
            writeData(item, dateFormat: dateFormat, to: xml)
            xml.end("c:ser")
        }
        value(xml, "c:gapWidth", "60")
        value(xml, "c:axId", categoryAxisID)
        value(xml, "c:axId", valueAxisID)
        xml.end("c:barChart")
    }

    private static func writeLineChart(_ series: [(offset: Int, element: ChartSeries)], dateFormat: String?, text: TextStyle,
                                       to xml: XMLWriter) {
        xml.start("c:lineChart")
        value(xml, "c:grouping", "standard")
        value(xml, "c:varyColors", "0")
        for (index, item) in series {
            xml.start("c:ser")
            writeSeriesHeader(item, index: index, to: xml)
            let color = item.color ?? palette[index % palette.count]
            xml.start("c:spPr")
            if item.hidesLine {
                xml.start("a:ln")
                xml.empty("a:noFill")
                xml.end("a:ln")
            } else {
                xml.start("a:ln", [("w", String(Int((item.lineWidth * emuPerPoint).rounded()))), ("cap", "rnd")])
                writeFill(color, to: xml)
                if item.dash != .solid { value(xml, "a:prstDash", item.dash.rawValue) }
                xml.empty("a:round")
                xml.end("a:ln")
            }
            xml.end("c:spPr")
            xml.start("c:marker")
            value(xml, "c:symbol", item.marker.rawValue)
            if item.marker != .none {
                value(xml, "c:size", String(markerSize))
                xml.start("c:spPr")
                writeFill(color, to: xml)
                xml.start("a:ln")
                writeFill(color, to: xml)
                xml.end("a:ln")
                xml.end("c:spPr")
            }
            xml.end("c:marker")
            writeDataLabels(item, position: item.labelPosition ?? .above, text: text, to: xml)
            writeData(item, dateFormat: dateFormat, to: xml)
            value(xml, "c:smooth", "0")
            xml.end("c:ser")
        }
        value(xml, "c:marker", "1")
        value(xml, "c:axId", categoryAxisID)
        value(xml, "c:axId", valueAxisID)
        xml.end("c:lineChart")
    }

    /// DrawingML's unit: 12,700 EMU a point.
    static let emuPerPoint = 12_700.0
    /// The size of line markers, in points.
    static let markerSize = 6

    /// `idx`, `order` and the name (`tx/v`).
    private static func writeSeriesHeader(_ series: ChartSeries, index: Int, to xml: XMLWriter) {
        value(xml, "c:idx", String(index))
        value(xml, "c:order", String(index))
        xml.start("c:tx")
        xml.element("c:v", text: TextEscapes.encode(series.name))
        xml.end("c:tx")
    }

    private static func writeFill(_ color: Color, to xml: XMLWriter) {
        xml.start("a:solidFill")
        value(xml, "a:srgbClr", String(color.description.suffix(6)))
        xml.end("a:solidFill")
    }

    private static func writeDataLabels(_ series: ChartSeries, position: ChartLabelPosition, text style: TextStyle, to xml: XMLWriter) {
        func flags(value shown: Bool, name: Bool) {
            for (element, on) in [("c:showLegendKey", false), ("c:showVal", shown), ("c:showCatName", false),
                                  ("c:showSerName", name), ("c:showPercent", false), ("c:showBubbleSize", false)] as [(StaticString, Bool)] {
                value(xml, element, on ? "1" : "0")
            }
        }
        switch series.dataLabels {
        case .none:
            return
        case .values:
            xml.start("c:dLbls")
            xml.empty("c:numFmt", [("formatCode", series.values.numberFormat), ("sourceLinked", "0")])
            writeTextProperties(style, unwrapped: true, to: xml)
            value(xml, "c:dLblPos", position.rawValue)
            flags(value: true, name: false)
            xml.end("c:dLbls")
        case .lastPointWithName, .lastPointName, .pointText:
            var point = series.values.numbers.lastIndex(where: { $0 != nil })
            if case .pointText(_, let index?) = series.dataLabels { point = series.values.numbers.indices.contains(index) ? index : nil }
            guard let point else { return }
            let lastPosition = series.labelPosition ?? .right
            xml.start("c:dLbls")
            xml.start("c:dLbl")
            value(xml, "c:idx", String(point))
            if case .pointText(let text, _) = series.dataLabels {
                writeRichText(text, style: style, bold: false, unwrapped: true, to: xml)
                value(xml, "c:dLblPos", lastPosition.rawValue)
                flags(value: false, name: true)
            } else {
                xml.empty("c:numFmt", [("formatCode", series.values.numberFormat), ("sourceLinked", "0")])
                writeTextProperties(style, unwrapped: true, to: xml)
                value(xml, "c:dLblPos", lastPosition.rawValue)
                flags(value: series.dataLabels == .lastPointWithName, name: true)
                xml.element("c:separator", text: " ")
            }
            xml.end("c:dLbl")
            flags(value: false, name: false)
            xml.end("c:dLbls")
        }
    }

    /// `<c:cat>` (references or literal text; dates as numbers in `dateFormat`) and `<c:val>`
    /// (references or literal numbers).
    private static func writeData(_ series: ChartSeries, dateFormat: String?, to xml: XMLWriter) {
        let labels = series.categories.labels
        xml.start("c:cat")
        if let dates = series.categories.dates {
            let serials = ChartValues(dates.map { ExcelDate.serial1900(of: $0.dateOnly) }, range: series.categories.range,
                                      numberFormat: dateFormat ?? "yyyy-mm-dd")
            writeNumbers(serials, to: xml)
        } else if let range = series.categories.range {
            xml.start("c:strRef")
            xml.element("c:f", text: range.formula)
            xml.start("c:strCache")
            writeStringPoints(labels, to: xml)
            xml.end("c:strCache")
            xml.end("c:strRef")
        } else {
            xml.start("c:strLit")
            writeStringPoints(labels, to: xml)
            xml.end("c:strLit")
        }
        xml.end("c:cat")
        xml.start("c:val")
        writeNumbers(series.values, to: xml)
        xml.end("c:val")
    }

    /// Numbers as a reference with its cache, or as literals.
    private static func writeNumbers(_ values: ChartValues, to xml: XMLWriter) {
        if let range = values.range {
            xml.start("c:numRef")
            xml.element("c:f", text: range.formula)
            xml.start("c:numCache")
            writeNumberPoints(values, to: xml)
            xml.end("c:numCache")
            xml.end("c:numRef")
        } else {
            xml.start("c:numLit")
            writeNumberPoints(values, to: xml)
            xml.end("c:numLit")
        }
    }

    private static func writeStringPoints(_ labels: [String], to xml: XMLWriter) {
        value(xml, "c:ptCount", String(labels.count))
        for (index, label) in labels.enumerated() {
            xml.start("c:pt", [("idx", String(index))])
            xml.element("c:v", text: TextEscapes.encode(label))
            xml.end("c:pt")
        }
    }

    private static func writeNumberPoints(_ values: ChartValues, to xml: XMLWriter) {
        xml.element("c:formatCode", text: values.numberFormat)
        value(xml, "c:ptCount", String(values.numbers.count))
        for (index, number) in values.numbers.enumerated() {
            guard let number else { continue }
            xml.start("c:pt", [("idx", String(index))])
            xml.element("c:v", text: NumberText.text(number))
            xml.end("c:pt")
        }
    }

    private static func writeAxes(_ chart: Chart, text: TextStyle, to xml: XMLWriter) {
        let horizontal = chart.kind == .bar
        if let dateAxis = chart.dateAxis {
            xml.start("c:dateAx")
            value(xml, "c:axId", categoryAxisID)
            xml.start("c:scaling")
            value(xml, "c:orientation", "minMax")
            if let last = dateAxis.last { value(xml, "c:max", NumberText.text(ExcelDate.serial1900(of: last.dateOnly))) }
            if let first = dateAxis.first { value(xml, "c:min", NumberText.text(ExcelDate.serial1900(of: first.dateOnly))) }
            xml.end("c:scaling")
            value(xml, "c:delete", "0")
            value(xml, "c:axPos", "b")
            if let title = chart.categoryAxisTitle { writeTitle(title, style: text, to: xml) }
            xml.empty("c:numFmt", [("formatCode", dateAxis.numberFormat), ("sourceLinked", "0")])
            writeTicksAndCrossing(crossing: valueAxisID, to: xml)
            value(xml, "c:auto", "0")
            value(xml, "c:lblOffset", "100")
            value(xml, "c:baseTimeUnit", "days")
            if let days = dateAxis.majorUnitDays {
                value(xml, "c:majorUnit", String(days))
                value(xml, "c:majorTimeUnit", "days")
            }
            xml.end("c:dateAx")
        } else {
            xml.start("c:catAx")
            value(xml, "c:axId", categoryAxisID)
            xml.start("c:scaling")
            // Horizontal bars list the first category at the top, as a table reads.
            value(xml, "c:orientation", horizontal ? "maxMin" : "minMax")
            xml.end("c:scaling")
            value(xml, "c:delete", "0")
            value(xml, "c:axPos", horizontal ? "l" : "b")
            if let title = chart.categoryAxisTitle { writeTitle(title, style: text, to: xml) }
            writeTicksAndCrossing(crossing: valueAxisID, to: xml)
            value(xml, "c:auto", "1")
            value(xml, "c:lblAlgn", "ctr")
            value(xml, "c:lblOffset", "100")
            value(xml, "c:noMultiLvlLbl", "0")
            xml.end("c:catAx")
        }

        xml.start("c:valAx")
        value(xml, "c:axId", valueAxisID)
        xml.start("c:scaling")
        value(xml, "c:orientation", "minMax")
        if let maximum = chart.valueAxisMaximum { value(xml, "c:max", NumberText.text(maximum)) }
        if let minimum = chart.valueAxisMinimum { value(xml, "c:min", NumberText.text(minimum)) }
        xml.end("c:scaling")
        value(xml, "c:delete", "0")
        value(xml, "c:axPos", horizontal ? "b" : "l")
        xml.start("c:majorGridlines")
        xml.start("c:spPr")
        xml.start("a:ln", [("w", "6350")])
        writeFill(Color(rgb: 0xD9D9D9), to: xml)
        xml.end("a:ln")
        xml.end("c:spPr")
        xml.end("c:majorGridlines")
        if let title = chart.valueAxisTitle { writeTitle(title, style: text, to: xml) }
        xml.empty("c:numFmt", [("formatCode", "General"), ("sourceLinked", "0")])
        writeTicksAndCrossing(crossing: categoryAxisID, to: xml)
        value(xml, "c:crossBetween", chart.dateAxis == nil ? "between" : "midCat")
        if let unit = chart.valueAxisMajorUnit { value(xml, "c:majorUnit", NumberText.text(unit)) }
        xml.end("c:valAx")
    }

    /// An axis's tick marks and labels, and where it crosses the other axis (at zero).
    private static func writeTicksAndCrossing(crossing otherAxis: String, to xml: XMLWriter) {
        value(xml, "c:majorTickMark", "out")
        value(xml, "c:minorTickMark", "none")
        value(xml, "c:tickLblPos", "nextTo")
        value(xml, "c:crossAx", otherAxis)
        value(xml, "c:crosses", "autoZero")
    }

    /// A chart or axis title as rich text, bold.
    private static func writeTitle(_ text: String, style: TextStyle, to xml: XMLWriter) {
        xml.start("c:title")
        writeRichText(text, style: style, bold: true, unwrapped: false, to: xml)
        value(xml, "c:overlay", "0")
        xml.end("c:title")
    }

    /// `<c:tx><c:rich>`: one paragraph of `text` in `style`; `unwrapped` keeps it on one line
    /// (LibreOffice otherwise wraps a long data label into a narrow column).
    private static func writeRichText(_ text: String, style: TextStyle, bold: Bool, unwrapped: Bool, to xml: XMLWriter) {
        xml.start("c:tx")
        xml.start("c:rich")
        xml.empty("a:bodyPr", [("wrap", unwrapped ? "none" : nil)])
        xml.empty("a:lstStyle")
        xml.start("a:p")
        xml.start("a:pPr")
        writeRunProperties("a:defRPr", style, bold: bold, isRun: false, to: xml)
        xml.end("a:pPr")
        xml.start("a:r")
        writeRunProperties("a:rPr", style, bold: bold, isRun: true, to: xml)
        xml.element("a:t", text: text)
        xml.end("a:r")
        xml.end("a:p")
        xml.end("c:rich")
        xml.end("c:tx")
    }

    /// `a:defRPr` or `a:rPr` with the size and, when set, the face for Latin and East Asian text.
    private static func writeRunProperties(_ element: StaticString, _ style: TextStyle, bold: Bool, isRun: Bool, to xml: XMLWriter) {
        let attributes: [XMLWriter.Attribute] = [("lang", isRun ? "zh-CN" : nil), ("sz", String(style.size)),
                                                 ("b", bold ? "1" : nil)]
        guard let typeface = style.typeface else {
            xml.empty(element, attributes)
            return
        }
        xml.start(element, attributes)
        xml.empty("a:latin", [("typeface", typeface)])
        xml.empty("a:ea", [("typeface", typeface)])
        xml.end(element)
    }

    /// Text properties (`c:txPr`): the chart's default text (axes, legend, labels), or a label's,
    /// kept on one line when `unwrapped`.
    private static func writeTextProperties(_ style: TextStyle, unwrapped: Bool = false, to xml: XMLWriter) {
        xml.start("c:txPr")
        xml.empty("a:bodyPr", [("wrap", unwrapped ? "none" : nil)])
        xml.empty("a:lstStyle")
        xml.start("a:p")
        xml.start("a:pPr")
        writeRunProperties("a:defRPr", style, bold: false, isRun: false, to: xml)
        xml.end("a:pPr")
        xml.empty("a:endParaRPr", [("lang", "zh-CN")])
        xml.end("a:p")
        xml.end("c:txPr")
    }
}
