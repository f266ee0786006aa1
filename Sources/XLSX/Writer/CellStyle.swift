/// How a written cell looks: font, fill, border, alignment, number format and protection.
///
/// Styles are registered once with ``WorkbookWriter/register(_:)``, which gives a
/// ``StyleIndex`` to put on cells; equal styles (and equal fonts, fills, borders and number
/// formats inside them) are stored once in `styles.xml`.
///
/// ```swift
/// var header = CellStyle()
/// header.font.isBold = true
/// header.fillColor = Color(rgb: 0xDDEBF7)
/// header.border = .all(.thin)
/// header.horizontalAlignment = .center
/// let headerStyle = try workbook.register(header)
/// ```
public struct CellStyle: Hashable, Sendable {
    /// The font; unset properties take the workbook's default font.
    public var font: FontStyle
    /// A solid background colour, or nil for none.
    public var fillColor: Color?
    /// The cell's borders.
    public var border: Border
    /// Horizontal alignment; nil is Excel's General (text left, numbers right).
    public var horizontalAlignment: HorizontalAlignment?
    /// Vertical alignment; nil is Excel's default (bottom).
    public var verticalAlignment: VerticalAlignment?
    /// Whether text wraps onto several lines within the cell.
    public var wrapsText: Bool
    /// A number format code such as `"0.00"`, `"yyyy-mm-dd"` or `"@"`; nil is General.
    /// Codes equal to one of Excel's locale-independent built-in formats are written as that
    /// built-in (`"0.00"` is id 2); any other code becomes a custom format.
    public var numberFormat: String?
    /// Whether the cell is locked when the sheet is protected (Excel's default is locked).
    public var isLocked: Bool

    /// A style; every property defaults to Excel's default look.
    public init(font: FontStyle = FontStyle(), fillColor: Color? = nil, border: Border = Border(),
                horizontalAlignment: HorizontalAlignment? = nil, verticalAlignment: VerticalAlignment? = nil,
                wrapsText: Bool = false, numberFormat: String? = nil, isLocked: Bool = true) {
        self.font = font
        self.fillColor = fillColor
        self.border = border
        self.horizontalAlignment = horizontalAlignment
        self.verticalAlignment = verticalAlignment
        self.wrapsText = wrapsText
        self.numberFormat = numberFormat
        self.isLocked = isLocked
    }

    /// The look Excel gives a hyperlink: blue and underlined.
    public static let hyperlink = CellStyle(font: FontStyle(underline: true, color: Color(rgb: 0x0563C1)))
}

/// The index of a registered style in the workbook's cell formats: what a cell's `s` attribute
/// holds, and what the reader reports as ``Cell/styleIndex``.
public struct StyleIndex: Hashable, Sendable, CustomStringConvertible {
    /// The 0-based index into `cellXfs`.
    public let value: Int

    init(_ value: Int) { self.value = value }

    /// The default style (index 0).
    public static let `default` = StyleIndex(0)

    /// The index as text.
    public var description: String { String(value) }
}

/// A font. Unset name and size take the workbook's default font (``WriterOptions/defaultFont``),
/// and so does an unset character set when the name is unset too.
///
/// A Chinese face is best named with its character set, as Chinese Excel and WPS write it
/// (`<name val="宋体"/><charset val="134"/>`): an application that lacks the face then takes
/// an installed one of that script rather than a Latin one.
///
/// ```swift
/// let body = FontStyle(name: "宋体", size: 11, charset: FontStyle.simplifiedChineseCharset)
/// ```
public struct FontStyle: Hashable, Sendable {
    /// The GB2312 character set (simplified Chinese), `134`.
    public static let simplifiedChineseCharset = 134

    /// The font name, e.g. `"宋体"` or `"Calibri"`.
    public var name: String?
    /// The size in points.
    public var size: Double?
    /// Bold.
    public var isBold: Bool
    /// Italic.
    public var isItalic: Bool
    /// Single underline.
    public var isUnderlined: Bool
    /// Struck through.
    public var isStrikethrough: Bool
    /// The colour; nil is automatic (black).
    public var color: Color?
    /// The character set the face is for (`charset`, e.g. ``simplifiedChineseCharset``), or nil
    /// for none written (0 to 255).
    public var charset: Int?

    /// A font; every property defaults to the workbook's default font.
    public init(name: String? = nil, size: Double? = nil, bold: Bool = false, italic: Bool = false,
                underline: Bool = false, strikethrough: Bool = false, color: Color? = nil, charset: Int? = nil) {
        self.name = name
        self.size = size
        self.isBold = bold
        self.isItalic = italic
        self.isUnderlined = underline
        self.isStrikethrough = strikethrough
        self.color = color
        self.charset = charset
    }
}

