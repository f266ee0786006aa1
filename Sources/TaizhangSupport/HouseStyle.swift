import XLSX

/// The house style of every workbook the district prints, after GB/T 9704 (党政机关公文格式):
/// tables and text in 宋体 (SimSun), titles in 黑体 (SimHei), both named with the simplified
/// Chinese character set so that a machine without the face takes another Chinese one; a
/// light grey header that survives a black-and-white copy; thin grey rules.
///
/// ```swift
/// let workbook = try WorkbookWriter(path: path, options: HouseStyle.writerOptions())
/// let styles = try HouseStyle(workbook)
/// try sheet.writeRow([WritableCell(.string("青山湖区…"), style: styles.title)], height: HouseStyle.titleHeight)
/// ```
package struct HouseStyle {
    /// The face of tables and text.
    package static let bodyFace = "宋体"
    /// The face of titles.
    package static let titleFace = "黑体"
    /// The size of table text, in points.
    package static let bodySize = 11.0
    /// The size of notes and small print, in points (8 on paper at the smallest print scale).
    package static let noteSize = 10.0
    /// The size of a sheet's title, in points.
    package static let titleSize = 18.0
    /// The height of a title row, in points.
    package static let titleHeight = 32.0
    /// The height of a header row of one line, in points.
    package static let headerHeight = 22.0
    /// The height of a table row of one line, in points.
    package static let rowHeight = 18.0

    /// The body font.
    package static let bodyFont = FontStyle(name: bodyFace, size: bodySize, charset: FontStyle.simplifiedChineseCharset)
    /// The body font in bold (what needs attention, totals, first awards).
    package static let boldBodyFont: FontStyle = {
        var bold = bodyFont
        bold.isBold = true
        return bold
    }()
    /// The title font.
    package static let titleFont = FontStyle(name: titleFace, size: titleSize, charset: FontStyle.simplifiedChineseCharset)

    /// Writer options with the body font as the workbook's default (`useSharedStrings` as given).
    package static func writerOptions(useSharedStrings: Bool = true) -> WriterOptions {
        WriterOptions(useSharedStrings: useSharedStrings, defaultFont: bodyFont)
    }

    /// The grid lines of tables.
    package static let rule = Border.all(.thin, color: Color(rgb: 0x808080))
    /// The fill of header rows and total rows.
    package static let headerFill = Color(rgb: 0xE7E6E6)

    /// A sheet's title: 黑体 18, centred.
    package let title: StyleIndex
    /// The line under a title (what the sheet rests on, the date): 宋体 10, wrapped.
    package let subtitle: StyleIndex
    /// A notice that must not be missed (a provisional ranking): bold, wrapped, boxed.
    package let notice: StyleIndex
    /// A heading within a sheet: 黑体 12.
    package let section: StyleIndex
    /// A note: 宋体 10, wrapped, at the top of its cell.
    package let note: StyleIndex
    /// A paragraph of text: 宋体 11, wrapped, at the top of its cell.
    package let paragraph: StyleIndex
    /// The 落款 and signature lines: 宋体 12, aligned right.
    package let signature: StyleIndex
    /// A table's header: bold on light grey, ruled, centred, wrapped.
    package let header: StyleIndex
    /// A header cell holding a date (m-d).
    package let headerDate: StyleIndex
    /// A table cell: ruled, centred vertically.
    package let bordered: StyleIndex
    /// A table cell of long text: ruled, wrapped.
    package let borderedWrapped: StyleIndex
    /// A table cell centred both ways.
    package let centered: StyleIndex
    /// A table cell holding a date (yyyy-mm-dd).
    package let borderedDate: StyleIndex
    /// A table cell holding points (0.00).
    package let points: StyleIndex
    /// A table cell holding a share (0.0%).
    package let percent: StyleIndex
    /// A total: bold, on light grey, ruled.
    package let total: StyleIndex
    /// A total of points: bold, on light grey, ruled, 0.00.
    package let totalPoints: StyleIndex
    /// A total share: bold, on light grey, ruled, 0.0%.
    package let totalPercent: StyleIndex
    /// A date outside a table (yyyy-mm-dd).
    package let date: StyleIndex

    /// Registers the house styles with a workbook.
    package init(_ workbook: WorkbookWriter) throws {
        let body = Self.bodyFont
        let bold = Self.boldBodyFont
        var note = body
        note.size = Self.noteSize
        var section = Self.titleFont
        section.size = 12
        var signature = body
        signature.size = 12
        func register(_ font: FontStyle = body, fill: Color? = nil, border: Border = Border(), horizontal: HorizontalAlignment? = nil,
                      vertical: VerticalAlignment? = .center, wraps: Bool = false, format: String? = nil) throws -> StyleIndex {
            try workbook.register(CellStyle(font: font, fillColor: fill, border: border, horizontalAlignment: horizontal,
                                            verticalAlignment: vertical, wrapsText: wraps, numberFormat: format))
        }
        title = try register(Self.titleFont, horizontal: .center, wraps: true)
        subtitle = try register(note, wraps: true)
        notice = try register(bold, border: Border.all(.medium), wraps: true)
        self.section = try register(section)
        self.note = try register(note, vertical: .top, wraps: true)
        paragraph = try register(vertical: .top, wraps: true)
        self.signature = try register(signature, horizontal: .right)
        header = try register(bold, fill: Self.headerFill, border: Self.rule, horizontal: .center, wraps: true)
        headerDate = try register(bold, fill: Self.headerFill, border: Self.rule, horizontal: .center, format: "m-d")
        bordered = try register(border: Self.rule)
        borderedWrapped = try register(border: Self.rule, wraps: true)
        centered = try register(border: Self.rule, horizontal: .center)
        borderedDate = try register(border: Self.rule, horizontal: .center, format: "yyyy-mm-dd")
        points = try register(border: Self.rule, format: "0.00")
        percent = try register(border: Self.rule, format: "0.0%")
        total = try register(bold, fill: Self.headerFill, border: Self.rule)
        totalPoints = try register(bold, fill: Self.headerFill, border: Self.rule, format: "0.00")
        totalPercent = try register(bold, fill: Self.headerFill, border: Self.rule, format: "0.0%")
        date = try register(format: "yyyy-mm-dd")
    }
}
