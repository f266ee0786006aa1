/// A defined name as `workbook.xml` lists it.
struct DefinedNameEntry: Equatable {
    let name: String
    let formula: String
    let localSheetIndex: Int?
    let isHidden: Bool

    /// Throws unless a caller-chosen name is one Excel accepts: 1 to 255 characters, a letter,
    /// `_` or `\` first, then letters, digits, `_`, `.` or `\`; not a cell reference (`A1`,
    /// `R1C1`, `R`, `C`), and not one of Excel's built-in `_xlnm.` names.
    static func check(name: String) throws {
        func refuse(_ why: String) -> XLSXError { .excelLimit(.definedNameInvalid, detail: "\"\(name)\" \(why)") }
        guard let first = name.unicodeScalars.first, name.utf16.count <= 255 else { throw refuse("is empty or too long") }
        guard first.properties.isAlphabetic || first == "_" || first == "\\" else { throw refuse("starts with \"\(first)\"") }
        for scalar in name.unicodeScalars where !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                                                  || scalar == "_" || scalar == "." || scalar == "\\") {
            throw refuse("holds \"\(scalar)\"")
        }
        let upper = name.uppercased()
        guard !upper.hasPrefix("_XLNM.") else { throw refuse("is reserved for Excel's built-in names") }
        guard CellReference(name) == nil, upper != "R", upper != "C", !isR1C1Reference(upper) else {
            throw refuse("looks like a cell reference")
        }
    }

    /// `R1C1`, `R2`, `C3` and the like.
    private static func isR1C1Reference(_ upper: String) -> Bool {
        var rest = Substring(upper)
        var sawPart = false
        for marker in ["R", "C"] where rest.hasPrefix(marker) {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            sawPart = true
        }
        return sawPart && rest.isEmpty
    }
}

/// `xl/workbook.xml`: the sheets in tab order, the active tab, defined names, and a request to
/// recalculate every formula on opening.
struct WorkbookXMLPart {
    struct SheetEntry {
        let name: String
        let state: SheetState
        let relationshipID: String
    }

    var sheets: [SheetEntry]
    var definedNames: [DefinedNameEntry]
    var activeTab: Int

    /// The part's XML.
    func xml() -> [UInt8] {
        let xml = XMLWriter(capacity: 1024)
        xml.declaration()
        xml.start("workbook", [("xmlns", Namespace.spreadsheetML), ("xmlns:r", Namespace.officeRelationships)])
        xml.empty("workbookPr")
        xml.append("<bookViews>")
        xml.empty("workbookView", [("activeTab", activeTab == 0 ? nil : String(activeTab))])
        xml.append("</bookViews><sheets>")
        for (index, sheet) in sheets.enumerated() {
            xml.empty("sheet", [("name", TextEscapes.encode(sheet.name)), ("sheetId", String(index + 1)),
                                ("state", sheet.state == .visible ? nil : sheet.state.rawValue),
                                ("r:id", sheet.relationshipID)])
        }
        xml.append("</sheets>")
        if !definedNames.isEmpty {
            xml.append("<definedNames>")
            let sorted = definedNames.sorted {
                ($0.name.lowercased(), $0.localSheetIndex ?? -1) < ($1.name.lowercased(), $1.localSheetIndex ?? -1)
            }
            for entry in sorted {
                xml.element("definedName", [("name", entry.name), ("localSheetId", entry.localSheetIndex.map(String.init)),
                                            ("hidden", entry.isHidden ? "1" : nil)],
                            text: entry.formula)
            }
            xml.append("</definedNames>")
        }
        xml.empty("calcPr", [("calcId", "124519"), ("fullCalcOnLoad", "1")])
        xml.end("workbook")
        return xml.array
    }
}
