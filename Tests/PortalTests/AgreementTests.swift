import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestOracles
import Testing
@testable import XLSX
@testable import Ledger
@testable import Portal

/// Issue 21: the same ledgers through `taizhang evaluate` and through the portal give the same
/// findings (the towns' pages included), scores.json, every cell of 评优评先 and 区汇总, the same
/// progress counts and the same annotated copies — on a set where two towns share one
/// organisation's name (a district-wide error) and others have warnings.
@Suite("Evaluation: evaluate and the portal agree")
struct AgreementTests {
    typealias F = PortalFixture

    /// Five towns' ledgers: 罗家镇's first organisation has 湖坊镇's first one's name; 塘山镇 typed a
    /// phone with spaces (a warning).
    func ledgers(_ fixture: PortalFixture) throws -> [(town: String, bytes: [UInt8])] {
        let towns = PortalFixture.configuration.district.towns.map(\.name)
        var shared: WritableValue?
        _ = try fixture.ledger(town: 0) { shared = $0.tables["直属团组织"]?.rows[0]?["团组织名称"] }
        return try towns.indices.map { index in
            (towns[index], try fixture.ledger(town: index) { content in
                if index == 1, let shared { content.tables["直属团组织"]?.rows[0]?["团组织名称"] = shared }
                if index == 2 { content.tables["直属团组织"]?.rows[1]?["书记联系电话"] = .string("138 0013 8000") }
            })
        }
    }

