import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerFixtures
import NIOCore
import TestOracles
import Testing
import XLSX
@testable import Ledger
@testable import Portal

/// `portal.md`, "Correcting and adding on the page", through the API: for ledgers written by
/// other programs, correcting the flagged cells gives an accepted submission made from the
/// uploaded one, whose file holds the corrected values with their types and keeps every other
/// part of the town's workbook byte for byte; and the refusals (422 not-editable / invalid, 409
/// stale, 404, 429, 507).
@Suite("Portal: correcting a ledger through the API", .serialized)
struct EditTests {
    typealias F = PortalFixture
    static let town = "湖坊镇"

    // MARK: ledgers of other programs

    @Test(.needs(.openpyxl)) func openpyxlLedger() async throws {
        try await correctThroughTheAPI(.openpyxl)
    }

    /// A shared formula with a calculation chain, and a formula cell corrected to a number.
    @Test(.needs(.openpyxl, .python(["xlsxwriter"]))) func xlsxWriterLedgerWithFormulas() async throws {
        try await correctThroughTheAPI(.xlsxWriter)
    }

    @Test(.needs(.openpyxl, .python(["xlsxwriter"]))) func inlineStringsIn1904() async throws {
        try await correctThroughTheAPI(.xlsxWriterInline1904)
    }

    @Test(.needs(.openpyxl, .libreOffice)) func libreOfficeLedger() async throws {
        try await correctThroughTheAPI(.libreOffice)
    }

    @Test(.needs(.openpyxl, .libreOffice)) func libreOfficeXLSIsEditedAsItsConversion() async throws {
        try await correctThroughTheAPI(.libreOfficeXLS)
    }

    @Test(.needs(.openpyxl, .program("ssconvert"))) func gnumericLedger() async throws {
        try await correctThroughTheAPI(.gnumeric)
    }

