import GRDB
import Ledger

/// Every SQL statement of the portal: the submissions with each town's current one, the access
/// tokens and the sessions. Nothing else in the portal speaks SQL.
///
/// Which submission is current is decided in Swift by `SubmissionOrder` (the rule `merge` and
/// `evaluate` use) when a submission is recorded, and kept in the `currentSubmission` table, so
/// that the queries only read it.
struct PortalStore: Sendable {
    let database: PortalDatabase

    /// The columns of a submission without its findings, district values and founding rows: what
    /// lists and the board need (at thousands of towns copying the rest would be most of their cost).
    private static let lightColumns = """
        submission.id, submission.town, fileName, sha256, size, received, receivedAt, reportDate, status, errors, warnings,
        '[]' AS findings, uploader, reportedTarget, '[]' AS districtValues, NULL AS founding
        """

    // MARK: submissions

    /// Records a submission and, when it is readable and of a town, makes it the town's current
    /// one if it is newer than that (`SubmissionOrder`); one transaction.
    func insert(_ record: inout SubmissionRecord) throws {
        try database.pool.write { database in
            try record.insert(database)
            guard record.isReadable, let town = record.town, let id = record.id else { return }
            let current = try SubmissionRecord.fetchOne(database, sql: """
                SELECT \(Self.lightColumns) FROM currentSubmission JOIN submission ON submission.id = currentSubmission.submissionId
                WHERE currentSubmission.town = ?
                """, arguments: [town])
            if let current, record.order < current.order { return }
            try database.execute(sql: """
                INSERT INTO currentSubmission (town, submissionId) VALUES (?, ?)
                ON CONFLICT(town) DO UPDATE SET submissionId = excluded.submissionId
                """, arguments: [town, id])
        }
    }

    /// A submission with everything stored about it.
    func submission(id: Int64) throws -> SubmissionRecord? {
        try database.pool.read { try SubmissionRecord.fetchOne($0, key: id) }
    }

    /// Every submission of a town (of all towns when nil), newest first, without findings.
    func history(town: String?) throws -> [SubmissionRecord] {
        try database.pool.read { database in
            if let town {
                return try SubmissionRecord.fetchAll(database, sql: """
                    SELECT \(Self.lightColumns) FROM submission WHERE town = ? ORDER BY receivedAt DESC, id DESC
                    """, arguments: [town])
            }
            return try SubmissionRecord.fetchAll(database, sql: """
                SELECT \(Self.lightColumns) FROM submission ORDER BY receivedAt DESC, id DESC
                """)
        }
    }

    /// The newest `limit` submissions of all towns (without findings), and how many there are in all.
    func recent(limit: Int) throws -> (records: [SubmissionRecord], total: Int) {
        try database.pool.read { database in
            (try SubmissionRecord.fetchAll(database, sql: """
                SELECT \(Self.lightColumns) FROM submission ORDER BY receivedAt DESC, id DESC LIMIT ?
                """, arguments: [limit]),
             try SubmissionRecord.fetchCount(database))
        }
    }

    /// A town's latest upload (by receipt), whatever its status, with everything stored about it.
    func latestUpload(town: String) throws -> SubmissionRecord? {
        try database.pool.read { database in
            try SubmissionRecord.fetchOne(database, sql: """
                SELECT * FROM submission WHERE town = ? ORDER BY receivedAt DESC, id DESC LIMIT 1
                """, arguments: [town])
        }
    }

