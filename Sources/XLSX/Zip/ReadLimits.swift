/// Safety limits applied while reading, so that a hostile or broken file is refused in bounded
/// time and memory. The defaults fit every workbook Excel can make (1,048,576 rows × 16,384
/// columns would be far larger than any ledger) and refuse zip bombs.
///
/// ```swift
/// var limits = ReadLimits()
/// limits.maximumPartSize = 64 << 20     // 64 MiB unpacked per part
/// let workbook = try Workbook(path: "town.xlsx", limits: limits)
/// ```
public struct ReadLimits: Sendable, Equatable, Codable {
    /// The names of the limits, for messages.
    public enum Name: String, Sendable, Equatable, Codable {
        /// The unpacked size of one part.
        case partSize
        /// The unpacked size of all parts.
        case totalSize
        /// How much a large part may be compressed.
        case compressionRatio
        /// The zip entries.
        case entryCount
        /// The length of one text value.
        case stringLength
        /// The shared strings.
        case sharedStringCount
        /// The cells of one row.
        case cellsPerRow

        /// What the limit bounds, in words.
        public var explanation: String {
            switch self {
            case .partSize: return "a part unpacks to more bytes than allowed"
            case .totalSize: return "the workbook unpacks to more bytes than allowed"
            case .compressionRatio: return "a part is compressed far more than real workbooks are (a zip bomb?)"
            case .entryCount: return "the archive holds more entries than allowed"
            case .stringLength: return "a text value is longer than allowed"
            case .sharedStringCount: return "the shared-strings table holds more strings than allowed"
            case .cellsPerRow: return "a row holds more cells than a sheet has columns"
            }
        }

        /// The ``ReadLimits`` property that sets the limit (`maximumPartSize`); nil for
        /// ``cellsPerRow``, which is Excel's own (``ExcelLimits/columnCount``) and cannot be raised.
        public var property: String? {
            switch self {
            case .partSize: return "maximumPartSize"
            case .totalSize: return "maximumTotalSize"
            case .compressionRatio: return "maximumCompressionRatio"
            case .entryCount: return "maximumEntryCount"
            case .stringLength: return "maximumStringLength"
            case .sharedStringCount: return "maximumSharedStrings"
            case .cellsPerRow: return nil
            }
        }

        /// What the limit counts, after a number: `bytes`, `:1` (a ratio), `entries`, `strings`, `columns`.
        public var unit: String {
            switch self {
            case .partSize, .totalSize, .stringLength: return "bytes"
            case .compressionRatio: return ":1"
            case .entryCount: return "entries"
            case .sharedStringCount: return "strings"
            case .cellsPerRow: return "columns"
            }
        }

        /// `value` with thousands separators and the unit: `2,147,483,648 bytes`, `1,000:1`.
        public func quantity(_ value: Int64) -> String {
            Self.grouped(value) + (unit.hasPrefix(":") ? unit : " " + unit)
        }

        /// `1234567` as `1,234,567`, as the messages write numbers.
        public static func grouped(_ value: Int64) -> String {
            let digits = Array(String(value.magnitude))
            var text = ""
            for (index, digit) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
                text.append(digit)
            }
            return (value < 0 ? "-" : "") + text
        }
    }

    /// The value of a limit in force (``Name/cellsPerRow``: Excel's column count).
    public func maximum(_ name: Name) -> Int64 {
        switch name {
        case .partSize: return maximumPartSize
        case .totalSize: return maximumTotalSize
        case .compressionRatio: return maximumCompressionRatio
        case .entryCount: return maximumEntryCount
        case .stringLength: return maximumStringLength
        case .sharedStringCount: return maximumSharedStrings
        case .cellsPerRow: return Int64(ExcelLimits.columnCount)
        }
    }

    /// Most bytes one part may unpack to. Default 2 GiB.
    public var maximumPartSize: Int64 = 2 << 30
    /// Most bytes all parts read may unpack to together. Default 8 GiB.
    public var maximumTotalSize: Int64 = 8 << 30
    /// Highest unpacked ÷ packed ratio of a part, checked once a part passes
    /// ``compressionRatioThreshold`` bytes. Default 1,000 (real sheets stay below 200).
    public var maximumCompressionRatio: Int64 = 1_000
    /// Unpacked size from which the compression ratio is checked. Default 16 MiB.
    public var compressionRatioThreshold: Int64 = 16 << 20
    /// Most entries the archive may hold. Default 100,000.
    public var maximumEntryCount: Int64 = 100_000
    /// Longest text value (a shared string, inline string or formula result), in UTF-8 bytes.
    /// Default 1 MiB: Excel's own limit is 32,767 characters (at most 128 KiB of UTF-8), other
    /// programs write somewhat longer text, and nothing legitimate comes near a megabyte.
    public var maximumStringLength: Int64 = 1 << 20
    /// Most strings in the shared-strings table. Default 16,777,216.
    public var maximumSharedStrings: Int64 = 1 << 24

    /// The default limits.
    public init() {}

    /// No limits at all (trusted input only).
    public static let unlimited: ReadLimits = {
        var limits = ReadLimits()
        limits.maximumPartSize = .max
        limits.maximumTotalSize = .max
        limits.maximumCompressionRatio = .max
        limits.maximumEntryCount = .max
        limits.maximumStringLength = .max
        limits.maximumSharedStrings = .max
        return limits
    }()
}

extension ReadLimits {
    /// The error for `value` passing the limit `name` (in `part`, when one part is to blame).
    func exceeded(_ name: Name, part: String?, value: Int64) -> XLSXError {
        .limitExceeded(limit: name, part: part, value: value, maximum: maximum(name))
    }
}
