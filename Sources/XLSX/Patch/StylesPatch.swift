import CLibxml2

/// The cell formats a patch adds to `styles.xml`: for each marked cell, a copy of its own
/// format (same font, border, number format, alignment, protection) with only the fill
/// changed; the report's formats (``reportFormats(body:title:swatches:)``). Fills,
/// fonts and formats equal to ones the part has already are reused, so that patching a
/// patched copy again adds nothing.
final class StylesPatch {
    /// Blue of Excel's Hyperlink style.
    static let linkColor = "FF0563C1"

    private let namespace: String
    private let prefix: String?
    private let source: [UInt8]
    private let partName: String

    private var fonts: [XMLNode]
    private var fills: [XMLNode]
    private var borders: [XMLNode]
    private var formats: [XMLNode]
    private let originalCounts: (fonts: Int, fills: Int, borders: Int, formats: Int)
    private var fontIndexes: [String: Int] = [:]
    private var fillIndexes: [String: Int] = [:]
    private var formatIndexes: [String: Int] = [:]
    private var markedFormats: [MarkedFormatKey: Int] = [:]

    private struct MarkedFormatKey: Hashable {
        let base: Int
        let fill: ARGBColor
    }

    /// Reads the part (nil: the workbook has none, and a minimal one is made).
    init(part: [UInt8]?, partName: String, mainNamespace: String) throws {
        source = part ?? Array(Self.minimalPart(namespace: mainNamespace).utf8)
        self.partName = partName
        let collector = StylesCollector(output: XMLOutput(), partName: partName)
        try collector.rewrite(source)
        namespace = collector.rootNamespace ?? mainNamespace
        prefix = collector.rootPrefix
        fonts = collector.fonts?.elements.filter { $0.localName == "font" } ?? []
        fills = collector.fills?.elements.filter { $0.localName == "fill" } ?? []
        borders = collector.borders?.elements.filter { $0.localName == "border" } ?? []
        formats = collector.cellFormats?.elements.filter { $0.localName == "xf" } ?? []
        originalCounts = (fonts.count, fills.count, borders.count, formats.count)
        // A part without them (seen in the wild) gets the defaults that index 0 stands for.
        if fonts.isEmpty { fonts.append(defaultFont()) }
        if borders.isEmpty { borders.append(element("border")) }
        if formats.isEmpty {
            formats.append(element("xf", attributes: ["numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"]))
        }
        for (index, font) in fonts.enumerated() where fontIndexes[font.canonical] == nil { fontIndexes[font.canonical] = index }
        for (index, fill) in fills.enumerated() {
            if let key = Self.solidFillKey(fill), fillIndexes[key] == nil { fillIndexes[key] = index }
        }
        for (index, format) in formats.enumerated() where formatIndexes[format.canonical] == nil {
            formatIndexes[format.canonical] = index
        }
    }

    /// Whether anything was added.
    var hasAdditions: Bool {
        fonts.count > originalCounts.fonts || fills.count > originalCounts.fills || borders.count > originalCounts.borders
            || formats.count > originalCounts.formats
    }

    /// The index of a cell format like `base` with a solid `fill`.
    func markedFormat(base: Int, fill: ARGBColor) -> Int {
        let key = MarkedFormatKey(base: base, fill: fill)
        if let known = markedFormats[key] { return known }
        let format = baseFormat(base)
        format.setAttribute("fillId", String(fillIndex(fill)))
        format.setAttribute("applyFill", "1")
        let index = formatIndex(format)
        markedFormats[key] = index
        return index
    }

    /// The index of a cell format like `base` that shows numbers with number format `id`.
    func numberFormatted(base: Int, numberFormatID id: Int) -> Int {
        let format = baseFormat(base)
        format.setAttribute("numFmtId", String(id))
        format.setAttribute("applyNumberFormat", "1")
        return formatIndex(format)
    }

