import Ledger

/// The bulletins made lately, with their workbooks and pages, kept while nothing new has been
/// received: at thousands of towns making a bulletin (two snapshots of the district, every
/// town's line, the workbook or the page) takes far longer than answering from here.
///
/// An entry is found by ``Key``: the day, the newest submission's id (any upload, edit or import
/// makes a new one, so what was received cannot have changed), the day the bulletin is issued
/// on (its 落款) and, while the report day runs, the minute it stands at.
actor BulletinCache {
    /// What a bulletin depends on besides the day's submissions.
    struct Key: Hashable, Sendable {
        var day: LedgerDate
        /// The id of the newest submission (0 when there is none).
        var newestSubmission: Int64
        var issued: LedgerDate
        /// The minute the bulletin stands at while its day runs; nil once the day is over.
        var minute: Int?
    }

    /// How many bulletins are kept (a few report days, each with its pages).
    static let capacity = 8

    private var bulletins: [Key: Bulletin] = [:]
    private var workbooks: [Key: [UInt8]] = [:]
    /// Rendered pages, by bulletin and by who reads them (the page names the reader).
    private var pages: [Key: [String: String]] = [:]
    /// Keys, least recently stored first.
    private var order: [Key] = []

    func bulletin(_ key: Key) -> Bulletin? { bulletins[key] }

    func store(_ bulletin: Bulletin, for key: Key) {
        bulletins[key] = bulletin
        touch(key)
    }

    func workbook(_ key: Key) -> [UInt8]? { workbooks[key] }

    func store(workbook: [UInt8], for key: Key) {
        workbooks[key] = workbook
        touch(key)
    }

    func page(_ key: Key, reader: String) -> String? { pages[key]?[reader] }

    func store(page: String, for key: Key, reader: String) {
        pages[key, default: [:]][reader] = page
        touch(key)
    }

    private func touch(_ key: Key) {
        order.removeAll { $0 == key }
        order.append(key)
        while order.count > Self.capacity {
            let oldest = order.removeFirst()
            bulletins[oldest] = nil
            workbooks[oldest] = nil
            pages[oldest] = nil
        }
    }
}
