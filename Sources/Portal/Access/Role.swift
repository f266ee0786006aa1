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