    /// Writes the part with the additions.
    func write(to output: XMLOutput) throws {
        let rewriter = StylesRewriter(output: output, partName: partName, additions: [
            "fonts": Array(fonts[originalCounts.fonts...]),
            "fills": Array(fills[originalCounts.fills...]),
            "borders": Array(borders[originalCounts.borders...]),
            "cellXfs": Array(formats[originalCounts.formats...]),
        ], counts: ["fonts": fonts.count, "fills": fills.count, "borders": borders.count, "cellXfs": formats.count],
           namespace: namespace)
        try rewriter.rewrite(source)
    }

    // MARK: building

    private func element(_ name: String, attributes: KeyValuePairs<String, String> = [:], children: [XMLNode] = []) -> XMLNode {
        XMLNode(name, prefix: prefix, namespace: namespace, attributes: attributes, children: children)
    }

    /// A copy of a cell format; an index beyond the list (a broken file) stands for the default.
    private func baseFormat(_ index: Int) -> XMLNode {
        formats[formats.indices.contains(index) ? index : 0].copy()
    }

    /// A copy of the font of the default cell format.
    private func baseFont() -> XMLNode {
        let fontID = formats.first?.attribute("fontId").flatMap { Int($0) } ?? 0
        return fonts[fonts.indices.contains(fontID) ? fontID : 0].copy()
    }

    /// Excel's default font: what a font index 0 that a part lacks stands for.
    private func defaultFont() -> XMLNode {
        element("font", children: [element("sz", attributes: ["val": "11"]), element("color", attributes: ["theme": "1"]),
                                    element("name", attributes: ["val": "Calibri"]), element("family", attributes: ["val": "2"]),
                                    element("scheme", attributes: ["val": "minor"])])
    }

    private func fillIndex(_ color: ARGBColor) -> Int {
        let key = "solid:" + color.hex
        if let known = fillIndexes[key] { return known }
        // Fills 0 and 1 are reserved (none, gray125): whatever they hold, Excel shows those.
        while fills.count < 2 {
            fills.append(element("fill", children: [element("patternFill", attributes: ["patternType": fills.isEmpty ? "none" : "gray125"])]))
        }
        fills.append(element("fill", children: [element("patternFill", attributes: ["patternType": "solid"], children: [
            element("fgColor", attributes: ["rgb": color.hex]), element("bgColor", attributes: ["indexed": "64"]),
        ])]))
        fillIndexes[key] = fills.count - 1
        return fills.count - 1
    }

    private func fontIndex(_ font: XMLNode) -> Int {
        if let known = fontIndexes[font.canonical] { return known }
        fonts.append(font)
        fontIndexes[font.canonical] = fonts.count - 1
        return fonts.count - 1
    }

    private func formatIndex(_ format: XMLNode) -> Int {
        if let known = formatIndexes[format.canonical] { return known }
        formats.append(format)
        formatIndexes[format.canonical] = formats.count - 1
        return formats.count - 1
    }

    /// `solid:AARRGGBB` for a solid pattern fill given by an RGB foreground colour.
    private static func solidFillKey(_ fill: XMLNode) -> String? {
        guard let pattern = fill.child("patternFill"), pattern.attribute("patternType") == "solid",
              let rgb = pattern.child("fgColor")?.attribute("rgb"), let color = try? ARGBColor(rgb),
              pattern.elements.allSatisfy({ $0.localName == "fgColor" || $0.localName == "bgColor" }) else { return nil }
        return "solid:" + color.hex
    }

    /// The styles part of a workbook that has none: what Excel assumes then.
    private static func minimalPart(namespace: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(namespace)"><fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>\
        <scheme val="minor"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
    }
}

// MARK: the report's formats

extension StylesPatch {
    /// Grey of the report's grid lines.
    static let gridColor = "FFBFBFBF"
    /// Light grey of the report's header row (prints as a light tint in black and white).
    static let headerFill = "FFF2F2F2"

