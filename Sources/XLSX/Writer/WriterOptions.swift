/// How a ``WorkbookWriter`` writes.
public struct WriterOptions: Sendable {
    /// Strings go to the shared-strings table (the default, what Excel writes and what WPS
    /// requires); false writes inline strings, so memory stays constant however many distinct
    /// strings the workbook holds.
    public var useSharedStrings: Bool
    /// The deflate level, 1 (fastest) to 9 (smallest). The sheets and the shared strings are
    /// deflated on a second core while the rows are generated (`BackgroundDeflater`), so the
    /// level costs wall time only once deflating is slower than generating XML.
    ///
    /// The default, 4, measured on `bench/work/data.csv` (1,000,010 cells, 43 MB of XML;
    /// `taizhang convert`, 2 cores, 7 runs per level alternated with libxlsxwriter's constant-memory
    /// writer, which took 2.10 s and wrote 7.59 MiB, medians; another process kept about one core
    /// busy):
    ///
    /// | level | wall   | CPU    | file      |
    /// |------:|-------:|-------:|----------:|
    /// | 1     | 0.64 s | 0.60 s | 9.30 MiB  |
    /// | 2     | 0.76 s | 0.73 s | 8.64 MiB  |
    /// | 3     | 0.92 s | 0.89 s | 8.31 MiB  |
    /// | 4     | 0.83 s | 0.89 s | 7.85 MiB  |
    /// | 5     | 1.05 s | 1.13 s | 7.58 MiB  |
    /// | 6     | 1.55 s | 1.59 s | 7.49 MiB  |
    ///
    /// On a quieter machine (both cores free) levels 2, 4 and 5 took 0.40, 0.54 and 0.74 s. Level
    /// 4 (zlib's first level with lazy matching) makes files 9% smaller than 2 for about 0.15 s
    /// of the second core, within 4% of the peers' size; from 5 on, deflating is the bottleneck.
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
    public init(useSharedStrings: Bool = true, compressionLevel: Int = 4,
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
