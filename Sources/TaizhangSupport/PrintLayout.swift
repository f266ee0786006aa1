import XLSX

/// How the workbooks the district prints are laid out on paper: A4, upright when the columns
/// fit and across otherwise, one page wide, the header rows repeated on every page, and a
/// footer with the issuing office, the page numbers and the date of printing.
package enum PrintLayout {
    /// The widest sheet, in characters of the default font, that still prints upright: A4
    /// portrait holds about 90 at full size within narrow margins, so up to 100 shrinks it by a
    /// tenth at most; anything wider prints across the page.
    package static let portraitWidth = 100.0

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

    /// The footer: the issuing office on the left, the page numbers in the centre, the date of
    /// printing on the right.
    package static func footer(issuer: String) -> HeaderFooter {
        HeaderFooter(left: [.text(issuer)], center: pageNumbers, right: [.text("打印日期:"), .date])
    }

    /// The orientation that fits columns `width` characters wide on A4.
    package static func orientation(forWidth width: Double) -> PageSetup.Orientation {
        width <= portraitWidth ? .portrait : .landscape
    }

    /// A4 in the orientation that fits `width`, one page wide and `pagesTall` pages down (0: as
    /// many as needed), narrow side margins, centred across, with the footer of ``footer(issuer:)``.
    package static func pageSetup(width: Double, issuer: String, pagesTall: Int = 0) -> PageSetup {
        var margins = PageSetup.Margins.narrow
        margins.top = 0.6
        margins.bottom = 0.7
        return PageSetup(orientation: orientation(forWidth: width), fitToPages: PageSetup.Fit(wide: 1, tall: pagesTall),
                         margins: margins, centersHorizontally: true, footer: footer(issuer: issuer))
    }

    /// Lays a sheet out for printing by ``pageSetup(width:issuer:pagesTall:)`` from the width of
    /// its columns so far (call it once its rows are written), repeating `titleRows` on every page.
    package static func apply(to sheet: SheetWriter, issuer: String, titleRows: ClosedRange<Int>?, pagesTall: Int = 0) throws {
        try sheet.setPageSetup(pageSetup(width: sheet.usedColumnsWidth, issuer: issuer, pagesTall: pagesTall))
        if let titleRows { try sheet.setPrintTitles(rows: titleRows) }
    }
}
