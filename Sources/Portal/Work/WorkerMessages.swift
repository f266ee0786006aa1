import Evaluation
import Foundation
import Ledger
import Scoring
import TaizhangSupport
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a worker process is set up with, once, before its first job: the same configuration,
/// rules, limits and issuer as the server (their texts, so that a file edited while the server
/// runs cannot make the two disagree).
struct WorkerSetup: Codable, Sendable {
    var schemaPath: String
    var schemaText: String
    var districtPath: String
    var districtText: String
    var rulesPath: String
    var rulesText: String
    var limits: ReadLimits
    var issuer: String
    /// The most bytes of data the worker may allocate (`RLIMIT_DATA`); nil: no limit of its own.
    var memoryLimit: Int64?

    /// The setup of an evaluation's options.
    init(options: EvaluationOptions, memoryLimit: Int64?) {
        schemaPath = options.configuration.schemaPath
        schemaText = options.configuration.schemaText
        districtPath = options.configuration.districtPath
        districtText = options.configuration.districtText
        rulesPath = options.scoring.rulesFile.path
        rulesText = options.scoring.rulesText
        limits = options.limits
        issuer = options.issuer
        self.memoryLimit = memoryLimit
    }

    /// The evaluation the worker runs.
    func evaluation() throws -> Evaluation {
        let configuration = try LedgerConfiguration.parse(schema: (schemaPath, schemaText), district: (districtPath, districtText))
        var options = EvaluationOptions(configuration: configuration,
                                        scoring: try ScoringSetup.parse(rulesText, path: rulesPath, configuration: configuration))
        options.limits = limits
        options.issuer = issuer
        return Evaluation(options: options)
    }
}

/// A job for a worker process: everything in it that reads a workbook.
enum WorkerJob: Codable, Sendable {
    /// Reads an upload once (`Evaluation/intake(_:)`).
    case intake(SubmissionFile)
    /// Writes the annotated copy of a submission, with the district-wide findings it has as a
    /// current submission, to `destination`.
    case annotate(SubmissionFile, districtFindings: [Finding], destination: String)
    /// Builds the district's outputs from the current submissions into `folder`
    /// (`Evaluation/run(_:into:annotate:)`, without annotated copies).
    case build([SubmissionFile], folder: String)
    /// Reads what the page of a submission offers to correct and add (``EditForm``), with the
    /// district-wide findings it has as a current submission.
    case editForm(SubmissionFile, districtFindings: [Finding])
    /// Writes the submission with a town's corrections and new rows to `destination`
    /// (`LedgerEditor/write(_:for:to:)`).
    case edit(SubmissionFile, request: EditRequest, destination: String)
}

/// A worker's answer to a job.
enum WorkerReply: Codable, Sendable {
    /// The intake of an upload, as it is recorded.
    case intake(RecordedIntake)
    /// Whether an annotated copy was written (false: the submission has no findings to mark).
    case annotated(Bool)
    /// A finished build: the towns' ranking.
    case built([RankingLine])
    /// The answer to an edit job.
    case edit(EditAnswer)
    /// The job failed with an error the worker caught (not a crash): its description.
    case failed(String)
}

/// An upload's intake as the server records it: what the server decides on, and what it only
/// stores (findings, district values, founding rows) as the texts it stores. The worker writes
/// those once; the server neither decodes them from the reply nor encodes them again for the
/// store (that was half of the server's work per upload).
struct RecordedIntake: Codable, Sendable {
    /// False when the file could not be read at all (one finding says why).
    var readable: Bool
    /// The town the file names.
    var town: String?
    /// Its 填报日期.
    var reportDate: LedgerDate?
    /// Its 目标任务数, when it reports one.
    var reportedTarget: Int?
    /// Error findings of the file on its own.
    var errors: Int
    /// Warning findings of the file on its own.
    var warnings: Int
    /// Its findings on its own: a JSON array of `Finding`, as ``SubmissionRecord/findings`` stores it.
    var findings: String
    /// The district values as ``SubmissionRecord/districtValues`` stores them (``StoredLines``).
    var districtValues: String
    /// The founding rows as ``SubmissionRecord/founding`` stores them (``StoredLines``); nil when none.
    var founding: String?

    /// The intake as recorded.
    init(_ intake: SubmissionIntake) {
        readable = intake.readable
        town = intake.town
        reportDate = intake.reportDate
        reportedTarget = intake.reportedTarget
        errors = intake.errorCount
        warnings = intake.warningCount
        findings = Finding.json(intake.findings)
        districtValues = StoredLines.text(of: intake.districtValues)
        founding = intake.founding.map(StoredLines.text(of:))
    }
}

extension WorkerReply {
    /// The reply as framed: an intake's stored texts beside its JSON, not in it.
    func framed() -> (reply: WorkerReply, texts: [String]) {
        guard case .intake(var intake) = self else { return (self, []) }
        let texts = [intake.findings, intake.districtValues] + (intake.founding.map { [$0] } ?? [])
        (intake.findings, intake.districtValues, intake.founding) = ("", "", nil)
        return (.intake(intake), texts)
    }

