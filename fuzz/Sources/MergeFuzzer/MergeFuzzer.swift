// A libFuzzer target for the district's side: every input is up to four workbooks, each a
// list of parts (`PartList`), merged into the district ledger as `taizhang evaluate` does, then
// scored into the awards workbook, and the district ledger read back for scoring as `taizhang
// score` does. Any input must end in a result; beyond not crashing, hanging or tripping
// AddressSanitizer, the code keeps the promise that one town's file cannot stop the district's
// job: whatever the towns' files hold, the merge, the scoring and the reading back succeed (a
// file that cannot be read is an `unreadable` finding, not an error of the whole job).
// Built and run by `make fuzz` (see fuzz/Package.swift).

#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
import Ledger
import Scoring
import XLSX

private let setup: ScoringSetup = {
    guard let configuration = try? LedgerConfiguration.load(), let setup = try? ScoringSetup.load(rulesPath: nil, configuration: configuration) else {
        broken("the built-in ledger configuration and scoring rules load")
    }
    return setup
}()

private let merger: DistrictMerger = {
    var limits = ReadLimits()
    limits.maximumPartSize = 64 << 20
    limits.maximumTotalSize = 256 << 20
    var merger = DistrictMerger(configuration: setup.configuration, limits: limits)
    merger.keptColumns = setup.rules.referencedColumns(schema: setup.configuration.schema)
    return merger
}()

/// libFuzzer's loop over ``fuzzMerge(_:)``.
@main
enum MergeFuzzerMain {
    static func main() {
        exit(FuzzDriver.run { data, size in fuzzMerge(Array(UnsafeBufferPointer(start: data, count: size))) })
    }
}

/// One input.
private func fuzzMerge(_ input: [UInt8]) -> Int32 {
    var files: [String] = []
    for (index, parts) in PartList.workbooks(in: input, limit: 4).enumerated() {
        let path = ScratchFolder.file("town\(index).xlsx")
        guard StoredZip.write(parts, to: path) else { broken("the scratch folder takes a workbook") }
        files.append(path)
    }
    let ledger = ScratchFolder.file("district.xlsx")
    let outcome: MergeOutcome
    do {
        outcome = try merger.merge(files: files, to: ledger)
    } catch {
        broken("the merge of any towns' files succeeds: \(error)")
    }
    let latest = outcome.entries.filter { $0.status == .used }.compactMap(\.reportDate).max()
    do {
        _ = try setup.scoreAndWrite(towns: outcome.towns, inputs: files, latestReportDate: latest,
                                    to: ScratchFolder.file("awards.xlsx"))
    } catch {
        broken("the scoring of any merged towns succeeds: \(error)")
    }
    do {
        _ = try DistrictLedgerReader(configuration: setup.configuration).read(path: ledger)
    } catch {
        broken("the district ledger the merge wrote reads back: \(error)")
    }
    return 0
}
