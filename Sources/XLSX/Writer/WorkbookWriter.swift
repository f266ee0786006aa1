#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a workbook: sheets whose rows stream to disk as they are added (deflated on a second
/// core), registered styles, defined names, page setups, charts and document properties; ``close()`` assembles the
/// `.xlsx` and moves it into place atomically.
///
/// ```swift
/// let workbook = try WorkbookWriter(path: "out/汇总.xlsx")
/// workbook.properties.creator = "台账"
/// let bold = try workbook.register(CellStyle(font: FontStyle(bold: true)))
///
/// let sheet = try workbook.addSheet("汇总")
/// try sheet.freezePanes(rows: 1)
/// try sheet.writeRow([.string("镇", style: bold), .string("户数", style: bold)])
/// try sheet.writeRow(["湖坊镇", 1_204])
/// try sheet.writeRow(["合计", .formula("SUM(B2:B2)", cached: .number(1_204))])
/// try sheet.addComment("来自各镇台账", at: CellReference("A1")!)
///
/// try workbook.close()
/// ```
///
/// Excel's limits are checked as things are added; a breach throws ``XLSXError/excelLimit(_:detail:)``
/// naming the limit, so that a file Excel would have to repair is never written. A workbook is not
/// thread-safe; write it from one thread.
public final class WorkbookWriter {
    /// The document properties (author, title, …), written at close.
    public var properties = DocumentProperties()
    /// The sheets in tab order.
    public private(set) var sheets: [SheetWriter] = []
    /// The sheet shown when the workbook opens; nil is the first visible sheet.
    public var activeSheet: SheetWriter?

    private let context: WritingContext
    private var definedNames: [DefinedNameEntry] = []

    /// Starts a workbook to be written at `path` (nothing is written until ``close()``). Throws
    /// when the destination's directory cannot be written to.
    public init(path: String, options: WriterOptions = WriterOptions()) throws {
        let directory = Self.directory(of: path)
        guard access(directory, W_OK) == 0 else {
            throw XLSXError.cannotWrite(path: path, reason: "directory \(directory): " + SpillFile.systemError())
        }
        context = try WritingContext(path: path, options: options,
                                     temporaryDirectory: options.temporaryDirectory ?? directory)
    }

    /// Adds a sheet at the end of the tabs. Its name must be one Excel accepts: 1 to 31
    /// characters, none of `: \ / ? * [ ]`, no `'` at either end, unique ignoring case.
    public func addSheet(_ name: String) throws -> SheetWriter {
        try context.checkOpen()
        try SheetName.check(name, existing: sheets.map(\.name))
        let sheet = try SheetWriter(name: name, index: sheets.count, context: context)
        sheets.append(sheet)
        return sheet
    }

    /// Registers a cell style and gives the index to put on cells; equal styles share one index.
    public func register(_ style: CellStyle) throws -> StyleIndex {
        try context.checkOpen()
        return try context.styles.register(style)
    }

    /// Defines a name for a formula (`"'字典'!$A$1:$A$30"`, with or without `=`), workbook-wide
    /// or local to a sheet. Excel's built-in names (print titles, filter database) come from
    /// ``SheetWriter``'s settings instead.
    public func defineName(_ name: String, refersTo formula: String, localTo sheet: SheetWriter? = nil,
                           isHidden: Bool = false) throws {
        try context.checkOpen()
        try DefinedNameEntry.check(name: name)
        let scope = sheet?.index
        if let sheet, sheet.index >= sheets.count || sheets[sheet.index] !== sheet {
            throw XLSXError.cannotWrite(path: context.path, reason: "sheet \"\(sheet.name)\" belongs to another workbook")
        }
        let folded = name.lowercased()
        guard !definedNames.contains(where: { $0.name.lowercased() == folded && $0.localSheetIndex == scope }) else {
            throw XLSXError.excelLimit(.definedNameInvalid, detail: "\"\(name)\" is already defined in that scope")
        }
        let stored = FormulaText.stored(formula)
        guard stored.utf16.count <= ExcelLimits.formulaLength else {
            throw XLSXError.excelLimit(.formulaLength, detail: "\(stored.utf16.count) characters in name \"\(name)\"")
        }
        definedNames.append(DefinedNameEntry(name: name, formula: stored, localSheetIndex: scope, isHidden: isHidden))
    }

