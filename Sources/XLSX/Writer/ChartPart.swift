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
        xml.declaration()
        xml.start("c:chartSpace", [("xmlns:c", Namespace.chart), ("xmlns:a", Namespace.drawingML),
                                   ("xmlns:r", Namespace.officeRelationships)])
        value(xml, "c:roundedCorners", "0")
        xml.start("c:chart")
        if let title = chart.title { writeTitle(title, size: 1200, to: xml) }
        value(xml, "c:autoTitleDeleted", chart.title == nil ? "1" : "0")
        xml.start("c:plotArea")
        xml.empty("c:layout")
        let primary = chart.series.enumerated().filter { !$0.element.drawsAsLine || chart.kind == .line }
        let overlays = chart.series.enumerated().filter { $0.element.drawsAsLine && chart.kind != .line }
        switch chart.kind {
        case .column, .bar:
            writeBarChart(primary, horizontal: chart.kind == .bar, to: xml)
            if !overlays.isEmpty { writeLineChart(overlays, to: xml) }
        case .line:
            writeLineChart(primary, to: xml)
        }
        writeAxes(chart, to: xml)
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
        writeTextProperties(size: 900, to: xml)
        xml.end("c:chartSpace")
        return xml.array
    }

    /// `<name val="…"/>`.
    private static func value(_ xml: XMLWriter, _ name: StaticString, _ value: String) {
        xml.empty(name, [("val", value)])
    }

    private static func writeBarChart(_ series: [(offset: Int, element: ChartSeries)], horizontal: Bool, to xml: XMLWriter) {
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
            writeDataLabels(item, position: "outEnd", to: xml)
            writeData(item, to: xml)
            xml.end("c:ser")
        }
        value(xml, "c:gapWidth", "60")
        value(xml, "c:axId", categoryAxisID)
        value(xml, "c:axId", valueAxisID)
        xml.end("c:barChart")
    }

    private static func writeLineChart(_ series: [(offset: Int, element: ChartSeries)], to xml: XMLWriter) {
        xml.start("c:lineChart")
        value(xml, "c:grouping", "standard")
        value(xml, "c:varyColors", "0")
        for (index, item) in series {
            xml.start("c:ser")
            writeSeriesHeader(item, index: index, to: xml)
            let color = item.color ?? palette[index % palette.count]
            xml.start("c:spPr")
            xml.start("a:ln", [("w", "22225"), ("cap", "rnd")])
            writeFill(color, to: xml)
            if item.isDashed { value(xml, "a:prstDash", "dash") }
            xml.empty("a:round")
            xml.end("a:ln")
            xml.end("c:spPr")
            xml.start("c:marker")
            value(xml, "c:symbol", item.showsMarkers ? "circle" : "none")
            if item.showsMarkers {
                value(xml, "c:size", "5")
                xml.start("c:spPr")
                writeFill(color, to: xml)
                xml.start("a:ln")
                writeFill(color, to: xml)
                xml.end("a:ln")
                xml.end("c:spPr")
            }
            xml.end("c:marker")
            writeDataLabels(item, position: "t", to: xml)
            writeData(item, to: xml)
            value(xml, "c:smooth", "0")
            xml.end("c:ser")
        }
        value(xml, "c:marker", "1")
        value(xml, "c:axId", categoryAxisID)
        value(xml, "c:axId", valueAxisID)
        xml.end("c:lineChart")
    }

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

    private static func writeDataLabels(_ series: ChartSeries, position: String, to xml: XMLWriter) {
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
            value(xml, "c:dLblPos", position)
            flags(value: true, name: false)
            xml.end("c:dLbls")
        case .lastPointWithName, .lastPointName:
            let showsValue = series.dataLabels == .lastPointWithName
            guard let last = series.values.numbers.lastIndex(where: { $0 != nil }) else { return }
            xml.start("c:dLbls")
            xml.start("c:dLbl")
            value(xml, "c:idx", String(last))
            xml.empty("c:numFmt", [("formatCode", series.values.numberFormat), ("sourceLinked", "0")])
            value(xml, "c:dLblPos", "r")
            flags(value: showsValue, name: true)
            xml.element("c:separator", text: " ")
            xml.end("c:dLbl")
            flags(value: false, name: false)
            xml.end("c:dLbls")
        }
    }

    /// `<c:cat>` (references or literal text) and `<c:val>` (references or literal numbers).
    private static func writeData(_ series: ChartSeries, to xml: XMLWriter) {
        let labels = series.categories.labels
        xml.start("c:cat")
        if let range = series.categories.range {
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
        if let range = series.values.range {
            xml.start("c:numRef")
            xml.element("c:f", text: range.formula)
            xml.start("c:numCache")
            writeNumberPoints(series.values, to: xml)
            xml.end("c:numCache")
            xml.end("c:numRef")
        } else {
            xml.start("c:numLit")
            writeNumberPoints(series.values, to: xml)
            xml.end("c:numLit")
        }
        xml.end("c:val")
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

    private static func writeAxes(_ chart: Chart, to xml: XMLWriter) {
        let horizontal = chart.kind == .bar
        xml.start("c:catAx")
        value(xml, "c:axId", categoryAxisID)
        xml.start("c:scaling")
        // Horizontal bars list the first category at the top, as a table reads.
        value(xml, "c:orientation", horizontal ? "maxMin" : "minMax")
        xml.end("c:scaling")
        value(xml, "c:delete", "0")
        value(xml, "c:axPos", horizontal ? "l" : "b")
        if let title = chart.categoryAxisTitle { writeTitle(title, size: 900, to: xml) }
        writeTicksAndCrossing(crossing: valueAxisID, to: xml)
        value(xml, "c:auto", "1")
        value(xml, "c:lblAlgn", "ctr")
        value(xml, "c:lblOffset", "100")
        value(xml, "c:noMultiLvlLbl", "0")
        xml.end("c:catAx")

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
        if let title = chart.valueAxisTitle { writeTitle(title, size: 900, to: xml) }
        xml.empty("c:numFmt", [("formatCode", "General"), ("sourceLinked", "0")])
        writeTicksAndCrossing(crossing: categoryAxisID, to: xml)
        value(xml, "c:crossBetween", "between")
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

    /// A chart or axis title as rich text.
    private static func writeTitle(_ text: String, size: Int, to xml: XMLWriter) {
        xml.start("c:title")
        xml.start("c:tx")
        xml.start("c:rich")
        xml.empty("a:bodyPr")
        xml.empty("a:lstStyle")
        xml.start("a:p")
        xml.start("a:pPr")
        xml.empty("a:defRPr", [("sz", String(size)), ("b", "1")])
        xml.end("a:pPr")
        xml.start("a:r")
        xml.empty("a:rPr", [("lang", "zh-CN"), ("sz", String(size)), ("b", "1")])
        xml.element("a:t", text: text)
        xml.end("a:r")
        xml.end("a:p")
        xml.end("c:rich")
        xml.end("c:tx")
        value(xml, "c:overlay", "0")
        xml.end("c:title")
    }

    /// The default text of the chart (axes, legend, labels): its size in hundredths of a point.
    private static func writeTextProperties(size: Int, to xml: XMLWriter) {
        xml.start("c:txPr")
        xml.empty("a:bodyPr")
        xml.empty("a:lstStyle")
        xml.start("a:p")
        xml.start("a:pPr")
        xml.empty("a:defRPr", [("sz", String(size))])
        xml.end("a:pPr")
        xml.empty("a:endParaRPr", [("lang", "zh-CN")])
        xml.end("a:p")
        xml.end("c:txPr")
    }
}
