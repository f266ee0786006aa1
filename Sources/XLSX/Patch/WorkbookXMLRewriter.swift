import CLibxml2

/// A defined name the patch adds to `workbook.xml`.
struct NewDefinedName {
    let name: String
    let localSheetIndex: Int?
    let isHidden: Bool
    let formula: String
}

/// Streams `workbook.xml` with a new first sheet: its `<sheet>` goes first in `<sheets>` (an
/// earlier report's is dropped), every `localSheetId` moves with the sheets (names local to
/// the dropped sheet go, and so do names local to a sheet that does not exist: a `localSheetId`
/// that is not the index of one of the workbook's sheets), new defined names are appended, and
/// the workbook views open on the first tab. Everything else is copied.
///
/// Sheets are counted as the reader lists them: SpreadsheetML `<sheet>` elements with a name.
final class WorkbookXMLRewriter: XMLRewriter {
    private let sheetName: String
    private let sheetID: Int
    private let relationshipID: String
    private let relationshipsNamespace: String
    private let removedIndex: Int?
    private var newNames: [NewDefinedName]

    private var mainNamespace = ""
    private var sawBookViews = false
    private var sawDefinedNames = false
    private var sheetIndex = 0

    init(output: XMLOutput, partName: String, sheetName: String, sheetID: Int, relationshipID: String,
         relationshipsNamespace: String, removedIndex: Int?, newNames: [NewDefinedName]) {
        self.sheetName = sheetName
        self.sheetID = sheetID
        self.relationshipID = relationshipID
        self.relationshipsNamespace = relationshipsNamespace
        self.removedIndex = removedIndex
        self.newNames = newNames
        super.init(output: output, partName: partName)
    }

    /// Where a sheet at `index` before the patch is after it (nil: it is the dropped one).
    static func newIndex(of index: Int, removedIndex: Int?) -> Int? {
        guard let removedIndex else { return index + 1 }
        if index == removedIndex { return nil }
        return index < removedIndex ? index + 1 : index
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 0 { mainNamespace = tag.namespace.map { String(cString: $0) } ?? "" }
        guard tag.isSpreadsheetML else { return copy(tag) }
        switch depth {
        case 1:
            let name = tag.name
            if name == "bookViews" { sawBookViews = true }
            if name == "definedNames" { sawDefinedNames = true }
            if name == "sheets" && !sawBookViews {
                let views = elementName("bookViews", namespace: mainNamespace)
                let view = elementName("workbookView", namespace: mainNamespace).name
                writeMarkup("<\(views.name)\(views.declaration)><\(view) activeTab=\"0\"/></\(views.name)>")
                sawBookViews = true
            }
            if !sawDefinedNames && ElementOrder.follows(name, "definedNames", in: ElementOrder.workbook) {
                writeDefinedNamesElement()
            }
            copy(tag)
            if name == "sheets" { writeNewSheet() }
        case 2 where tag.isNamed("workbookView"):
            copy(tag, overriding: [AttributeOverride(name: "activeTab", value: "0"), AttributeOverride(name: "firstSheet", value: nil)])
        case 2 where tag.isNamed("sheet") && tag.attributes.bytes("name") != nil:
            defer { sheetIndex += 1 }
            if sheetIndex == removedIndex { return skipElement() }
            copy(tag)
        case 2 where tag.isNamed("definedName"):
            guard let local = tag.attributes.string("localSheetId") else { return copy(tag) }
            // `<definedNames>` follows `<sheets>`: every sheet has been counted.
            guard let index = FileNumber.integer(local, in: 0...max(sheetIndex - 1, 0)), index < sheetIndex,
                  let moved = Self.newIndex(of: index, removedIndex: removedIndex) else { return skipElement() }
            copy(tag, overriding: [AttributeOverride(name: "localSheetId", value: String(moved))])
        default:
            copy(tag)
        }
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 2 && XMLName.equals(localName, "definedNames") {
            for name in newNames { writeMarkup(definedName(name)) }
            newNames = []
        } else if depth == 1 && !sawDefinedNames {
            writeDefinedNamesElement()
        }
        closeElement()
    }

    private func writeNewSheet() {
        let element = elementName("sheet", namespace: mainNamespace)
        let prefix = attributePrefix(namespace: relationshipsNamespace, suggested: "r")
        writeMarkup("<\(element.name)\(element.declaration)\(prefix.declaration) name=\"\(XMLEscaping.attribute(sheetName))\""
                    + " sheetId=\"\(sheetID)\" \(prefix.prefix):id=\"\(XMLEscaping.attribute(relationshipID))\"/>")
    }

    private func writeDefinedNamesElement() {
        sawDefinedNames = true
        guard !newNames.isEmpty else { return }
        let element = elementName("definedNames", namespace: mainNamespace)
        writeMarkup("<\(element.name)\(element.declaration)>" + newNames.map(definedName).joined() + "</\(element.name)>")
        newNames = []
    }

    private func definedName(_ name: NewDefinedName) -> String {
        let element = elementName("definedName", namespace: mainNamespace)
        var markup = "<\(element.name)\(element.declaration) name=\"\(XMLEscaping.attribute(name.name))\""
        if let local = name.localSheetIndex { markup += " localSheetId=\"\(local)\"" }
        if name.isHidden { markup += " hidden=\"1\"" }
        return markup + ">\(XMLEscaping.text(name.formula))</\(element.name)>"
    }
}

/// The `sheetId` of a `<sheet>`: a number that stays with the sheet however the tabs move.
enum SheetIdentifier {
    /// What `sheetId` may be (`xsd:unsignedInt`; Excel never writes 0).
    static let range = 1...FileNumber.unsignedInt.upperBound

    /// The id for a new sheet among sheets with ids `taken` (each within ``range``): one more
    /// than the largest, as Excel numbers them, or the smallest free one past the range's end.
    static func next(after taken: [Int]) -> Int {
        // A workbook has far fewer sheets than the range has ids.
        FileNumber.next(after: taken, in: range)!
    }
}
