import TaizhangSupport
import Foundation
import GRDB
import Ledger

/// Who a request acts as.
public enum Role: Sendable, Equatable {
    /// The district (团区委): sees and may do everything.
    case district
    /// One town: its own submissions, template, progress and rank.
    case town(String)

    /// Whether this role may see the things of `town` (a district sees every town's).
    func mayAccess(town: String?) -> Bool {
        switch self {
        case .district: return true
        case .town(let own): return town == own
        }
    }

    /// The town of a town's role.
    var town: String? {
        if case .town(let name) = self { return name }
        return nil
    }
}

/// Random secrets (access tokens, session cookies) and their stored form.
enum Secret {
    /// 256 random bits from the system's generator, URL-safe base64 without padding.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 under which a secret is stored.
    static func hash(_ secret: String) -> String {
        FileDigest.sha256(text: secret)
    }
}

/// The access links: one token per town and one for the district, created on first use and
/// shown only then (`taizhang access`).
public struct AccessLinks: Sendable {
    /// Tokens shown by this call (created now); nil for those that already existed.
    public struct Issued: Sendable, Equatable {
        /// The district's token, when created by this call.
        public var district: String?
        /// Each town's token (in the district's order), nil when it already existed.
        public var towns: [(town: String, token: String?)]

        /// Compares the district token and the towns in order.
        public static func == (lhs: Issued, rhs: Issued) -> Bool {
            lhs.district == rhs.district && lhs.towns.map(\.town) == rhs.towns.map(\.town)
                && lhs.towns.map(\.token) == rhs.towns.map(\.token)
        }
    }

    let folder: DataFolder
    let district: DistrictConfig

    /// Access links over a data folder, for the towns of `district`.
    public init(folder: DataFolder, district: DistrictConfig) {
        self.folder = folder
        self.district = district
    }

    /// Creates the tokens that are missing; with `reset`, new tokens for `towns` (all towns and the
    /// district when `towns` is empty), ending the old ones and their sessions.
    public func issue(towns selected: [String] = [], reset: Bool = false) throws -> Issued {
        for town in selected where district.town(named: town) == nil { throw PortalError.unknownTown(town) }
        let now = PortalClock.isoText(Date().timeIntervalSince1970)
        return try folder.database.pool.write { database in
            let resetDistrict = reset && selected.isEmpty
            let resetTowns = reset ? Set(selected.isEmpty ? district.towns.map(\.name) : selected) : []
            if resetDistrict { try TokenRecord.filter(Column("role") == "district").deleteAll(database) }
            if !resetTowns.isEmpty {
                try TokenRecord.filter(Column("role") == "town" && resetTowns.contains(Column("town"))).deleteAll(database)
            }
            var issued = Issued(district: nil, towns: [])
            if try TokenRecord.filter(Column("role") == "district").fetchCount(database) == 0 {
                issued.district = try Self.create(role: "district", town: nil, created: now, in: database)
            }
            let existing = Set(try String.fetchAll(database, sql: "SELECT town FROM token WHERE role = 'town'"))
            let shown = selected.isEmpty ? district.towns.map(\.name) : selected
            for town in district.towns.map(\.name) where !existing.contains(town) || resetTowns.contains(town) {
                let token = try Self.create(role: "town", town: town, created: now, in: database)
                if shown.contains(town) { issued.towns.append((town, token)) }
            }
            for town in shown where !issued.towns.contains(where: { $0.town == town }) { issued.towns.append((town, nil)) }
            let order = Dictionary(uniqueKeysWithValues: district.towns.enumerated().map { ($1.name, $0) })
            issued.towns.sort { (order[$0.town] ?? 0) < (order[$1.town] ?? 0) }
            return issued
        }
    }

    private static func create(role: String, town: String?, created: String, in database: Database) throws -> String {
        let token = Secret.generate()
        var record = TokenRecord(id: nil, role: role, town: town, hash: Secret.hash(token), created: created)
        try record.insert(database)
        return token
    }

    /// The role a token grants, nil for an unknown one.
    func role(ofToken token: String) throws -> (role: Role, tokenId: Int64)? {
        let hash = Secret.hash(token)
        let record = try folder.database.pool.read { try TokenRecord.filter(Column("hash") == hash).fetchOne($0) }
        return record.flatMap { Self.role(of: $0) }
    }

    /// Starts a browser session for a token's holder; returns the cookie's secret.
    func startSession(tokenId: Int64) throws -> String {
        let secret = Secret.generate()
        let session = SessionRecord(hash: Secret.hash(secret), tokenId: tokenId,
                                    created: PortalClock.isoText(Date().timeIntervalSince1970))
        try folder.database.pool.write { try session.insert($0) }
        return secret
    }

    /// The role of a session cookie, nil when the session is unknown or its token was reset.
    func role(ofSession secret: String) throws -> Role? {
        let hash = Secret.hash(secret)
        let record = try folder.database.pool.read { database in
            try TokenRecord.fetchOne(database, sql: """
                SELECT token.* FROM session JOIN token ON token.id = session.tokenId WHERE session.hash = ?
                """, arguments: [hash])
        }
        return record.flatMap { Self.role(of: $0)?.role }
    }

    /// Ends a browser session.
    func endSession(_ secret: String) throws {
        let hash = Secret.hash(secret)
        _ = try folder.database.pool.write { try SessionRecord.deleteOne($0, key: hash) }
    }

    private static func role(of record: TokenRecord) -> (role: Role, tokenId: Int64)? {
        guard let id = record.id else { return nil }
        if record.role == "district" { return (.district, id) }
        if record.role == "town", let town = record.town { return (.town(town), id) }
        return nil
    }

    /// The sign-in link of a token.
    public static func link(baseURL: String, token: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return base + "/login?token=" + token
    }
}
