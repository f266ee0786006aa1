#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A workbook opened for reading: its sheets, defined names and date system, and a streaming
/// reader for each worksheet's rows.
///
/// ```swift
/// let workbook = try Workbook(path: "湖坊镇台账.xlsx")
/// for sheet in workbook.sheets where sheet.kind == .worksheet {
///     let rows = try workbook.rows(of: sheet)
///     while let row = try rows.next() {
///         for cell in row.cells { print(sheet.name, cell.reference, cell.value) }
///     }
/// }
/// ```
///
/// Parts are found through `[Content_Types].xml` and the relationships, never by their usual
/// names. The shared strings and styles are loaded on the first read of a sheet.
///
/// An Excel 97–2003 workbook (`.xls`, or WPS's `.et`) is recognised by its content, whatever its
/// name, and read through the same API (``format`` says which it was).
/// A `Workbook` is not thread-safe; open one per thread.
public final class Workbook {
    /// The sheets in tab order.
    public let sheets: [SheetInfo]
    /// The workbook's defined names.
    public let definedNames: [DefinedName]
    /// The date system (`date1904`).
    public let dateSystem: DateSystem
    /// The limits in force.
    public let limits: ReadLimits
    /// The file's format: XLSX, or an Excel 97–2003 workbook read natively.
    public let format: WorkbookFormat

    /// The zip package of an XLSX workbook; nil for a legacy one.
    private let package: OPCPackage?
    /// The records of an Excel 97–2003 workbook; nil for an XLSX one.
    private let legacy: LegacyWorkbook?
    private let sharedStringsPartName: String?
    private let stylesPartName: String?
    private var shared: (strings: [String], runs: [Int: [TextRun]])?
    private var styles: StylesPart?

