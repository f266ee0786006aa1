/// What a date cell shows when its own style has no number format.
enum DateDisplay: Int {
    case date, dateTime, time
}

/// The style registry and `xl/styles.xml`: cell styles become cell formats (`cellXfs`), whose
/// fonts, fills, borders and number formats are each stored once.
final class StyleRegistry {
    private struct FontRecord: Hashable {
        var name: String
        var size: Double
        var isBold: Bool
        var isItalic: Bool
        var isUnderlined: Bool
        var isStrikethrough: Bool
        var color: Color?
        var charset: Int?
    }

    private struct AlignmentRecord: Hashable {
        var horizontal: HorizontalAlignment?
        var vertical: VerticalAlignment?
        var wrapsText: Bool
    }

    private struct FormatRecord: Hashable {
        var numberFormatID: Int
        var fontID: Int
        var fillID: Int
        var borderID: Int
        var alignment: AlignmentRecord?
        var isLocked: Bool
    }

    /// Fill ids 0 and 1 are reserved for `none` and `gray125`, as Excel requires.
    private static let reservedFillCount = 2
    /// Custom number formats are numbered from 164.
    private static let firstCustomFormatID = 164

    /// Codes of Excel's built-in formats that every locale shows alike (dates are locale-bound
    /// built-ins, so date codes are always written as custom formats).
    static let builtInFormatIDs: [String: Int] = [
        "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "0.00E+00": 11,
        "# ?/?": 12, "# ??/??": 13, "#,##0 ;(#,##0)": 37, "#,##0 ;[Red](#,##0)": 38,
        "#,##0.00;(#,##0.00)": 39, "#,##0.00;[Red](#,##0.00)": 40, "##0.0E+0": 48, "@": 49,
    ]

    private var fonts: IndexedSet<FontRecord>
    /// Solid fill colours; their fill ids follow the two reserved fills.
    private var fillColors = IndexedSet<Color>()
    private var borders = IndexedSet([Border()])
    /// Custom number format codes; their ids count from 164.
    private var customFormats = IndexedSet<String>()
    private var formats: IndexedSet<FormatRecord>
    /// Cell formats derived for dates, by `format * 3 + DateDisplay.rawValue`.
    private var dateVariants: [Int: Int] = [:]
    private let defaultFont: FontRecord
    private let dateFormatCodes: [String]

    /// A registry holding the default style (index 0) built on the options' default font.
    init(options: WriterOptions) throws {
        defaultFont = FontRecord(name: options.defaultFont.name ?? "Calibri", size: options.defaultFont.size ?? 11,
                                 isBold: options.defaultFont.isBold, isItalic: options.defaultFont.isItalic,
                                 isUnderlined: options.defaultFont.isUnderlined,
                                 isStrikethrough: options.defaultFont.isStrikethrough, color: options.defaultFont.color,
                                 charset: options.defaultFont.charset)
        dateFormatCodes = [options.dateFormat, options.dateTimeFormat, options.timeFormat]
        try Self.checkFontSize(defaultFont.size)
        try Self.checkCharset(defaultFont.charset)
        for code in dateFormatCodes where code.utf16.count > ExcelLimits.numberFormatLength || !Self.isWellFormed(code) {
            throw XLSXError.excelLimit(.numberFormatCode, detail: "\"\(code)\"")
        }
        fonts = IndexedSet([defaultFont])
        formats = IndexedSet([FormatRecord(numberFormatID: 0, fontID: 0, fillID: 0, borderID: 0, alignment: nil, isLocked: true)])
    }

    /// The number of cell formats.
    var count: Int { formats.count }

