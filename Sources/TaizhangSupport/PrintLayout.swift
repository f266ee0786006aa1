import XLSX

/// How the workbooks the district prints are laid out on paper: A4, upright when the columns
/// fit and across otherwise, one page wide as long as the text stays legible, the header rows
/// (and, on sheets too wide for one page, the key columns) repeated on every page, and a footer
/// with the issuing office, the page numbers and the date the data stands at.
///
/// Legible means at least ``smallestScale`` of full size: the house style's 11-point table text
/// then prints at 8.8 points and its 10-point notes at 8, never smaller. A sheet too wide for
/// that at one page wide prints across the page at that scale on more pages instead.
package enum PrintLayout {
    /// The smallest print scale: 11-point text prints at 8.8 points, 10-point notes at 8.
    package static let smallestScale = 0.8
    /// The printed width of one character of column width (the digit width of the default
    /// font, 宋体 11), in points, rounded up from what LibreOffice prints with a Song face
    /// (6.15; Excel on Windows takes 5.25): widths computed with it err towards fitting.
    package static let pointsPerCharacter = 6.2
    /// The smallest upright print scale: a sheet that would shrink more prints across the page.
    static let smallestPortraitScale = 0.9
    /// The margins: narrow at the sides, room for the footer below.
    package static var margins: PageSetup.Margins {
        var margins = PageSetup.Margins.narrow
        margins.top = 0.6
        margins.bottom = 0.7
        return margins
    }

    /// `第 N 页,共 M 页`.
    package static let pageNumbers: [HeaderFooter.Item] = [.text("第 "), .pageNumber, .text(" 页,共 "), .pageCount, .text(" 页")]

    /// Text for a printed title: straight double quotes become Chinese quotation marks, opening
    /// and closing in turn (乡镇实体化"大团委"建设 → 乡镇实体化“大团委”建设).
    package static func typographic(_ text: String) -> String {
        var opening = true
        return String(text.map { character -> Character in
            guard character == "\"" else { return character }
            defer { opening.toggle() }
            return opening ? "“" : "”"
        })
    }

    /// The footer: the issuing office on the left, the page numbers in the centre, and on the
    /// right the date the data stands at (`数据截至 2026-10-31`) or, without one, the date of printing.
    package static func footer(issuer: String, asOf: String? = nil) -> HeaderFooter {
        HeaderFooter(left: [.text(issuer)], center: pageNumbers,
                     right: asOf.map { [.text("数据截至 " + $0)] } ?? [.text("打印日期:"), .date])
    }

    /// The printable width of A4 within ``margins``, in points.
    package static func printableWidth(_ orientation: PageSetup.Orientation) -> Double {
        (orientation == .portrait ? 595.3 : 841.9) - (margins.left + margins.right) * 72
    }

    /// The printable height of A4 within ``margins``, in points.
    package static func printableHeight(_ orientation: PageSetup.Orientation) -> Double {
        (orientation == .portrait ? 841.9 : 595.3) - (margins.top + margins.bottom) * 72
    }

    /// The scale at which `width` characters of columns fill the page's width (at most 1).
    package static func widthScale(_ width: Double, _ orientation: PageSetup.Orientation) -> Double {
        width <= 0 ? 1 : min(1, printableWidth(orientation) / (width * pointsPerCharacter))
    }

    /// The orientation that fits columns `width` characters wide on A4: upright while that
    /// shrinks them by a tenth at most.
    package static func orientation(forWidth width: Double) -> PageSetup.Orientation {
        widthScale(width, .portrait) >= smallestPortraitScale ? .portrait : .landscape
    }

    /// A4 in the orientation that fits `width` (or the one given), narrow side margins, centred
    /// across, with the footer of ``footer(issuer:asOf:)``: one page wide when that keeps
    /// ``smallestScale``, else at that scale across several pages. With `height` (the content's
    /// height in points at full size), `pagesTall` pages down too (0: as many as needed) when
    /// that keeps the scale.
    package static func pageSetup(width: Double, height: Double? = nil, pagesTall: Int = 0, orientation: PageSetup.Orientation? = nil,
                                  issuer: String, asOf: String? = nil) -> PageSetup {
        let orientation = orientation ?? self.orientation(forWidth: width)
        let acrossScale = widthScale(width, orientation)
        var setup = PageSetup(orientation: orientation, margins: margins, centersHorizontally: true,
                              footer: footer(issuer: issuer, asOf: asOf))
        guard acrossScale >= smallestScale else {
            setup.scale = Int(smallestScale * 100)
            return setup
        }
        var tall = 0
        if pagesTall > 0, let height {
            let downScale = height <= 0 ? 1 : Double(pagesTall) * printableHeight(orientation) / height
            if min(acrossScale, downScale) >= smallestScale { tall = pagesTall }
        }
        setup.fitToPages = PageSetup.Fit(wide: 1, tall: tall)
        return setup
    }

    /// Lays a sheet out for printing by ``pageSetup(width:height:pagesTall:orientation:issuer:asOf:)``
    /// from the width of its columns so far (call it once its rows are written), repeating
    /// `titleRows` on every page, and `keyColumns` on every page when the sheet prints across
    /// several pages.
    package static func apply(to sheet: SheetWriter, issuer: String, asOf: String? = nil, titleRows: ClosedRange<Int>?,
                              keyColumns: ClosedRange<Int>? = nil, height: Double? = nil, pagesTall: Int = 0) throws {
        let setup = pageSetup(width: sheet.usedColumnsWidth, height: height, pagesTall: pagesTall, issuer: issuer, asOf: asOf)
        try sheet.setPageSetup(setup)
        let columns = setup.fitToPages == nil ? keyColumns : nil
        if titleRows != nil || columns != nil { try sheet.setPrintTitles(rows: titleRows, columns: columns) }
    }

    /// The rows wrapped text takes in a column `width` characters wide (``ColumnWidth/wrappedLines(_:width:)``).
    package static func lines(_ text: String, width: Double) -> Int {
        ColumnWidth.wrappedLines(text, width: width)
    }

    /// The height of a row of `lines` lines of `size`-point text, in points: room for what
    /// Excel and WPS give a line of 宋体 (1.3 times the size) and a little more, so that no
    /// application's line spacing cuts the last line off (at most Excel's 409).
    package static func rowHeight(lines: Int, size: Double = HouseStyle.bodySize) -> Double {
        min(ExcelLimits.rowHeight, (Double(lines) * size * 1.36 + 5).rounded(.up))
    }

    /// Manual page breaks after whole columns for a sheet printed across several pages at
    /// ``smallestScale``: each page takes as many of `widths` (after the repeated `keyColumns`
    /// leading ones) as fit. Returns the 1-based columns after which a page ends.
    package static func columnBreaks(widths: [Double], keyColumns: Int, orientation: PageSetup.Orientation,
                                     groups: Int = 1) -> [Int] {
        let capacity = printableWidth(orientation) / (smallestScale * pointsPerCharacter) * 0.96
        let key = widths.prefix(keyColumns).reduce(0, +)
        var breaks: [Int] = []
        var used = key
        var column = keyColumns
        while column < widths.count {
            let group = widths[column..<min(column + groups, widths.count)].reduce(0, +)
            if used + group > capacity && used > key {
                breaks.append(column)
                used = key
            }
            used += group
            column += groups
        }
        return breaks
    }
}
