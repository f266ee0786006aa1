#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a marked copy of a workbook: chosen cells get a fill and a comment, and an optional
/// report sheet goes first, with links to the cells. Everything else of the package is kept:
/// each part the marks do not need to change is copied byte for byte (other sheets,
/// drawings, charts, images, custom XML, VBA); a marked sheet is streamed through with only
/// its marked cells' style indexes changed (missing cells and rows added in order) and the
/// comment drawing referenced; `styles.xml` gains derived cell formats; comment parts and
/// VML drawings are extended, not replaced.
///
/// ```swift
/// let patcher = WorkbookPatcher(sourcePath: "湖坊镇台账.xlsx")
/// try patcher.write(
///     marks: [CellMark(sheet: "直属团组织", cell: CellReference("G7")!, fillARGB: "FFFFC7CE",
///                      comment: "团员人数不能少于3人(当前为 2)")],
///     report: ReportSheet(name: "校验结果", header: ["单元格", "说明"], rows: [
///         ReportRow(values: ["G7", "团员人数不能少于3人"],
///                   link: ReportLink(column: 0, sheet: "直属团组织", cell: CellReference("G7")!)),
///     ]),
///     commentAuthor: "团区委", to: "退回修改/湖坊镇台账.xlsx")
/// ```
///
/// Patching a patched copy again does not stack: the earlier report sheet is replaced, equal
/// cell formats and fills are reused, and comment text from ``commentMarker`` on is replaced.
public struct WorkbookPatcher: Sendable {
    /// The hidden defined name, local to the report sheet, by which a later patch recognises it.
    public static let reportMarkerName = "_Taizhang_Report"
    /// The default ``commentMarker``.
    public static let defaultCommentMarker = "【校验】"

    /// The workbook to copy; never changed.
    public var sourcePath: String
    /// Limits for reading the source.
    public var limits: ReadLimits
    /// What starts each line the patch writes into a comment. On a later patch, a comment's
    /// text from the first marker on is taken to be the patch's and replaced.
    public var commentMarker: String
    /// Whether the workbook's own worksheets print with their row numbers and column letters
    /// (`printOptions headings`), so that a cell the report names can be found on paper; every
    /// worksheet is then streamed through and rewritten.
    public var printsHeadings = false

    /// A patcher of the workbook at `sourcePath`.
    public init(sourcePath: String, limits: ReadLimits = ReadLimits(), commentMarker: String = defaultCommentMarker) {
        self.sourcePath = sourcePath
        self.limits = limits
        self.commentMarker = commentMarker
    }

    /// Writes the marked copy to `destination` atomically (a temporary file in the same folder,
    /// then renamed); the source is never modified.
    ///
    /// - Parameters:
    ///   - marks: the cells to mark; a mark on a sheet that does not exist, or on a chart sheet, is an error.
    ///   - report: a sheet to put first (the workbook then opens on it), nil for none.
    ///   - commentAuthor: the author of new comments.
    ///   - destination: where the copy goes; not the source itself.
    /// - Returns: what changed.
    @discardableResult
    public func write(marks: [CellMark], report: ReportSheet?, commentAuthor: String, to destination: String) throws -> PatchSummary {
        try Self.refuseSameFile(source: sourcePath, destination: destination)
        let session = try PatchSession(sourcePath: sourcePath, limits: limits, marker: commentMarker, author: commentAuthor,
                                       printsHeadings: printsHeadings)
        defer { session.removeTemporaryFiles() }
        try session.plan(marks: marks, report: report)
        return try session.write(to: destination)
    }

    static func refuseSameFile(source: String, destination: String) throws {
        var sourceStatus = stat()
        var destinationStatus = stat()
        guard stat(source, &sourceStatus) == 0 else {
            throw XLSXError.cannotOpen(path: source, reason: String(cString: strerror(errno)))
        }
        if stat(destination, &destinationStatus) == 0, sourceStatus.st_dev == destinationStatus.st_dev,
           sourceStatus.st_ino == destinationStatus.st_ino {
            throw XLSXError.destinationIsSource(path: destination)
        }
    }
}

