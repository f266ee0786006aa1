/// How the patch's sheet rewriters number the rows they stream through or hold: by `r`, which
/// must lie within Excel's rows, else (a held row without one) by its first cell's reference,
/// else as the row after the previous one.
extension XMLRewriter {
    /// The row number `text` (a row's `r`) gives; nil, with the part failed, when it is not a
    /// number between 1 and 1,048,576.
    final func checkedRowNumber(_ text: String) -> Int? {
        guard let number = Int(text), number >= 1, number <= CellReference.maximumRow else {
            fail(.invalidContent(part: partName, message: "row number \"\(text)\" is not between 1 and \(CellReference.maximumRow)"))
            return nil
        }
        return number
    }

    /// A held row's number: its `r`, else its first cell's row, else the row after `previous`;
    /// nil, with the part failed, for an `r` out of range or a row after the sheet's last.
    final func heldRowNumber(_ row: XMLNode, after previous: Int) -> Int? {
        if let text = row.attribute("r") { return checkedRowNumber(text) }
        if let first = row.elements.first(where: { $0.localName == "c" })?.attribute("r"), let reference = CellReference(first) {
            return reference.row
        }
        guard previous < CellReference.maximumRow else {
            fail(.invalidContent(part: partName, message: "more than \(CellReference.maximumRow) rows"))
            return nil
        }
        return previous + 1
    }
}
