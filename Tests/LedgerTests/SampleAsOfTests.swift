@testable import LedgerSamples
import Foundation
import Testing
import XLSX
@testable import Ledger

/// `taizhang sample --as-of DAY`: each town's ledger as it stood that day — the same campaign
/// (the kept rows equal the full sample's), later rows left out, 填报日期 = the day — so that
/// successive days give a growing history that validates cleanly.
@Suite("Ledger: samples as of a day")
struct SampleAsOfTests {
    let configuration = TemplateValidationTests.configuration

    func content(town index: Int, asOf: LedgerDate?) -> TemplateContent {
        let district = configuration.district
        var sample = SampleTown(index: index, townCount: district.towns.count, town: district.towns[index], district: district,
                                random: SampleRandom(seed: 2026 &* 1_000_003 &+ UInt64(index)), asOf: asOf)
        return sample.content()
    }

    static func date(_ value: WritableValue?) -> LedgerDate? {
        guard case .date(let moment)? = value else { return nil }
        return LedgerDate(moment)
    }

    @Test func laterRowsAreLeftOutAndTheRestAreTheFullSamples() throws {
        let day = LedgerDate(iso: "2026-10-09")!
        for index in configuration.district.towns.indices {
            let full = content(town: index, asOf: nil)
            let early = content(town: index, asOf: day)
            #expect(Self.date(early.forms["基本信息"]?["填报日期"]) == day)
            let fullOrganisations = full.tables["直属团组织"]!.rows.compactMap { $0 }
            let earlyOrganisations = early.tables["直属团组织"]!.rows.compactMap { $0 }
            let expected = fullOrganisations.filter { Self.date($0["成立日期"])! <= day }
            #expect(!expected.isEmpty && expected.count < fullOrganisations.count)
            #expect(earlyOrganisations.map { $0["团组织名称"] } == expected.map { $0["团组织名称"] })
            for sheet in ["周交账": "交账日期", "活动开展": "活动日期"] {
                let rows = early.tables[sheet.key]!.rows.compactMap { $0 }
                #expect(rows.allSatisfy { Self.date($0[sheet.value])! <= day })
            }
            let founded = Set(earlyOrganisations.compactMap { row -> String? in
                if case .string(let name)? = row["团组织名称"] { return name }
                return nil
            })
            for nominee in early.tables["优秀个人推荐"]!.rows.compactMap({ $0 }) {
                guard case .string(let organisation)? = nominee["所在团组织"] else { Issue.record("no 所在团组织"); continue }
                #expect(founded.contains(organisation))
            }
        }
    }

    @Test func eachDaysLedgerValidatesWithoutErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taizhang-asof-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
        for day in ["2026-10-02", "2026-10-16", "2026-10-23"] {
            var generator = SampleGenerator(configuration: configuration, seed: 2026)
            generator.asOf = LedgerDate(iso: day)
            try FileManager.default.createDirectory(atPath: folder + "/" + day, withIntermediateDirectories: true)
            try generator.write(to: folder + "/" + day, towns: configuration.district.towns, faults: false)
            for town in configuration.district.towns {
                let result = validator.validate(path: folder + "/" + day + "/" + TemplateBuilder.fileName(town: town.name))
                #expect(result.errorCount == 0, "\(town.name) as of \(day): \(result.findings.map(\.code.rawValue))")
            }
        }
    }

    @Test func faultsAreInjectedEvenWhenNothingWasFoundedYet() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taizhang-asof-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SampleGenerator(configuration: configuration, seed: 2026)
        generator.asOf = LedgerDate(iso: "2026-09-01")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try generator.write(to: folder, towns: configuration.district.towns, faults: true)
        #expect(FileManager.default.fileExists(atPath: folder + "/" + TemplateBuilder.fileName(town: configuration.district.towns[1].name)))
    }
}
