// A libFuzzer target for validation and the annotated copy (the patcher, `WorkbookPatcher`):
// every input is a list of parts (`PartList`) packed into a workbook, validated against the
// default ledger and, when it has findings, annotated as `validate --annotate` does. Any input
// must end in a result; beyond not crashing, hanging or tripping AddressSanitizer, the code keeps
// two promises, checked here:
// - the annotated copy of a readable file is readable (the patch never breaks a package), and
// - annotating that copy again (a town sends it back unchanged) works and stays readable.
// Built and run by `make fuzz` (see fuzz/Package.swift).

#if canImport(Glibc)
import Glibc
#endif
import FuzzSupport
import Ledger
import XLSX

private let validator: LedgerValidator = {
    guard let configuration = try? LedgerConfiguration.load() else { broken("the built-in ledger configuration loads") }
    var validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
    validator.limits = fuzzLimits
    return validator
}()

/// The annotator `validate --annotate` uses (made per input: it is a small value).
private func makeAnnotator() -> Annotator {
    var annotator = Annotator(language: .chinese)
    annotator.limits = fuzzLimits
    annotator.issuer = "团区委"
    return annotator
}

/// The reader fuzzer's limits: a mutated input stays far below them, a bomb does not.
private let fuzzLimits: ReadLimits = {
    var limits = ReadLimits()
    limits.maximumPartSize = 64 << 20
    limits.maximumTotalSize = 256 << 20
    return limits
}()

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
    let result = validator.validate(path: source)
    let copy = ScratchFolder.file("annotated.xlsx")
    guard annotate(result, to: copy) == nil else { return 0 }
    let again = validator.validate(path: copy)
    guard again.readable else {
        broken("the annotated copy of a readable file is readable: \(again.findings.first?.message.english ?? "")")
    }
    let second = ScratchFolder.file("annotated-again.xlsx")
    if let refusal = annotate(again, to: second) {
        broken("an annotated copy can be annotated again: \(refusal)")
    }
    let third = validator.validate(path: second)
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
        try makeAnnotator().write(result, to: destination)
        return nil
    } catch {
        return "\(error)"
    }
}
