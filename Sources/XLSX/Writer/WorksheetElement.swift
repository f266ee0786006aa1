/// The children of `<worksheet>` in the order the schema (`CT_Worksheet`) requires. Excel
/// refuses a worksheet whose children are out of order, even where LibreOffice reads it; this
/// is the one place that knows the order.
enum WorksheetElement: Int, CaseIterable, Comparable {
    case sheetPr, dimension, sheetViews, sheetFormatPr, cols, sheetData, sheetCalcPr, sheetProtection
    case protectedRanges, scenarios, autoFilter, sortState, dataConsolidate, customSheetViews, mergeCells
    case phoneticPr, conditionalFormatting, dataValidations, hyperlinks, printOptions, pageMargins, pageSetup
    case headerFooter, rowBreaks, colBreaks, customProperties, cellWatches, ignoredErrors, smartTags, drawing
    case legacyDrawing, legacyDrawingHF, drawingHF, picture, oleObjects, controls, webPublishItems, tableParts
    case extLst

    static func < (lhs: WorksheetElement, rhs: WorksheetElement) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The XML of a worksheet around its streamed `<sheetData>`: each element's fragment is set in
/// any order, and the header and trailer come out in schema order.
struct WorksheetFrame {
    private var fragments: [WorksheetElement: [UInt8]] = [:]

    /// The fragment of an element (its whole XML), or nil when the sheet has none.
    /// A fragment for `sheetData` is never written: the rows are streamed between header and trailer.
    subscript(element: WorksheetElement) -> [UInt8]? {
        get { fragments[element] }
        set { fragments[element] = newValue }
    }

    /// The declaration, the `<worksheet>` start tag, every fragment before `sheetData`, and `<sheetData>`.
    func header() -> [UInt8] {
        let xml = XMLWriter()
        xml.declaration()
        xml.start("worksheet", [("xmlns", Namespace.spreadsheetML), ("xmlns:r", Namespace.officeRelationships)])
        for element in WorksheetElement.allCases where element < .sheetData {
            if let fragment = fragments[element] { xml.append(fragment) }
        }
        xml.append("<sheetData>")
        return xml.array
    }

    /// `</sheetData>`, every fragment after it, and `</worksheet>`.
    func trailer() -> [UInt8] {
        let xml = XMLWriter()
        xml.append("</sheetData>")
        for element in WorksheetElement.allCases where element > .sheetData {
            if let fragment = fragments[element] { xml.append(fragment) }
        }
        xml.end("worksheet")
        return xml.array
    }
}
