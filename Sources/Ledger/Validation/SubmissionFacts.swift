extension LedgerSchema {
    /// The report date (填报日期) a submission gives: the first date field of the first form sheet
    /// that has one filled in; nil when none is.
    public func reportDate(of submission: Submission) -> LedgerDate? {
        for sheet in sheets {
            guard let form = submission.forms[sheet.name] else { continue }
            if let date = sheet.columns.first(where: { $0.type == .date }).flatMap({ form.value($0.label)?.date }) {
                return date
            }
        }
        return nil
    }

    /// The town's own target as reported: the whole-number form field that has a default
    /// (目标任务数); nil when the submission leaves it empty.
    public func reportedTarget(of submission: Submission) -> LedgerValue? {
        for sheet in sheets where sheet.kind == .form {
            for column in sheet.columns where column.type == .integer && column.defaultValue != nil {
                if let value = submission.forms[sheet.name]?.value(column.label) { return value }
            }
        }
        return nil
    }
}