/// One patch from planning to the written archive (marks and a report here; cell edits in
/// `EditSession.swift`).
final class PatchSession {
    /// The content of a part of the copy.
    enum Content {
        case bytes([UInt8])
        case file(String)
    }

    /// One sheet's marks, merged by cell.
    struct SheetMarks {
        var sheet: SheetInfo
        var marks: [SheetMark] = []
        var notes: [(cell: CellReference, messages: [String])] = []
    }

    static let transitionalMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"

    let sourcePath: String
    let limits: ReadLimits
    let marker: String
    let author: String
    let printsHeadings: Bool
    let workbook: Workbook
    let zip: ZipArchive
    let package: OPCPackage
    let workbookEntry: ZipArchive.Entry
    let workbookRelationships: [PackageRelationship]
    var workbookRelationshipIDs: Set<String>
    let mainNamespace: String
    let relationshipsNamespace: String
    let relationshipTypeBase: String
    /// `sheetId` (nil when missing or outside ``SheetIdentifier/range``) and `r:id` of each
    /// `<sheet>`, in order: the sheets the reader lists (SpreadsheetML, with a name).
    let sheetEntries: [(sheetID: Int?, relationshipID: String?)]

    var replaced: [String: Content] = [:]
    var added: [(name: String, content: Content)] = []
    var removed: Set<String> = []
    var overrides: [(part: String, type: String)] = []
    var defaults: [(extension: String, type: String)] = []
    var newWorkbookRelationships: [NewRelationship] = []
    var removedWorkbookRelationships: Set<String> = []
    var markedCount = 0
    var reportName: String?
    private var temporaryDirectory: String?
    /// The VML id blocks the package's drawings claim and those the patch gave new ones.
    private var claimedVMLBlocks: Set<Int>?

    init(sourcePath: String, limits: ReadLimits, marker: String, author: String, printsHeadings: Bool = false) throws {
        self.sourcePath = sourcePath
        self.limits = limits
        self.marker = marker
        self.author = author
        self.printsHeadings = printsHeadings
        workbook = try Workbook(path: sourcePath, limits: limits)
        let zip = try ZipArchive(path: sourcePath, limits: limits)
        let package = try OPCPackage(zip: zip)
        let workbookEntry = try Self.workbookEntry(package)
        self.zip = zip
        self.package = package
        self.workbookEntry = workbookEntry
        workbookRelationships = try package.relationships(of: workbookEntry.name)
        let relsName = RelationshipsPatch.partName(of: workbookEntry.name)
        workbookRelationshipIDs = try zip.entry(relsName).map { try RelationshipsPatch.ids(in: zip.read($0), partName: relsName) } ?? []
        let elements = try ElementCollector.parse(try zip.read(workbookEntry), part: workbookEntry.name)
        let rootNamespace = elements.first?.namespace ?? ""
        guard rootNamespace == Self.strictMain || rootNamespace == Self.transitionalMain else {
            throw XLSXError.invalidContent(part: workbookEntry.name, message: "the workbook is in namespace \"\(rootNamespace)\", "
                                           + "not SpreadsheetML's (a pre-release Excel 2007 file?); open it in Excel and save it again to annotate it")
        }
        let strict = rootNamespace == Self.strictMain
        mainNamespace = strict ? Self.strictMain : Self.transitionalMain
        relationshipsNamespace = strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships"
            : "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        relationshipTypeBase = relationshipsNamespace + "/"
        sheetEntries = elements.filter {
            $0.localName == "sheet" && $0.depth == 2 && ($0.namespace == Self.strictMain || $0.namespace == Self.transitionalMain)
                && $0.attributes["name"] != nil
        }.map { ($0.attributes["sheetId"].flatMap { FileNumber.integer($0, in: SheetIdentifier.range) }, $0.relationshipID) }
    }