    /// Each town's current submission, by town, with its district values and founding rows but
    /// without its findings.
    func currentSubmissions() throws -> [String: SubmissionRecord] {
        try database.pool.read { database in
            let records = try SubmissionRecord.fetchAll(database, sql: """
                SELECT submission.id, submission.town, fileName, sha256, size, received, receivedAt, reportDate, status, errors,
                       warnings, '[]' AS findings, uploader, reportedTarget, districtValues, founding
                FROM currentSubmission JOIN submission ON submission.id = currentSubmission.submissionId
                """)
            return Dictionary(records.map { ($0.town ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The ids of the current submissions, in id order (what the district's outputs are built from).
    func currentIds() throws -> [Int64] {
        try database.pool.read { try Int64.fetchAll($0, sql: "SELECT submissionId FROM currentSubmission ORDER BY submissionId") }
    }

    /// The id of a town's current submission.
    func currentId(town: String) throws -> Int64? {
        try database.pool.read { try Int64.fetchOne($0, sql: "SELECT submissionId FROM currentSubmission WHERE town = ?", arguments: [town]) }
    }

    /// Per town: how many uploads are kept for it and when the last arrived.
    func uploadCounts() throws -> [String: (count: Int, last: Double)] {
        try database.pool.read { database in
            var counts: [String: (count: Int, last: Double)] = [:]
            for row in try Row.fetchAll(database, sql: """
                SELECT town, COUNT(*) AS uploads, MAX(receivedAt) AS last FROM submission WHERE town IS NOT NULL GROUP BY town
                """) {
                counts[row["town"]] = (row["uploads"], row["last"])
            }
            return counts
        }
    }

    /// A town's uploads received since `moment`: how many, and when the first of them arrived.
    func uploads(town: String, since moment: Double) throws -> (count: Int, first: Double?) {
        try database.pool.read { database in
            let row = try Row.fetchOne(database, sql: """
                SELECT COUNT(*) AS uploads, MIN(receivedAt) AS first FROM submission WHERE town = ? AND receivedAt > ?
                """, arguments: [town, moment])
            return (row?["uploads"] ?? 0, row?["first"])
        }
    }

    /// The bytes a town has stored: the sizes of its distinct files.
    func storedBytes(town: String) throws -> Int64 {
        try database.pool.read { database in
            try Int64.fetchOne(database, sql: """
                SELECT COALESCE(SUM(size), 0) FROM (SELECT DISTINCT sha256, size FROM submission WHERE town = ?)
                """, arguments: [town]) ?? 0
        }
    }

    /// Whether a town already stores a file with this digest.
    func stores(sha256: String, town: String) throws -> Bool {
        try database.pool.read { database in
            try Bool.fetchOne(database, sql: "SELECT EXISTS (SELECT 1 FROM submission WHERE town = ? AND sha256 = ?)",
                              arguments: [town, sha256]) ?? false
        }
    }

    // MARK: tokens and sessions

    /// Replaces tokens and creates the missing ones in one transaction: `resetDistrict` deletes
    /// the district's token, `resetTowns` those towns' tokens (their sessions end with them);
    /// then `create` makes a token (returning it) for the district when it has none and for every
    /// town of `towns` that has none.
    func replaceTokens(resetDistrict: Bool, resetTowns: Set<String>, towns: [String],
                       create: (_ role: String, _ town: String?, Database) throws -> String)
        throws -> (district: String?, towns: [String: String]) {
        try database.pool.write { database in
            if resetDistrict { try TokenRecord.filter(Column("role") == "district").deleteAll(database) }
            if !resetTowns.isEmpty {
                try TokenRecord.filter(Column("role") == "town" && resetTowns.contains(Column("town"))).deleteAll(database)
            }
            var district: String?
            if try TokenRecord.filter(Column("role") == "district").fetchCount(database) == 0 {
                district = try create("district", nil, database)
            }
            let existing = Set(try String.fetchAll(database, sql: "SELECT town FROM token WHERE role = 'town'"))
            var created: [String: String] = [:]
            for town in towns where !existing.contains(town) {
                created[town] = try create("town", town, database)
            }
            return (district, created)
        }
    }

    /// Inserts a token record inside a transaction of ``replaceTokens(resetDistrict:resetTowns:towns:create:)``.
    func insert(_ token: inout TokenRecord, in database: Database) throws {
        try token.insert(database)
    }

    /// The token stored under a hash.
    func token(hash: String) throws -> TokenRecord? {
        try database.pool.read { try TokenRecord.filter(Column("hash") == hash).fetchOne($0) }
    }

    /// Records a session.
    func insert(_ session: SessionRecord) throws {
        try database.pool.write { try session.insert($0) }
    }

    /// The token of a session, nil when the session is unknown or its token was reset.
    func token(ofSession hash: String) throws -> TokenRecord? {
        try database.pool.read { database in
            try TokenRecord.fetchOne(database, sql: """
                SELECT token.* FROM session JOIN token ON token.id = session.tokenId WHERE session.hash = ?
                """, arguments: [hash])
        }
    }

    /// Ends a session.
    func deleteSession(hash: String) throws {
        _ = try database.pool.write { try SessionRecord.deleteOne($0, key: hash) }
    }
}
