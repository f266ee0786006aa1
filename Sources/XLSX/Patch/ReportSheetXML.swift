/// The worksheet part of a report sheet: texts as shared strings, a bold header row frozen
/// at the top, an auto-filter over the table, column widths fitted to the texts, and
/// internal hyperlinks (a `location`, so no relationship is needed), and the report's page setup.
enum ReportSheetXML {
    /// Widest column, in characters.
    static let maximumColumnWidth = 80
    /// Narrowest column, in characters.
    static let minimumColumnWidth = 6

    /// The part's XML.
    static func part(_ report: ReportSheet, strings: SharedStringsPatch, headerFormat: Int, linkFormat: Int,
                     namespace: String) -> String {
        let columnCount = max(report.header.count, report.rows.map(\.values.count).max() ?? 0, 1)
        let lastRow = report.rows.count + 1
        let lastColumn = CellReference.columnLetters(columnCount)
        let range = "A1:\(lastColumn)\(lastRow)"
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<worksheet xmlns=\"\(namespace)\">"
        if report.pageSetup?.fitToPages != nil { xml += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
        xml += "<dimension ref=\"\(range)\"/>"
        xml += "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (column, width) in report.columnWidths.enumerated() {
            xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += row(1, values: report.header, columnCount: columnCount, strings: strings) { _ in headerFormat }
        var links: [(reference: CellReference, link: ReportLink)] = []
        for (offset, reportRow) in report.rows.enumerated() {
            let number = offset + 2
            if let link = reportRow.link { links.append((CellReference(row: number, column: link.column + 1), link)) }
            xml += row(number, values: reportRow.values, columnCount: columnCount, strings: strings) { column in
                reportRow.link?.column == column ? linkFormat : nil
            }
        }
        xml += "</sheetData><autoFilter ref=\"\(range)\"/>"
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

    /// A hyperlink location (or formula reference) to a cell: `'Sheet name'!B3`.
    static func location(sheet: String, cell: CellReference) -> String {
        quoted(sheet) + "!" + cell.description
    }

    /// A sheet name quoted for a formula: `'It''s'`.
    static func quoted(_ sheet: String) -> String {
        "'" + sheet.replacing("'", with: "''") + "'"
    }

    private static func row(_ number: Int, values: [String], columnCount: Int, strings: SharedStringsPatch,
                            format: (Int) -> Int?) -> String {
        var xml = "<row r=\"\(number)\">"
        for column in 0..<columnCount {
            let text = column < values.count ? values[column] : ""
            let style = format(column).map { " s=\"\($0)\"" } ?? ""
            let reference = CellReference(row: number, column: column + 1)
            if text.isEmpty {
                if !style.isEmpty { xml += "<c r=\"\(reference)\"\(style)/>" }
            } else {
                xml += "<c r=\"\(reference)\"\(style) t=\"s\"><v>\(strings.index(of: text))</v></c>"
            }
        }
        return xml + "</row>"
    }
}
