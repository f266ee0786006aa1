/// Moves a formula's relative references by a number of rows and columns, as Excel does when it
/// expands a shared formula (`<f t="shared">`) from its master cell to another cell of its range.
///
/// References inside string literals, quoted sheet names and structured references (`[…]`)
/// stay as they are; absolute parts (`$A$1`) do not move; whole-column (`A:C`) and whole-row
/// (`1:3`) ranges move along their axis; function names such as `LOG10(` are left alone.
/// A reference moved off the sheet becomes `#REF!`.
public enum FormulaShifter {
    /// The formula with its relative references moved by `rows` and `columns`.
    public static func shift(_ formula: String, rows: Int, columns: Int) -> String {
        if rows == 0 && columns == 0 { return formula }
        let characters = Array(formula.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"", "'":
                // A string literal or a quoted sheet name, copied as it is.
                let end = FormulaSyntax.closingQuote(of: character, in: characters, from: index)
                output.append(contentsOf: characters[index..<end])
                index = end
            case "[":
                var depth = 0
                while index < characters.count {
                    if characters[index] == "[" { depth += 1 }
                    if characters[index] == "]" { depth -= 1 }
                    output.append(characters[index])
                    index += 1
                    if depth == 0 { break }
                }
            default:
                guard isTokenCharacter(character) else {
                    output.append(character)
                    index += 1
                    continue
                }
                var end = index
                while end < characters.count && isTokenCharacter(characters[end]) { end += 1 }
                let token = String(String.UnicodeScalarView(characters[index..<end]))
                let next: Unicode.Scalar? = end < characters.count ? characters[end] : nil
                let previous: Unicode.Scalar? = index > 0 ? characters[index - 1] : nil
                output.append(contentsOf: transform(token, next: next, previous: previous,
                                                    rows: rows, columns: columns).unicodeScalars)
                index = end
            }
        }
        return String(output)
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "$", "_", ".", ":", "\\": return true
        default: return scalar.value > 0x7F
        }
    }

    private static func transform(_ token: String, next: Unicode.Scalar?, previous: Unicode.Scalar?,
                                  rows: Int, columns: Int) -> String {
        // Function names and sheet names are not references.
        if next == "(" || next == "!" { return token }
        // Part of a number such as 1.5E+3: left alone by callers reaching here only for tokens.
        let pieces = token.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2, !pieces.contains(where: \.isEmpty) else { return token }
        if pieces.count == 2 {
            if let first = Reference.parseCell(pieces[0]), let second = Reference.parseCell(pieces[1]) {
                return join(first.shifted(rows: rows, columns: columns), second.shifted(rows: rows, columns: columns))
            }
            if let first = Reference.parseColumn(pieces[0]), let second = Reference.parseColumn(pieces[1]) {
                return join(first.shifted(rows: 0, columns: columns), second.shifted(rows: 0, columns: columns))
            }
            if let first = Reference.parseRow(pieces[0]), let second = Reference.parseRow(pieces[1]) {
                return join(first.shifted(rows: rows, columns: 0), second.shifted(rows: rows, columns: 0))
            }
            return token
        }
        guard let reference = Reference.parseCell(Substring(token)) else { return token }
        return reference.shifted(rows: rows, columns: columns) ?? "#REF!"
    }

    private static func join(_ first: String?, _ second: String?) -> String {
        guard let first, let second else { return "#REF!" }
        return first + ":" + second
    }

    /// One end of a reference: a column and/or a row, each relative or absolute.
    private struct Reference {
        var column: Int?
        var columnAbsolute = false
        var row: Int?
        var rowAbsolute = false

        static func parseCell(_ text: Substring) -> Reference? {
            guard let (column, columnAbsolute, rest) = parseLetters(text), !rest.isEmpty,
                  let (row, rowAbsolute) = parseDigits(rest) else { return nil }
            return Reference(column: column, columnAbsolute: columnAbsolute, row: row, rowAbsolute: rowAbsolute)
        }

        static func parseColumn(_ text: Substring) -> Reference? {
            guard let (column, absolute, rest) = parseLetters(text), rest.isEmpty else { return nil }
            return Reference(column: column, columnAbsolute: absolute)
        }

        static func parseRow(_ text: Substring) -> Reference? {
            guard let (row, absolute) = parseDigits(text) else { return nil }
            return Reference(row: row, rowAbsolute: absolute)
        }

        private static func parseLetters(_ text: Substring) -> (Int, Bool, Substring)? {
            var rest = text
            let absolute = rest.first == "$"
            if absolute { rest = rest.dropFirst() }
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            guard (1...3).contains(letters.count), let column = CellReference.columnNumber(letters) else { return nil }
            return (column, absolute, rest.dropFirst(letters.count))
        }

        private static func parseDigits(_ text: Substring) -> (Int, Bool)? {
            var rest = text
            let absolute = rest.first == "$"
            if absolute { rest = rest.dropFirst() }
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }), rest.count <= 7,
                  let row = Int(rest), (1...CellReference.maximumRow).contains(row) else { return nil }
            return (row, absolute)
        }

        func shifted(rows: Int, columns: Int) -> String? {
            var text = ""
            if var column {
                if !columnAbsolute { column += columns }
                guard (1...CellReference.maximumColumn).contains(column) else { return nil }
                text += (columnAbsolute ? "$" : "") + CellReference.columnLetters(column)
            }
            if var row {
                if !rowAbsolute { row += rows }
                guard (1...CellReference.maximumRow).contains(row) else { return nil }
                text += (rowAbsolute ? "$" : "") + String(row)
            }
            return text
        }
    }
}
