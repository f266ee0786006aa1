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
        '[]' AS findings, uploader, reportedTarget, '[]' AS districtValues, NULL AS founding, editedFrom
        """

    // MARK: submissions

    /// The town's latest upload is no longer the one an edit was made from (nothing was recorded).
    struct Stale: Error, Sendable {
        /// The town's latest upload now.
        var latest: Int64?
    }

    /// Records a submission and, when it is readable and of a town, makes it the town's current
    /// one if it is newer than that (`SubmissionOrder`); one transaction. With `madeFrom` (an
    /// edit), only while that submission is still the town's latest upload, else ``Stale``.
    func insert(_ record: inout SubmissionRecord, madeFrom: Int64? = nil) throws {
        try database.pool.write { database in
            if let madeFrom, let town = record.town {
                let latest = try Self.latestUploadId(town: town, in: database)
                guard latest == madeFrom else { throw Stale(latest: latest) }
            }
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

    /// Every submission of the given towns, newest first, without findings.
    func history(towns: [String]) throws -> [SubmissionRecord] {
        guard !towns.isEmpty else { return [] }
        return try database.pool.read { database in
            let marks = Self.marks(towns.count)
            return try SubmissionRecord.fetchAll(database, sql: """
                SELECT \(Self.lightColumns) FROM submission WHERE town IN (\(marks)) ORDER BY receivedAt DESC, id DESC
                """, arguments: StatementArguments(towns))
        }
    }

    /// The newest `limit` submissions of all towns (of `towns` only, when given), without
    /// findings, and how many there are in all.
    func recent(limit: Int, towns: [String]? = nil) throws -> (records: [SubmissionRecord], total: Int) {
        try database.pool.read { database in
            guard let towns else {
                return (try SubmissionRecord.fetchAll(database, sql: """
                    SELECT \(Self.lightColumns) FROM submission ORDER BY receivedAt DESC, id DESC LIMIT ?
                    """, arguments: [limit]),
                        try SubmissionRecord.fetchCount(database))
            }
            let marks = Self.marks(towns.count)
            let records = try SubmissionRecord.fetchAll(database, sql: """
                SELECT \(Self.lightColumns) FROM submission WHERE town IN (\(marks)) ORDER BY receivedAt DESC, id DESC LIMIT ?
                """, arguments: StatementArguments(towns) + [limit])
            let total = try Int.fetchOne(database, sql: "SELECT COUNT(*) FROM submission WHERE town IN (\(marks))",
                                         arguments: StatementArguments(towns)) ?? 0
            return (records, total)
        }
    }

    /// A town's latest upload (by receipt), whatever its status, with everything stored about
    /// it, when it holds the bytes of `sha256` (nil otherwise: nothing else is read).
    func latestUpload(town: String, sha256: String) throws -> SubmissionRecord? {
        try database.pool.read { database in
            try SubmissionRecord.fetchOne(database, sql: """
                SELECT * FROM submission WHERE sha256 = ? AND id = (
                    SELECT id FROM submission WHERE town = ? ORDER BY receivedAt DESC, id DESC LIMIT 1)
                """, arguments: [sha256, town])
        }
    }

    /// The id of a town's latest upload (by receipt), whatever its status.
    func latestUploadId(town: String) throws -> Int64? {
        try database.pool.read { try Self.latestUploadId(town: town, in: $0) }
    }

    private static func latestUploadId(town: String, in database: Database) throws -> Int64? {
        try Int64.fetchOne(database, sql: "SELECT id FROM submission WHERE town = ? ORDER BY receivedAt DESC, id DESC LIMIT 1",
                           arguments: [town])
    }

    /// Each town's current submission as it was before `moment` (seconds since 1970): of the
    /// readable submissions of a town received before then, the newest by `SubmissionOrder` —
    /// the rule that keeps `currentSubmission`, applied to the history. Without findings, district
    /// values and founding rows (``storedValues(ids:)`` has those).
    func currentSubmissions(receivedBefore moment: Double) throws -> [String: SubmissionRecord] {
        try database.pool.read { database in
            var best: [String: SubmissionRecord] = [:]
            let cursor = try SubmissionRecord.fetchCursor(database, sql: """
                SELECT \(Self.lightColumns) FROM submission
                WHERE town IS NOT NULL AND status != ? AND receivedAt < ?
                """, arguments: [SubmissionStatus.unreadable.rawValue, moment])
            while let record = try cursor.next() {
                guard let town = record.town else { continue }
                if let kept = best[town], record.order < kept.order { continue }
                best[town] = record
            }
            return best
        }
    }

    /// The district values and founding rows stored for each of `ids` (as recorded: ``StoredLines``), by id.
    func storedValues(ids: [Int64]) throws -> [Int64: (districtValues: String, founding: String?)] {
        try database.pool.read { database in
            var values: [Int64: (districtValues: String, founding: String?)] = [:]
            for batch in Self.batches(ids) {
                for row in try Row.fetchAll(database, sql: "SELECT id, districtValues, founding FROM submission WHERE id IN (\(Self.marks(batch.count)))",
                                            arguments: StatementArguments(batch)) {
                    values[row["id"]] = (row["districtValues"], row["founding"])
                }
            }
            return values
        }
    }

    /// For each town, when its first upload whose 填报日期 is `reportDate` was received, among
    /// those received before `moment`: what decides whether it reported on time (按时交账).
    func firstReports(reportDate: LedgerDate, receivedBefore moment: Double) throws -> [String: Double] {
        try database.pool.read { database in
            var first: [String: Double] = [:]
            for row in try Row.fetchAll(database, sql: """
                SELECT town, MIN(receivedAt) AS first FROM submission
                WHERE reportDate = ? AND town IS NOT NULL AND receivedAt < ? GROUP BY town
                """, arguments: [reportDate.description, moment]) {
                first[row["town"]] = row["first"]
            }
            return first
        }
    }

    /// The id of the newest submission (0 when there is none): a new one means something was received.
    func newestSubmissionId() throws -> Int64 {
        try database.pool.read { try Int64.fetchOne($0, sql: "SELECT MAX(id) FROM submission") ?? 0 }
    }

    /// The id of each town's current submission, by town; with `after`, of the towns whose
    /// current submission has a greater id only.
    func currentIdsByTown(after: Int64 = 0) throws -> [String: Int64] {
        try database.pool.read { database in
            var ids: [String: Int64] = [:]
            for row in try Row.fetchAll(database, sql: "SELECT town, submissionId FROM currentSubmission WHERE submissionId > ?",
                                        arguments: [after]) {
                ids[row["town"]] = row["submissionId"]
            }
            return ids
        }
    }

    /// The submissions `ids`, by id, without their findings, district values and founding rows.
    func records(ids: [Int64]) throws -> [Int64: SubmissionRecord] {
        try database.pool.read { database in
            var records: [Int64: SubmissionRecord] = [:]
            for batch in Self.batches(ids) {
                for record in try SubmissionRecord.fetchAll(database, sql: """
                    SELECT \(Self.lightColumns) FROM submission WHERE id IN (\(Self.marks(batch.count)))
                    """, arguments: StatementArguments(batch)) {
                    if let id = record.id { records[id] = record }
                }
            }
            return records
        }
    }

    /// `ids` in batches small enough for one statement's parameters (SQLite bounds them).
    private static func batches(_ ids: [Int64]) -> [[Int64]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }

    /// `count` parameter marks: `?, ?, ?`.
    private static func marks(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
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
    /// the district's token, `resetTowns` and `resetLiaisons` those towns' and leaders' tokens
    /// (their sessions end with them); then `create` makes a token (returning it) for the district
    /// when it has none and for every town of `towns` and leader of `liaisons` that has none.
    func replaceTokens(resetDistrict: Bool, resetTowns: Set<String>, resetLiaisons: Set<String>, towns: [String], liaisons: [String],
                       create: (TokenRecord.Holder, Database) throws -> String)
        throws -> (district: String?, towns: [String: String], liaisons: [String: String]) {
        try database.pool.write { database in
            typealias Holder = TokenRecord.Holder
            if resetDistrict { try TokenRecord.filter(Column("role") == Holder.districtRole).deleteAll(database) }
            if !resetTowns.isEmpty {
                try TokenRecord.filter(Column("role") == Holder.townRole && resetTowns.contains(Column("town"))).deleteAll(database)
            }
            if !resetLiaisons.isEmpty {
                try TokenRecord.filter(Column("role") == Holder.liaisonRole && resetLiaisons.contains(Column("liaison"))).deleteAll(database)
            }
            var district: String?
            if try TokenRecord.filter(Column("role") == Holder.districtRole).fetchCount(database) == 0 {
                district = try create(.district, database)
            }
            let existingTowns = Set(try String.fetchAll(database, sql: "SELECT town FROM token WHERE role = ? AND town IS NOT NULL",
                                                        arguments: [Holder.townRole]))
            var createdTowns: [String: String] = [:]
            for town in towns where !existingTowns.contains(town) {
                createdTowns[town] = try create(.town(town), database)
            }
            let existingLeaders = Set(try String.fetchAll(database, sql: "SELECT liaison FROM token WHERE role = ? AND liaison IS NOT NULL",
                                                          arguments: [Holder.liaisonRole]))
            var createdLeaders: [String: String] = [:]
            for leader in liaisons where !existingLeaders.contains(leader) {
                createdLeaders[leader] = try create(.liaison(leader), database)
            }
            return (district, createdTowns, createdLeaders)
        }
    }

    /// Inserts a token record inside a transaction of ``replaceTokens(resetDistrict:resetTowns:resetLiaisons:towns:liaisons:create:)``.
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
