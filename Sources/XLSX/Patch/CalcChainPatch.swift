import CLibxml2

/// Changes to the calculation chain (`calcChain.xml`): the cells that no longer hold a formula
/// leave it (Excel repairs a workbook whose chain names a cell without a formula). Each `<c>`
/// names its sheet by `i` (a `sheetId`) or, without one, takes the previous entry's; an entry
/// left after a dropped one that carried the `i` (or the `l` that starts a new dependency
/// level) gets it written out.
enum CalcChainPatch {
    /// The part without the cells of `removing` (by `sheetId`); nil when no entry is left, and
    /// the part must go.
    static func patched(_ source: [UInt8], partName: String, removing: [Int: Set<CellReference>]) throws -> [UInt8]? {
        let output = XMLOutput()
        let rewriter = CalcChainRewriter(output: output, partName: partName, removing: removing)
        try rewriter.rewrite(source)
        return rewriter.keptEntries > 0 ? output.bytes : nil
    }
}

private final class CalcChainRewriter: XMLRewriter {
    private let removing: [Int: Set<CellReference>]
    /// The sheet of the last entry read, and of the last entry written.
    private var sheetRead: Int?
    private var sheetWritten: Int?
    /// A dropped entry started a new dependency level that no written entry carries yet.
    private var pendingLevel = false
    private(set) var keptEntries = 0

    init(output: XMLOutput, partName: String, removing: [Int: Set<CellReference>]) {
        self.removing = removing
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        guard depth == 1, tag.isNamed("c") else { return copy(tag) }
        let given = tag.attributes.string("i")
        if let given {
            guard let sheet = Int(given) else {
                return fail(.invalidContent(part: partName, message: "sheet id \"\(given)\" is not a number"))
            }
            sheetRead = sheet
        }
        let newLevel = tag.attributes.string("l").map { $0 == "1" || $0 == "true" } ?? false
        if let sheet = sheetRead, let text = tag.attributes.string("r"), let cell = CellReference(text),
           removing[sheet]?.contains(cell) == true {
            pendingLevel = pendingLevel || newLevel
            return skipElement()
        }
        var overrides: [AttributeOverride] = []
        if given == nil, let sheet = sheetRead, sheet != sheetWritten {
            overrides.append(AttributeOverride(name: "i", value: String(sheet)))
        }
        if pendingLevel && !newLevel { overrides.append(AttributeOverride(name: "l", value: "1")) }
        pendingLevel = false
        sheetWritten = sheetRead
        keptEntries += 1
        copy(tag, overriding: overrides)
    }
}
