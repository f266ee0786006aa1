/// Who a request acts as.
public enum Role: Sendable, Equatable {
    /// The district (团区委): sees and may do everything.
    case district
    /// One town: its own submissions, template, progress and rank.
    case town(String)
    /// A leader who follows some towns (对口联系, `liaison:` of district.yaml): sees their board,
    /// progress, ranking, submissions and findings, and every bulletin; changes nothing.
    case liaison(LiaisonLeader)

    /// Whether this role may see the things of `town` (a district sees every town's).
    func mayAccess(town: String?) -> Bool {
        switch self {
        case .district: return true
        case .town(let own): return town == own
        case .liaison(let leader): return town.map(leader.towns.contains) ?? false
        }
    }

    /// Whether this role may change anything (upload, edit, reset links): not a liaison leader.
    var mayChange: Bool {
        if case .liaison = self { return false }
        return true
    }

    /// The town of a town's role.
    var town: String? {
        if case .town(let name) = self { return name }
        return nil
    }

    /// The towns this role sees on the board, in the district's order; nil for all (the district).
    var followedTowns: [String]? {
        switch self {
        case .district: return nil
        case .town(let own): return [own]
        case .liaison(let leader): return leader.towns
        }
    }
}

/// A liaison leader (e.g. 书记) and the towns they follow, in the district's order.
public struct LiaisonLeader: Sendable, Equatable {
    /// The leader's title as `liaison:` names it (书记, 副书记).
    public var name: String
    /// The towns they follow.
    public var towns: [String]
}
