import CLibxml2

/// The shared-strings table (`sharedStrings.xml`), streamed: each `<si>`'s text with runs
/// flattened and phonetic (`<rPh>`) runs skipped; the runs kept only for rich strings.
///
/// Its mutable state is `@exclusivity(unchecked)`, as ``SheetHandler``'s is: one thread at a time.
final class SharedStringsPart: SAXHandler {
    @exclusivity(unchecked) private(set) var strings: [String] = []
    /// Runs of the rich strings, by index.
    @exclusivity(unchecked) private(set) var runs: [Int: [TextRun]] = [:]

    private let limits: ReadLimits
    private let partName: String
    @exclusivity(unchecked) private var text: [UInt8] = []
    @exclusivity(unchecked) private var runText: [UInt8] = []
    @exclusivity(unchecked) private var currentRuns: [TextRun] = []
    @exclusivity(unchecked) private var currentFont: RunFont?
    @exclusivity(unchecked) private var inItem = false
    @exclusivity(unchecked) private var inRun = false
    @exclusivity(unchecked) private var inRunProperties = false
    @exclusivity(unchecked) private var phoneticDepth = 0
    @exclusivity(unchecked) private var capturing = false

    init(limits: ReadLimits, partName: String) {
        self.limits = limits
        self.partName = partName
    }

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        switch localName[0] {
        case UInt8(ascii: "s") where XMLName.equals(localName, "si"):
            inItem = true
            text.removeAll(keepingCapacity: true)
            currentRuns.removeAll()
        case UInt8(ascii: "t") where XMLName.equals(localName, "t"):
            capturing = inItem && phoneticDepth == 0
            if inRun { runText.removeAll(keepingCapacity: true) }
        case UInt8(ascii: "r") where XMLName.equals(localName, "r"):
            if inItem && phoneticDepth == 0 { inRun = true; currentFont = nil; runText.removeAll(keepingCapacity: true) }
        case UInt8(ascii: "r") where XMLName.equals(localName, "rPh"):
            phoneticDepth += 1
        case UInt8(ascii: "r") where XMLName.equals(localName, "rPr"):
            if inRun { inRunProperties = true; currentFont = RunFont() }
        default:
            if inRunProperties { RunFont.apply(localName, attributes, to: &currentFont) }
        }
    }

    override func endElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        switch localName[0] {
        case UInt8(ascii: "t") where XMLName.equals(localName, "t"):
            capturing = false
        case UInt8(ascii: "r") where XMLName.equals(localName, "r"):
            if inRun {
                currentRuns.append(TextRun(text: TextEscapes.decodedString(runText.withUnsafeBufferPointer { $0 }), font: currentFont))
                inRun = false
            }
        case UInt8(ascii: "r") where XMLName.equals(localName, "rPh"):
            phoneticDepth -= 1
        case UInt8(ascii: "r") where XMLName.equals(localName, "rPr"):
            inRunProperties = false
        case UInt8(ascii: "s") where XMLName.equals(localName, "si"):
            inItem = false
            if Int64(strings.count) >= limits.maximumSharedStrings {
                fail(limits.exceeded(.sharedStringCount, part: partName, value: Int64(strings.count + 1)))
                return
            }
            if !currentRuns.isEmpty { runs[strings.count] = currentRuns }
            strings.append(text.withUnsafeBufferPointer { TextEscapes.decodedString($0) })
        default: break
        }
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard capturing else { return }
        text.append(contentsOf: bytes)
        if inRun { runText.append(contentsOf: bytes) }
        if Int64(text.count) > limits.maximumStringLength {
            fail(limits.exceeded(.stringLength, part: partName, value: Int64(text.count)))
        }
    }
}

extension RunFont {
    /// Applies one child of `<rPr>` (`<b/>`, `<sz val="11"/>`, `<color rgb=…/>`, …).
    static func apply(_ localName: UnsafePointer<xmlChar>, _ attributes: XMLAttributes, to font: inout RunFont?) {
        guard font != nil else { return }
        let value = attributes.string("val")
        let on = value.map { $0 != "0" && $0 != "false" } ?? true
        if XMLName.equals(localName, "b") { font?.bold = on }
        else if XMLName.equals(localName, "i") { font?.italic = on }
        else if XMLName.equals(localName, "u") { font?.underline = value != "none" }
        else if XMLName.equals(localName, "strike") { font?.strike = on }
        else if XMLName.equals(localName, "sz") { font?.size = value.flatMap(Double.init) }
        else if XMLName.equals(localName, "rFont") || XMLName.equals(localName, "name") { font?.name = value }
        else if XMLName.equals(localName, "color") { font?.color = attributes.string("rgb") }
    }
}