    /// Opens the workbook at a path (read-only: the file is never changed).
    public convenience init(path: String, limits: ReadLimits = ReadLimits()) throws {
        // libzip opens a 0-byte file as an empty archive; say what it is instead.
        let head = FileSniffer.readHead(path: path, limit: CompoundFile.signature.count)
        if head?.isEmpty == true { throw XLSXError.emptyFile }
        if head == CompoundFile.signature {
            try self.init(legacy: LegacyWorkbook(bytes: LegacyWorkbook.readFile(path: path, limits: limits), limits: limits), limits: limits)
            return
        }
        let zip: ZipArchive
        do {
            zip = try ZipArchive(path: path, limits: limits)
        } catch let error as XLSXError {
            guard error.isNotAReadableZip else { throw error }
            guard let head = FileSniffer.readHead(path: path, limit: FileSniffer.headLimit) else {
                throw XLSXError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            throw head.withUnsafeBytes { FileSniffer.identify($0) }
        }
        try self.init(zip: zip, limits: limits)
    }

    /// Opens a workbook held in memory (the bytes are copied).
    public convenience init(bytes: [UInt8], limits: ReadLimits = ReadLimits()) throws {
        if bytes.isEmpty { throw XLSXError.emptyFile }
        if bytes.starts(with: CompoundFile.signature) {
            try self.init(legacy: LegacyWorkbook(bytes: bytes, limits: limits), limits: limits)
            return
        }
        let zip: ZipArchive
        do {
            zip = try bytes.withUnsafeBytes { try ZipArchive(bytes: $0, limits: limits) }
        } catch let error as XLSXError {
            guard error.isNotAReadableZip else { throw error }
            throw bytes.withUnsafeBytes { FileSniffer.identify($0) }
        }
        try self.init(zip: zip, limits: limits)
    }

    private init(legacy: LegacyWorkbook, limits: ReadLimits) {
        self.limits = limits
        self.legacy = legacy
        package = nil
        format = .xls
        sheets = legacy.sheets
        definedNames = []
        dateSystem = legacy.dateSystem
        sharedStringsPartName = nil
        stylesPartName = nil
    }

    private init(zip: ZipArchive, limits: ReadLimits) throws {
        self.limits = limits
        legacy = nil
        format = .xlsx
        let package = try OPCPackage(zip: zip)
        self.package = package
        let workbookPartName = try Self.findWorkbookPart(package)
        guard let workbookEntry = zip.entry(workbookPartName) else { throw XLSXError.missingPart(workbookPartName) }
        let workbook = try WorkbookPart(bytes: try zip.read(workbookEntry), partName: workbookEntry.name)
        let relationships = try package.relationships(of: workbookPartName)
        var byID: [String: PackageRelationship] = [:]
        for relationship in relationships where byID[relationship.id] == nil { byID[relationship.id] = relationship }
        sheets = workbook.sheets.enumerated().map { index, entry in
            let relationship = entry.relationshipID.flatMap { byID[$0] }
            let kind: SheetKind
            switch relationship {
            case let r? where r.isType("chartsheet"): kind = .chartsheet
            case let r? where r.isType("dialogsheet"): kind = .dialogsheet
            case let r? where r.isType("macrosheet") || r.isType("xlMacrosheet") || r.isType("xlIntlMacrosheet"): kind = .macrosheet
            default: kind = .worksheet
            }
            let part = relationship.flatMap { $0.isExternal ? nil : $0.target }
            return SheetInfo(name: entry.name, index: index, state: entry.state, kind: kind, partName: part)
        }
        definedNames = workbook.definedNames
        dateSystem = workbook.dateSystem
        sharedStringsPartName = relationships.first { $0.isType("sharedStrings") && !$0.isExternal }?.target
        stylesPartName = relationships.first { $0.isType("styles") && !$0.isExternal }?.target
    }

    /// The workbook part: the package's officeDocument relationship, else the content type.
    private static func findWorkbookPart(_ package: OPCPackage) throws -> String {
        let zip = package.zip
        let binaryTypes = ["application/vnd.ms-excel.sheet.binary.macroEnabled.main"]
        if zip.entry("xl/workbook.bin") != nil || !package.parts(where: binaryTypes.contains).isEmpty {
            throw XLSXError.binaryWorkbook
        }
        if let mimetype = zip.entry("mimetype"),
           String(decoding: try zip.read(mimetype), as: UTF8.self).contains("opendocument.spreadsheet") {
            throw XLSXError.openDocumentSpreadsheet
        }
        // A damaged package-relationships part is survivable: the content types still name the workbook.
        let relationships = (try? package.relationships(of: "")) ?? []
        if let main = relationships.first(where: { $0.isType("officeDocument") && !$0.isExternal }) {
            let type = package.contentType(of: main.target) ?? ""
            if type.contains("wordprocessingml") || main.target.hasPrefix("word/") {
                throw XLSXError.otherOfficeDocument(kind: "Word (.docx)")
            }
            if type.contains("presentationml") || main.target.hasPrefix("ppt/") {
                throw XLSXError.otherOfficeDocument(kind: "PowerPoint (.pptx)")
            }
            if zip.entry(main.target) != nil { return main.target }
        }
        let workbookTypes: Set<String> = [
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            "application/vnd.ms-excel.template.macroEnabled.main+xml",
            "application/vnd.ms-excel.addin.macroEnabled.main+xml",
        ]
        if let part = package.parts(where: workbookTypes.contains).first(where: { zip.entry($0) != nil }) {
            return part
        }
        if zip.entry("word/document.xml") != nil { throw XLSXError.otherOfficeDocument(kind: "Word (.docx)") }
        if zip.entry("ppt/presentation.xml") != nil { throw XLSXError.otherOfficeDocument(kind: "PowerPoint (.pptx)") }
        if !package.hasContentTypes && zip.names.isEmpty { throw XLSXError.missingPart("[Content_Types].xml") }
        throw XLSXError.missingPart(relationships.isEmpty ? "_rels/.rels (the package's relationships)" : "the workbook part")
    }

    /// The sheet with this name (exact, then ignoring case).
    public func sheet(named name: String) throws -> SheetInfo {
        if let sheet = sheets.first(where: { $0.name == name }) ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return sheet
        }
        throw XLSXError.noSuchSheet(name, available: sheets.map(\.name))
    }

    /// The number format of a cell format index (a cell's ``Cell/styleIndex``).
    public func numberFormat(ofStyle index: Int) throws -> NumberFormat {
        if let legacy {
            return index >= 0 && index < legacy.numberFormats.count ? legacy.numberFormats[index] : .general
        }
        let styles = try loadStyles()
        return index >= 0 && index < styles.numberFormats.count ? styles.numberFormats[index] : .general
    }

    /// Starts streaming a sheet's rows (a worksheet, macro sheet or dialog sheet: ``SheetKind/holdsCells``).
    /// Reading a chart sheet throws ``XLSXError/notAWorksheet(_:)``. A sheet whose part is
    /// missing or damaged throws an error whose ``XLSXError/isPartDamage`` is true, and the
    /// other sheets can still be read.
    public func rows(of sheet: SheetInfo) throws -> RowReader {
        guard sheet.kind.holdsCells else {
            throw XLSXError.notAWorksheet(sheet.name)
        }
        if let legacy { return RowReader(legacy: try legacy.rows(of: sheet)) }
        guard let package, let partName = sheet.partName, let entry = package.zip.entry(partName) else {
            throw XLSXError.missingPart(sheet.partName ?? "the part of sheet \"\(sheet.name)\"")
        }
        let strings = try loadSharedStrings()
        let styles = try loadStyles()
        let handler = SheetHandler(sharedStrings: strings.strings, sharedRuns: strings.runs, dateKinds: styles.dateKinds,
                                   dateSystem: dateSystem, limits: limits, partName: entry.name)
        return RowReader(parser: try PartParser.start(try package.zip.open(entry), size: entry.size, handler: handler,
                                                      partName: entry.name),
                         handler: handler)
    }

