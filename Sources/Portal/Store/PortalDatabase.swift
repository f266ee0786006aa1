import GRDB

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
        return migrator
    }
}
