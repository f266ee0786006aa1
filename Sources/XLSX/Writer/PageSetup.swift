/// How a worksheet prints: paper, orientation, scaling, margins, centring, header and footer,
/// print area and manual page breaks (print titles are ``SheetWriter/setPrintTitles(rows:columns:)``).
///
/// ```swift
/// var setup = PageSetup(orientation: .landscape)
/// setup.fitToPages = PageSetup.Fit(wide: 1, tall: 1)
/// setup.footer = HeaderFooter(center: [.text("第 "), .pageNumber, .text(" 页,共 "), .pageCount, .text(" 页")])
/// try sheet.setPageSetup(setup)
/// ```
///
/// Its limits are checked when it is set (``SheetWriter/setPageSetup(_:)``): Excel's header and
/// footer hold at most 255 characters each, scaling is 10 to 400 %, fitting 0 to 32,767 pages
/// (0: as many as needed), a sheet has at most 1,023 manual breaks each way.
public struct PageSetup: Sendable, Hashable {
    /// Portrait or landscape.
    public enum Orientation: String, Sendable {
        /// Taller than wide.
        case portrait
        /// Wider than tall.
        case landscape
    }

    /// The paper, by its number in SpreadsheetML's `paperSize` list.
    public enum PaperSize: Int, Sendable {
        /// US Letter, 8.5 × 11 in.
        case letter = 1
        /// US Legal, 8.5 × 14 in.
        case legal = 5
        /// A3, 297 × 420 mm.
        case a3 = 8
        /// A4, 210 × 297 mm.
        case a4 = 9
        /// A5, 148 × 210 mm.
        case a5 = 11
        /// B5 (JIS), 182 × 257 mm.
        case b5 = 13
    }

    /// Shrinks the printout to a number of pages across and down; 0 leaves that direction
    /// unconstrained (`Fit(wide: 1, tall: 0)` is "fit to one page wide").
    public struct Fit: Sendable, Hashable {
        /// Pages across (0: as many as needed).
        public var wide: Int
        /// Pages down (0: as many as needed).
        public var tall: Int

        /// Fits to `wide` pages across and `tall` down.
        public init(wide: Int, tall: Int) {
            self.wide = wide
            self.tall = tall
        }
    }

    /// Margins in inches, as `<pageMargins>` holds them.
    public struct Margins: Sendable, Hashable {
        /// Left margin.
        public var left: Double
        /// Right margin.
        public var right: Double
        /// Top margin (above the table; the header prints within it).
        public var top: Double
        /// Bottom margin (below the table; the footer prints within it).
        public var bottom: Double
        /// From the paper's top edge to the header.
        public var header: Double
        /// From the paper's bottom edge to the footer.
        public var footer: Double

        /// Margins in inches.
        public init(left: Double = 0.7, right: Double = 0.7, top: Double = 0.75, bottom: Double = 0.75,
                    header: Double = 0.3, footer: Double = 0.3) {
            self.left = left
            self.right = right
            self.top = top
            self.bottom = bottom
            self.header = header
            self.footer = footer
        }

        /// Excel's "normal" margins (0.7 in at the sides, 0.75 in at the top and bottom).
        public static let normal = Margins()
        /// Excel's "narrow" margins (0.25 in at the sides, 0.75 in at the top and bottom).
        public static let narrow = Margins(left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3)
    }

    /// The paper (A4 by default).
    public var paperSize: PaperSize
    /// Portrait (default) or landscape.
    public var orientation: Orientation
    /// Fit to pages, or nil to print at ``scale``.
    public var fitToPages: Fit?
    /// The print scale in percent (10 to 400) when not fitting to pages.
    public var scale: Int
    /// The margins.
    public var margins: Margins
    /// Centre the printout between the left and right margins.
    public var centersHorizontally: Bool
    /// Centre the printout between the top and bottom margins.
    public var centersVertically: Bool
    /// Print the grid lines.
    public var printsGridLines: Bool
    /// Print the row numbers and column letters (`printOptions headings`), so that a cell named
    /// elsewhere ("G5") can be found on paper.
    public var printsHeadings: Bool
    /// The header on every page, or nil for none.
    public var header: HeaderFooter?
    /// The footer on every page, or nil for none.
    public var footer: HeaderFooter?
    /// The cells to print, or nil for the used range.
    public var printArea: CellRange?
    /// Manual page breaks: a new page starts after each of these 1-based rows.
    public var rowBreaks: [Int]
    /// Manual page breaks: a new page starts after each of these 1-based columns.
    public var columnBreaks: [Int]

