import XLSX

/// The command-line option that sets each of the reading limits (``XLSX/ReadLimits``), as every
/// command that reads workbooks takes them (`validate`, `merge`, `evaluate`, `dump`, `info`,
/// `serve`, `import`), and the messages that name it when a file passes one.
///
/// XLSX stays generic: its ``XLSX/XLSXError/limitExceeded(limit:part:value:maximum:)`` names the
/// `ReadLimits` property. What a clerk or a town reads names the option instead: the CLI's
/// one-line error (``english(limit:part:value:maximum:)``) and the `unreadable` finding
/// (Chinese by default, English on request).
package enum ReadLimitOption: String, CaseIterable, Sendable {
    case maxPartSize = "--max-part-size"
    case maxTotalSize = "--max-total-size"
    case maxRatio = "--max-ratio"
    case maxEntries = "--max-entries"
    case maxStringLength = "--max-string-length"
    case maxSharedStrings = "--max-shared-strings"

    /// The option that raises a limit; nil for Excel's own (cells per row), which none does.
    package init?(_ limit: ReadLimits.Name) {
        guard let option = Self.allCases.first(where: { $0.limit == limit }) else { return nil }
        self = option
    }

    /// The limit the option sets.
    package var limit: ReadLimits.Name {
        switch self {
        case .maxPartSize: return .partSize
        case .maxTotalSize: return .totalSize
        case .maxRatio: return .compressionRatio
        case .maxEntries: return .entryCount
        case .maxStringLength: return .stringLength
        case .maxSharedStrings: return .sharedStringCount
        }
    }

    /// Bytes per unit of the option's value: sizes are given in MiB, the others as plain numbers.
    package var scale: Int64 {
        switch self {
        case .maxPartSize, .maxTotalSize, .maxStringLength: return 1 << 20
        case .maxRatio, .maxEntries, .maxSharedStrings: return 1
        }
    }

    /// The largest value the option takes (so that the limit, `value × scale`, stays an `Int64`).
    package var largestValue: Int64 { Int64.max / scale }

    /// The limit in the option's unit, as a user types it: `2,048 MiB`, `1,000`.
    package func optionText(_ maximum: Int64) -> String {
        let value = maximum / scale
        let text = ReadLimitOption.grouped(value)
        return scale == 1 ? text : text + " MiB"
    }

    /// What a user reads when a file passes a limit, in English (the CLI's message on standard
    /// error, the `unreadable` finding with `--lang en`).
    package static func english(limit: ReadLimits.Name, part: String?, value: Int64, maximum: Int64) -> String {
        let place = part.map { " in \($0)" } ?? ""
        let raise = ReadLimitOption(limit).map { option in
            "the limit is \(option.optionText(maximum)), set by \(option.rawValue)"
        } ?? "the limit is Excel's own, \(limit.quantity(maximum))"
        return "\(limit.explanation)\(place) (\(limit.quantity(value)); \(raise)); refused for safety"
    }

    /// The same in Chinese, for the `unreadable` finding a town reads.
    package static func chinese(limit: ReadLimits.Name, part: String?, value: Int64, maximum: Int64) -> String {
        let place = part.map { "(\($0))" } ?? ""
        let amount = grouped(value)
        let what: String
        switch limit {
        case .partSize: what = "工作簿中的一个部件\(place)解压后达 \(amount) 字节"
        case .totalSize: what = "工作簿解压后共达 \(amount) 字节"
        case .compressionRatio: what = "工作簿中的一个部件\(place)压缩比达 \(amount):1,远超正常工作簿(疑为压缩炸弹)"
        case .entryCount: what = "工作簿压缩包内有 \(amount) 个条目"
        case .stringLength: what = "工作簿\(place)中有一个文本长达 \(amount) 字节"
        case .sharedStringCount: what = "工作簿\(place)的共享字符串达 \(amount) 条"
        case .cellsPerRow: what = "工作簿\(place)中有一行的单元格超过 \(grouped(maximum)) 列"
        }
        guard let option = ReadLimitOption(limit) else {
            return what + ",超出 Excel 本身的列数上限,出于安全考虑未读取"
        }
        return what + ",超过上限 \(option.optionText(maximum))(由 \(option.rawValue) 设定),出于安全考虑未读取;"
            + "如文件确无问题,可用 \(option.rawValue) 调高上限"
    }

    private static func grouped(_ value: Int64) -> String { ReadLimits.Name.grouped(value) }
}
