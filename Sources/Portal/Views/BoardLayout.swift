import Foundation

/// The district's status board as the page lays it out: problems first — towns with no readable
/// submission, then rejected ones, then those not reported this week, then the rest in the
/// district's order — a summary line per problem naming its first towns and linking to its full
/// list, and the lines paged (``DistrictPage/pageSize`` a page), so that hundreds or thousands of
/// towns stay navigable. The page's address carries what is shown: `?show=missing|rejected|unreported`,
/// `?liaison=书记` (the district's filter by leader) and `?page=N`.
struct BoardLayout {
    /// What the address asks for.
    struct Query: Equatable {
        var show: CampaignBoard.Problem?
        var liaison: String?
        var page = 1

        /// From the address's parameters (unknown values are ignored; pages count from 1).
        init(show: String?, liaison: String?, page: String?) {
            self.show = show.flatMap(CampaignBoard.Problem.init(rawValue:))
            self.liaison = liaison.flatMap { $0.isEmpty ? nil : $0 }
            self.page = max(1, page.flatMap { Int($0) } ?? 1)
        }

        /// `/?show=…&liaison=…&page=…#board`, the parameters given (the others dropped).
        func url(show: CampaignBoard.Problem?, liaison: String?, page: Int = 1) -> String {
            var parameters: [String] = []
            if let show { parameters.append("show=" + show.rawValue) }
            if let liaison { parameters.append("liaison=" + Self.encoded(liaison)) }
            if page > 1 { parameters.append("page=\(page)") }
            return "/" + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")) + "#board"
        }

        static func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? text
        }
    }

    let query: Query
    /// The towns the board covers (after the leader filter), in the district's order.
    let statuses: [CampaignBoard.TownStatus]
    /// The district's leaders to filter by (none for a leader's own board).
    let leaders: [String]

    /// A problem's summary line for each problem some town has, most urgent first.
    var problems: [ProblemSummary] {
        CampaignBoard.Problem.allCases.compactMap { problem in
            let towns = statuses.filter { $0.problems.contains(problem) }
            guard !towns.isEmpty else { return nil }
            let named = towns.prefix(DistrictPage.namedInSummary).map { TownLink(name: $0.town, url: $0.current?.record.id.map { "/submissions/\($0)" }) }
            return ProblemSummary(key: problem.rawValue, label: problem.label, count: towns.count, towns: named,
                                  more: towns.count > named.count ? towns.count - named.count : nil,
                                  listURL: query.url(show: problem, liaison: query.liaison))
        }
    }

    /// The towns listed (one problem's, or all), problems first, then in the district's order.
    var listed: [CampaignBoard.TownStatus] {
        let chosen = query.show.map { problem in statuses.filter { $0.problems.contains(problem) } } ?? statuses
        let urgency = Dictionary(uniqueKeysWithValues: CampaignBoard.Problem.allCases.enumerated().map { ($1, $0) })
        return chosen.enumerated().sorted { left, right in
            let (a, b) = (left.element.problems.first.flatMap { urgency[$0] } ?? urgency.count,
                          right.element.problems.first.flatMap { urgency[$0] } ?? urgency.count)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
    }

    /// The lines of the page asked (the last one when it asks past the end), and the pager
    /// (nil when everything fits on one page).
    func page() -> (lines: [CampaignBoard.TownStatus], pager: Pager?) {
        let all = listed
        let pages = max(1, (all.count + DistrictPage.pageSize - 1) / DistrictPage.pageSize)
        let page = min(query.page, pages)
        let lines = Array(all.dropFirst((page - 1) * DistrictPage.pageSize).prefix(DistrictPage.pageSize))
        guard pages > 1 else { return (lines, nil) }
        return (lines, Pager(page: page, pages: pages,
                             previousURL: page > 1 ? query.url(show: query.show, liaison: query.liaison, page: page - 1) : nil,
                             nextURL: page < pages ? query.url(show: query.show, liaison: query.liaison, page: page + 1) : nil))
    }

    /// 全部 · each problem, with counts.
    var filters: [FilterLink] {
        [FilterLink(label: "全部(\(statuses.count))", url: query.url(show: nil, liaison: query.liaison), isActive: query.show == nil)]
            + CampaignBoard.Problem.allCases.map { problem in
                FilterLink(label: "\(problem.label)(\(statuses.filter { $0.problems.contains(problem) }.count))",
                           url: query.url(show: problem, liaison: query.liaison), isActive: query.show == problem)
            }
    }

    /// 全部 · each leader.
    var leaderFilters: [FilterLink] {
        guard !leaders.isEmpty else { return [] }
        return [FilterLink(label: "全部联系领导", url: query.url(show: query.show, liaison: nil), isActive: query.liaison == nil)]
            + leaders.map { FilterLink(label: $0, url: query.url(show: query.show, liaison: $0), isActive: query.liaison == $0) }
    }

    /// What the board shows, in words.
    var caption: String {
        let scope = query.liaison.map { "\($0)联系的" } ?? ""
        guard let show = query.show else { return "\(scope)全部 \(statuses.count) 个镇(问题优先)" }
        return "\(scope)\(show.label)的镇(\(listed.count) 个)"
    }
}
