import Testing
@testable import Ledger
@testable import LedgerSamples

/// The district-wide check kept town by town (`DistrictValueIndex`, what the portal keeps across
/// uploads) against a plain reading of the rule made here: a value of a district-unique column
/// held by two towns is a finding in each, naming the other towns in the district's order.
@Suite("Ledger: the district-wide check, kept town by town")
struct DistrictValueIndexTests {
    static let towns = ["甲镇", "乙镇", "丙镇", "丁镇", "戊镇", "己镇"]

    /// Up to six values from a pool of five names in two columns, so that towns share some.
    static func values(_ random: inout SampleRandom) -> [DistrictValue] {
        (0..<random.int(0...6)).map { row in
            DistrictValue(sheet: "直属团组织", sheetName: "直属团组织", column: random.pick(["团组织名称", "统一社会信用代码"]),
                          value: "名称\(random.int(1...5))", cell: "B\(row + 2)", typed: "t")
        }
    }

    /// The findings of each town as the rule says, read plainly off every town's values.
    static func expected(_ held: [String: [DistrictValue]]) -> [String: [String]] {
        var expected: [String: [String]] = [:]
        for town in towns {
            expected[town] = (held[town] ?? []).compactMap { value in
                let others = towns.filter { $0 != town }.flatMap { other in
                    (held[other] ?? []).filter { $0.sheet == value.sheet && $0.column == value.column && $0.value == value.value }
                        .map { "\(other) \($0.sheetName)!\($0.cell)" }
                }
                return others.isEmpty ? nil : "\(value.cell) \(value.column) \(others.joined(separator: "、"))"
            }
        }
        return expected
    }

    static func described(_ findings: [Finding]) -> [String] {
        findings.map { finding in
            #expect(finding.code == .districtDuplicate && finding.severity == .error)
            let others = finding.message.chinese.split(separator: "”与").last.map { String($0.dropLast("重复(全区不得重复)".count)) } ?? ""
            return "\(finding.cell?.description ?? "") \(finding.column ?? "") \(others)"
        }
    }

    @Test func keptTownByTownItAgreesWithTheRuleAfterEveryChange() {
        var random = SampleRandom(seed: 20_261_207)
        var index = DistrictValueIndex(towns: Self.towns)
        var held: [String: [DistrictValue]] = [:]
        var before = Self.expected(held)
        for _ in 0..<400 {
            let town = random.pick(Self.towns)
            let values = random.int(0...4) == 0 ? [] : Self.values(&random)
            held[town] = values
            let touched = index.set(values, of: town)
            let after = Self.expected(held)
            for other in Self.towns {
                #expect(Self.described(index.findings(of: other)) == after[other], "\(other) after \(town) changed")
                if after[other] != before[other] { #expect(touched.contains(other), "\(other)'s findings changed unreported") }
            }
            before = after
        }
    }

    @Test func theWholeDistrictAtOnceGivesTheSameFindings() {
        var random = SampleRandom(seed: 42)
        let held = Dictionary(uniqueKeysWithValues: Self.towns.map { ($0, Self.values(&random)) })
        let findings = DistrictChecks.findings(Self.towns.map { ($0, held[$0]!) })
        let expected = Self.expected(held)
        for (place, town) in Self.towns.enumerated() { #expect(Self.described(findings[place]) == expected[town]) }
    }

    @Test func aTownOutsideTheDistrictIsIgnored() {
        var index = DistrictValueIndex(towns: ["甲镇"])
        let value = DistrictValue(sheet: "s", sheetName: "s", column: "c", value: "v", cell: "A1", typed: "v")
        #expect(index.set([value], of: "外镇").isEmpty)
        #expect(index.set([value], of: "甲镇") == ["甲镇"])
        #expect(index.findings(of: "甲镇").isEmpty)
    }
}
