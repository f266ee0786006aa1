/// Pieces of formula syntax shared by the reader (``FormulaShifter``) and the writer
/// (`FormulaText`), which both copy string literals and quoted sheet names untouched.
enum FormulaSyntax {
    /// The index just past the quote that closes the one at `start` (`"` for a string literal,
    /// `'` for a quoted sheet name; a doubled quote escapes itself), or the end of the formula.
    static func closingQuote(of quote: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == quote {
                if index + 1 < scalars.count && scalars[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return scalars.count
    }
}
