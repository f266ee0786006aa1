/// A colour as `styles.xml` writes it: eight upper-case hexadecimal digits, alpha first
/// (`FFFFC7CE`). The one place where colour text is read; a six-digit `RRGGBB` (with or
/// without `#`) gets an opaque alpha.
struct ARGBColor: Hashable, Sendable, CustomStringConvertible {
    /// The eight digits, upper-case.
    let hex: String

    init(_ text: String) throws {
        var digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if digits.count == 6 { digits = "FF" + digits }
        guard digits.count == 8, digits.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }) else {
            throw XLSXError.invalidColor(text)
        }
        hex = digits.uppercased()
    }

    var description: String { hex }
}
