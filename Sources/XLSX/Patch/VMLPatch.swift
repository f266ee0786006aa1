/// The VML drawing (`vmlDrawingN.vml`) that gives each comment its box: Excel shows a comment
/// only when the sheet's legacy drawing has a note shape anchored at its cell.
///
/// VML is older than OOXML and not always well-formed XML, so an existing drawing is never
/// parsed and rewritten: the new shapes are inserted as text before its closing `</xml>`,
/// and everything else keeps its bytes.
enum VMLPatch {
    static let vmlNamespace = "urn:schemas-microsoft-com:vml"
    static let officeNamespace = "urn:schemas-microsoft-com:office:office"
    static let excelNamespace = "urn:schemas-microsoft-com:office:excel"
    /// Shape ids come in blocks of 1,024, one block (`o:idmap data`) per drawing.
    static let idBlockSize = 1024
    /// The blocks a drawing may claim: every shape id of them (`_x0000_sN`) stays a positive
    /// 32-bit integer, as Office reads them.
    static let idBlockRange = 1...((Int(Int32.max) - (idBlockSize - 1)) / idBlockSize)
    /// The id of the text-box shape type comments use.
    static let noteShapeType = "_x0000_t202"

    /// A new drawing holding note shapes for `cells`, claiming id block `block` (in ``idBlockRange``).
    static func newDrawing(block: Int, cells: [CellReference]) -> String {
        var xml = "<xml xmlns:v=\"\(vmlNamespace)\" xmlns:o=\"\(officeNamespace)\" xmlns:x=\"\(excelNamespace)\">\n"
        xml += " <o:shapelayout v:ext=\"edit\">\n  <o:idmap v:ext=\"edit\" data=\"\(block)\"/>\n </o:shapelayout>\n"
        xml += shapeType(declarations: "")
        for (offset, cell) in cells.enumerated() {
            xml += shape(id: block * idBlockSize + 1 + offset, cell: cell, declarations: "")
        }
        return xml + "</xml>\n"
    }

    /// An existing drawing with note shapes for `cells` inserted before its end.
    static func appending(cells: [CellReference], to drawing: [UInt8], partName: String) throws -> [UInt8] {
        guard let end = lastIndex(of: Array("</xml".utf8), in: drawing) else {
            throw XLSXError.invalidContent(part: partName, message: "the VML drawing has no closing </xml>")
        }
        let declarations = [("v", vmlNamespace), ("o", officeNamespace), ("x", excelNamespace)]
            .filter { !contains(Array("xmlns:\($0.0)=\"\($0.1)\"".utf8), in: drawing) && !contains(Array("xmlns:\($0.0)='\($0.1)'".utf8), in: drawing) }
            .map { " xmlns:\($0.0)=\"\($0.1)\"" }.joined()
        var insertion = ""
        if !contains(Array(noteShapeType.utf8), in: drawing) { insertion += shapeType(declarations: declarations) }
        let firstID = (largestShapeNumber(in: drawing) ?? ((idBlocks(in: drawing).first ?? 1) * idBlockSize)) + 1
        for (offset, cell) in cells.enumerated() {
            insertion += shape(id: firstID + offset, cell: cell, declarations: declarations)
        }
        var result = Array(drawing[..<end])
        result.append(contentsOf: insertion.utf8)
        result.append(contentsOf: drawing[end...])
        return result
    }

    /// The id blocks a drawing claims (`<o:idmap data="1,2"/>`); a number outside
    /// ``idBlockRange`` claims nothing.
    static func idBlocks(in drawing: [UInt8]) -> [Int] {
        guard let idmap = firstIndex(of: Array("idmap".utf8), in: drawing, from: 0),
              let data = firstIndex(of: Array("data=".utf8), in: drawing, from: idmap) else { return [] }
        var index = data + 5
        guard index < drawing.count, drawing[index] == UInt8(ascii: "\"") || drawing[index] == UInt8(ascii: "'") else { return [] }
        let quote = drawing[index]
        index += 1
        var text = ""
        while index < drawing.count, drawing[index] != quote, text.count < 200 {
            text.append(Character(Unicode.Scalar(drawing[index])))
            index += 1
        }
        return text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { FileNumber.integer($0, in: idBlockRange) }
    }

    /// The largest number of a `_x0000_sNNNN` shape id in a drawing.
    private static func largestShapeNumber(in drawing: [UInt8]) -> Int? {
        let pattern = Array("_x0000_s".utf8)
        var largest: Int?
        var from = 0
        while let found = firstIndex(of: pattern, in: drawing, from: from) {
            var index = found + pattern.count
            var number = 0
            var digits = 0
            while index < drawing.count, drawing[index] >= 48, drawing[index] <= 57, digits < 9 {
                number = number * 10 + Int(drawing[index] - 48)
                index += 1
                digits += 1
            }
            if digits > 0 { largest = max(largest ?? 0, number) }
            from = found + 1
        }
        return largest
    }

    private static func shapeType(declarations: String) -> String {
        " <v:shapetype\(declarations) id=\"\(noteShapeType)\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">\n"
            + "  <v:stroke joinstyle=\"miter\"/>\n  <v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/>\n </v:shapetype>\n"
    }

    /// A hidden note box for a cell, to the right of it, as Excel draws one.
    private static func shape(id: Int, cell: CellReference, declarations: String) -> String {
        let row = cell.row - 1
        let column = cell.column - 1
        let top = max(row - 1, 0)
        return " <v:shape\(declarations) id=\"_x0000_s\(id)\" type=\"#\(noteShapeType)\" "
            + "style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:180pt;height:70pt;z-index:\(id % idBlockSize);visibility:hidden\" "
            + "fillcolor=\"#ffffe1\" o:insetmode=\"auto\">\n"
            + "  <v:fill color2=\"#ffffe1\"/>\n  <v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>\n"
            + "  <v:path o:connecttype=\"none\"/>\n"
            + "  <v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>\n"
            + "  <x:ClientData ObjectType=\"Note\">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n"
            + "   <x:Anchor>\(column + 1), 15, \(top), 10, \(column + 4), 15, \(top + 5), 4</x:Anchor>\n"
            + "   <x:AutoFill>False</x:AutoFill>\n   <x:Row>\(row)</x:Row>\n   <x:Column>\(column)</x:Column>\n"
            + "  </x:ClientData>\n </v:shape>\n"
    }

    // MARK: byte search

    private static func contains(_ pattern: [UInt8], in bytes: [UInt8]) -> Bool {
        firstIndex(of: pattern, in: bytes, from: 0) != nil
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private static func lastIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var index = bytes.count - pattern.count
        while index >= 0 {
            if bytes[index] == pattern[0] && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index -= 1
        }
        return nil
    }
}