    /// The formats of a report sheet: the table (header bold on grey, cells and links bordered and
    /// wrapped), its letter's lines (title, paragraphs, emphasis) and the legend's swatches, in
    /// `body` (nil: the workbook's default font) and `title` (nil: the body font, bold, 4 points larger).
    /// The swatches' formats are added in the order given, so that the same report gives the same bytes.
    func reportFormats(body: FontStyle?, title: FontStyle?, swatches: [(argb: String, color: ARGBColor)]) throws -> ReportSheetXML.Formats {
        let bodyFont = font(body ?? FontStyle())
        let bodySize = Double(bodyFont.child("sz")?.attribute("val") ?? "") ?? 11
        var titleStyle = title ?? body ?? FontStyle()
        if title == nil {
            titleStyle.isBold = true
            titleStyle.size = bodySize + 4
        }
        let titleFont = font(titleStyle)
        let titleSize = Double(titleFont.child("sz")?.attribute("val") ?? "") ?? bodySize + 4
        let grid = gridBorder()
        func format(_ font: XMLNode, border: Int = 0, fill: ARGBColor? = nil, horizontal: String? = nil, vertical: String = "top",
                    wraps: Bool = true) -> Int {
            let format = baseFormat(0)
            format.setAttribute("fontId", String(fontIndex(font)))
            format.setAttribute("applyFont", "1")
            format.setAttribute("borderId", String(border))
            format.setAttribute("applyBorder", border == 0 ? nil : "1")
            if let fill {
                format.setAttribute("fillId", String(fillIndex(fill)))
                format.setAttribute("applyFill", "1")
            }
            format.children.removeAll { if case .element(let node) = $0 { return node.localName == "alignment" } else { return false } }
            let alignment = element("alignment")
            alignment.setAttribute("horizontal", horizontal)
            alignment.setAttribute("vertical", vertical)
            alignment.setAttribute("wrapText", wraps ? "1" : nil)
            format.children.insert(.element(alignment), at: 0)
            format.setAttribute("applyAlignment", "1")
            return formatIndex(format)
        }
        let bold = bodyFont.copy()
        setFlag(bold, "b")
        let link = bodyFont.copy()
        setFlag(link, "u")
        set(link, "color", attribute: "rgb", to: Self.linkColor)
        let header = format(bold, border: grid, fill: try ARGBColor(Self.headerFill), horizontal: "center", vertical: "center")
        let cell = format(bodyFont, border: grid), linkFormat = format(link, border: grid)
        let title = format(titleFont, horizontal: "center", vertical: "center")
        let paragraph = format(bodyFont), emphasis = format(bold), signature = format(bodyFont, horizontal: "right")
        var swatchFormats: [String: Int] = [:]
        for swatch in swatches { swatchFormats[swatch.argb] = format(bodyFont, border: grid, fill: swatch.color) }
        return ReportSheetXML.Formats(
            header: header, cell: cell, link: linkFormat, title: title, paragraph: paragraph, emphasis: emphasis,
            signature: signature, swatches: swatchFormats,
            bodySize: bodySize, titleSize: titleSize)
    }

    /// A font node like the default cell format's with what `style` sets: a named face drops
    /// the theme's scheme (which would override the name) and the family, and writes its
    /// character set.
    private func font(_ style: FontStyle) -> XMLNode {
        let font = baseFont()
        func remove(_ name: String) {
            font.children.removeAll { if case .element(let node) = $0 { return node.localName == name } else { return false } }
        }
        if let name = style.name {
            remove("scheme")
            remove("family")
            remove("charset")
            set(font, "name", attribute: "val", to: name)
            if let charset = style.charset { set(font, "charset", attribute: "val", to: String(charset)) }
        }
        if let size = style.size { set(font, "sz", attribute: "val", to: NumberText.text(size)) }
        if let color = style.color { set(font, "color", attribute: "rgb", to: color.description) }
        if style.isBold { setFlag(font, "b") }
        if style.isItalic { setFlag(font, "i") }
        if style.isUnderlined { setFlag(font, "u") }
        return font
    }

