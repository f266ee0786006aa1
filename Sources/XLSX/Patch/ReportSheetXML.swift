/// The worksheet part of a report sheet: the preamble's lines (merged across the table, wrapped),
/// the table — texts as shared strings, a bold header row (frozen at the top when there is no
/// preamble), an auto-filter, column widths fitted to the texts, long texts wrapped in rows high
/// enough to show them, internal hyperlinks (a `location`, so no relationship is needed) — the
/// closing lines, and the report's page setup.
enum ReportSheetXML {
    /// Narrowest column, in characters.
    static let minimumColumnWidth = 6
    /// A printed line of wrapped text, in points, per point of font size: a little more than the
    /// 1.3 of Excel's 宋体, so that no application's line spacing cuts the last line off.
    static let lineHeightPerPoint = 1.36

    /// The cell formats a report uses (indexes into `cellXfs`).
    struct Formats {
        /// The header row.
        var header: Int
        /// A table cell.
        var cell: Int
        /// A table cell that links to a cell.
        var link: Int
        /// A title line.
        var title: Int
        /// A paragraph line.
        var paragraph: Int
        /// An emphasised line.
        var emphasis: Int
        /// A signature line.
        var signature: Int
        /// A legend swatch by its fill (`AARRGGBB` as given).
        var swatches: [String: Int]
        /// The size of the body font, in points.
        var bodySize: Double
        /// The size of the title font, in points.
        var titleSize: Double
    }

    /// The part's XML.
    static func part(_ report: ReportSheet, strings: SharedStringsPatch, formats: Formats, namespace: String) -> String {
        let columnCount = report.columnCount
        let widths = report.columnWidths
        let totalWidth = widths.reduce(0, +)
        let lastColumn = CellReference.columnLetters(columnCount)
        let tableRange = "A\(report.headerRow):\(lastColumn)\(report.lastTableRow)"
        var merges: [String] = []
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"\(namespace)\">"
        if report.pageSetup?.fitToPages != nil { xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        let lastRow = report.closing.isEmpty ? report.lastTableRow : report.firstClosingRow + report.closing.count - 1
        xml += "<dimension ref=\"A1:\(lastColumn)\(lastRow)\"/>"
        if report.preamble.isEmpty {
            xml += "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
            xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        } else {
            xml += "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>"
        }
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (column, width) in widths.enumerated() {
            xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        func line(_ line: ReportLine, row number: Int) {
            let swatch = line.swatchARGB.flatMap { formats.swatches[$0] }
            let first = swatch == nil ? 1 : 2
            let format: Int
            let size: Double
            switch line.kind {
            case .title: (format, size) = (formats.title, formats.titleSize)
            case .paragraph: (format, size) = (formats.paragraph, formats.bodySize)
            case .emphasis: (format, size) = (formats.emphasis, formats.bodySize)
            case .signature: (format, size) = (formats.signature, formats.bodySize)
            }
            let width = totalWidth - (swatch == nil ? 0 : widths[0])
            let height = Double(lines(line.text, width: width, fontSize: size, bodySize: formats.bodySize)) * size * lineHeightPerPoint + 5
            xml += "<row r=\"\(number)\" ht=\"\(NumberText.text(height.rounded(.up)))\" customHeight=\"1\">"
            if let swatch { xml += "<c r=\"A\(number)\" s=\"\(swatch)\"/>" }
            for column in first...max(first, columnCount) {
                let reference = CellReference(row: number, column: column)
                if column == first, !line.text.isEmpty {
                    xml += "<c r=\"\(reference)\" s=\"\(format)\" t=\"s\"><v>\(strings.index(of: line.text))</v></c>"
                } else {
                    xml += "<c r=\"\(reference)\" s=\"\(format)\"/>"
                }
            }
            xml += "</row>"
            if columnCount > first {
                merges.append("\(CellReference(row: number, column: first)):\(CellReference(row: number, column: columnCount))")
            }
        }
        for (offset, preamble) in report.preamble.enumerated() { line(preamble, row: offset + 1) }
        xml += row(report.headerRow, values: report.header, columnCount: columnCount, widths: widths, formats: formats,
                   strings: strings) { _ in formats.header }
        var links: [(reference: CellReference, link: ReportLink)] = []
        for (offset, reportRow) in report.rows.enumerated() {
            let number = report.headerRow + 1 + offset
            if let link = reportRow.link { links.append((CellReference(row: number, column: link.column + 1), link)) }
            xml += row(number, values: reportRow.values, columnCount: columnCount, widths: widths, formats: formats,
                       strings: strings) { column in reportRow.link?.column == column ? formats.link : formats.cell }
        }
        for (offset, closing) in report.closing.enumerated() { line(closing, row: report.firstClosingRow + offset) }
        xml += "</sheetData><autoFilter ref=\"\(tableRange)\"/>"
        if !merges.isEmpty {
            xml += "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
        }
        if !links.isEmpty {
            xml += "<hyperlinks>"
            for (reference, link) in links {
                xml += "<hyperlink ref=\"\(reference)\" location=\"\(XMLEscaping.attribute(location(sheet: link.sheet, cell: link.cell)))\""
                xml += " display=\"\(XMLEscaping.attribute(link.sheet + "!" + link.cell.description))\"/>"
            }
            xml += "</hyperlinks>"
        }
        let printing = report.pageSetup?.printElementsXML() ?? PageSetup.marginsElement(.normal)
        return xml + String(decoding: printing, as: UTF8.self) + "</worksheet>"
    }

    /// The lines `text` takes wrapped in `width` characters of the body font (a larger font takes
    /// proportionally more room).
    static func lines(_ text: String, width: Int, fontSize: Double, bodySize: Double) -> Int {
        ColumnWidth.wrappedLines(text, width: Double(width) * bodySize / fontSize)
    }

    /// A hyperlink location (or formula reference) to a cell: `'Sheet name'!B3`.
    static func location(sheet: String, cell: CellReference) -> String {
        quoted(sheet) + "!" + cell.description
    }

    /// A sheet name quoted for a formula: `'It''s'`.
    static func quoted(_ sheet: String) -> String {
        "'" + sheet.replacing("'", with: "''") + "'"
    }

    /// A table row, every cell styled (so that the borders print), as high as its longest wrapped text.
    private static func row(_ number: Int, values: [String], columnCount: Int, widths: [Int], formats: Formats,
                            strings: SharedStringsPatch, format: (Int) -> Int) -> String {
        let lineCount = (0..<columnCount).map { column in
            column < values.count ? lines(values[column], width: widths[column], fontSize: formats.bodySize, bodySize: formats.bodySize) : 1
        }.max() ?? 1
        var xml = "<row r=\"\(number)\""
        if lineCount > 1 {
            let height = Double(lineCount) * formats.bodySize * lineHeightPerPoint + 5
            xml += " ht=\"\(NumberText.text(height.rounded(.up)))\" customHeight=\"1\""
        }
        xml += ">"
        for column in 0..<columnCount {
            let text = column < values.count ? values[column] : ""
            let reference = CellReference(row: number, column: column + 1)
            if text.isEmpty {
                xml += "<c r=\"\(reference)\" s=\"\(format(column))\"/>"
            } else {
                xml += "<c r=\"\(reference)\" s=\"\(format(column))\" t=\"s\"><v>\(strings.index(of: text))</v></c>"
            }
        }
        return xml + "</row>"
    }
}
