/// Formula text as a worksheet stores it: no leading `=`, and the `_xlfn.` prefix on every
/// function newer than Excel 2007, without which Excel shows `#NAME?`.
enum FormulaText {
    /// Functions Excel stores as `_xlfn.NAME` (Microsoft's list of "future functions" from
    /// Excel 2010 on, and the dynamic-array functions of Excel 365).
    static let futureFunctions: Set<String> = [
        "ACOT", "ACOTH", "AGGREGATE", "ANCHORARRAY", "ARABIC", "ARRAYTOTEXT", "BASE", "BETA.DIST", "BETA.INV",
        "BINOM.DIST", "BINOM.DIST.RANGE", "BINOM.INV", "BITAND", "BITLSHIFT", "BITOR", "BITRSHIFT", "BITXOR",
        "BYCOL", "BYROW", "CEILING.MATH", "CEILING.PRECISE", "CHISQ.DIST", "CHISQ.DIST.RT", "CHISQ.INV",
        "CHISQ.INV.RT", "CHISQ.TEST", "CHOOSECOLS", "CHOOSEROWS", "COMBINA", "CONCAT", "CONFIDENCE.NORM",
        "CONFIDENCE.T", "COT", "COTH", "COVARIANCE.P", "COVARIANCE.S", "CSC", "CSCH", "DAYS", "DECIMAL", "DROP",
        "ERF.PRECISE", "ERFC.PRECISE", "EXPAND", "EXPON.DIST", "F.DIST", "F.DIST.RT", "F.INV", "F.INV.RT",
        "F.TEST", "FILTERXML", "FLOOR.MATH", "FLOOR.PRECISE", "FORECAST.ETS", "FORECAST.ETS.CONFINT",
        "FORECAST.ETS.SEASONALITY", "FORECAST.ETS.STAT", "FORECAST.LINEAR", "FORMULATEXT", "GAMMA",
        "GAMMA.DIST", "GAMMA.INV", "GAMMALN.PRECISE", "GAUSS", "HSTACK", "HYPGEOM.DIST", "IFNA", "IFS",
        "IMAGE", "IMCOSH", "IMCOT", "IMCSC", "IMCSCH", "IMSEC", "IMSECH", "IMSINH", "IMTAN", "ISFORMULA",
        "ISOMITTED", "ISOWEEKNUM", "LAMBDA", "LET", "LOGNORM.DIST", "LOGNORM.INV", "MAKEARRAY", "MAP",
        "MAXIFS", "MINIFS", "MODE.MULT", "MODE.SNGL", "MUNIT", "NEGBINOM.DIST", "NORM.DIST", "NORM.INV",
        "NORM.S.DIST", "NORM.S.INV", "NUMBERVALUE", "PDURATION", "PERCENTILE.EXC", "PERCENTILE.INC",
        "PERCENTRANK.EXC", "PERCENTRANK.INC", "PERMUTATIONA", "PHI", "POISSON.DIST", "QUARTILE.EXC",
        "QUARTILE.INC", "QUERYSTRING", "RANDARRAY", "RANK.AVG", "RANK.EQ", "REDUCE", "RRI", "SCAN", "SEC",
        "SECH", "SEQUENCE", "SHEET", "SHEETS", "SINGLE", "SKEW.P", "SORTBY", "STDEV.P", "STDEV.S", "SWITCH",
        "T.DIST", "T.DIST.2T", "T.DIST.RT", "T.INV", "T.INV.2T", "T.TEST", "TAKE", "TEXTAFTER", "TEXTBEFORE",
        "TEXTJOIN", "TEXTSPLIT", "TOCOL", "TOROW", "UNICHAR", "UNICODE", "UNIQUE", "VALUETOTEXT", "VAR.P",
        "VAR.S", "VSTACK", "WEBSERVICE", "WEIBULL.DIST", "WRAPCOLS", "WRAPROWS", "XLOOKUP", "XMATCH", "XOR",
        "Z.TEST",
    ]

    /// Functions Excel stores as `_xlfn._xlws.NAME` (worksheet-only dynamic-array functions).
    static let worksheetFutureFunctions: Set<String> = ["FILTER", "SORT"]

    /// The stored text of a formula: the leading `=` dropped and future functions prefixed.
    /// Names inside string literals, quoted sheet names and brackets are left alone, as is a
    /// name already prefixed. Read byte by byte: everything that matters to it is ASCII, and
    /// every byte of a non-ASCII character counts as part of a name.
    static func stored(_ formula: String) -> String {
        var bytes = Array(formula.utf8)
        if bytes.first == UInt8(ascii: "=") { bytes.removeFirst() }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let end = FormulaSyntax.closingQuote(of: byte, in: bytes, from: index)
                result += bytes[index..<end]
                index = end
            case UInt8(ascii: "["):
                var end = index + 1
                while end < bytes.count && bytes[end] != UInt8(ascii: "]") { end += 1 }
                end = min(end + 1, bytes.count)
                result += bytes[index..<end]
                index = end
            default:
                guard isNameStart(byte), index == 0 || !isNamePart(bytes[index - 1]) else {
                    result.append(byte)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < bytes.count && isNamePart(bytes[end]) { end += 1 }
                // Only a name called as a function can need a prefix (cell references, the most
                // common names, are copied as they are).
                if end < bytes.count && bytes[end] == UInt8(ascii: "(") {
                    let upper = String(decoding: bytes[index..<end].map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
                    if futureFunctions.contains(upper) {
                        result += Array("_xlfn.".utf8)
                    } else if worksheetFutureFunctions.contains(upper) {
                        result += Array("_xlfn._xlws.".utf8)
                    }
                }
                result += bytes[index..<end]
                index = end
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private static func isNamePart(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte > 0x7F
    }
}