    /// Calls `body` with each row of a worksheet, in file order.
    public func forEachRow(of sheet: SheetInfo, _ body: (Row) throws -> Void) throws {
        let reader = try rows(of: sheet)
        while let row = try reader.next() { try body(row) }
    }

    private func loadSharedStrings() throws -> (strings: [String], runs: [Int: [TextRun]]) {
        if let shared { return shared }
        var loaded: (strings: [String], runs: [Int: [TextRun]]) = ([], [:])
        // A missing shared-strings part is tolerated: a cell that needs it is reported then.
        if let package, let name = sharedStringsPartName, let entry = package.zip.entry(name) {
            let handler = SharedStringsPart(limits: limits, partName: entry.name)
            let parser = try PartParser.start(try package.zip.open(entry), size: entry.size, handler: handler, partName: entry.name)
            while try parser.next() {}
            loaded = (handler.strings, handler.runs)
        }
        shared = loaded
        return loaded
    }

    private func loadStyles() throws -> StylesPart {
        if let styles { return styles }
        let handler = StylesPart()
        if let package, let name = stylesPartName, let entry = package.zip.entry(name) {
            let parser = SAXPushParser(handler: handler, partName: entry.name)
            try package.zip.stream(entry) { chunk, isLast in try parser.feed(chunk, isLast: isLast) }
        }
        handler.finish()
        styles = handler
        return handler
    }
}

extension XLSXError {
    /// Whether the error is damage confined to a part of the package: the part is missing, fails
    /// its checksum, cannot be inflated, is not well-formed XML or holds impossible content.
    /// Thrown while reading one sheet, it means that sheet is lost while the workbook's other
    /// sheets can still be read (as calamine and openpyxl do). A safety refusal is not damage:
    /// a limit reached or a `<!DOCTYPE>` (``XLSXError/doctypeForbidden(part:)``) refuses the
    /// whole file.
    public var isPartDamage: Bool {
        switch self {
        case .missingPart, .checksumMismatch, .corruptArchive, .malformedXML, .invalidContent: return true
        default: return false
        }
    }

    /// libzip could not open the archive at all: the file's first bytes say better what it is.
    var isNotAReadableZip: Bool {
        switch self {
        case .notAZipFile, .corruptArchive: return true
        default: return false
        }
    }
}

/// Streams one worksheet's rows: the part's XML flows in chunks from libzip into libxml2's
/// push parser (on other threads for a large sheet: `PartParser`), and the rows each portion
/// of events completes are handed out one by one, so memory stays flat however long the sheet is.
/// The rows of an Excel 97–2003 sheet come the same way from its BIFF records (an internal `LegacySheetReader`).
public final class RowReader {
    private enum Source {
        case xml(parser: PartParser, handler: SheetHandler)
        case legacy(LegacySheetReader)
    }

    private let source: Source
    private var cursor = 0
    private var finished = false

    /// Bytes inflated and fed to the parser at a time.
    static let chunkSize = 1 << 17

    init(parser: PartParser, handler: SheetHandler) {
        source = .xml(parser: parser, handler: handler)
    }

    init(legacy: LegacySheetReader) {
        source = .legacy(legacy)
    }

    /// The next row holding at least one value (or a formula without one); nil at the end.
    public func next() throws -> Row? {
        switch source {
        case .legacy(let reader):
            return try reader.next()
        case .xml(let parser, let handler):
            while cursor >= handler.completed.count {
                if finished { return nil }
                handler.completed.removeAll(keepingCapacity: true)
                cursor = 0
                finished = try !parser.next()
            }
            defer { cursor += 1 }
            return handler.completed[cursor]
        }
    }

    /// The merged ranges of the sheet; complete once ``next()`` has returned nil.
    public var mergedRanges: [CellRange] {
        switch source {
        case .xml(_, let handler): return handler.mergedRanges
        case .legacy(let reader): return reader.mergedRanges
        }
    }

    /// The `<dimension>` (DIMENSIONS in an .xls) the file declares. Not to be trusted (WPS writes `A1:A1`).
    public var declaredDimension: CellRange? {
        switch source {
        case .xml(_, let handler): return handler.declaredDimension
        case .legacy(let reader): return reader.declaredDimension
        }
    }
}
