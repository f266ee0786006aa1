/// Pieces of formula syntax shared by the reader (``FormulaShifter``) and the writer
/// (`FormulaText`), which both copy string literals and quoted sheet names untouched.
enum FormulaSyntax {
    /// The index just past the quote that closes the one at `start` (`"` for a string literal,
    /// `'` for a quoted sheet name; a doubled quote escapes itself), or the end of the formula.
    /// Over characters, scalars or UTF-8 bytes alike.
    static func closingQuote<Unit: Equatable>(of quote: Unit, in units: [Unit], from start: Int) -> Int {
        var index = start + 1
        while index < units.count {
            if units[index] == quote {
                if index + 1 < units.count && units[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return units.count
    }
}
