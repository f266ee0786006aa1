import CLibxml2

/// Finds out whether a sheet part has a selected tab (`<sheetView tabSelected="1">`), reading
/// only as far as the sheet views: they come before the sheet data or drawing.
final class SheetViewScan: SAXHandler {
    private(set) var isTabSelected = false

    override func startElement(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?,
                               attributes: XMLAttributes) {
        if XMLName.equals(localName, "sheetView") {
            if let value = attributes.string("tabSelected"), value == "1" || value == "true" { isTabSelected = true }
        } else if XMLName.equals(localName, "sheetData") || XMLName.equals(localName, "drawing") {
            stopParsing()
        }
    }

    /// Whether the part of `entry` has a selected tab.
    static func isTabSelected(_ entry: ZipArchive.Entry, in zip: ZipArchive) throws -> Bool {
        let scan = SheetViewScan()
        let parser = SAXPushParser(handler: scan, partName: entry.name)
        let stream = try zip.open(entry)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 14, alignment: 16)
        defer { chunk.deallocate() }
        while !scan.stoppedEarly {
            let count = try stream.read(into: chunk)
            try parser.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<count]), isLast: count == 0)
            if count == 0 { break }
        }
        return scan.isTabSelected
    }
}
