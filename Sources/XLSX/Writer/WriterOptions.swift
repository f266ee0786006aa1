/// How a ``WorkbookWriter`` writes.
public struct WriterOptions: Sendable {
    /// Strings go to the shared-strings table (the default, what Excel writes and what WPS
    /// requires); false writes inline strings, so memory stays constant however many distinct
    /// strings the workbook holds.
    public var useSharedStrings: Bool
    /// The deflate level, 1 (fastest) to 9 (smallest). The default, 2, measured on a million
    /// cells: as fast as 1 and 5% smaller; level 6 makes files 16% smaller but zips 4 times slower.
    public var compressionLevel: Int
    /// The workbook's default font (cell style 0 and every unset font property).
    public var defaultFont: FontStyle
    /// The number format given to a date cell whose style has none.
    public var dateFormat: String
    /// The number format given to a date-time cell (a time other than midnight) whose style has none.
    public var dateTimeFormat: String
    /// The number format given to a time of day (a date-time on 1899-12-30) whose style has none.
    public var timeFormat: String
    /// Where the rows of each sheet wait until the workbook is closed; nil is the destination's
    /// directory (so that the waiting rows use disk, never a memory-backed `/tmp`).
    public var temporaryDirectory: String?
    /// Marks text that begins or ends with white space `xml:space="preserve"`, as Excel does:
    /// without it Excel and calamine trim the white space. The ECMA schema does not declare the
    /// attribute on `<t>`; false drops it (schema-clean parts, white space at the edges lost).
    public var preservesEdgeWhitespace: Bool

    /// Options with the defaults.
    public init(useSharedStrings: Bool = true, compressionLevel: Int = 2,
                defaultFont: FontStyle = FontStyle(name: "Calibri", size: 11),
                dateFormat: String = "yyyy-mm-dd", dateTimeFormat: String = "yyyy-mm-dd hh:mm:ss",
                timeFormat: String = "hh:mm:ss", temporaryDirectory: String? = nil,
                preservesEdgeWhitespace: Bool = true) {
        self.useSharedStrings = useSharedStrings
        self.compressionLevel = compressionLevel
        self.defaultFont = defaultFont
        self.dateFormat = dateFormat
        self.dateTimeFormat = dateTimeFormat
        self.timeFormat = timeFormat
        self.temporaryDirectory = temporaryDirectory
        self.preservesEdgeWhitespace = preservesEdgeWhitespace
    }
}