    /// A page setup; everything not given is Excel's default (A4 here, not Letter).
    public init(paperSize: PaperSize = .a4, orientation: Orientation = .portrait, fitToPages: Fit? = nil,
                scale: Int = 100, margins: Margins = .normal, centersHorizontally: Bool = false,
                centersVertically: Bool = false, printsGridLines: Bool = false, header: HeaderFooter? = nil,
                footer: HeaderFooter? = nil, printArea: CellRange? = nil, rowBreaks: [Int] = [], columnBreaks: [Int] = [],
                printsHeadings: Bool = false) {
        self.paperSize = paperSize
        self.orientation = orientation
        self.fitToPages = fitToPages
        self.scale = scale
        self.margins = margins
        self.centersHorizontally = centersHorizontally
        self.centersVertically = centersVertically
        self.printsGridLines = printsGridLines
        self.printsHeadings = printsHeadings
        self.header = header
        self.footer = footer
        self.printArea = printArea
        self.rowBreaks = rowBreaks
        self.columnBreaks = columnBreaks
    }

    /// Excel's limits on manual page breaks, each way.
    public static let maximumBreaks = 1_023
    /// Excel's limit on pages to fit to, each way.
    public static let maximumFitPages = 32_767

    /// Throws a typed error for a setting Excel would refuse or repair.
    func check() throws {
        if let fit = fitToPages {
            for pages in [fit.wide, fit.tall] where !(0...Self.maximumFitPages).contains(pages) {
                throw XLSXError.excelLimit(.pageSetup, detail: "fit to \(pages) pages")
            }
        }
        guard (10...400).contains(scale) else { throw XLSXError.excelLimit(.pageSetup, detail: "scale \(scale) %") }
        let margins = [margins.left, margins.right, margins.top, margins.bottom, margins.header, margins.footer]
        for margin in margins where !(margin.isFinite && margin >= 0 && margin < 49) {
            throw XLSXError.excelLimit(.pageSetup, detail: "margin \(margin) in")
        }
        for (name, text) in [("header", header?.code), ("footer", footer?.code)] {
            guard let text, text.utf16.count > ExcelLimits.headerFooterLength else { continue }
            throw XLSXError.excelLimit(.headerFooterLength, detail: "the \(name) has \(text.utf16.count) characters")
        }
        for case .fontSize(let points) in (header?.items ?? []) + (footer?.items ?? []) where !(1...Int(ExcelLimits.fontSize)).contains(points) {
            throw XLSXError.excelLimit(.fontSize, detail: "\(points) points in a header or footer")
        }
        if let printArea { try SheetLimits.check(printArea) }
        for (breaks, limit, what) in [(rowBreaks, ExcelLimits.rowCount - 1, "row"), (columnBreaks, ExcelLimits.columnCount - 1, "column")] {
            guard breaks.count <= Self.maximumBreaks else {
                throw XLSXError.excelLimit(.pageSetup, detail: "\(breaks.count) \(what) breaks")
            }
            for position in breaks where !(1...limit).contains(position) {
                throw XLSXError.excelLimit(.pageSetup, detail: "a break after \(what) \(position)")
            }
        }
    }

    // MARK: rendering

    /// Sets the fragments of `<printOptions>`, `<pageMargins>`, `<pageSetup>`, `<headerFooter>`,
    /// `<rowBreaks>` and `<colBreaks>` (the `fitToPage` flag of `<sheetPr>` is the layout's).
    func render(into frame: inout WorksheetFrame) {
        if centersHorizontally || centersVertically || printsGridLines || printsHeadings {
            frame[.printOptions] = Self.element {
                $0.empty("printOptions", [("horizontalCentered", centersHorizontally ? "1" : nil),
                                          ("verticalCentered", centersVertically ? "1" : nil),
                                          ("headings", printsHeadings ? "1" : nil),
                                          ("gridLines", printsGridLines ? "1" : nil)])
            }
        }
        frame[.pageMargins] = Self.marginsElement(margins)
        frame[.pageSetup] = Self.element {
            $0.empty("pageSetup", [("paperSize", String(paperSize.rawValue)), ("scale", scale == 100 ? nil : String(scale)),
                                   ("fitToWidth", fitToPages.map { String($0.wide) }),
                                   ("fitToHeight", fitToPages.map { String($0.tall) }),
                                   ("orientation", orientation.rawValue)])
        }
        if header != nil || footer != nil {
            frame[.headerFooter] = Self.element { xml in
                xml.start("headerFooter")
                if let header { xml.element("oddHeader", text: header.code) }
                if let footer { xml.element("oddFooter", text: footer.code) }
                xml.end("headerFooter")
            }
        }
        frame[.rowBreaks] = Self.breaks("rowBreaks", rowBreaks, maximum: ExcelLimits.columnCount - 1)
        frame[.colBreaks] = Self.breaks("colBreaks", columnBreaks, maximum: ExcelLimits.rowCount - 1)
    }