    /// Registers a style and gives its cell-format index (the same index for equal styles).
    func register(_ style: CellStyle) throws -> StyleIndex {
        let font = FontRecord(name: style.font.name ?? defaultFont.name, size: style.font.size ?? defaultFont.size,
                              isBold: style.font.isBold, isItalic: style.font.isItalic,
                              isUnderlined: style.font.isUnderlined, isStrikethrough: style.font.isStrikethrough,
                              color: style.font.color, charset: style.font.charset ?? (style.font.name == nil ? defaultFont.charset : nil))
        try Self.checkFontSize(font.size)
        try Self.checkCharset(font.charset)
        let numberFormatID = try numberFormatID(for: style.numberFormat)
        let alignment = style.horizontalAlignment == nil && style.verticalAlignment == nil && !style.wrapsText
            ? nil
            : AlignmentRecord(horizontal: style.horizontalAlignment, vertical: style.verticalAlignment,
                              wrapsText: style.wrapsText)
        let record = FormatRecord(numberFormatID: numberFormatID, fontID: fonts.insert(font),
                                  fillID: style.fillColor.map { Self.reservedFillCount + fillColors.insert($0) } ?? 0,
                                  borderID: borders.insert(style.border), alignment: alignment, isLocked: style.isLocked)
        return StyleIndex(try formatIndex(for: record))
    }

    /// The cell format a date cell gets: its own when it has a number format, else a copy with
    /// the options' date, date-time or time format.
    func dateStyle(for index: Int, display: DateDisplay) throws -> Int {
        if formats.elements[index].numberFormatID != 0 { return index }
        let key = index * 3 + display.rawValue
        if let known = dateVariants[key] { return known }
        var record = formats.elements[index]
        record.numberFormatID = try numberFormatID(for: dateFormatCodes[display.rawValue])
        let variant = try formatIndex(for: record)
        dateVariants[key] = variant
        return variant
    }

    private static func checkFontSize(_ size: Double) throws {
        guard size.isFinite, size >= 1, size <= ExcelLimits.fontSize else {
            throw XLSXError.excelLimit(.fontSize, detail: "font size \(size)")
        }
    }

    private static func checkCharset(_ charset: Int?) throws {
        guard let charset, !(0...255).contains(charset) else { return }
        throw XLSXError.excelLimit(.fontCharset, detail: "character set \(charset)")
    }

    private func formatIndex(for record: FormatRecord) throws -> Int {
        if let known = formats.position(of: record) { return known }
        guard formats.count < ExcelLimits.cellFormatCount else {
            throw XLSXError.excelLimit(.cellFormatCount, detail: "style \(formats.count + 1) is one too many")
        }
        return formats.insert(record)
    }

    private func numberFormatID(for code: String?) throws -> Int {
        guard let code, !code.isEmpty else { return 0 }
        if let builtIn = Self.builtInFormatIDs[code] { return builtIn }
        guard code.utf16.count <= ExcelLimits.numberFormatLength else {
            throw XLSXError.excelLimit(.numberFormatLength, detail: "\(code.utf16.count) characters")
        }
        if customFormats.position(of: code) == nil, !Self.isWellFormed(code) {
            throw XLSXError.excelLimit(.numberFormatCode, detail: "\"\(code)\"")
        }
        return Self.firstCustomFormatID + customFormats.insert(code)
    }

