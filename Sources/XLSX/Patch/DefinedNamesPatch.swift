import CLibxml2

/// Changes to the defined names of `workbook.xml` when rows are appended below a table: a
/// sheet's filter range (`_xlnm._FilterDatabase`, which mirrors its auto-filter) and print area
/// (`_xlnm.Print_Area`) that end at the row the new rows follow grow to take them in. Other
/// names are left as they are: what they mean to the workbook is not the editor's to guess.
enum DefinedNamesPatch {
    /// The names that grow with a table.
    static let growingNames: Set<String> = ["_xlnm._FilterDatabase", "_xlnm.Print_Area"]

    /// The part with the names grown; nil when none grows. `sheets` gives, by sheet index, the
    /// sheet's name and how its ranges grow.
    static func grown(_ source: [UInt8], partName: String, sheets: [Int: (name: String, growth: RangeGrowth)]) throws -> [UInt8]? {
        let output = XMLOutput()
        let rewriter = DefinedNamesRewriter(output: output, partName: partName, sheets: sheets)
        try rewriter.rewrite(source)
        return rewriter.changed ? output.bytes : nil
    }
}

private final class DefinedNamesRewriter: XMLRewriter {
    private let sheets: [Int: (name: String, growth: RangeGrowth)]
    private(set) var changed = false

    init(output: XMLOutput, partName: String, sheets: [Int: (name: String, growth: RangeGrowth)]) {
        self.sheets = sheets
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 2, tag.isSpreadsheetML, tag.isNamed("definedName"), let name = tag.attributes.string("name"),
           DefinedNamesPatch.growingNames.contains(name),
           let index = tag.attributes.string("localSheetId").flatMap({ Int($0) }), sheets[index] != nil {
            return capture(tag)
        }
        copy(tag)
    }

    override func elementCaptured(_ node: XMLNode) {
        if let index = node.attribute("localSheetId").flatMap({ Int($0) }), let sheet = sheets[index],
           let grown = sheet.growth.areas(node.text, sheetName: sheet.name) {
            node.children = [.text(grown)]
            changed = true
        }
        write(node)
    }
}
