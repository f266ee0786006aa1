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

/// The access links: one token per town, one per liaison leader (`liaison:` of district.yaml)
/// and one for the district, created on first use and shown only then (`taizhang access`).
public struct AccessLinks: Sendable {
    /// Tokens shown by this call (created now); nil for those that already existed.
    public struct Issued: Sendable, Equatable {
        /// The district's token, when created by this call.
        public var district: String?
        /// Each town's token (in the district's order), nil when it already existed.
        public var towns: [(town: String, token: String?)]
        /// Each liaison leader's token (in the order of `liaison:`), nil when it already existed.
        public var liaisons: [(leader: String, token: String?)] = []

        /// Compares the district token, the towns and the leaders in order.
        public static func == (lhs: Issued, rhs: Issued) -> Bool {
            lhs.district == rhs.district && lhs.towns.map(\.town) == rhs.towns.map(\.town)
                && lhs.towns.map(\.token) == rhs.towns.map(\.token)
                && lhs.liaisons.map(\.leader) == rhs.liaisons.map(\.leader) && lhs.liaisons.map(\.token) == rhs.liaisons.map(\.token)
        }
    }

    let folder: DataFolder
    let district: DistrictConfig
    let clock: PortalClock

    /// Access links over a data folder, for the towns and leaders of `district`; `clock` dates
    /// tokens and sessions.
    public init(folder: DataFolder, district: DistrictConfig, clock: PortalClock = PortalClock()) {
        self.folder = folder
        self.district = district
        self.clock = clock
    }

    /// Creates the tokens that are missing; with `reset`, new tokens for the `towns` and
    /// `liaisons` named (everyone's, the district's too, when neither names anyone), ending the
    /// old ones and their sessions. Shows the towns and leaders named (all when neither names anyone).
    public func issue(towns selectedTowns: [String] = [], liaisons selectedLeaders: [String] = [], reset: Bool = false) throws -> Issued {
        for town in selectedTowns where district.town(named: town) == nil { throw PortalError.unknownTown(town) }
        for leader in selectedLeaders where district.liaisonTowns(of: leader) == nil { throw PortalError.unknownLiaison(leader) }
        let now = clock.isoText(clock.now())
        let everyone = selectedTowns.isEmpty && selectedLeaders.isEmpty
        let allTowns = district.towns.map(\.name)
        let allLeaders = district.liaison.map(\.role)
        let resetTowns = reset ? Set(everyone ? allTowns : selectedTowns) : []
        let resetLeaders = reset ? Set(everyone ? allLeaders : selectedLeaders) : []
        let store = folder.store
        let created = try store.replaceTokens(resetDistrict: reset && everyone, resetTowns: resetTowns, resetLiaisons: resetLeaders,
                                              towns: allTowns, liaisons: allLeaders) { holder, database in
            let token = Secret.generate()
            var record = TokenRecord(id: nil, role: holder.role, town: holder.town, hash: Secret.hash(token), created: now,
                                     liaison: holder.liaison)
            try store.insert(&record, in: database)
            return token
        }
        let shownTowns = everyone ? allTowns : selectedTowns
        let order = Dictionary(uniqueKeysWithValues: district.towns.enumerated().map { ($1.name, $0) })
        let towns = shownTowns.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) }.map { (town: $0, token: created.towns[$0]) }
        let shownLeaders = everyone ? allLeaders : allLeaders.filter(selectedLeaders.contains)
        return Issued(district: created.district, towns: towns, liaisons: shownLeaders.map { (leader: $0, token: created.liaisons[$0]) })
    }

    /// The role a token grants, nil for an unknown one.
    func role(ofToken token: String) throws -> (role: Role, tokenId: Int64)? {
        try folder.store.token(hash: Secret.hash(token)).flatMap { role(of: $0) }
    }

    /// Starts a browser session for a token's holder; returns the cookie's secret.
    func startSession(tokenId: Int64) throws -> String {
        let secret = Secret.generate()
        try folder.store.insert(SessionRecord(hash: Secret.hash(secret), tokenId: tokenId, created: clock.isoText(clock.now())))
        return secret
    }

    /// The role of a session cookie, nil when the session is unknown or its token was reset.
    func role(ofSession secret: String) throws -> Role? {
        try folder.store.token(ofSession: Secret.hash(secret)).flatMap { role(of: $0)?.role }
    }

    /// Ends a browser session.
    func endSession(_ secret: String) throws {
        try folder.store.deleteSession(hash: Secret.hash(secret))
    }

    /// The role of a token record; nil for a leader no longer listed in `liaison:`.
    private func role(of record: TokenRecord) -> (role: Role, tokenId: Int64)? {
        guard let id = record.id else { return nil }
        switch record.role {
        case TokenRecord.Holder.districtRole: return (.district, id)
        case TokenRecord.Holder.townRole: return record.town.map { (.town($0), id) }
        case TokenRecord.Holder.liaisonRole:
            guard let name = record.liaison, let towns = district.liaisonTowns(of: name) else { return nil }
            return (.liaison(LiaisonLeader(name: name, towns: towns)), id)
        default: return nil
        }
    }

    /// The sign-in link of a token.
    public static func link(baseURL: String, token: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return base + "/login?token=" + token
    }
}
