/// Excel's rules for sheet names, and sheet names inside formulas.
enum SheetName {
    /// Characters Excel refuses in a sheet name.
    static let forbiddenCharacters: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]

    /// Throws unless the name is one Excel accepts beside the existing names: 1 to 31
    /// characters, none of `: \ / ? * [ ]`, no `'` at either end, not "History", unique
    /// ignoring case.
    static func check(_ name: String, existing: [String]) throws {
        guard !name.isEmpty, name.lowercased() != "history" else {
            throw XLSXError.excelLimit(.sheetNameReserved, detail: "\"\(name)\"")
        }
        guard name.utf16.count <= ExcelLimits.sheetNameLength else {
            throw XLSXError.excelLimit(.sheetNameLength, detail: "\"\(name)\" has \(name.utf16.count) characters")
        }
        guard !name.contains(where: forbiddenCharacters.contains), name.first != "'", name.last != "'",
              !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw XLSXError.excelLimit(.sheetNameCharacters, detail: "\"\(name)\"")
        }
        let folded = name.lowercased()
        if let clash = existing.first(where: { $0.lowercased() == folded }) {
            throw XLSXError.excelLimit(.duplicateSheetName, detail: "\"\(name)\" and \"\(clash)\"")
        }
    }

    /// The name quoted for a formula: `'Sheet 1'`, with `'` doubled. Quoting is always allowed.
    static func quoted(_ name: String) -> String {
        "'" + name.replacing("'", with: "''") + "'"
    }
}
