import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import XLSX
@testable import Ledger
@testable import Portal

/// The district's board at a size where scrolling fails: problems first, a summary line per
/// problem with links to its full list, the lists paged, the forms before the board, the filter
/// by liaison leader, the reminder with its copy button (shown by the script only).
@Suite struct BoardTests {
    typealias F = PortalFixture

    /// The default district's five towns and 125 invented ones; 书记 follows the first ten.
    static func manyTowns(_ options: inout PortalOptions) {
        var district = options.configuration.district
        district.towns += (1...125).map { DistrictConfig.Town(name: "新建\($0)镇", target: 20) }
        district.liaison = [("书记", district.towns.prefix(10).map(\.name)), ("副书记", district.towns.dropFirst(10).map(\.name))]
        options.configuration.district = district
    }

    @Test func problemsComeFirstAndTheBoardIsPaged() async throws {
        let fixture = try F(options: Self.manyTowns)
        let faulty = try fixture.ledger(town: 1) { content in
            var table = content.tables["直属团组织"]!
            table.rows[0]!["团员人数"] = .number(2)
            content.tables["直属团组织"] = table
        }
        try await fixture.portal.application().test(.router) { client in
            #expect(try await F.upload(client, token: fixture.districtToken, bytes: try fixture.ledger(town: 0), fileName: "a.xlsx").status == .created)
            #expect(try await F.upload(client, token: fixture.districtToken, bytes: faulty, fileName: "b.xlsx").status == .created)
            let page = String(buffer: try await F.get(client, "/", token: fixture.districtToken).body)
            // The forms and the reminder come before the board.
            let position = { (marker: String) in page.range(of: marker)?.lowerBound ?? page.endIndex }
            #expect(position("id=\"upload\"") < position("id=\"board\"") && position("id=\"access\"") < position("id=\"board\""))
            #expect(position("id=\"attention\"") < position("id=\"reminder\"") && position("id=\"reminder\"") < position("id=\"board\""))
            // 湖坊镇 is fine, 罗家镇's ledger is rejected, 128 towns have nothing.
            #expect(page.contains("尚无有效报送 128 个镇"), "summary of the missing towns")
            #expect(page.contains("另 116 个") && page.contains("href=\"/?show=missing#board\""))
            #expect(page.contains("当前报送需修改 1 个镇") && page.contains("href=\"/?show=rejected#board\""))
            let first = RhythmTests.boardTowns(page)
            #expect(first.count == DistrictPage.pageSize && first.first == "塘山镇" && !first.contains("湖坊镇"))
            #expect(page.contains("第 1 / 3 页") && page.contains("href=\"/?page=2#board\""))
            #expect(page.contains("<button type=\"button\" class=\"button\" data-copy=\"reminder-text\" hidden>"))
            let last = RhythmTests.boardTowns(String(buffer: try await F.get(client, "/?page=3", token: fixture.districtToken).body))
            #expect(last.count == 30 && last.suffix(3) == ["新建125镇", "罗家镇", "湖坊镇"], "\(last.suffix(3))")
            let beyond = RhythmTests.boardTowns(String(buffer: try await F.get(client, "/?page=99", token: fixture.districtToken).body))
            #expect(beyond == last)
            let rejected = RhythmTests.boardTowns(String(buffer: try await F.get(client, "/?show=rejected", token: fixture.districtToken).body))
            #expect(rejected == ["罗家镇"])
            let leader = String(buffer: try await F.get(client, "/?liaison=%E4%B9%A6%E8%AE%B0&show=missing", token: fixture.districtToken).body)
            #expect(RhythmTests.boardTowns(leader) == ["塘山镇", "京东镇", "扬子洲镇"] + (1...5).map { "新建\($0)镇" })
            #expect(leader.contains("书记联系的尚无有效报送的镇(8 个)"))
            #expect(try await F.get(client, "/?liaison=%E9%83%A8%E9%95%BF", token: fixture.districtToken).status == .notFound)
            let reminder = F.json(try await F.get(client, "/api/district/reminder", token: fixture.districtToken).body)
            #expect((reminder["towns"] as? [String])?.count == 128)
            let text = reminder["text"] as? String ?? ""
            #expect(text.contains("以下 128 个镇尚未交账") && text.contains("等(完整名单见平台)") && !text.contains("新建125镇"))
            // The bulletin of 130 towns: a table of 130 rows, the district's line chart.
            let bulletin = try await F.get(client, "/api/district/bulletin.xlsx?date=2026-10-16", token: fixture.districtToken)
            #expect(bulletin.status == .ok)
            let workbook = try Workbook(bytes: Array(bulletin.body.readableBytesView))
            var towns: [String] = []
            try workbook.forEachRow(of: try workbook.sheet(named: "通报")) { row in
                if row.number > BulletinWorkbook.headerRow, let first = row.cells.first, first.reference.column == 1,
                   case .string(let name) = first.value { towns.append(name) }
            }
            #expect(towns.count > 131 && towns.contains("新建125镇") && towns.contains("全区合计"))
        }
    }

    @Test func theQueryOfTheBoard() {
        let query = BoardLayout.Query(show: "unreported", liaison: "副书记", page: "0")
        #expect(query.show == .unreported && query.page == 1)
        #expect(query.url(show: .missing, liaison: "副书记", page: 2) == "/?show=missing&liaison=%E5%89%AF%E4%B9%A6%E8%AE%B0&page=2#board")
        #expect(BoardLayout.Query(show: "nonsense", liaison: "", page: "x") == BoardLayout.Query(show: nil, liaison: nil, page: nil))
    }
}
