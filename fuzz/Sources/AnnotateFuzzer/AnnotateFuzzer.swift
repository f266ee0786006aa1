// A libFuzzer target for validation and the annotated copy (the patcher, `WorkbookPatcher`),
// through the Evaluation library as `taizhang validate --annotate` and the portal run them:
// every input is a list of parts (`PartList`) packed into a workbook, validated against the
// built-in ledger and, when it has findings, annotated. Any input must end in a result; beyond
// not crashing, hanging or tripping AddressSanitizer, the code keeps two promises, checked here:
// - the annotated copy of a readable file is readable (the patch never breaks a package), and
// - annotating that copy again (a town sends it back unchanged) works and stays readable.
// Built and run by `make fuzz` (see fuzz/Package.swift).

#if canImport(Glibc)
import Glibc
#endif
import Evaluation
import FuzzSupport
import Ledger

private let evaluation = Evaluation(options: FuzzOptions.builtIn)

/// libFuzzer's loop over ``fuzzAnnotate(_:)``.
@main
enum AnnotateFuzzerMain {
    static func main() {
        exit(FuzzDriver.run { data, size in fuzzAnnotate(Array(UnsafeBufferPointer(start: data, count: size))) })
    }
}

/// One input.
private func fuzzAnnotate(_ input: [UInt8]) -> Int32 {
    guard let parts = PartList.workbooks(in: input, limit: 1).first else { return 0 }
    let source = ScratchFolder.file("submission.xlsx")
    guard StoredZip.write(parts, to: source) else { broken("the scratch folder takes a workbook") }
    let result = evaluation.validate(SubmissionFile(path: source))
    let copy = ScratchFolder.file("annotated.xlsx")
    guard annotate(result, to: copy) == nil else { return 0 }
    let again = evaluation.validate(SubmissionFile(path: copy))
    guard again.readable else {
        broken("the annotated copy of a readable file is readable: \(again.findings.first?.message.english ?? "")")
    }
    let second = ScratchFolder.file("annotated-again.xlsx")
    if let refusal = annotate(again, to: second) {
        broken("an annotated copy can be annotated again: \(refusal)")
    }
    let third = evaluation.validate(SubmissionFile(path: second))
    guard third.readable else {
        broken("a copy annotated twice is readable: \(third.findings.first?.message.english ?? "")")
    }
    return 0
}

/// Writes the annotated copy of a readable result with findings; nil when it was written, else
/// why not (there is nothing to annotate, or the file is refused with an error: a clean answer).
private func annotate(_ result: SubmissionResult, to destination: String) -> String? {
    ScratchFolder.remove(destination)
    guard result.readable, !result.findings.isEmpty else { return "nothing to annotate" }
    do {
        try evaluation.writeAnnotatedCopy(of: result, to: destination)
        return nil
    } catch {
        return "\(error)"
    }
}
