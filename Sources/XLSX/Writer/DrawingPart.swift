/// A sheet's drawing part (`xl/drawings/drawingN.xml`, `<xdr:wsDr>`): one two-cell anchor per
/// chart, holding a graphic frame that points at the chart part through the drawing's
/// relationships (`rId1` for the first chart, `rId2` for the second …).
enum DrawingPart {
    /// A chart placed over the cells from `from` to `to` (their top-left corners).
    struct Anchor: Equatable {
        let from: CellReference
        let to: CellReference
    }

    /// The relationship id of the `index`-th chart (0-based) in the drawing's relationships.
    static func relationshipID(ofChart index: Int) -> String { "rId\(index + 1)" }

    /// The drawing's XML.
    static func xml(_ anchors: [Anchor]) -> [UInt8] {
        let xml = XMLWriter(capacity: 1024 * max(anchors.count, 1))
        xml.declaration()
        xml.start("xdr:wsDr", [("xmlns:xdr", Namespace.spreadsheetDrawing), ("xmlns:a", Namespace.drawingML)])
        for (index, anchor) in anchors.enumerated() {
            xml.start("xdr:twoCellAnchor", [("editAs", "oneCell")])
            writeMarker("xdr:from", anchor.from, to: xml)
            writeMarker("xdr:to", anchor.to, to: xml)
            xml.start("xdr:graphicFrame", [("macro", "")])
            xml.start("xdr:nvGraphicFramePr")
            xml.empty("xdr:cNvPr", [("id", String(index + 2)), ("name", "Chart \(index + 1)")])
            xml.empty("xdr:cNvGraphicFramePr")
            xml.end("xdr:nvGraphicFramePr")
            xml.start("xdr:xfrm")
            xml.empty("a:off", [("x", "0"), ("y", "0")])
            xml.empty("a:ext", [("cx", "0"), ("cy", "0")])
            xml.end("xdr:xfrm")
            xml.start("a:graphic")
            xml.start("a:graphicData", [("uri", Namespace.chart)])
            xml.empty("c:chart", [("xmlns:c", Namespace.chart), ("xmlns:r", Namespace.officeRelationships),
                                  ("r:id", relationshipID(ofChart: index))])
            xml.end("a:graphicData")
            xml.end("a:graphic")
            xml.end("xdr:graphicFrame")
            xml.empty("xdr:clientData")
            xml.end("xdr:twoCellAnchor")
        }
        xml.end("xdr:wsDr")
        return xml.array
    }

    /// A cell's top-left corner as 0-based column and row, without offsets.
    private static func writeMarker(_ name: StaticString, _ cell: CellReference, to xml: XMLWriter) {
        xml.start(name)
        xml.element("xdr:col", text: String(cell.column - 1))
        xml.element("xdr:colOff", text: "0")
        xml.element("xdr:row", text: String(cell.row - 1))
        xml.element("xdr:rowOff", text: "0")
        xml.end(name)
    }
}
