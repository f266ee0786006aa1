import GRDB

/// One upload as recorded: who sent what when, and what validation found.
///
/// Rows are only ever inserted: the history is the record of every upload (rejected and
/// unreadable ones included), and the file it names is never modified.
struct SubmissionRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "submission"

    var id: Int64?
    /// The town it belongs to; nil for an unreadable district upload that names none.
    var town: String?
    /// The file name as uploaded.
    var fileName: String
    /// The SHA-256 of the bytes, hex; the file is `files/<sha256>`.
    var sha256: String
    var size: Int64
    /// Receipt time, ISO 8601 with the district's UTC offset (`2026-10-16T09:12:03+08:00`).
    var received: String
    /// Receipt time in seconds since 1970, for ordering and the weekly report day.
    var receivedAt: Double
    /// 填报日期 (`YYYY-MM-DD`), nil when the file does not give one.
    var reportDate: String?
    /// `accepted`, `rejected` or `unreadable`.
    var status: String
    var errors: Int
    var warnings: Int
    /// The findings as a JSON array (each as in findings.json), Chinese messages.
    var findings: String
    /// The findings as a JSON array with English messages.
    var findingsEnglish: String
    /// Who uploaded: `town` or `district`.
    var uploader: String
    /// The 成立日期 of its rows that count as founded, a JSON array of `YYYY-MM-DD` (see ``FoundingDates``).
    var foundingDates: String
    /// The town's target as the submission reports it (目标任务数), nil when it does not.
    var reportedTarget: Int?

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether the merge may use it (a readable file of a known town).
    var isReadable: Bool { status != SubmissionStatus.unreadable.rawValue }
}

/// An access token, stored only as its SHA-256.
struct TokenRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "token"

    var id: Int64?
    /// `district` or `town`.
    var role: String
    /// The town, for a town's token.
    var town: String?
    /// Hex SHA-256 of the token.
    var hash: String
    var created: String

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A browser session, stored only as the SHA-256 of its cookie; ends with its token.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "session"

    var hash: String
    var tokenId: Int64
    var created: String
}

/// What a submission's validation came to.
public enum SubmissionStatus: String, Sendable {
    /// No errors: the district outputs may use it.
    case accepted
    /// Errors: the town must fix them and upload again.
    case rejected
    /// The file could not be read at all; one finding says why.
    case unreadable
}
