import Evaluation
import Foundation
import GRDB
import Ledger

/// One upload as recorded: who sent what when, and what reading it found.
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
    /// `accepted`, `rejected` or `unreadable`, from the file on its own.
    var status: String
    /// Error findings of the file on its own.
    var errors: Int
    /// Warning findings of the file on its own.
    var warnings: Int
    /// The findings of the file on its own: a JSON array of `Finding` (both languages).
    var findings: String
    /// Who uploaded: `town` or `district`.
    var uploader: String
    /// The town's target as the submission reports it (目标任务数), nil when it does not.
    var reportedTarget: Int?
    /// The values of its district-unique columns (``StoredLines``; JSON in rows stored before).
    var districtValues: String
    /// The founding dates of its rows that count on their own (``StoredLines``; JSON in rows
    /// stored before), or nil when it has none.
    var founding: String?
    /// The submission it was made from by an edit on the portal (在线修改), nil for an upload.
    var editedFrom: Int64? = nil

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether it was made by an edit on the portal (在线修改).
    var isEdit: Bool { editedFrom != nil }

    /// Whether the merge may use it (a readable file).
    var isReadable: Bool { status != SubmissionStatus.unreadable.rawValue }

    /// Its place in the order that decides the current submission.
    var order: SubmissionOrder {
        SubmissionOrder(reportDate: reportDate.flatMap(LedgerDate.init(iso:)), received: receivedAt, sequence: id ?? 0)
    }

    /// The stored findings, decoded (a row written by another version that cannot be read is an
    /// error, not an empty list).
    func decodedFindings() throws -> [Finding] {
        try JSONDecoder().decode([Finding].self, from: Data(findings.utf8))
    }
}

extension SubmissionRecord {
    /// A row read column by column (GRDB's `Decodable` path took most of a scan of thousands of
    /// rows, as the bulletin's snapshots of the past make); a missing or mistyped column throws.
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        town = try row.decode(forColumn: "town")
        fileName = try row.decode(forColumn: "fileName")
        sha256 = try row.decode(forColumn: "sha256")
        size = try row.decode(forColumn: "size")
        received = try row.decode(forColumn: "received")
        receivedAt = try row.decode(forColumn: "receivedAt")
        reportDate = try row.decode(forColumn: "reportDate")
        status = try row.decode(forColumn: "status")
        errors = try row.decode(forColumn: "errors")
        warnings = try row.decode(forColumn: "warnings")
        findings = try row.decode(forColumn: "findings")
        uploader = try row.decode(forColumn: "uploader")
        reportedTarget = try row.decode(forColumn: "reportedTarget")
        districtValues = try row.decode(forColumn: "districtValues")
        founding = try row.decode(forColumn: "founding")
        editedFrom = try row.decode(forColumn: "editedFrom")
    }
}

/// An access token, stored only as its SHA-256.
struct TokenRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "token"

    /// Whom a token is for: its role and, for a town or a liaison leader, whose it is.
    struct Holder: Hashable, Sendable {
        static let districtRole = "district"
        static let townRole = "town"
        static let liaisonRole = "liaison"

        var role: String
        var town: String?
        var liaison: String?

        static let district = Holder(role: districtRole)
        static func town(_ name: String) -> Holder { Holder(role: townRole, town: name) }
        static func liaison(_ name: String) -> Holder { Holder(role: liaisonRole, liaison: name) }
    }

    var id: Int64?
    /// `district`, `town` or `liaison`.
    var role: String
    /// The town, for a town's token.
    var town: String?
    /// Hex SHA-256 of the token.
    var hash: String
    var created: String
    /// The leader (书记 …), for a liaison leader's token.
    var liaison: String?

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

/// What a submission's reading came to.
public enum SubmissionStatus: String, Sendable {
    /// No errors: every row counts.
    case accepted
    /// Errors: its rows without errors count, the others wait in 待核实 until a corrected upload
    /// or edit.
    case rejected
    /// The file could not be read at all; one finding says why.
    case unreadable
}