    private static func workbookEntry(_ package: OPCPackage) throws -> ZipArchive.Entry {
        let relationships = (try? package.relationships(of: "")) ?? []
        if let main = relationships.first(where: { $0.isType("officeDocument") && !$0.isExternal }),
           let entry = package.zip.entry(main.target) {
            return entry
        }
        let types: Set<String> = [
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            "application/vnd.ms-excel.template.macroEnabled.main+xml",
            "application/vnd.ms-excel.addin.macroEnabled.main+xml",
        ]
        guard let entry = package.parts(where: types.contains).lazy.compactMap({ package.zip.entry($0) }).first else {
            throw XLSXError.missingPart("the workbook part")
        }
        return entry
    }

    var workbookDirectory: String { OPCPackage.split(workbookEntry.name).directory }

    // MARK: planning

    func plan(marks: [CellMark], report: ReportSheet?) throws {
        let oldReport = report == nil ? nil : oldReportIndex(name: report!.name)
        let marked = try groupMarks(marks, excluding: oldReport)
        let styles = try stylesPatch()
        var selected: Set<Int> = []
        if report != nil {
            for sheet in workbook.sheets where sheet.index != oldReport && marked[sheet.index] == nil {
                if let part = sheet.partName, let entry = zip.entry(part), try SheetViewScan.isTabSelected(entry, in: zip) {
                    selected.insert(sheet.index)
                }
            }
        }
        let headed = printsHeadings ? Set(workbook.sheets.filter { $0.kind == .worksheet && $0.index != oldReport }.map(\.index)) : []
        for index in Set(marked.keys).union(selected).union(headed).sorted() {
            let sheetMarks = marked[index] ?? SheetMarks(sheet: workbook.sheets[index])
            try patchSheet(sheetMarks, styles: styles, deselectTab: report != nil)
        }
        if let report { try addReport(report, oldIndex: oldReport, styles: styles) }
        if styles.hasAdditions { try writeStyles(styles) }
        try patchWorkbookRelationshipsAndContentTypes()
    }

    /// The earlier report sheet: the one the marker name is local to, else one of the report's name.
    private func oldReportIndex(name: String) -> Int? {
        if let marked = workbook.definedNames.first(where: { $0.name == WorkbookPatcher.reportMarkerName })?.localSheetIndex,
           workbook.sheets.indices.contains(marked), workbook.sheets[marked].kind == .worksheet {
            return marked
        }
        return workbook.sheets.first { $0.name == name && $0.kind == .worksheet }?.index
    }

