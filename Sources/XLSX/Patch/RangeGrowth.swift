/// Ranges that grow with a table when rows are added below it: a range ending on row `after`
/// (and starting at or above it) ends on the last new row instead. References keep their `$`
/// marks and everything else of the text stays as it was.
struct RangeGrowth {
    /// The last new row for each row that rows were added after.
    let lastRows: [Int: Int]

    var isEmpty: Bool { lastRows.isEmpty }

    /// One range, `A3:L9` or `$A$3:$L$9` or a single cell; nil when it does not grow.
    func range(_ text: Substring) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = CellReference(parts[0]), let last = CellReference(parts[parts.count - 1]),
              let newLast = lastRows[last.row], first.row <= last.row else { return nil }
        // The row's digits end the last reference: replace them.
        let lastText = parts[parts.count - 1]
        let digitsStart = lastText.lastIndex { !$0.isASCII || !$0.isNumber }.map { lastText.index(after: $0) } ?? lastText.startIndex
        let grown = lastText[..<digitsStart] + String(newLast)
        if parts.count == 1 { return String(text) + ":" + grown }
        return String(parts[0]) + ":" + grown
    }

    /// A list of ranges separated by spaces (`sqref`); nil when none grows.
    func rangeList(_ text: String) -> String? {
        var changed = false
        let ranges = text.split(separator: " ", omittingEmptySubsequences: false).map { range -> String in
            guard let grown = self.range(range) else { return String(range) }
            changed = true
            return grown
        }
        return changed ? ranges.joined(separator: " ") : nil
    }

    /// A defined name's formula made of areas of one sheet separated by commas
    /// (`'直属团组织'!$A$2:$L$9`): each area of sheet `sheetName` that ends on a grown row
    /// grows; nil when none does, or when the formula is anything else.
    func areas(_ formula: String, sheetName: String) -> String? {
        var changed = false
        var areas: [String] = []
        for area in Self.splitAreas(formula) {
            guard let bang = area.lastIndex(of: "!") else { return nil }
            var sheet = String(area[..<bang])
            if sheet.hasPrefix("'"), sheet.hasSuffix("'"), sheet.count >= 2 {
                sheet = Self.unquoted(sheet.dropFirst().dropLast())
            }
            guard let grown = range(area[area.index(after: bang)...]), sheet == sheetName else {
                areas.append(String(area))
                continue
            }
            changed = true
            areas.append(String(area[...bang]) + grown)
        }
        return changed ? areas.joined(separator: ",") : nil
    }

    /// A quoted sheet name's text, `''` read as `'`.
    private static func unquoted(_ name: Substring) -> String {
        var result = ""
        var previousWasQuote = false
        for character in name {
            if character == "'", previousWasQuote {
                previousWasQuote = false
                continue
            }
            previousWasQuote = character == "'"
            result.append(character)
        }
        return result
    }

    /// The formula's comma-separated parts, commas inside quotes not counting.
    private static func splitAreas(_ formula: String) -> [Substring] {
        var parts: [Substring] = []
        var start = formula.startIndex
        var quoted = false
        var index = formula.startIndex
        while index < formula.endIndex {
            let character = formula[index]
            if character == "'" { quoted.toggle() }
            if character == ",", !quoted {
                parts.append(formula[start..<index])
                start = formula.index(after: index)
            }
            index = formula.index(after: index)
        }
        parts.append(formula[start...])
        return parts
    }
}
