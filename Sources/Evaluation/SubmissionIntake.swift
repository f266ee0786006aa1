import Ledger

/// What the portal keeps of one upload after reading it once (``Evaluation/intake(_:)``), so that
/// its pages, its progress and the district-wide checks never read the workbook again. It crosses
/// from the worker process that read the file to the server as JSON.
public struct SubmissionIntake: Sendable, Codable {
    /// The founding dates of the rows that count, in the sheet they are on.
    public struct Founding: Sendable, Codable, Equatable {
        /// The sheet's name in the file.
        public var sheetName: String
        /// The rows that count, with their founding dates.
        public var rows: [FoundingRow]

        /// The founding rows of a sheet.
        public init(sheetName: String, rows: [FoundingRow]) {
            self.sheetName = sheetName
            self.rows = rows
        }
    }

    /// The SHA-256 of the bytes read.
    public var sha256: String
    /// False when the file could not be read at all (one finding says why).
    public var readable: Bool
    /// The town the file names.
    public var town: String?
    /// Its 填报日期.
    public var reportDate: LedgerDate?
    /// Its 目标任务数, when it reports a whole number of at least 1.
    public var reportedTarget: Int?
    /// Its findings on its own (without the district-wide ones).
    public var findings: [Finding]
    /// The values of its district-unique columns (`DistrictChecks`).
    public var districtValues: [DistrictValue]
    /// The founding dates of its rows that count on their own; nil when the schema counts none
    /// or the file has no such sheet.
    public var founding: Founding?

    /// An intake from its parts.
    public init(sha256: String, readable: Bool, town: String?, reportDate: LedgerDate?, reportedTarget: Int?, findings: [Finding],
                districtValues: [DistrictValue], founding: Founding?) {
        self.sha256 = sha256
        self.readable = readable
        self.town = town
        self.reportDate = reportDate
        self.reportedTarget = reportedTarget
        self.findings = findings
        self.districtValues = districtValues
        self.founding = founding
    }

    /// Error findings.
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// Warning findings.
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}
