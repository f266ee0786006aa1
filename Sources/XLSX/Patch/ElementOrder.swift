/// The order SpreadsheetML's schema requires of the children of the elements the patch adds
/// to: the one place that knows it.
enum ElementOrder {
    /// `CT_Worksheet`'s children.
    static let worksheet = [
        "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
        "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
        "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
        "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
        "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
        "extLst",
    ]

    /// `CT_Workbook`'s children.
    static let workbook = [
        "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
        "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize", "customWorkbookViews",
        "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects",
        "extLst",
    ]

    /// `CT_Stylesheet`'s children.
    static let styleSheet = [
        "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
        "tableStyles", "colors", "extLst",
    ]

    /// Whether an element named `name` must come after one named `target` among the children
    /// listed in `order` (unknown names: false).
    static func follows(_ name: String, _ target: String, in order: [String]) -> Bool {
        guard let position = order.firstIndex(of: name), let targetPosition = order.firstIndex(of: target) else {
            return false
        }
        return position > targetPosition
    }

    /// Whether a worksheet child starting here must come after `legacyDrawing`. Excel wraps
    /// `oleObjects` and `controls` in `mc:AlternateContent`, so one of those after the sheet
    /// data counts as a follower too.
    static func followsLegacyDrawing(_ name: String, afterSheetData: Bool) -> Bool {
        follows(name, "legacyDrawing", in: worksheet) || (afterSheetData && name == "AlternateContent")
    }

    /// Whether a worksheet child starting here must come after `printOptions` (an
    /// `mc:AlternateContent` after the sheet data wraps `oleObjects` or `controls`, which do).
    static func followsPrintOptions(_ name: String, afterSheetData: Bool) -> Bool {
        follows(name, "printOptions", in: worksheet) || (afterSheetData && name == "AlternateContent")
    }
}