    func sheet(named name: String, excluding excluded: Int?) throws -> SheetInfo {
        let candidates = workbook.sheets.filter { $0.index != excluded }
        if let sheet = candidates.first(where: { $0.name == name }) ?? candidates.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return sheet
        }
        throw XLSXError.noSuchSheet(name, available: candidates.map(\.name))
    }

    private func groupMarks(_ marks: [CellMark], excluding excluded: Int?) throws -> [Int: SheetMarks] {
        var grouped: [Int: SheetMarks] = [:]
        var seen: [Int: [CellReference: Int]] = [:]
        var merges: [Int: [CellRange]] = [:]
        for var mark in marks {
            let sheet = try sheet(named: mark.sheet, excluding: excluded)
            guard sheet.kind == .worksheet else { throw XLSXError.notAWorksheet(sheet.name) }
            guard mark.cell.isWithinExcelLimits else {
                throw XLSXError.excelLimit(mark.cell.row > ExcelLimits.rowCount || mark.cell.row < 1 ? .rowCount : .columnCount,
                                           detail: "cell \(mark.cell) of sheet \"\(sheet.name)\"")
            }
            let fill = try ARGBColor(mark.fillARGB)
            // Only the top-left cell of a merged range shows its fill and comment.
            if merges[sheet.index] == nil { merges[sheet.index] = try mergedRanges(of: sheet) }
            if let range = merges[sheet.index]?.first(where: { $0.contains(mark.cell) }) { mark.cell = range.first }
            var group = grouped[sheet.index] ?? SheetMarks(sheet: sheet)
            if seen[sheet.index]?[mark.cell] == nil {
                seen[sheet.index, default: [:]][mark.cell] = group.notes.count
                group.marks.append(SheetMark(cell: mark.cell, fill: fill))
                group.notes.append((mark.cell, []))
            }
            if let comment = mark.comment, !comment.isEmpty, let position = seen[sheet.index]?[mark.cell] {
                group.notes[position].messages.append(comment)
            }
            grouped[sheet.index] = group
        }
        return grouped
    }

    /// A worksheet's merged ranges (read through the whole sheet: they follow its data).
    func mergedRanges(of sheet: SheetInfo) throws -> [CellRange] {
        let reader = try workbook.rows(of: sheet)
        while try reader.next() != nil {}
        return reader.mergedRanges
    }

    func stylesPatch() throws -> StylesPatch {
        let relationship = workbookRelationships.first { $0.isType("styles") && !$0.isExternal }
        let entry = relationship.flatMap { zip.entry($0.target) }
        return try StylesPatch(part: try entry.map { try zip.read($0) },
                               partName: entry?.name ?? "styles.xml", mainNamespace: mainNamespace)
    }

    func writeStyles(_ styles: StylesPatch) throws {
        let output = XMLOutput()
        try styles.write(to: output)
        if let relationship = workbookRelationships.first(where: { $0.isType("styles") && !$0.isExternal }) {
            if let entry = zip.entry(relationship.target) {
                replaced[entry.name] = .bytes(output.bytes)
            } else {
                added.append((relationship.target, .bytes(output.bytes)))
                overrides.append((relationship.target, ContentTypesPatch.styles))
            }
        } else {
            let name = newPartName(directory: workbookDirectory, stem: "styles", extension: "xml", numbered: false)
            added.append((name, .bytes(output.bytes)))
            overrides.append((name, ContentTypesPatch.styles))
            newWorkbookRelationships.append(NewRelationship(id: RelationshipsPatch.freshID(&workbookRelationshipIDs),
                                                            type: relationshipTypeBase + "styles",
                                                            target: RelationshipsPatch.relativeTarget(of: name, from: workbookEntry.name)))
        }
    }

    // MARK: sheets

    private func patchSheet(_ sheetMarks: SheetMarks, styles: StylesPatch, deselectTab: Bool) throws {
        let sheet = sheetMarks.sheet
        guard let part = sheet.partName, let entry = zip.entry(part) else {
            throw XLSXError.missingPart(sheet.partName ?? "the part of sheet \"\(sheet.name)\"")
        }
        let notes = try sheetMarks.notes.compactMap { note -> (cell: CellReference, text: String)? in
            guard !note.messages.isEmpty else { return nil }
            let text = CommentsPatch.note(messages: note.messages, marker: marker)
            guard text.count <= ExcelLimits.cellTextLength else {
                throw XLSXError.excelLimit(.commentLength, detail: "the comment on \(note.cell) of sheet \"\(sheet.name)\"")
            }
            return (note.cell, text)
        }
        let relsName = RelationshipsPatch.partName(of: entry.name)
        let relsEntry = zip.entry(relsName)
        let relsBytes = try relsEntry.map { try zip.read($0) }
        var relationshipIDs = try relsBytes.map { try RelationshipsPatch.ids(in: $0, partName: relsName) } ?? []
        let drawingID = notes.isEmpty ? nil : RelationshipsPatch.freshID(&relationshipIDs)

        let path = try temporaryPath()
        let rewriter = SheetRewriter(output: try XMLOutput(path: path), partName: entry.name, marks: sheetMarks.marks,
                                     styles: styles, deselectTab: deselectTab, legacyDrawingID: drawingID,
                                     relationshipsNamespace: relationshipsNamespace, printsHeadings: printsHeadings)
        try rewriter.rewrite(entry, in: zip)
        replaced[entry.name] = .file(path)
        markedCount += rewriter.markedCount
        guard !notes.isEmpty else { return }

        let relationships = try package.relationships(of: entry.name)
        var newRelationships: [NewRelationship] = []
        var shapeCells: [CellReference]
        if let comments = relationships.first(where: { $0.isType("comments") && !$0.isExternal }),
           let commentsEntry = zip.entry(comments.target) {
            let output = XMLOutput()
            let commentsRewriter = CommentsRewriter(output: output, partName: commentsEntry.name, notes: notes,
                                                    author: author, marker: marker)
            try commentsRewriter.rewrite(commentsEntry, in: zip)
            replaced[commentsEntry.name] = .bytes(output.bytes)
            shapeCells = commentsRewriter.newlyCommentedCells
        } else {
            let name = newPartName(directory: workbookDirectory, stem: "comments", extension: "xml")
            added.append((name, .bytes(Array(CommentsPatch.newPart(notes: notes, author: author, namespace: mainNamespace).utf8))))
            overrides.append((name, ContentTypesPatch.comments))
            newRelationships.append(NewRelationship(id: RelationshipsPatch.freshID(&relationshipIDs), type: relationshipTypeBase + "comments",
                                                    target: RelationshipsPatch.relativeTarget(of: name, from: entry.name)))
            shapeCells = notes.map(\.cell)
        }
        if let existing = rewriter.existingLegacyDrawingID {
            if !shapeCells.isEmpty, let drawing = relationships.first(where: { $0.id == existing && !$0.isExternal }),
               let drawingEntry = zip.entry(drawing.target) {
                replaced[drawingEntry.name] = .bytes(try VMLPatch.appending(cells: shapeCells, to: try zip.read(drawingEntry),
                                                                            partName: drawingEntry.name))
            }
        } else if rewriter.insertedLegacyDrawing, let drawingID {
            // The sheet had no drawing, so no comment of it had a box: every noted cell gets one.
            shapeCells = notes.map(\.cell)
            let name = newPartName(directory: (workbookDirectory.isEmpty ? "" : workbookDirectory + "/") + "drawings",
                                   stem: "vmlDrawing", extension: "vml")
            added.append((name, .bytes(Array(VMLPatch.newDrawing(block: try vmlBlock(), cells: shapeCells).utf8))))
            defaults.append(("vml", ContentTypesPatch.vmlDrawing))
            newRelationships.append(NewRelationship(id: drawingID, type: relationshipTypeBase + "vmlDrawing",
                                                    target: RelationshipsPatch.relativeTarget(of: name, from: entry.name)))
        }
        guard !newRelationships.isEmpty else { return }
        let patched = try RelationshipsPatch.patched(relsBytes, partName: relsName, adding: newRelationships, removing: [])
        if let relsEntry { replaced[relsEntry.name] = .bytes(patched) } else { added.append((relsName, .bytes(patched))) }
    }

    /// A VML id block no drawing of the package claims.
    private func vmlBlock() throws -> Int {
        var claimed = try claimedVMLBlocks ?? Set(zip.names.filter { $0.lowercased().hasSuffix(".vml") }.flatMap { name in
            try zip.entry(name).map { VMLPatch.idBlocks(in: try zip.read($0)) } ?? []
        })
        guard let block = FileNumber.next(after: claimed, in: VMLPatch.idBlockRange) else {
            throw XLSXError.invalidContent(part: "the VML drawings", message: "every shape id block is claimed already")
        }
        claimed.insert(block)
        claimedVMLBlocks = claimed
        return block
    }

    // MARK: report

    /// The report's print titles (its header row) and print area, when it has a page setup.
    private func printNames(_ report: ReportSheet) -> [NewDefinedName] {
        guard let setup = report.pageSetup else { return [] }
        let sheet = ReportSheetXML.quoted(report.name)
        let header = report.headerRow
        var names = [NewDefinedName(name: "_xlnm.Print_Titles", localSheetIndex: 0, isHidden: false, formula: sheet + "!$\(header):$\(header)")]
        if let area = setup.printArea {
            names.append(NewDefinedName(name: "_xlnm.Print_Area", localSheetIndex: 0, isHidden: false,
                                        formula: sheet + "!$" + CellReference.columnLetters(area.first.column) + "$\(area.first.row):$"
                                            + CellReference.columnLetters(area.last.column) + "$\(area.last.row)"))
        }
        return names
    }

    private func addReport(_ report: ReportSheet, oldIndex: Int?, styles: StylesPatch) throws {
        var report = report
        report.name = try reportSheetName(report.name, oldIndex: oldIndex)
        reportName = report.name
        try report.pageSetup?.check()
        guard report.rows.count < ExcelLimits.rowCount else {
            throw XLSXError.excelLimit(.rowCount, detail: "the report has \(report.rows.count) rows and a header")
        }
        for (number, row) in report.rows.enumerated() {
            if var link = row.link {
                let target = try sheet(named: link.sheet, excluding: oldIndex)
                link.sheet = target.name
                report.rows[number].link = link
            }
            for value in row.values where value.count > ExcelLimits.cellTextLength {
                throw XLSXError.excelLimit(.cellTextLength, detail: "row \(number + 1) of the report")
            }
        }
        var swatches: [(argb: String, color: ARGBColor)] = []
        for line in report.preamble + report.closing {
            if line.text.count > ExcelLimits.cellTextLength {
                throw XLSXError.excelLimit(.cellTextLength, detail: "a line of the report's letter")
            }
            if let argb = line.swatchARGB, !swatches.contains(where: { $0.argb == argb }) { swatches.append((argb, try ARGBColor(argb))) }
        }
        let stringsEntry = sharedStringsEntry
        let strings = try SharedStringsPatch(zip: zip, entry: stringsEntry, limits: limits)
        let formats = try styles.reportFormats(body: report.bodyFont, title: report.titleFont, swatches: swatches)
        let xml = ReportSheetXML.part(report, strings: strings, formats: formats, namespace: mainNamespace)

        var sheetID = SheetIdentifier.next(after: sheetEntries.compactMap(\.sheetID))
        var relationshipID: String
        let old = oldIndex.flatMap { index in
            workbook.sheets[index].partName.flatMap { part in zip.entry(part).map { (index, $0) } }
        }
        if let (_, entry) = old { try strings.discountReferences(of: entry, in: zip) }
        if let (index, entry) = old, let oldRelationship = sheetEntries[safe: index]?.relationshipID {
            replaced[entry.name] = .bytes(Array(xml.utf8))
            relationshipID = oldRelationship
            sheetID = sheetEntries[index].sheetID ?? sheetID
            if let rels = zip.entry(RelationshipsPatch.partName(of: entry.name)) { removed.insert(rels.name) }
        } else {
            if let oldIndex, let oldRelationship = sheetEntries[safe: oldIndex]?.relationshipID {
                removedWorkbookRelationships.insert(oldRelationship)
            }
            let name = newPartName(directory: (workbookDirectory.isEmpty ? "" : workbookDirectory + "/") + "worksheets",
                                   stem: "sheet", extension: "xml")
            added.append((name, .bytes(Array(xml.utf8))))
            overrides.append((name, ContentTypesPatch.worksheet))
            relationshipID = RelationshipsPatch.freshID(&workbookRelationshipIDs)
            newWorkbookRelationships.append(NewRelationship(id: relationshipID, type: relationshipTypeBase + "worksheet",
                                                            target: RelationshipsPatch.relativeTarget(of: name, from: workbookEntry.name)))
        }

        let filterRange = "$A$\(report.headerRow):$\(CellReference.columnLetters(report.columnCount))$\(report.lastTableRow)"
        let output = XMLOutput()
        try WorkbookXMLRewriter(output: output, partName: workbookEntry.name, sheetName: report.name, sheetID: sheetID,
                                relationshipID: relationshipID, relationshipsNamespace: relationshipsNamespace,
                                removedIndex: oldIndex, newNames: [
                                    NewDefinedName(name: "_xlnm._FilterDatabase", localSheetIndex: 0, isHidden: true,
                                                   formula: ReportSheetXML.quoted(report.name) + "!" + filterRange),
                                    NewDefinedName(name: WorkbookPatcher.reportMarkerName, localSheetIndex: 0, isHidden: true,
                                                   formula: "TRUE"),
                                ] + printNames(report)).rewrite(try zip.read(workbookEntry))
        replaced[workbookEntry.name] = .bytes(output.bytes)
        try writeSharedStrings(strings)
    }

    /// The workbook's shared-strings part, when it has one.
    var sharedStringsEntry: ZipArchive.Entry? {
        workbookRelationships.first { $0.isType("sharedStrings") && !$0.isExternal }.flatMap { zip.entry($0.target) }
    }

    /// Writes the shared-strings table with the patch's strings: the part rewritten, or made
    /// (with its content type, and its relationship when the workbook has none).
    func writeSharedStrings(_ strings: SharedStringsPatch) throws {
        let stringsRelationship = workbookRelationships.first { $0.isType("sharedStrings") && !$0.isExternal }
        if let stringsEntry = sharedStringsEntry {
            let path = try temporaryPath()
            try strings.write(from: stringsEntry, in: zip, to: try XMLOutput(path: path))
            replaced[stringsEntry.name] = .file(path)
        } else {
            let name = stringsRelationship?.target
                ?? newPartName(directory: workbookDirectory, stem: "sharedStrings", extension: "xml", numbered: false)
            added.append((name, .bytes(Array(strings.newPart(namespace: mainNamespace).utf8))))
            overrides.append((name, ContentTypesPatch.sharedStrings))
            if stringsRelationship == nil {
                newWorkbookRelationships.append(NewRelationship(id: RelationshipsPatch.freshID(&workbookRelationshipIDs),
                                                                type: relationshipTypeBase + "sharedStrings",
                                                                target: RelationshipsPatch.relativeTarget(of: name, from: workbookEntry.name)))
            }
        }
    }

    /// The report's name checked against Excel's rules; `name (2)` … when a sheet of the workbook's own has it.
    private func reportSheetName(_ name: String, oldIndex: Int?) throws -> String {
        guard !name.isEmpty, name.count <= ExcelLimits.sheetNameLength else {
            throw XLSXError.excelLimit(.sheetNameLength, detail: "\"\(name)\"")
        }
        guard !name.contains(where: { ":\\/?*[]".contains($0) }), !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw XLSXError.excelLimit(.sheetNameCharacters, detail: "\"\(name)\"")
        }
        let taken = Set(workbook.sheets.filter { $0.index != oldIndex }.map { $0.name.lowercased() })
        var candidate = name
        var number = 1
        while taken.contains(candidate.lowercased()) {
            number += 1
            let suffix = " (\(number))"
            candidate = String(name.prefix(ExcelLimits.sheetNameLength - suffix.count)) + suffix
        }
        return candidate
    }

    // MARK: package parts

    func patchWorkbookRelationshipsAndContentTypes() throws {
        if !newWorkbookRelationships.isEmpty || !removedWorkbookRelationships.isEmpty {
            let name = RelationshipsPatch.partName(of: workbookEntry.name)
            let entry = zip.entry(name)
            let patched = try RelationshipsPatch.patched(try entry.map { try zip.read($0) }, partName: name,
                                                         adding: newWorkbookRelationships, removing: removedWorkbookRelationships)
            if let entry { replaced[entry.name] = .bytes(patched) } else { added.append((name, .bytes(patched))) }
        }
        guard !overrides.isEmpty || !defaults.isEmpty || !removed.isEmpty else { return }
        if let entry = zip.entry(ContentTypesPatch.partName) {
            replaced[entry.name] = .bytes(try ContentTypesPatch.patched(try zip.read(entry), overrides: overrides,
                                                                       defaults: uniqueDefaults, removing: removed))
        } else {
            let minimal = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"\(ContentTypesPatch.namespace)\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
            added.append((ContentTypesPatch.partName, .bytes(try ContentTypesPatch.patched(Array(minimal.utf8), overrides: overrides,
                                                                                          defaults: uniqueDefaults, removing: []))))
        }
    }

    private var uniqueDefaults: [(extension: String, type: String)] {
        var seen: Set<String> = []
        return defaults.filter { seen.insert($0.extension).inserted }
    }

    /// A part name not used in the source nor by the patch, and whose relationships part is not
    /// there either (a stale one would give the new part its relationships): `xl/comments3.xml`.
    func newPartName(directory: String, stem: String, extension ext: String, numbered: Bool = true) -> String {
        let prefix = directory.isEmpty ? "" : directory + "/"
        let taken = Set(added.map { ZipArchive.normalise($0.name) })
        func isFree(_ name: String) -> Bool {
            [name, RelationshipsPatch.partName(of: name)].allSatisfy { zip.entry($0) == nil && !taken.contains(ZipArchive.normalise($0)) }
        }
        if !numbered, isFree(prefix + stem + "." + ext) { return prefix + stem + "." + ext }
        var number = 1
        while !isFree(prefix + stem + String(number) + "." + ext) { number += 1 }
        return prefix + stem + String(number) + "." + ext
    }

    /// A new file in the session's temporary folder (in `TMPDIR`, else `/tmp`), for a streamed part.
    func temporaryPath() throws -> String {
        if temporaryDirectory == nil {
            let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((base + "/taizhang-patch-XXXXXX").utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw XLSXError.cannotWrite(path: base, reason: String(cString: strerror(errno)))
            }
            temporaryDirectory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return temporaryDirectory! + "/part\(replaced.count + added.count).xml"
    }

    func removeTemporaryFiles() {
        guard let temporaryDirectory else { return }
        for content in replaced.values {
            if case .file(let path) = content { unlink(path) }
        }
        for (_, content) in added {
            if case .file(let path) = content { unlink(path) }
        }
        rmdir(temporaryDirectory)
    }

    // MARK: writing

    func write(to destination: String) throws -> PatchSummary {
        let writer = try PackageArchiveWriter(sourcePath: sourcePath, destination: destination)
        var written: Set<String> = []
        for name in zip.names where !written.contains(name) && !removed.contains(name) {
            written.insert(name)
            guard let entry = zip.entry(name) else { continue }
            switch replaced[entry.name] {
            case .bytes(let bytes)?: try writer.addBytes(name: name, bytes: bytes, like: entry.index)
            case .file(let path)?: try writer.addFile(name: name, path: path, like: entry.index)
            case nil: try writer.copyEntry(index: entry.index, name: name)
            }
        }
        for (name, content) in added {
            switch content {
            case .bytes(let bytes): try writer.addBytes(name: name, bytes: bytes, like: nil)
            case .file(let path): try writer.addFile(name: name, path: path, like: nil)
            }
        }
        try writer.commit()
        return PatchSummary(rewrittenParts: replaced.keys.sorted(), addedParts: added.map(\.name),
                            removedParts: removed.sorted(), markedCells: markedCount, reportSheetName: reportName)
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