/// An opaque or translucent colour as Excel stores it: alpha, red, green, blue.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// `0xAARRGGBB`.
    public var argb: UInt32

    /// A colour from `0xAARRGGBB`.
    public init(argb: UInt32) { self.argb = argb }

    /// An opaque colour from `0xRRGGBB`.
    public init(rgb: UInt32) { self.argb = 0xFF00_0000 | (rgb & 0x00FF_FFFF) }

    /// An opaque colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.init(rgb: UInt32(red) << 16 | UInt32(green) << 8 | UInt32(blue))
    }

    /// Parses `"RRGGBB"`, `"#RRGGBB"` or `"AARRGGBB"`; nil for anything else.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6 || digits.count == 8, let value = UInt32(digits, radix: 16) else { return nil }
        self = digits.count == 6 ? Color(rgb: value) : Color(argb: value)
    }

    /// Eight upper-case hex digits, `AARRGGBB`, as `styles.xml` wants them.
    public var description: String {
        let digits = String(argb, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Opaque black.
    public static let black = Color(rgb: 0x000000)
    /// Opaque white.
    public static let white = Color(rgb: 0xFFFFFF)
    /// Opaque red.
    public static let red = Color(rgb: 0xFF0000)
    /// Opaque yellow.
    public static let yellow = Color(rgb: 0xFFFF00)
    /// The light grey of Excel's "White, Background 1, Darker 15%".
    public static let lightGray = Color(rgb: 0xD9D9D9)
}

/// The line of one border edge, as Excel's border styles name them (`thin` is the usual grid
/// line, `medium` and `thick` heavier, `double` two lines, `hair` the finest dotted line; the
/// others are dashed and dotted patterns, `medium…` ones heavier).
public enum BorderLineStyle: String, Sendable, Hashable, CaseIterable {
    /// A thin line.
    case thin
    /// A medium line.
    case medium
    /// A thick line.
    case thick
    /// A thin dashed line.
    case dashed
    /// A dotted line.
    case dotted
    /// A double line.
    case double
    /// A hairline.
    case hair
    /// A medium dashed line.
    case mediumDashed
    /// A thin dash-dot line.
    case dashDot
    /// A medium dash-dot line.
    case mediumDashDot
    /// A thin dash-dot-dot line.
    case dashDotDot
    /// A medium dash-dot-dot line.
    case mediumDashDotDot
    /// A slanted dash-dot line.
    case slantDashDot
}

/// One edge of a cell's border.
public struct BorderEdge: Hashable, Sendable {
    /// The line.
    public var style: BorderLineStyle
    /// The colour; nil is automatic (black).
    public var color: Color?

    /// An edge with a line and, optionally, a colour.
    public init(_ style: BorderLineStyle, color: Color? = nil) {
        self.style = style
        self.color = color
    }
}

/// A cell's borders; a nil edge has no line.
public struct Border: Hashable, Sendable {
    /// The left edge.
    public var left: BorderEdge?
    /// The right edge.
    public var right: BorderEdge?
    /// The top edge.
    public var top: BorderEdge?
    /// The bottom edge.
    public var bottom: BorderEdge?

    /// A border with the given edges.
    public init(left: BorderEdge? = nil, right: BorderEdge? = nil, top: BorderEdge? = nil, bottom: BorderEdge? = nil) {
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    /// The same line on all four edges.
    public static func all(_ style: BorderLineStyle, color: Color? = nil) -> Border {
        let edge = BorderEdge(style, color: color)
        return Border(left: edge, right: edge, top: edge, bottom: edge)
    }

}

/// Horizontal alignment of a cell's content (`general`: text left, numbers right; `fill` repeats
/// the content across the cell; `centerContinuous` centres across empty cells to the right;
/// `distributed` spreads the characters).
public enum HorizontalAlignment: String, Sendable, Hashable, CaseIterable {
    /// Text left, numbers right (Excel's default).
    case general
    /// Aligned left.
    case left
    /// Centred.
    case center
    /// Aligned right.
    case right
    /// The content repeated to fill the cell.
    case fill
    /// Wrapped lines spread to both edges.
    case justify
    /// Centred across this cell and the empty cells to its right.
    case centerContinuous
    /// Characters spread evenly across the width.
    case distributed
}

/// Vertical alignment of a cell's content (`distributed` spreads lines over the height).
public enum VerticalAlignment: String, Sendable, Hashable, CaseIterable {
    /// At the top.
    case top
    /// In the middle.
    case center
    /// At the bottom (Excel's default).
    case bottom
    /// Lines spread over the height.
    case justify
    /// Lines distributed over the height.
    case distributed
}
