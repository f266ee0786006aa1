import TaizhangSupport
import XLSX
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validates town submissions against a ledger schema and a district configuration.
///
/// ```swift
/// let district = try DistrictConfig.load(path: "templates/district.yaml")
/// let schema = try LedgerSchema.load(path: "templates/ledger.yaml", district: district)
/// let result = LedgerValidator(schema: schema, district: district).validate(path: "湖坊镇台账.xlsx")
/// for finding in result.findings { print(finding.code, finding.cell ?? "-", finding.message.chinese) }
/// ```
public struct LedgerValidator: Sendable {
    /// The ledger's schema.
    public let schema: LedgerSchema
    /// The district (towns, dates).
    public let district: DistrictConfig
    /// Limits for reading submissions.
    public var limits = ReadLimits()
    /// The form fields whose choices are the district's towns (sheet name, label): found once,
    /// not per submission, since comparing thousands of town names per file adds up.
    private let townFields: [(sheet: String, label: String)]

    /// A validator for a ledger and a district.
    public init(schema: LedgerSchema, district: DistrictConfig) {
        self.schema = schema
        self.district = district
        let towns = Set(district.towns.map(\.name))
        townFields = schema.sheets.flatMap { sheet in
            sheet.columns.filter { !$0.values.isEmpty && $0.valueSet == towns }.map { (sheet.name, $0.label) }
        }
    }

    /// Validates one file, reported under `name` (its path when nil). Never throws: a file that
    /// cannot be read is a result with `readable == false` and one finding saying why.
    public func validate(path: String, name: String? = nil) -> SubmissionResult {
        let name = name ?? path
        let digest = FileDigest.sha256(path: path)
        var findings: [Finding] = []
        do {
            let workbook = try Workbook(path: path, limits: limits)
            if workbook.format == .xls {
                findings.append(Finding(severity: .warning, code: .legacyFormat, sheet: nil, cell: nil, column: nil, value: nil,
                                        message: Messages.legacyFormat))
            }
            let reader = SubmissionReader(schema: schema, normaliser: ValueNormaliser(defaultYear: district.year))
            let submission = try reader.read(workbook, findings: &findings)
            RuleChecker(schema: schema, submission: submission).check(&findings)
            findings = reportOrder(findings)
            return SubmissionResult(path: path, name: name, sha256: digest ?? "", town: town(of: submission), readable: true,
                                    findings: findings, submission: submission, reportDate: schema.reportDate(of: submission))
        } catch {
            let message: LocalizedText
            if case .limitExceeded(let limit, let part, let value, let maximum) = error as? XLSXError {
                message = Messages.limitExceeded(limit, part: part, value: value, maximum: maximum)
            } else {
                message = Messages.unreadable(error)
            }
            let finding = Finding(severity: .error, code: .unreadable, sheet: nil, cell: nil, column: nil, value: nil, message: message)
            return SubmissionResult(path: path, name: name, sha256: digest ?? "", town: nil, readable: false, findings: [finding], submission: nil)
        }
    }

    /// The town the submission names: the value of the form field whose choices are the towns.
    public func town(of submission: Submission) -> String? {
        for field in townFields {
            if let value = submission.forms[field.sheet]?.value(field.label) { return value.description }
        }
        return nil
    }

    /// File-level findings first, then sheets in schema order, rows, columns; ties keep their order.
    public func reportOrder(_ findings: [Finding]) -> [Finding] {
        let sheetIndex = Dictionary(schema.sheets.enumerated().map { ($1.name, $0) }, uniquingKeysWith: min)
        func key(_ finding: Finding) -> (Int, Int, Int) {
            let sheet = finding.sheet.map { sheetIndex[$0] ?? sheetIndex.count } ?? -1
            return (sheet, finding.cell?.row ?? 0, finding.cell?.column ?? 0)
        }
        return findings.enumerated().sorted { key($0.element) < key($1.element) || (key($0.element) == key($1.element) && $0.offset < $1.offset) }
            .map(\.element)
    }
}
