/// The rule for which of a town's submissions is current — the one the district's outputs,
/// progress and ranking use: the latest 填报日期 (a submission without one comes before every
/// dated one), then the latest receipt, then the one given (or recorded) last.
///
/// `merge` and `evaluate` order the files they are given by it (receipt: the file's modification
/// time; sequence: the position on the command line); the portal orders a town's uploads by it
/// (receipt: when the upload arrived; sequence: its id). Unreadable files and files of no known
/// town are never current.
///
/// ```swift
/// let current = submissions.max { $0.order < $1.order }
/// ```
public struct SubmissionOrder: Comparable, Hashable, Sendable {
    /// The submission's 填报日期, nil when it gives none.
    public var reportDate: LedgerDate?
    /// When it was received, in seconds since 1970.
    public var received: Double
    /// Its place among submissions received at the same moment (later is newer).
    public var sequence: Int64

    /// The order of a submission from its report date, receipt time and sequence.
    public init(reportDate: LedgerDate?, received: Double, sequence: Int64) {
        self.reportDate = reportDate
        self.received = received
        self.sequence = sequence
    }

    /// Whether `lhs` is older than `rhs` (so `rhs` would replace it).
    public static func < (lhs: SubmissionOrder, rhs: SubmissionOrder) -> Bool {
        switch (lhs.reportDate, rhs.reportDate) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let left), .some(let right)) where left != right: return left < right
        default: return (lhs.received, lhs.sequence) < (rhs.received, rhs.sequence)
        }
    }
}