    /// The reply read from a frame, with the texts that came beside it put back.
    func unframed(_ texts: [String]) throws -> WorkerReply {
        guard case .intake(var intake) = self else {
            guard texts.isEmpty else { throw WorkerFrame.Failure.malformed }
            return self
        }
        guard texts.count == 2 || texts.count == 3 else { throw WorkerFrame.Failure.malformed }
        (intake.findings, intake.districtValues, intake.founding) = (texts[0], texts[1], texts.count == 3 ? texts[2] : nil)
        return .intake(intake)
    }
}

/// A worker's answer to ``WorkerJob/editForm(_:districtFindings:)`` and ``WorkerJob/edit(_:request:destination:)``.
enum EditAnswer: Codable, Sendable {
    /// What the page offers.
    case form(EditForm)
    /// The edited workbook was written, under this file name (the submission's, `.xlsx` for an
    /// Excel 97–2003 one).
    case written(fileName: String)
    /// The request was refused; nothing was written.
    case refused(EditRefusal)
}

/// One town's line of the ranking as it stands.
struct RankingLine: Codable, Sendable, Equatable {
    var rank: Int
    var town: String
    var total: String
    var award: String?
}

/// The frames on a worker's pipes: a 4-byte big-endian length, then that many bytes: the
/// message's JSON (after its own 4-byte length), then its texts, each a 4-byte length and its
/// UTF-8 bytes. Texts travel beside the JSON so that long ones (an intake's findings and values,
/// as stored) are neither escaped nor unescaped on the way.
enum WorkerFrame {
    /// The largest frame either side accepts (a reply listing the findings of a huge workbook
    /// stays far below it; anything larger is a broken peer).
    static let maximumLength = 512 << 20

    /// Why a frame could not be read or written.
    enum Failure: Error {
        /// The other side closed the pipe (a worker that died, or a server that went away).
        case closed
        /// A length beyond ``maximumLength``.
        case tooLarge(Int)
        /// A system error.
        case system(Int32)
        /// Lengths inside the frame that do not add up to it.
        case malformed
    }

    static func write<T: Encodable>(_ value: T, texts: [String] = [], to descriptor: Int32) throws {
        let json = try JSONEncoder().encode(value)
        var payload: [UInt8] = []
        payload.reserveCapacity(4 + json.count + texts.reduce(0) { $0 + 4 + $1.utf8.count })
        append(length: json.count, to: &payload)
        payload.append(contentsOf: json)
        for text in texts {
            append(length: text.utf8.count, to: &payload)
            payload.append(contentsOf: text.utf8)
        }
        guard payload.count <= maximumLength else { throw Failure.tooLarge(payload.count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + payload.count)
        append(length: payload.count, to: &bytes)
        bytes.append(contentsOf: payload)
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = SystemIO.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw errno == EPIPE ? Failure.closed : Failure.system(errno)
                }
                offset += written
            }
        }
    }

    /// A message without texts.
    static func read<T: Decodable>(_ type: T.Type, from descriptor: Int32) throws -> T {
        try readWithTexts(type, from: descriptor).value
    }

    /// A message and its texts.
    static func readWithTexts<T: Decodable>(_ type: T.Type, from descriptor: Int32) throws -> (value: T, texts: [String]) {
        let total = length(of: try readExactly(4, from: descriptor), at: 0)
        guard total <= maximumLength else { throw Failure.tooLarge(total) }
        let payload = try readExactly(total, from: descriptor)
        var offset = 0
        func next() throws -> ArraySlice<UInt8> {
            guard offset + 4 <= payload.count else { throw Failure.malformed }
            let count = length(of: payload, at: offset)
            guard count <= payload.count - offset - 4 else { throw Failure.malformed }
            defer { offset += 4 + count }
            return payload[(offset + 4)..<(offset + 4 + count)]
        }
        let value = try JSONDecoder().decode(type, from: Data(try next()))
        var texts: [String] = []
        while offset < payload.count { texts.append(String(decoding: try next(), as: UTF8.self)) }
        return (value, texts)
    }

    private static func append(length: Int, to bytes: inout [UInt8]) {
        bytes += [UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 8),
                  UInt8(truncatingIfNeeded: length)]
    }

    /// The 4-byte big-endian length at `offset`.
    private static func length(of bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }

    private static func readExactly(_ count: Int, from descriptor: Int32) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let read = bytes.withUnsafeMutableBytes { SystemIO.read(descriptor, $0.baseAddress! + offset, count - offset) }
            if read < 0 {
                if errno == EINTR { continue }
                throw Failure.system(errno)
            }
            if read == 0 { throw Failure.closed }
            offset += read
        }
        return bytes
    }
}