    /// Puts an empty flag element (`<b/>`) first in a font, once.
    private func setFlag(_ font: XMLNode, _ name: String) {
        guard font.child(name) == nil else { return }
        font.children.insert(.element(element(name)), at: 0)
    }

    /// Gives a font's child `name` the attribute, replacing the child's other attributes (a colour's theme).
    private func set(_ font: XMLNode, _ name: String, attribute: String, to value: String) {
        if let child = font.child(name) {
            child.attributes.removeAll()
            child.setAttribute(attribute, value)
        } else {
            font.children.append(.element(element(name, attributes: [attribute: value])))
        }
    }

    /// The index of a thin grey border on all four sides.
    private func gridBorder() -> Int {
        func edge(_ name: String) -> XMLNode {
            element(name, attributes: ["style": "thin"], children: [element("color", attributes: ["rgb": Self.gridColor])])
        }
        let border = element("border", children: [edge("left"), edge("right"), edge("top"), edge("bottom"), element("diagonal")])
        if let known = borders.firstIndex(where: { $0.canonical == border.canonical }) { return known }
        borders.append(border)
        return borders.count - 1
    }
}

/// Reads the fonts, fills and cell formats of a styles part.
private final class StylesCollector: XMLRewriter {
    var fonts: XMLNode?
    var fills: XMLNode?
    var borders: XMLNode?
    var cellFormats: XMLNode?
    var rootPrefix: String?

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 0 { rootPrefix = tag.prefix.map { String(cString: $0) } }
        if depth == 1 && tag.isSpreadsheetML && (tag.isNamed("fonts") || tag.isNamed("fills") || tag.isNamed("borders") || tag.isNamed("cellXfs")) {
            capture(tag)
        } else {
            copy(tag)
        }
    }

    override func elementCaptured(_ node: XMLNode) {
        switch node.localName {
        case "fonts": fonts = node
        case "fills": fills = node
        case "borders": borders = node
        default: cellFormats = node
        }
    }
}

/// Writes a styles part with elements appended to `fonts`, `fills`, `borders` and `cellXfs` (made when
/// missing, in schema order) and their counts updated.
private final class StylesRewriter: XMLRewriter {
    private var additions: [String: [XMLNode]]
    private let counts: [String: Int]
    private let namespace: String

    init(output: XMLOutput, partName: String, additions: [String: [XMLNode]], counts: [String: Int], namespace: String) {
        self.additions = additions.filter { !$0.value.isEmpty }
        self.counts = counts
        self.namespace = namespace
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        guard depth == 1, tag.isSpreadsheetML else { return copy(tag) }
        let name = tag.name
        writeMissingContainers(before: name)
        if additions[name] != nil, let count = counts[name] {
            copy(tag, overriding: [AttributeOverride(name: "count", value: String(count))])
        } else {
            copy(tag)
        }
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 2, XMLName.isSpreadsheetNamespace(namespace), let added = additions.removeValue(forKey: String(cString: localName)) {
            for node in added { write(node) }
        } else if depth == 1 {
            writeMissingContainers(before: nil)
        }
        closeElement()
    }

    /// Writes the containers with additions that the part lacks and that belong before `name` (nil: the end).
    private func writeMissingContainers(before name: String?) {
        for container in ["fonts", "fills", "borders", "cellXfs"] {
            guard let added = additions[container], name == nil || ElementOrder.follows(name!, container, in: ElementOrder.styleSheet)
                    || name == container else { continue }
            if name == container { continue }
            additions[container] = nil
            let element = elementName(container, namespace: namespace)
            writeMarkup("<\(element.name)\(element.declaration) count=\"\(counts[container] ?? added.count)\">")
            for node in added { write(node) }
            writeMarkup("</\(element.name)>")
        }
    }
}
