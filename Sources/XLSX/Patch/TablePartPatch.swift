import CLibxml2

/// Changes to an Excel table part (`xl/tables/table1.xml`): a table whose range ends at the row
/// that rows were appended after, with no totals row below its data, grows to take them in,
/// and so does its auto-filter.
enum TablePartPatch {
    /// The part with its ranges grown; nil when it does not grow.
    static func grown(_ source: [UInt8], partName: String, growth: RangeGrowth) throws -> [UInt8]? {
        let output = XMLOutput()
        let rewriter = TableRewriter(output: output, partName: partName, growth: growth)
        try rewriter.rewrite(source)
        return rewriter.changed ? output.bytes : nil
    }
}

private final class TableRewriter: XMLRewriter {
    private let growth: RangeGrowth
    private var grows = false
    private(set) var changed = false

    init(output: XMLOutput, partName: String, growth: RangeGrowth) {
        self.growth = growth
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        guard tag.isSpreadsheetML, depth <= 1 else { return copy(tag) }
        if depth == 0 {
            let totals = tag.attributes.string("totalsRowCount").flatMap { Int($0) } ?? 0
            guard totals == 0, let text = tag.attributes.string("ref"), let grown = growth.range(Substring(text)) else { return copy(tag) }
            grows = true
            changed = true
            return copy(tag, overriding: [AttributeOverride(name: "ref", value: grown)])
        }
        guard grows, tag.isNamed("autoFilter"), let text = tag.attributes.string("ref"), let grown = growth.range(Substring(text)) else {
            return copy(tag)
        }
        copy(tag, overriding: [AttributeOverride(name: "ref", value: grown)])
    }
}