    /// Uploads the producer's faulty ledger as 湖坊镇, corrects every mistake and adds a row
    /// through `POST /api/submissions/{id}/edits`, and checks the new submission and its file.
    func correctThroughTheAPI(_ producer: LedgerProducer) async throws {
        let ledger = try EditingFixtures.make(producer)
        let original = try #require(DataFolder.read(ledger.path))
        let isLegacy = ledger.path.hasSuffix(".xls")
        let fileName = "湖坊镇台账" + (isLegacy ? ".xls" : ".xlsx")
        let fixture = try F()
        let token = fixture.townTokens[Self.town]!
        try await fixture.portal.application().test(.router) { client in
            let (uploaded, json) = try await F.upload(client, token: token, bytes: original, fileName: fileName)
            #expect(uploaded == .created && json["status"] as? String == "rejected", "\(producer): \(json["status"] ?? "")")
            let id = try #require(json["id"] as? Int)
            let findings = json["findings"] as? [[String: Any]] ?? []
            for mistake in ledger.mistakes {
                #expect(findings.contains { $0["sheet"] as? String == mistake.sheet && $0["cell"] as? String == mistake.cell.description },
                        "\(producer): no finding at \(mistake.sheet)!\(mistake.cell)")
            }
            let cells = ledger.mistakes.map { ["sheet": $0.sheet, "cell": $0.cell.description, "value": $0.correction] }
            let (status, edited) = try await Self.edit(client, id: id, token: token,
                                                       ["cells": cells, "rows": [["sheet": "直属团组织", "values": ledger.newRow]]])
            #expect(status == .created, "\(producer): \(edited)")
            #expect(edited["status"] as? String == "accepted", "\(producer): \(edited["findings"] ?? "")")
            #expect(edited["edited_from"] as? Int == id && edited["uploader"] as? String == "town" && edited["current"] as? Bool == true)
            #expect(edited["file_name"] as? String == "湖坊镇台账.xlsx", "an .xls is edited as its .xlsx conversion")
            let newId = try #require(edited["id"] as? Int)

            // The file: corrected values with their types, no formula left in them, everything else the town's own.
            let file = try await F.get(client, "/api/submissions/\(newId)/file", token: token)
            let path = ledger.folder + "/from-portal.xlsx"
            try Data(file.body.readableBytesView).write(to: URL(fileURLWithPath: path))
            let workbook = try Workbook(path: path)
            #expect(workbook.dateSystem == (producer == .xlsxWriterInline1904 ? .system1904 : .system1900))
            for mistake in ledger.mistakes {
                let value = try Self.cells(of: workbook, sheet: mistake.sheet)[mistake.cell]
                switch (value?.value, mistake.expected) {
                case (.date(let found)?, .date(let expected)):
                    #expect(found.dateTime == expected.dateTime && found.kind == .date, "\(producer): \(mistake.cell)")
                default:
                    #expect(value?.value == mistake.expected, "\(producer): \(mistake.sheet)!\(mistake.cell)")
                }
                #expect(value?.formula == nil, "\(producer): \(mistake.cell) keeps a formula")
            }
            if !isLegacy {
                #expect(try EditingFixtures.unexpectedlyChangedParts(source: ledger.path, edited: path).isEmpty, "\(producer)")
            }
            // The uploaded file is kept as it was; the new row counts in the progress.
            let first = try await F.get(client, "/api/submissions/\(id)/file", token: token)
            #expect(Array(first.body.readableBytesView) == original)
            let progress = F.json(try await F.get(client, "/api/progress", token: token).body)
            let founded = (progress["towns"] as? [[String: Any]])?.first?["founded"] as? Int
            #expect(founded == ledger.validFounded + 1, "\(producer)")
            // The history lists it, made from the upload.
            let list = F.json(try await F.get(client, "/api/submissions", token: token).body)["submissions"] as? [[String: Any]] ?? []
            #expect(list.map { $0["id"] as? Int } == [newId, id] && list.first?["edited_from"] as? Int == id)
            #expect(list.last?["edited_from"] is NSNull)
        }
    }

    // MARK: refusals

    @Test func refusalsAre422WithTheirCodeAndNothingIsKept() async throws {
        let fixture = try F()
        let token = fixture.townTokens[Self.town]!
        try await fixture.portal.application().test(.router) { client in
            let (_, json) = try await F.upload(client, token: token, bytes: try Self.faultyLedger(fixture), fileName: "a.xlsx")
            let id = try #require(json["id"] as? Int)
            let flagged = try Self.flaggedCell(json)
            let refusals: [(String, [String: Any])] = [
                ("not-editable", ["cells": [["sheet": "直属团组织", "cell": "A1", "value": "标题"]]]),
                ("not-editable", ["cells": [["sheet": "填报说明", "cell": "B2", "value": "x"]]]),
                ("not-editable", ["cells": [["sheet": "不存在的表", "cell": "B2", "value": "x"]]]),
                ("not-editable", ["rows": [["sheet": "直属团组织", "values": ["不存在的列": "x"]]]]),
                ("not-editable", ["rows": [["sheet": "基本信息", "values": ["填报人": "x"]]]]),
                ("invalid", ["cells": [["sheet": flagged.sheet, "cell": flagged.cell, "value": "a\u{7}b"]]]),
                ("invalid", ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "填报人"),
                                        "value": String(repeating: "长", count: 32_768)]]]),
                ("invalid", ["rows": [["sheet": "直属团组织", "values": ["团组织名称": ""]]]]),
            ]
            for (code, body) in refusals {
                let (status, answer) = try await Self.edit(client, id: id, token: token, body)
                #expect(status == .unprocessableContent, "\(body)")
                let error = answer["error"] as? [String: Any]
                #expect(error?["code"] as? String == code, "\(body): \(answer)")
                #expect((error?["message"] as? String)?.range(of: "\\p{Han}", options: .regularExpression) != nil, "a Chinese message")
            }
            // Malformed or empty requests are 400.
            var headers = F.bearer(token)
            headers[.contentType] = "application/json"
            let malformed = try await client.execute(uri: "/api/submissions/\(id)/edits", method: .post, headers: headers,
                                                     body: ByteBuffer(string: "{\"cells\": 3"))
            #expect(malformed.status == .badRequest)
            #expect(try await Self.edit(client, id: id, token: token, [:]).status == .badRequest)
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 1)
            let files = try FileManager.default.contentsOfDirectory(atPath: fixture.portal.folder.path + "/files")
            #expect(files.count == 1, "no edited file left behind: \(files)")
        }
    }

    @Test func anOlderSubmissionIsStaleAndAnotherTownsIsNotFound() async throws {
        let fixture = try F()
        let token = fixture.townTokens[Self.town]!
        try await fixture.portal.application().test(.router) { client in
            let (_, first) = try await F.upload(client, token: token, bytes: try Self.faultyLedger(fixture), fileName: "a.xlsx")
            let id = try #require(first["id"] as? Int)
            let flagged = try Self.flaggedCell(first)
            let body: [String: Any] = ["cells": [["sheet": flagged.sheet, "cell": flagged.cell, "value": "5"]]]
            // Another town's submission is not there for it; the district may edit it.
            let (other, otherJSON) = try await Self.edit(client, id: id, token: fixture.townTokens["罗家镇"]!, body)
            #expect(other == .notFound && (otherJSON["error"] as? [String: Any])?["code"] as? String == "not-found")
            #expect(try await Self.edit(client, id: 999, token: token, body).status == .notFound)
            // A later upload makes the first stale.
            fixture.clock.now += 60
            let (_, second) = try await F.upload(client, token: token, bytes: try fixture.ledger(town: 0, seed: 31), fileName: "b.xlsx")
            let (stale, staleJSON) = try await Self.edit(client, id: id, token: token, body)
            #expect(stale == .conflict)
            let error = staleJSON["error"] as? [String: Any]
            #expect(error?["code"] as? String == "stale" && (error?["message"] as? String)?.contains("#\(second["id"] as! Int)") == true)
            // An edit makes its source stale too: editing the same submission twice is refused the second time.
            fixture.clock.now += 60
            let secondId = try #require(second["id"] as? Int)
            let fill = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "填报人"), "value": "王五"]]]
            let (made, madeJSON) = try await Self.edit(client, id: secondId, token: fixture.districtToken, fill)
            #expect(made == .created && madeJSON["uploader"] as? String == "district" && madeJSON["edited_from"] as? Int == secondId)
            #expect(madeJSON["town"] as? String == Self.town)
            #expect(try await Self.edit(client, id: secondId, token: token, fill).status == .conflict)
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 3)
        }
    }

    @Test func aLiaisonLeaderMayNotEdit() async throws {
        let fixture = try F()
        try await fixture.portal.application().test(.router) { client in
            let (_, json) = try await F.upload(client, token: fixture.townTokens[Self.town]!, bytes: try Self.faultyLedger(fixture),
                                               fileName: "a.xlsx")
            let fill = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "填报人"), "value": "王五"]]]
            let (status, answer) = try await Self.edit(client, id: json["id"] as! Int, token: fixture.liaisonTokens["书记"]!, fill)
            #expect(status == .forbidden && (answer["error"] as? [String: Any])?["code"] as? String == "read-only", "\(answer)")
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 1)
        }
    }

    @Test func editsCountTowardTheHourlyLimitAndTheQuota() async throws {
        let fixture = try F(options: { $0.uploadsPerHour = 2 })
        let token = fixture.townTokens[Self.town]!
        try await fixture.portal.application().test(.router) { client in
            let (_, json) = try await F.upload(client, token: token, bytes: try Self.faultyLedger(fixture), fileName: "a.xlsx")
            let fill = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "填报人"), "value": "王五"]]]
            let (first, edited) = try await Self.edit(client, id: json["id"] as! Int, token: token, fill)
            #expect(first == .created)
            let again = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "填报人"), "value": "赵六"]]]
            var headers = F.bearer(token)
            headers[.contentType] = "application/json"
            let limited = try await client.execute(uri: "/api/submissions/\(edited["id"] as! Int)/edits", method: .post, headers: headers,
                                                   body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: again)))
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect((F.json(limited.body)["error"] as? [String: Any])?["code"] as? String == "rate-limited")
            #expect(try fixture.portal.folder.store.history(town: Self.town).count == 2)
        }
        let tight = try { () throws -> F in
            let probe = try F()
            let size = Int64(try Self.faultyLedger(probe).count)
            return try F(options: { $0.quotaBytes = size + 100 })
        }()
        try await tight.portal.application().test(.router) { client in
            let token = tight.townTokens[Self.town]!
            let (status, json) = try await F.upload(client, token: token, bytes: try Self.faultyLedger(tight), fileName: "a.xlsx")
            #expect(status == .created)
            let fill = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(tight, "填报人"), "value": "王五"]]]
            let (refused, answer) = try await Self.edit(client, id: json["id"] as! Int, token: token, fill)
            #expect(refused.code == 507 && (answer["error"] as? [String: Any])?["code"] as? String == "quota-exceeded")
            #expect(try tight.portal.folder.store.history(town: Self.town).count == 1)
        }
    }

    @Test func aTownCannotMoveItsLedgerToAnotherTown() async throws {
        let fixture = try F()
        try await fixture.portal.application().test(.router) { client in
            let (_, json) = try await F.upload(client, token: fixture.districtToken, bytes: try Self.faultyLedger(fixture), fileName: "a.xlsx")
            let body = ["cells": [["sheet": "基本信息", "cell": try Self.formCell(fixture, "镇名称"), "value": "罗家镇"]]]
            for token in [fixture.townTokens[Self.town]!, fixture.districtToken] {
                let (status, answer) = try await Self.edit(client, id: json["id"] as! Int, token: token, body)
                #expect(status == .unprocessableContent && (answer["error"] as? [String: Any])?["code"] as? String == "wrong-town")
            }
            #expect(try fixture.portal.folder.store.history(town: nil).count == 1)
        }
    }

    @Test func unreadableReasonsAreChinese() async throws {
        let fixture = try F()
        let good = try fixture.ledger(town: 0)
        let files: [(String, [UInt8])] = [("truncated.xlsx", Array(good.prefix(good.count / 2))), ("text.xlsx", Array("a,b,c\n1,2,3\n".utf8)),
                                          ("empty.xlsx", []), ("html.xls", Array("<html><body><table></table></body></html>".utf8)),
                                          ("random.xlsx", (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7919) })]
        try await fixture.portal.application().test(.router) { client in
            for (name, bytes) in files {
                let (_, json) = try await F.upload(client, token: fixture.townTokens[Self.town]!, bytes: bytes, fileName: name)
                let message = (json["findings"] as? [[String: Any]])?.first?["message"] as? String ?? ""
                #expect(message.hasPrefix("文件无法读取:"), "\(name): \(message)")
                #expect(message.range(of: #"\b(the|not|an|is|file|cannot|damaged|archive|zip file)\b"#, options: .regularExpression) == nil,
                        "\(name): \(message)")
                // An edit of it is refused: there is nothing to correct in a file that was not read.
                let (status, answer) = try await Self.edit(client, id: json["id"] as! Int, token: fixture.townTokens[Self.town]!,
                                                           ["cells": [["sheet": "基本信息", "cell": "B2", "value": "x"]]])
                #expect(status == .unprocessableContent && (answer["error"] as? [String: Any])?["code"] as? String == "not-editable")
            }
        }
    }

    // MARK: helpers

    /// 湖坊镇's ledger with one error: 团员人数 2 in the first row of 直属团组织.
    static func faultyLedger(_ fixture: PortalFixture) throws -> [UInt8] {
        try fixture.ledger(town: 0) { content in
            guard var table = content.tables["直属团组织"], var row = table.rows[0] else { return }
            row["团员人数"] = .number(2)
            table.rows[0] = row
            content.tables["直属团组织"] = table
        }
    }

    /// The sheet and cell of the first error finding that names a cell.
    static func flaggedCell(_ submission: [String: Any]) throws -> (sheet: String, cell: String) {
        let finding = try #require((submission["findings"] as? [[String: Any]])?.first {
            $0["severity"] as? String == "error" && $0["cell"] is String
        })
        return (finding["sheet"] as! String, finding["cell"] as! String)
    }

    /// The value cell of a field of 基本信息 in the fixture's ledgers.
    static func formCell(_ fixture: PortalFixture, _ label: String) throws -> String {
        let path = fixture.folder + "/form-\(UUID().uuidString).xlsx"
        try Data(try fixture.ledger(town: 0)).write(to: URL(fileURLWithPath: path))
        let result = EditingFixtures.validator.validate(path: path)
        return try #require(result.submission?.forms["基本信息"]?.fields[label]?.reference.description)
    }

    /// `POST /api/submissions/{id}/edits` with a JSON body; the status and the decoded answer.
    static func edit(_ client: some TestClientProtocol, id: Int, token: String,
                     _ body: [String: Any]) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = F.bearer(token)
        headers[.contentType] = "application/json"
        let response = try await client.execute(uri: "/api/submissions/\(id)/edits", method: .post, headers: headers,
                                                body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, F.json(response.body))
    }

    /// Every cell of a sheet, with its formula.
    static func cells(of workbook: Workbook, sheet name: String) throws -> [CellReference: (value: CellValue, formula: String?)] {
        var cells: [CellReference: (value: CellValue, formula: String?)] = [:]
        try workbook.forEachRow(of: try workbook.sheet(named: name)) { row in
            for cell in row.cells { cells[cell.reference] = (cell.value, cell.formula) }
        }
        return cells
    }
}
