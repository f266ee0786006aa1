import Foundation
import Ledger

/// A submission as the portal answers it: its record and, for a town's current submission, the
/// district-wide findings `evaluate` adds to it (a name that another town's current submission
/// also uses), counted in its errors and its status — so that a town's page says what
/// findings.json says.
struct PortalSubmission: Sendable {
    /// What is stored.
    var record: SubmissionRecord
    /// Whether it is its town's current submission (the one the district's outputs use).
    var isCurrent: Bool
    /// Its findings, its own and the district-wide ones, in report order; empty when not asked for.
    var findings: [Finding]
    /// Error findings, district-wide ones included.
    var errors: Int
    /// Warning findings.
    var warnings: Int
    /// Accepted, rejected or unreadable, district-wide errors included.
    var status: SubmissionStatus

    /// The submission of `record` in the district of `snapshot`; with `findings`, its findings
    /// decoded and put in report order by `order`.
    init(_ record: SubmissionRecord, in snapshot: DistrictState.Snapshot, findings withFindings: Bool,
         order: ([Finding]) -> [Finding]) throws {
        self.record = record
        isCurrent = record.town.flatMap { snapshot.current[$0]?.id } == record.id && record.id != nil
        let district = isCurrent ? snapshot.districtFindings(of: record.id) : []
        findings = withFindings ? order(try record.decodedFindings() + district) : []
        errors = record.errors + district.filter { $0.severity == .error }.count
        warnings = record.warnings + district.filter { $0.severity == .warning }.count
        let stored = SubmissionStatus(rawValue: record.status) ?? .unreadable
        status = stored == .accepted && errors > 0 ? .rejected : stored
    }

    /// Whether it has an annotated copy: a readable file with findings.
    var hasAnnotatedCopy: Bool { status != .unreadable && errors + warnings > 0 }
}
