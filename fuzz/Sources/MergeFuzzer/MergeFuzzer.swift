// A libFuzzer target for the district's side, through the Evaluation library as `taizhang
// evaluate`, `score` and the portal run it: every input is up to four workbooks, each a list of
// parts (`PartList`), merged into the district ledger, scored into the awards workbook, and the
// district ledger read back and scored again. Any input must end in a result; beyond not
// crashing, hanging or tripping AddressSanitizer, the code keeps the promise that one town's
// file cannot stop the district's job: whatever the towns' files hold, the merge, the scoring
// and the reading back succeed (a file that cannot be read is an `unreadable` finding, not an
// error of the whole job). Built and run by `make fuzz` (see fuzz/Package.swift).

#if canImport(Glibc)
import Glibc
#endif
import Evaluation
import FuzzSupport
import Ledger

private let evaluation = Evaluation(options: FuzzOptions.builtIn)

/// libFuzzer's loop over ``fuzzMerge(_:)``.
@main
enum MergeFuzzerMain {
    static func main() {
        exit(FuzzDriver.run { data, size in fuzzMerge(Array(UnsafeBufferPointer(start: data, count: size))) })
    }
}

/// One input.
private func fuzzMerge(_ input: [UInt8]) -> Int32 {
    var files: [SubmissionFile] = []
    for (index, parts) in PartList.workbooks(in: input, limit: 4).enumerated() {
        let path = ScratchFolder.file("town\(index).xlsx")
        guard StoredZip.write(parts, to: path) else { broken("the scratch folder takes a workbook") }
        files.append(SubmissionFile(path: path, received: Double(index)))
    }
    let ledger = ScratchFolder.file("district.xlsx")
    do {
        let outcome = try evaluation.merge(files, ledger: ledger, keepRows: true)
        _ = try evaluation.score(outcome, awards: ScratchFolder.file("awards.xlsx"))
    } catch {
        broken("the merge and scoring of any towns' files succeed: \(error)")
    }
    do {
        _ = try evaluation.score(ledger: ledger, awards: ScratchFolder.file("awards-again.xlsx"))
    } catch {
        broken("the district ledger the merge wrote reads back and scores: \(error)")
    }
    return 0
}