    /// The XML of the elements from `<printOptions>` to `<colBreaks>`, in schema order (for a
    /// worksheet written without a ``WorksheetFrame``).
    func printElementsXML() -> [UInt8] {
        var frame = WorksheetFrame()
        render(into: &frame)
        return WorksheetElement.allCases.filter { $0 >= .printOptions && $0 <= .colBreaks }.flatMap { frame[$0] ?? [] }
    }

    /// `<pageMargins>` (every sheet has one, with or without a page setup).
    static func marginsElement(_ margins: Margins) -> [UInt8] {
        element {
            $0.empty("pageMargins", [("left", NumberText.text(margins.left)), ("right", NumberText.text(margins.right)),
                                     ("top", NumberText.text(margins.top)), ("bottom", NumberText.text(margins.bottom)),
                                     ("header", NumberText.text(margins.header)), ("footer", NumberText.text(margins.footer))])
        }
    }

    /// `<rowBreaks>` or `<colBreaks>`: each break's `max` is the last index of the other direction.
    private static func breaks(_ name: StaticString, _ positions: [Int], maximum: Int) -> [UInt8]? {
        let sorted = Set(positions).sorted()
        guard !sorted.isEmpty else { return nil }
        return element { xml in
            xml.start(name, [("count", String(sorted.count)), ("manualBreakCount", String(sorted.count))])
            for position in sorted { xml.empty("brk", [("id", String(position)), ("max", String(maximum)), ("man", "1")]) }
            xml.end(name)
        }
    }

    private static func element(_ body: (XMLWriter) -> Void) -> [UInt8] {
        let xml = XMLWriter(capacity: 256)
        body(xml)
        return xml.array
    }
}

/// A printed header or footer: up to three sections (left, centre, right), each a run of text
/// and fields that Excel fills in when printing.
public struct HeaderFooter: Sendable, Hashable {
    /// One piece of a section.
    public enum Item: Sendable, Hashable {
        /// Text as it is (an `&` is doubled in the code).
        case text(String)
        /// The page number (`&P`).
        case pageNumber
        /// The number of pages (`&N`).
        case pageCount
        /// The date of printing (`&D`).
        case date
        /// The time of printing (`&T`).
        case time
        /// The sheet's name (`&A`).
        case sheetName
        /// The file's name (`&F`).
        case fileName
        /// Bold on or off from here on (`&B`).
        case bold
        /// The font size in points from here on (`&12`); a space follows, so that text
        /// starting with a digit is not read as part of the size.
        case fontSize(Int)
    }

    /// The left section.
    public var left: [Item]
    /// The centre section.
    public var center: [Item]
    /// The right section.
    public var right: [Item]

    /// A header or footer from its sections (empty ones are left out).
    public init(left: [Item] = [], center: [Item] = [], right: [Item] = []) {
        self.left = left
        self.center = center
        self.right = right
    }

    /// Every item, left to right.
    var items: [Item] { left + center + right }

    /// The text as SpreadsheetML stores it: `&L…&C…&R…` with `&` codes for the fields.
    public var code: String {
        var code = ""
        for (marker, items) in [("&L", left), ("&C", center), ("&R", right)] where !items.isEmpty {
            code += marker + items.map(Self.code).joined()
        }
        return code
    }

    private static func code(_ item: Item) -> String {
        switch item {
        case .text(let text): return text.replacing("&", with: "&&")
        case .pageNumber: return "&P"
        case .pageCount: return "&N"
        case .date: return "&D"
        case .time: return "&T"
        case .sheetName: return "&A"
        case .fileName: return "&F"
        case .bold: return "&B"
        case .fontSize(let points): return "&\(points) "
        }
    }
}
