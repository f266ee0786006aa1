import Foundation
import GRDB
import Evaluation
import Ledger
import XLSX

/// The portal's SQLite database (WAL mode, `synchronous = FULL` so a committed row survives any
/// crash), with the migrations that let a later version open an older data folder.
struct PortalDatabase: Sendable {
    let pool: DatabasePool

    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { database in
            try database.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// Every schema change is a new migration appended here; existing ones are never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: submissions, tokens, sessions") { database in
            try database.create(table: "submission") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("town", .text).indexed()
                table.column("fileName", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("received", .text).notNull()
                table.column("receivedAt", .double).notNull()
                table.column("reportDate", .text)
                table.column("status", .text).notNull()
                table.column("errors", .integer).notNull()
                table.column("warnings", .integer).notNull()
                table.column("findings", .text).notNull()
                table.column("findingsEnglish", .text).notNull()
                table.column("uploader", .text).notNull()
                table.column("foundingDates", .text).notNull()
                table.column("reportedTarget", .integer)
            }
            try database.create(table: "token") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("role", .text).notNull()
                table.column("town", .text)
                table.column("hash", .text).notNull().unique()
                table.column("created", .text).notNull()
            }
            try database.create(table: "session") { table in
                table.primaryKey("hash", .text)
                table.column("tokenId", .integer).notNull().indexed()
                    .references("token", onDelete: .cascade)
                table.column("created", .text).notNull()
            }
        }
        migrator.registerMigration("v2: typed findings, district values, founding rows, current submissions") { database in
            try database.alter(table: "submission") { table in
                table.add(column: "districtValues", .text).notNull().defaults(to: "[]")
                table.add(column: "founding", .text)
            }
            try V2.convertRows(database)
            try database.alter(table: "submission") { table in
                table.drop(column: "findingsEnglish")
                table.drop(column: "foundingDates")
            }
            try database.create(index: "submission_town_received", on: "submission", columns: ["town", "receivedAt"])
            try database.create(table: "currentSubmission") { table in
                table.primaryKey("town", .text)
                table.column("submissionId", .integer).notNull().references("submission")
            }
            try V2.fillCurrent(database)
        }
        migrator.registerMigration("v3: liaison leaders' tokens, report dates indexed") { database in
            try database.alter(table: "token") { table in
                table.add(column: "liaison", .text)
            }
            try database.create(index: "submission_reportDate", on: "submission", columns: ["reportDate", "town"])
        }
        migrator.registerMigration("v4: edits on the portal (editedFrom)") { database in
            try database.alter(table: "submission") { table in
                table.add(column: "editedFrom", .integer).references("submission")
            }
        }
        return migrator
    }

    /// Version 1 kept each finding's message twice (`findings` in Chinese, `findingsEnglish`)
    /// as findings.json objects, and the founding dates without their rows; version 2 keeps
    /// `Finding` values with both messages, and founding dates with rows (row 0: not known for
    /// an upload of version 1, which then counts as it did).
    private enum V2 {
        static func convertRows(_ database: Database) throws {
            let rows = try Row.fetchAll(database, sql: "SELECT id, findings, findingsEnglish, foundingDates FROM submission")
            let encoder = JSONEncoder()
            for row in rows {
                let id: Int64 = row["id"]
                let chinese = objects(row["findings"])
                let english = objects(row["findingsEnglish"])
                let findings = chinese.enumerated().compactMap { index, object -> Finding? in
                    guard let severity = (object["severity"] as? String).flatMap(Severity.init(rawValue:)),
                          let code = object["code"] as? String else { return nil }
                    let message = object["message"] as? String ?? ""
                    let englishMessage = index < english.count ? english[index]["message"] as? String ?? message : message
                    return Finding(severity: severity, code: RuleCode(code), sheet: object["sheet"] as? String,
                                   cell: (object["cell"] as? String).flatMap { CellReference($0) },
                                   column: object["column"] as? String, value: object["value"] as? String,
                                   message: LocalizedText(chinese: message, english: englishMessage))
                }
                let dates = (try? JSONDecoder().decode([String].self, from: Data((row["foundingDates"] as String? ?? "[]").utf8))) ?? []
                let founding = SubmissionIntake.Founding(sheetName: "", rows: dates.compactMap(LedgerDate.init(iso:)).map {
                    FoundingRow(row: 0, date: $0)
                })
                try database.execute(sql: "UPDATE submission SET findings = ?, founding = ? WHERE id = ?", arguments: [
                    String(decoding: try encoder.encode(findings), as: UTF8.self),
                    founding.rows.isEmpty ? nil : String(decoding: try encoder.encode(founding), as: UTF8.self), id,
                ])
            }
        }

        static func fillCurrent(_ database: Database) throws {
            let records = try Row.fetchAll(database, sql: """
                SELECT id, town, reportDate, receivedAt FROM submission WHERE town IS NOT NULL AND status != 'unreadable'
                """)
            var best: [String: (id: Int64, order: SubmissionOrder)] = [:]
            for row in records {
                let id: Int64 = row["id"]
                let town: String = row["town"]
                let reportDate: String? = row["reportDate"]
                let order = SubmissionOrder(reportDate: reportDate.flatMap(LedgerDate.init(iso:)), received: row["receivedAt"], sequence: id)
                if let current = best[town], order < current.order { continue }
                best[town] = (id, order)
            }
            for (town, current) in best {
                try database.execute(sql: "INSERT INTO currentSubmission (town, submissionId) VALUES (?, ?)", arguments: [town, current.id])
            }
        }

        static func objects(_ text: String?) -> [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data((text ?? "[]").utf8))) as? [[String: Any]] ?? []
        }
    }
}
