import CLibxml2

/// What the reader needs of `styles.xml`: each cell format's number format.
/// Streams the part; only `<numFmts>` and `<cellXfs>` are looked at.
final class StylesPart: SAXHandler {
    private var customCodes: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var depthInCellXfs = -1
    private var depth = 0

    /// The number format of each cell format (`s` index), in order.
    private(set) var numberFormats: [NumberFormat] = []
    /// The date kind of each cell format, for the hot path (nil: not a date).
    private(set) var dateKinds: [ExcelDate.Kind?] = []

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        defer { depth += 1 }
        guard XMLName.isSpreadsheetNamespace(namespace) else { return }
        if XMLName.equals(localName, "numFmt") {
            if let id = attributes.string("numFmtId").flatMap({ Int($0) }), let code = attributes.string("formatCode") {
                customCodes[id] = TextEscapes.decode(code)
            }
        } else if XMLName.equals(localName, "cellXfs") {
            depthInCellXfs = depth
        } else if XMLName.equals(localName, "xf"), depthInCellXfs >= 0, depth == depthInCellXfs + 1 {
            cellFormatIDs.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }

    override func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        depth -= 1
        if depth == depthInCellXfs { depthInCellXfs = -1 }
    }

    /// Resolves ids to formats once the part is read.
    func finish() {
        numberFormats = NumberFormat.resolve(ids: cellFormatIDs, customCodes: customCodes)
        dateKinds = numberFormats.map(\.dateKind)
    }
}