    @Test(.needs(.builtTaizhang))
    func evaluateAndThePortalAgree() async throws {
        let fixture = try F()
        let ledgers = try ledgers(fixture)
        let submissions = fixture.folder + "/报送"
        try FileManager.default.createDirectory(atPath: submissions, withIntermediateDirectories: true)
        for ledger in ledgers {
            try Data(ledger.bytes).write(to: URL(fileURLWithPath: submissions + "/\(ledger.town)台账.xlsx"))
        }
        let outputs = fixture.folder + "/输出"
        let evaluate = Process()
        evaluate.executableURL = URL(fileURLWithPath: PortalFixture.taizhang)
        // The same files as the portal's: the fixture's configuration and rules.
        let configuration = PortalFixture.configuration
        evaluate.arguments = ["evaluate", submissions, "-o", outputs, "--rules", PortalFixture.rulesPath,
                              "--config", configuration.districtPath, "--schema", configuration.schemaPath]
        evaluate.standardOutput = FileHandle.nullDevice
        try evaluate.run()
        evaluate.waitUntilExit()
        #expect(evaluate.terminationStatus == 1, "the district duplicate is an error")
        let findingsFile = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outputs + "/findings.json")))
            as? [String: Any]
        let cliFiles = (findingsFile?["files"] as? [[String: Any]] ?? []).map { file -> (String, [[String: Any]]) in
            (String((file["path"] as? String ?? "").split(separator: "/").last ?? ""), file["findings"] as? [[String: Any]] ?? [])
        }
        let cliFindings = Dictionary(uniqueKeysWithValues: cliFiles.map { ($0.0, Self.text($0.1)) })
        #expect(cliFindings.values.contains { $0.contains { $0.contains("|district-duplicate|") } })

        try await fixture.portal.application().test(.router) { client in
            var ids: [String: Int] = [:]
            for ledger in ledgers {
                let (status, json) = try await F.upload(client, token: fixture.townTokens[ledger.town]!, bytes: ledger.bytes,
                                                        fileName: "\(ledger.town)台账.xlsx")
                #expect(status == .created)
                ids[ledger.town] = json["id"] as? Int
            }
            // The towns' pages (their API) say what findings.json says, district-wide errors included.
            for ledger in ledgers {
                let answer = F.json(try await F.get(client, "/api/submissions/\(ids[ledger.town]!)", token: fixture.townTokens[ledger.town]!).body)
                let portal = answer["findings"] as? [[String: Any]] ?? []
                let cli = cliFindings["\(ledger.town)台账.xlsx"] ?? []
                #expect(Self.text(portal) == cli, "\(ledger.town)")
                let errors = cli.filter { $0.hasPrefix("error|") }.count
                #expect(answer["errors"] as? Int == errors && answer["status"] as? String == (errors > 0 ? "rejected" : "accepted"))
            }
            let page = try await client.execute(uri: "/submissions/\(ids["罗家镇"]!)", method: .get,
                                                headers: F.bearer(fixture.townTokens["罗家镇"]!))
            #expect(String(buffer: page.body).contains("district-duplicate"))

            // The district's files.
            let download = { (name: String) async throws -> Data in
                Data(try await F.get(client, "/api/district/\(name)", token: fixture.districtToken).body.readableBytesView)
            }
            let scores = try await download("scores.json")
            #expect(scores == (try Data(contentsOf: URL(fileURLWithPath: outputs + "/scores.json"))))
            let portalFindings = try JSONSerialization.jsonObject(with: try await download("findings.json")) as? [String: Any]
            for file in portalFindings?["files"] as? [[String: Any]] ?? [] {
                #expect(Self.text(file["findings"] as? [[String: Any]] ?? []) == cliFindings[file["path"] as? String ?? ""] ?? [])
            }
            for (api, name) in [("ledger.xlsx", "区汇总.xlsx"), ("awards.xlsx", "评优评先.xlsx")] {
                let path = fixture.folder + "/portal-" + name
                try await download(api).write(to: URL(fileURLWithPath: path))
                let portalCells = try Self.cells(path, removing: [])
                let cliCells = try Self.cells(outputs + "/" + name, removing: [submissions + "/"])
                #expect(portalCells.count == cliCells.count && portalCells.count > 100, "\(name)")
                for (cell, value) in cliCells where portalCells[cell] != value {
                    Issue.record("\(name) \(cell): evaluate \(value), portal \(portalCells[cell] ?? "(none)")")
                }
            }

            // Progress: /api/progress counts what 区汇总's 进度 counts.
            let progress = F.json(try await F.get(client, "/api/progress", token: fixture.districtToken).body)
            let ledgerCells = try Self.cells(outputs + "/区汇总.xlsx", removing: [])
            for town in progress["towns"] as? [[String: Any]] ?? [] {
                let name = town["town"] as? String ?? ""
                let row = ledgerCells.first { $0.key.hasPrefix("进度!A") && $0.value == name }.map { String($0.key.dropFirst("进度!A".count)) }
                let series = (town["series"] as? [[String: Any]] ?? []).map { $0["founded"] as? Int ?? -1 }
                let sheet = (0..<series.count).map { ledgerCells["进度!\(CellReference.columnLetters(3 + $0))\(row ?? "0")"] ?? "" }
                #expect(series.map { "\(Double($0))" } == sheet, "\(name)")
            }

            // The annotated copies: the same parts, byte for byte.
            for ledger in ledgers where !(cliFindings["\(ledger.town)台账.xlsx"] ?? []).isEmpty {
                let response = try await F.get(client, "/api/submissions/\(ids[ledger.town]!)/annotated", token: fixture.districtToken)
                #expect(response.status == .ok)
                let path = fixture.folder + "/portal-annotated-\(ledger.town).xlsx"
                try Data(response.body.readableBytesView).write(to: URL(fileURLWithPath: path))
                let portalParts = try Self.parts(path)
                let cliParts = try Self.parts(outputs + "/退回修改/\(ledger.town)台账.xlsx")
                #expect(portalParts.keys.sorted() == cliParts.keys.sorted(), "\(ledger.town)")
                // The letter's 校验时间 and 落款 date are when each checked the file: evaluate as
                // it ran, the portal when the upload came in (the fixture's clock).
                for (name, bytes) in cliParts where Self.maskingTimes(portalParts[name] ?? []) != Self.maskingTimes(bytes) {
                    Issue.record("\(ledger.town): part \(name) differs")
                }
            }
        }
    }

    /// Findings as comparable lines.
    static func text(_ findings: [[String: Any]]) -> [String] {
        findings.map { finding in
            ["severity", "code", "sheet", "cell", "column", "value", "message"].map { "\(finding[$0] ?? "null")" }.joined(separator: "|")
        }
    }

    /// Every cell of every sheet as text, by `sheet!ref`, with the given prefixes taken out of text.
    static func cells(_ path: String, removing prefixes: [String]) throws -> [String: String] {
        let workbook = try Workbook(path: path)
        var cells: [String: String] = [:]
        for sheet in workbook.sheets where sheet.kind.holdsCells {
            try workbook.forEachRow(of: sheet) { row in
                for cell in row.cells {
                    var text: String
                    switch cell.value {
                    case .number(let number): text = "\(number)"
                    case .string(let string): text = string
                    case .date(let date): text = date.isoText
                    case .boolean(let flag): text = "\(flag)"
                    case .error(let error): text = error.literal
                    }
                    for prefix in prefixes { text = text.replacingOccurrences(of: prefix, with: "") }
                    cells["\(sheet.name)!\(cell.reference)"] = text + (cell.formula.map { " =" + $0 } ?? "")
                }
            }
        }
        return cells
    }

    /// The parts of a workbook by name, with their bytes.
    /// A part's bytes with every time of day (`2026-12-07 20:15`) as `TIME` and every date in
    /// Chinese (`2026年12月7日`, the letter's 落款) as `DATE`.
    static func maskingTimes(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"#, with: "TIME", options: .regularExpression)
            .replacingOccurrences(of: #"\d{4}年\d{1,2}月\d{1,2}日"#, with: "DATE", options: .regularExpression)
    }

    static func parts(_ path: String) throws -> [String: [UInt8]] {
        let archive = try ZipArchive(path: path, limits: ReadLimits())
        var parts: [String: [UInt8]] = [:]
        for name in archive.names { parts[name] = try archive.entry(name).map { try archive.read($0) } }
        return parts
    }
}