    /// Writes the workbook: every part is assembled and zipped into a temporary file beside the
    /// destination, which is then renamed into place. A workbook without sheets gets an empty
    /// "Sheet1". After `close()` (whether it succeeded or threw) the writer takes no more writes.
    public func close() throws {
        try context.checkOpen()
        context.close()
        if sheets.isEmpty { sheets.append(try SheetWriter(name: "Sheet1", index: 0, context: context)) }
        guard let firstVisible = sheets.firstIndex(where: { $0.state == .visible }) else {
            throw XLSXError.excelLimit(.visibleSheet, detail: "all \(sheets.count) sheets are hidden")
        }
        let active = activeSheet.flatMap { sheet in
            sheets.firstIndex { $0 === sheet && $0.state == .visible }
        } ?? firstVisible
        let now = DocumentProperties.now()
        // The last rows and strings go to the deflater; the small parts are made meanwhile.
        for sheet in sheets { try sheet.finishRows() }
        try context.sharedStrings.finishStrings()
        let styles = context.styles.xml()
        context.deflater.waitUntilIdle()
        var parts: [PackagePart] = []
        var contentTypes = ContentTypesPart()
        var workbookRelationships: [Relationship] = []
        var workbookSheets: [WorkbookXMLPart.SheetEntry] = []
        var commentsNumber = 0
        var nextShapeBlock = 1
        var drawingNumber = 0
        var nextChartNumber = 1
        for sheet in sheets {
            let relationshipID = "rId\(sheet.index + 1)"
            workbookRelationships.append(Relationship(id: relationshipID, type: RelationshipType.worksheet,
                                                      target: "worksheets/sheet\(sheet.index + 1).xml"))
            workbookSheets.append(.init(name: sheet.name, state: sheet.state, relationshipID: relationshipID))
            if sheet.hasComments { commentsNumber += 1 }
            if sheet.chartCount > 0 { drawingNumber += 1 }
            let sheetParts = try sheet.finish(partNumber: sheet.index + 1, isSelected: sheet.index == active,
                                              commentsNumber: commentsNumber, firstShapeBlock: nextShapeBlock,
                                              drawingNumber: drawingNumber, firstChartNumber: nextChartNumber,
                                              defaultAuthor: properties.creator ?? "")
            if sheet.chartCount > 0 {
                contentTypes.add("xl/drawings/drawing\(drawingNumber).xml", type: ContentType.drawing)
                for number in nextChartNumber..<(nextChartNumber + sheet.chartCount) {
                    contentTypes.add("xl/charts/chart\(number).xml", type: ContentType.chart)
                }
                nextChartNumber += sheet.chartCount
            }
            if sheet.hasComments {
                nextShapeBlock += VMLDrawingPart.blockCount(forShapes: sheet.commentCount)
                contentTypes.add("xl/comments\(commentsNumber).xml", type: ContentType.comments)
            }
            contentTypes.add("xl/worksheets/sheet\(sheet.index + 1).xml", type: ContentType.worksheet)
            parts += sheetParts
        }
        var nextID = sheets.count + 1
        workbookRelationships.append(Relationship(id: "rId\(nextID)", type: RelationshipType.styles, target: "styles.xml"))
        parts.append(PackagePart(name: "xl/styles.xml", bytes: styles))
        contentTypes.add("xl/styles.xml", type: ContentType.styles)
        if !context.sharedStrings.isEmpty {
            nextID += 1
            workbookRelationships.append(Relationship(id: "rId\(nextID)", type: RelationshipType.sharedStrings,
                                                      target: "sharedStrings.xml"))
            parts.append(try context.sharedStrings.part())
            contentTypes.add("xl/sharedStrings.xml", type: ContentType.sharedStrings)
        }
        let workbook = WorkbookXMLPart(sheets: workbookSheets,
                                       definedNames: definedNames + sheets.flatMap { $0.builtInNames() },
                                       activeTab: active)
        parts.append(PackagePart(name: "xl/workbook.xml", bytes: workbook.xml()))
        contentTypes.add("xl/workbook.xml", type: ContentType.workbook)
        parts.append(PackagePart(name: "xl/_rels/workbook.xml.rels",
                                 bytes: RelationshipsPart(relationships: workbookRelationships).xml()))
        parts.append(PackagePart(name: "docProps/core.xml", bytes: properties.coreXML(now: now)))
        contentTypes.add("docProps/core.xml", type: ContentType.coreProperties)
        parts.append(PackagePart(name: "docProps/app.xml", bytes: properties.appXML(sheetNames: sheets.map(\.name))))
        contentTypes.add("docProps/app.xml", type: ContentType.extendedProperties)
        var packageRelationships = [
            Relationship(id: "rId1", type: RelationshipType.officeDocument, target: "xl/workbook.xml"),
            Relationship(id: "rId2", type: RelationshipType.coreProperties, target: "docProps/core.xml"),
            Relationship(id: "rId3", type: RelationshipType.extendedProperties, target: "docProps/app.xml"),
        ]
        if let custom = properties.customXML() {
            parts.append(PackagePart(name: "docProps/custom.xml", bytes: custom))
            contentTypes.add("docProps/custom.xml", type: ContentType.customProperties)
            packageRelationships.append(Relationship(id: "rId4", type: RelationshipType.customProperties,
                                                     target: "docProps/custom.xml"))
        }
        parts.append(PackagePart(name: "_rels/.rels", bytes: RelationshipsPart(relationships: packageRelationships).xml()))
        parts.insert(PackagePart(name: "[Content_Types].xml", bytes: contentTypes.xml()), at: 0)
        try Packager.write(parts, to: context.path, compressionLevel: context.options.compressionLevel)
    }

    /// The directory part of a path (`.` for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The file-name part of a path.
    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
