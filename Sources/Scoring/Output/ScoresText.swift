import Foundation
import Ledger

extension ScoreBoard {
    /// The rankings as text tables for `score --format text`: 镇排名 then 干部排名, each row with
    /// rank, name, total, award, the rank interval and award shares over the robustness draws (when
    /// drawn), the points of every indicator (2 decimals), then the notes.
    /// Columns are aligned for a terminal where a CJK character is two columns wide.
    public var text: String {
        var output = "镇排名\n" + Self.table(towns, identity: ["镇"]) { [$0.town] }
        if !cadres.isEmpty {
            output += "\n干部排名\n" + Self.table(cadres, identity: ["姓名", "镇"]) { [$0.name, $0.town] }
        }
        return output
    }

    private static func table(_ standings: [Standing], identity: [String], name: (Standing) -> [String]) -> String {
        guard let first = standings.first else { return "(无)\n" }
        let drawn = first.robustness != nil
        let header = ["名次"] + identity + ["总分", "奖项"] + (drawn ? ["名次区间", "获奖比例"] : []) + first.indicators.map(\.name)
        let rows = standings.map { standing in
            [String(standing.rank)] + name(standing) + [DecimalText.fixed(standing.total, places: 2), standing.award ?? "-"]
                + (standing.robustness.map { [$0.interval, shares($0)] } ?? [])
                + standing.indicators.map { DecimalText.fixed($0.points, places: 2) }
        }
        let numeric = Set([0, identity.count + 1]).union((identity.count + (drawn ? 5 : 3))..<header.count)
        var output = aligned([header] + rows, rightAligned: numeric)
        let remarks = standings.flatMap { standing in
            standing.vetoReasons.map { "\(name(standing).joined(separator: " ")):一票否决,\($0)" }
                + standing.notes.map { "\(name(standing).joined(separator: " ")):\($0)" }
        }
        if !remarks.isEmpty { output += "说明:\n" + remarks.map { "  " + $0 + "\n" }.joined() }
        return output
    }

    /// `先进集体 62.5%、达标单位 37.5%` (tiers never got left out), or `-`.
    private static func shares(_ robustness: RankRobustness) -> String {
        guard !robustness.awards.isEmpty else { return "-" }
        return robustness.awards.map { "\($0.tier) \(DecimalText.text((robustness.fraction($0) * 100).rounded(places: 1)))%" }
            .joined(separator: "、")
    }

    /// Rows padded to their columns' display width, two spaces apart.
    private static func aligned(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let widths = rows[0].indices.map { column in rows.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return rows.map { row in
            var line = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - DisplayWidth.of(cell))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