    /// Whether a format code closes its quoted texts and brackets and has at most four
    /// `;`-separated sections: Excel repairs a workbook with a code that does not.
    static func isWellFormed(_ code: String) -> Bool {
        var sections = 1
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            switch character {
            case "\\" where !inQuotes: escaped = true
            case "\"" where !inBrackets: inQuotes.toggle()
            case "[" where !inQuotes:
                if inBrackets { return false }
                inBrackets = true
            case "]" where !inQuotes:
                if !inBrackets { return false }
                inBrackets = false
            case ";" where !inQuotes && !inBrackets: sections += 1
            default: break
            }
        }
        return !inQuotes && !inBrackets && !escaped && sections <= 4
    }

    // MARK: styles.xml

    /// The `styles.xml` part.
    func xml() -> [UInt8] {
        let xml = XMLWriter()
        xml.declaration()
        xml.start("styleSheet", [("xmlns", Namespace.spreadsheetML)])
        if customFormats.count > 0 {
            xml.start("numFmts", [("count", String(customFormats.count))])
            for (offset, code) in customFormats.elements.enumerated() {
                xml.empty("numFmt", [("numFmtId", String(Self.firstCustomFormatID + offset)),
                                     ("formatCode", TextEscapes.encode(code))])
            }
            xml.end("numFmts")
        }
        xml.start("fonts", [("count", String(fonts.count))])
        for font in fonts.elements { writeFont(font, to: xml) }
        xml.end("fonts")
        xml.start("fills", [("count", String(Self.reservedFillCount + fillColors.count))])
        xml.append("<fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
        for color in fillColors.elements {
            xml.append("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"")
            xml.append(color.description)
            xml.append("\"/><bgColor indexed=\"64\"/></patternFill></fill>")
        }
        xml.end("fills")
        xml.start("borders", [("count", String(borders.count))])
        for border in borders.elements { writeBorder(border, to: xml) }
        xml.end("borders")
        xml.append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        xml.start("cellXfs", [("count", String(formats.count))])
        for format in formats.elements { writeFormat(format, to: xml) }
        xml.end("cellXfs")
        xml.append("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        xml.append("<dxfs count=\"0\"/>")
        xml.append("<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/>")
        xml.end("styleSheet")
        return xml.array
    }

    private func writeFont(_ font: FontRecord, to xml: XMLWriter) {
        xml.append("<font>")
        if font.isBold { xml.append("<b/>") }
        if font.isItalic { xml.append("<i/>") }
        if font.isStrikethrough { xml.append("<strike/>") }
        if font.isUnderlined { xml.append("<u/>") }
        xml.empty("sz", [("val", NumberText.text(font.size))])
        if let color = font.color { xml.empty("color", [("rgb", color.description)]) }
        xml.empty("name", [("val", font.name)])
        if let charset = font.charset { xml.empty("charset", [("val", String(charset))]) }
        xml.append("</font>")
    }

    private func writeBorder(_ border: Border, to xml: XMLWriter) {
        xml.append("<border>")
        for (name, edge) in [("left", border.left), ("right", border.right), ("top", border.top), ("bottom", border.bottom)] {
            xml.append("<")
            xml.append(name)
            if let edge {
                xml.append(" style=\"")
                xml.append(edge.style.rawValue)
                xml.append("\">")
                if let color = edge.color { xml.empty("color", [("rgb", color.description)]) } else { xml.append("<color auto=\"1\"/>") }
                xml.append("</")
                xml.append(name)
                xml.append(">")
            } else {
                xml.append("/>")
            }
        }
        xml.append("<diagonal/></border>")
    }

    private func writeFormat(_ format: FormatRecord, to xml: XMLWriter) {
        let hasChildren = format.alignment != nil || !format.isLocked
        let attributes: [XMLWriter.Attribute] = [
            ("numFmtId", String(format.numberFormatID)), ("fontId", String(format.fontID)),
            ("fillId", String(format.fillID)), ("borderId", String(format.borderID)), ("xfId", "0"),
            ("applyNumberFormat", format.numberFormatID != 0 ? "1" : nil),
            ("applyFont", format.fontID != 0 ? "1" : nil),
            ("applyFill", format.fillID != 0 ? "1" : nil),
            ("applyBorder", format.borderID != 0 ? "1" : nil),
            ("applyAlignment", format.alignment != nil ? "1" : nil),
            ("applyProtection", format.isLocked ? nil : "1"),
        ]
        guard hasChildren else {
            xml.empty("xf", attributes)
            return
        }
        xml.start("xf", attributes)
        if let alignment = format.alignment {
            xml.empty("alignment", [("horizontal", alignment.horizontal?.rawValue),
                                    ("vertical", alignment.vertical?.rawValue),
                                    ("wrapText", alignment.wrapsText ? "1" : nil)])
        }
        if !format.isLocked { xml.empty("protection", [("locked", "0")]) }
        xml.end("xf")
    }
}
