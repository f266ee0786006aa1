import Foundation
import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: structure, reports and configuration errors")
struct ValidationStructureTests {
    let configuration = TemplateValidationTests.configuration

    /// Writes a workbook whose sheets are given as rows of cells (nil = empty).
    func workbook(_ sheets: [(String, [[WritableCell?]])]) throws -> String {
        let path = temporaryFolder() + "/submission.xlsx"
        let writer = try WorkbookWriter(path: path)
        for (name, rows) in sheets {
            let sheet = try writer.addSheet(name)
            for row in rows { try sheet.writeRow(row) }
        }
        try writer.close()
        return path
    }

    @Test func headerFoundBelowTitleRowsWithColumnsInAnyOrder() throws {
        let path = try workbook([
            ("基本信息", [["镇名称", "罗家镇"], ["填报日期", WritableCell(.date(LocalDateTime(year: 2026, month: 10, day: 31)))]]),
            ("挂点包干", [
                ["罗家镇挂点包干表"], [], ["填表说明:按实际填写"],
                ["联系电话", "包干区域名称", "姓名 *", "职务", "包干区域数", "自加列"],
                [13_700_137_000, "甲村、乙村、丙村", "赵六", "副书记", 3, "x"],
            ]),
        ])
        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: path)
        let table = try #require(result.submission?.tables["挂点包干"])
        #expect(table.headerRow == 4)
        #expect(table.rows.count == 1)
        #expect(table.rows[0].value("姓名") == .text("赵六"))
        #expect(table.rows[0].value("联系电话") == .phone("13700137000"))
        #expect(result.findings.contains { $0.code == .extraColumn && $0.cell?.description == "F4" })
        #expect(!result.findings.contains { $0.sheet == "挂点包干" && $0.severity == .error })
        #expect(result.town == "罗家镇")
    }

    @Test func unreadableFilesAreOneFindingAndJSONFollowsTheContract() throws {
        let folder = temporaryFolder()
        let path = folder + "/old.xlsx"
        FileManager.default.createFile(atPath: path, contents: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array("W\0o\0r\0k\0b\0o\0o\0k\0".utf8)))
        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: path)
        #expect(!result.readable)
        #expect(result.findings.count == 1 && result.findings[0].code == .unreadable)
        #expect(result.sha256.count == 64)
        let json = FindingsReport(results: [result], language: .english).json
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let file = (object["files"] as! [[String: Any]])[0]
        #expect(file["readable"] as? Bool == false)
        #expect(file["path"] as? String == path)
        let finding = (file["findings"] as! [[String: Any]])[0]
        #expect(Set(finding.keys) == ["severity", "code", "sheet", "cell", "row", "column", "value", "message"])
        #expect((finding["message"] as? String)?.contains(".xls") == true)
    }

    @Test func findingsCarryEveryFieldInBothLanguages() throws {
        let path = try workbook([("基本信息", [["镇名称", "湖坊镇"], ["目标任务数", "二十"]])])
        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: path)
        let finding = try #require(result.findings.first { $0.code == .notANumber })
        #expect(finding.sheet == "基本信息" && finding.cell?.description == "B2" && finding.row == 2)
        #expect(finding.column == "目标任务数" && finding.value == "二十")
        #expect(finding.message.chinese.contains("二十"))
        #expect(finding.message.english.contains("must be a number"))
        #expect(FindingsReport(results: [result], language: .chinese).text.contains("目标任务数应填写数字"))
    }

    @Test(arguments: [
        ("- {label: 姓名, type: numbr}", "unknown type \"numbr\""),
        ("- {label: 姓名, type: text, not_after: 基本信息.不存在}", "has no column \"不存在\""),
        ("- {label: 姓名, type: date, warn_before: 2026-13-01}", "expected a date"),
        ("- {label: 姓名, type: text, colour: red}", "unknown key \"colour\""),
    ])
    func schemaMistakesNameTheLine(column: String, message: String) throws {
        let text = """
            name: test
            sheets:
              - name: 基本信息
                kind: form
                fields:
                  - {label: 填报日期, type: date}
              - name: 表
                kind: table
                columns:
                  \(column)
            """
        #expect {
            try LedgerSchema.parse(text, file: "bad.yaml", district: configuration.district)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.file == "bad.yaml" && error.line == 10 && error.message.contains(message)
        }
    }

    @Test func districtMistakesNameTheLine() {
        #expect {
            try DistrictConfig.parse("district: x\nyear: 2026\ntowns: []\n", file: "d.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("at least one town") == true
        }
        let head = "district: x\nyear: 2026\ncampaign_start: 2026-09-10\ndeadline: 2026-10-31\nreport_window: {from: 2026-09-10, to: 2026-10-31}\n"
        #expect {
            try DistrictConfig.parse(head + "towns:\n  - {name: 甲镇}\n  - {name: 乙镇}\n  - {name: 甲镇}\n", file: "d.yaml")
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.message.contains("\"甲镇\" is listed twice") == true && error?.line == 9
        }
        #expect {
            try DistrictConfig.parse(head + "towns:\n  - {name: 甲镇}\nliaison:\n  书记: [甲镇, 丙镇]\n", file: "d.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.message.contains("\"丙镇\" is not one of the towns") == true
        }
        // Thousands of towns, each once, are read.
        let many = (1...5_000).map { "  - {name: 镇\($0)}" }.joined(separator: "\n")
        #expect((try? DistrictConfig.parse(head + "towns:\n" + many + "\n", file: "d.yaml"))?.towns.count == 5_000)
    }
}
