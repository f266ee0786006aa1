import TaizhangSupport
import Foundation
import Ledger

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
    let clock: PortalClock

    /// Access links over a data folder, for the towns of `district`; `clock` dates tokens and sessions.
    public init(folder: DataFolder, district: DistrictConfig, clock: PortalClock = PortalClock()) {
        self.folder = folder
        self.district = district
        self.clock = clock
    }

    /// Creates the tokens that are missing; with `reset`, new tokens for `towns` (all towns and the
    /// district when `towns` is empty), ending the old ones and their sessions.
    public func issue(towns selected: [String] = [], reset: Bool = false) throws -> Issued {
        for town in selected where district.town(named: town) == nil { throw PortalError.unknownTown(town) }
        let now = clock.isoText(clock.now())
        let resetTowns = reset ? Set(selected.isEmpty ? district.towns.map(\.name) : selected) : []
        let store = folder.store
        let created = try store.replaceTokens(resetDistrict: reset && selected.isEmpty, resetTowns: resetTowns,
                                              towns: district.towns.map(\.name)) { role, town, database in
            let token = Secret.generate()
            var record = TokenRecord(id: nil, role: role, town: town, hash: Secret.hash(token), created: now)
            try store.insert(&record, in: database)
            return token
        }
        let shown = selected.isEmpty ? district.towns.map(\.name) : selected
        let order = Dictionary(uniqueKeysWithValues: district.towns.enumerated().map { ($1.name, $0) })
        let towns = shown.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) }.map { (town: $0, token: created.towns[$0]) }
        return Issued(district: created.district, towns: towns)
    }

    /// The role a token grants, nil for an unknown one.
    func role(ofToken token: String) throws -> (role: Role, tokenId: Int64)? {
        try folder.store.token(hash: Secret.hash(token)).flatMap { Self.role(of: $0) }
    }

    /// Starts a browser session for a token's holder; returns the cookie's secret.
    func startSession(tokenId: Int64) throws -> String {
        let secret = Secret.generate()
        try folder.store.insert(SessionRecord(hash: Secret.hash(secret), tokenId: tokenId, created: clock.isoText(clock.now())))
        return secret
    }

    /// The role of a session cookie, nil when the session is unknown or its token was reset.
    func role(ofSession secret: String) throws -> Role? {
        try folder.store.token(ofSession: Secret.hash(secret)).flatMap { Self.role(of: $0)?.role }
    }

    /// Ends a browser session.
    func endSession(_ secret: String) throws {
        try folder.store.deleteSession(hash: Secret.hash(secret))
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
