/// The legacy VML drawing of a sheet's comments (`xl/drawings/vmlDrawingN.vml`): one note
/// shape per comment, which is what Excel draws the comment boxes from.
enum VMLDrawingPart {
    /// Shape ids come in blocks of 1,024 per drawing (`<o:idmap data>`).
    static let shapesPerBlock = 1024

    /// How many id blocks a drawing of `count` shapes needs.
    static func blockCount(forShapes count: Int) -> Int { count / shapesPerBlock + 1 }

    /// The drawing's XML; `firstBlock` is the first id block reserved for it (1-based, unique
    /// in the workbook).
    static func xml(_ comments: [SheetComment], firstBlock: Int) -> [UInt8] {
        let blocks = (0..<blockCount(forShapes: comments.count)).map { String(firstBlock + $0) }
        let xml = XMLWriter()
        xml.start("xml", [("xmlns:v", Namespace.vml), ("xmlns:o", Namespace.vmlOffice), ("xmlns:x", Namespace.vmlExcel)])
        xml.append("<o:shapelayout v:ext=\"edit\">")
        xml.empty("o:idmap", [("v:ext", "edit"), ("data", blocks.joined(separator: ","))])
        xml.append("</o:shapelayout>")
        xml.append("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">")
        xml.append("<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        for (index, comment) in comments.enumerated() {
            writeShape(comment, id: firstBlock * shapesPerBlock + index + 1, zIndex: index + 1, to: xml)
        }
        xml.end("xml")
        return xml.array
    }

    /// One note shape: a box two columns right of the cell, four rows high, as Excel places it.
    private static func writeShape(_ comment: SheetComment, id: Int, zIndex: Int, to xml: XMLWriter) {
        let row = comment.reference.row - 1
        let column = comment.reference.column - 1
        let topRow = max(row - 1, 0)
        let topOffset = row == 0 ? 2 : 10
        let bottomOffset = row == 0 ? 16 : 4
        let anchor = [column + 1, 15, topRow, topOffset, column + 3, 15, topRow + 4, bottomOffset]
        // Approximate position in points (default column 48pt, row 15pt); Excel goes by the anchor.
        let left = Double(column + 1) * 48 + 11.25
        let top = Double(topRow) * 15 + Double(topOffset) * 0.75
        let visibility = comment.isVisible ? "visible" : "hidden"
        let style = "position:absolute;margin-left:\(NumberText.text(left))pt;margin-top:\(NumberText.text(top))pt;"
            + "width:108pt;height:59.25pt;z-index:\(zIndex);visibility:\(visibility)"
        xml.start("v:shape", [("id", "_x0000_s\(id)"), ("type", "#_x0000_t202"), ("style", style),
                              ("fillcolor", "#ffffe1"), ("o:insetmode", "auto")])
        xml.append("<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>")
        xml.append("<v:path o:connecttype=\"none\"/>")
        xml.append("<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>")
        xml.append("<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>")
        xml.element("x:Anchor", text: anchor.map(String.init).joined(separator: ", "))
        xml.append("<x:AutoFill>False</x:AutoFill>")
        xml.element("x:Row", text: String(row))
        xml.element("x:Column", text: String(column))
        if comment.isVisible { xml.append("<x:Visible/>") }
        xml.append("</x:ClientData>")
        xml.end("v:shape")
    }
}
