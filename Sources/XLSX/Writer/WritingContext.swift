/// What the sheets of one workbook being written share: options, styles, shared strings, the
/// background deflater, and whether the workbook is still open.
final class WritingContext {
    let path: String
    let options: WriterOptions
    let styles: StyleRegistry
    let sharedStrings: SharedStringsTable
    /// Deflates the sheets' rows and the shared strings on a second core.
    let deflater: BackgroundDeflater
    /// Where the sheets' rows wait until the workbook is closed.
    let temporaryDirectory: String
    private(set) var isClosed = false

    init(path: String, options: WriterOptions, temporaryDirectory: String) throws {
        self.path = path
        self.options = options
        self.temporaryDirectory = temporaryDirectory
        styles = try StyleRegistry(options: options)
        deflater = BackgroundDeflater(level: options.compressionLevel)
        sharedStrings = SharedStringsTable(preservesEdgeWhitespace: options.preservesEdgeWhitespace, deflater: deflater,
                                           temporaryDirectory: temporaryDirectory, path: path)
    }

    /// Throws once the workbook is closed.
    func checkOpen() throws {
        if isClosed { throw XLSXError.cannotWrite(path: path, reason: "the workbook is already closed") }
    }

    /// Marks the workbook closed: every later write throws.
    func close() { isClosed = true }
}
