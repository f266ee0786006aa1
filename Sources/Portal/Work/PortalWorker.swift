import Evaluation
import Foundation
import Ledger
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The worker process (`taizhang worker`, started by `taizhang serve`, never by hand): reads its
/// setup and then jobs from standard input, answers each on standard output, until standard
/// input closes. Everything that reads a town's file runs here, so that nothing a file does — a
/// crash, a trap, runaway memory — can stop the server: the server sees the pipe close, answers
/// the request that needed the job, and starts another worker.
public enum PortalWorker {
    /// Serves jobs on standard input and output; returns the exit status (0 when the server
    /// closed the pipe, 2 when the setup could not be read).
    public static func serve() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let input: Int32 = 0
        let output: Int32 = 1
        let evaluation: Evaluation
        do {
            let setup = try WorkerFrame.read(WorkerSetup.self, from: input)
            if let limit = setup.memoryLimit { limitMemory(to: limit) }
            evaluation = try setup.evaluation()
        } catch {
            FileHandle.standardError.write(Data("taizhang worker: cannot start: \(error)\n".utf8))
            return 2
        }
        while true {
            let job: WorkerJob
            do {
                job = try WorkerFrame.read(WorkerJob.self, from: input)
            } catch {
                return 0
            }
            let reply = perform(job, with: evaluation)
            do {
                let (framed, texts) = reply.framed()
                try WorkerFrame.write(framed, texts: texts, to: output)
            } catch {
                return 0
            }
        }
    }

    /// Does one job.
    static func perform(_ job: WorkerJob, with evaluation: Evaluation) -> WorkerReply {
        do {
            switch job {
            case .intake(let file):
                return .intake(RecordedIntake(evaluation.intake(file)))
            case .annotate(let file, let districtFindings, let destination):
                let result = evaluation.adding(districtFindings, to: evaluation.validate(file))
                guard result.readable, !result.findings.isEmpty else { return .annotated(false) }
                try evaluation.writeAnnotatedCopy(of: result, to: destination, checkedAt: Date(timeIntervalSince1970: file.received))
                return .annotated(true)
            case .editForm(let file, let districtFindings):
                let result = evaluation.adding(districtFindings, to: evaluation.validate(file))
                return .edit(.form(EditForm(editor: editor(of: evaluation), result: result)))
            case .edit(let file, let request, let destination):
                let result = evaluation.validate(file)
                do {
                    try editor(of: evaluation).write(request, for: result, to: destination)
                    return .edit(.written(fileName: LedgerEditor.editedFileName(of: result)))
                } catch let refusal as EditRefusal {
                    return .edit(.refused(refusal))
                }
            case .build(let files, let folder):
                let report = try evaluation.run(files, into: folder, annotate: false)
                return .built(report.board.towns.map {
                    RankingLine(rank: $0.rank, town: $0.name, total: "\($0.total)", award: $0.award)
                })
            }
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// The editor of the evaluation's ledger, with its reading limits.
    private static func editor(of evaluation: Evaluation) -> LedgerEditor {
        let configuration = evaluation.options.configuration
        var editor = LedgerEditor(schema: configuration.schema, district: configuration.district)
        editor.limits = evaluation.options.limits
        return editor
    }

    /// Caps the data the process may allocate: past it, allocation fails and the process dies
    /// rather than the machine running out of memory.
    private static func limitMemory(to bytes: Int64) {
        var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
        #if os(Linux)
        setrlimit(Int32(RLIMIT_DATA.rawValue), &limit)
        #else
        setrlimit(RLIMIT_DATA, &limit)
        #endif
    }
}
