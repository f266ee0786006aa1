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
    /// name already prefixed.
    static func stored(_ formula: String) -> String {
        // Most formulas call no future function: they are stored as written (one scan of their
        // bytes, no copy made scalar by scalar).
        guard callsFutureFunction(formula) else { return formula.hasPrefix("=") ? String(formula.dropFirst()) : formula }
        var scalars = Array(formula.unicodeScalars)
        if scalars.first == "=" { scalars.removeFirst() }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\"", "'":
                let end = FormulaSyntax.closingQuote(of: scalar, in: scalars, from: index)
                result.append(contentsOf: scalars[index..<end])
                index = end
            case "[":
                var end = index + 1
                while end < scalars.count && scalars[end] != "]" { end += 1 }
                end = min(end + 1, scalars.count)
                result.append(contentsOf: scalars[index..<end])
                index = end
            default:
                guard isNameStart(scalar), index == 0 || !isNamePart(scalars[index - 1]) else {
                    result.append(scalar)
                    index += 1
                    continue
                }
                var end = index + 1
                while end < scalars.count && isNamePart(scalars[end]) { end += 1 }
                // Only a name called as a function can need a prefix (cell references, the most
                // common names, are copied without making a string of them).
                if end < scalars.count && scalars[end] == "(" {
                    let upper = String(String.UnicodeScalarView(scalars[index..<end])).uppercased()
                    if futureFunctions.contains(upper) {
                        result.append(contentsOf: "_xlfn.".unicodeScalars)
                    } else if worksheetFutureFunctions.contains(upper) {
                        result.append(contentsOf: "_xlfn._xlws.".unicodeScalars)
                    }
                }
                result.append(contentsOf: scalars[index..<end])
                index = end
            }
        }
        return String(result)
    }

    /// Whether a name outside quotes and brackets, called as a function, is a future function
    /// (upper or lower case): what ``stored(_:)`` would prefix.
    static func callsFutureFunction(_ formula: String) -> Bool {
        let bytes = Array(formula.utf8)
        func isStart(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F }
        func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte > 0x7F }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22, 0x27:
                // A doubled quote inside continues the literal; the scan picks up after it either way.
                index += 1
                while index < bytes.count && bytes[index] != byte { index += 1 }
                index += 1
            case 0x5B:
                while index < bytes.count && bytes[index] != 0x5D { index += 1 }
                index += 1
            default:
                guard isStart(byte), index == 0 || !isPart(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < bytes.count && isPart(bytes[end]) { end += 1 }
                if end < bytes.count && bytes[end] == 0x28 {
                    let name = String(decoding: bytes[index..<end].map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
                    if futureFunctions.contains(name) || worksheetFutureFunctions.contains(name) { return true }
                }
                index = end
            }
        }
        return false
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "A" && scalar <= "Z") || (scalar >= "a" && scalar <= "z") || scalar == "_"
    }

    private static func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar.value > 0x7F
    }
}
