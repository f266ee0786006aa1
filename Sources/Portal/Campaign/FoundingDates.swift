import Ledger

/// The founding dates a submission contributes to the campaign's progress (``CampaignProgress``):
/// the dates of the rows that the merge keeps — rows without error findings — in the sheet and
/// date column the schema counts (直属团组织.成立日期 in the default ledger). Stored with each
/// submission, so that the board and `/api/progress` never read a workbook again.
enum FoundingDates {
    static func of(_ result: SubmissionResult, schema: LedgerSchema) -> [LedgerDate] {
        guard let source = CampaignProgress.foundingColumn(in: schema),
              let table = result.submission?.tables[source.sheet] else { return [] }
        let rowsWithErrors = Set(result.findings.filter { $0.severity == .error && $0.sheet == table.sheetName }
            .compactMap { $0.cell?.row })
        return table.rows.compactMap { row in
            rowsWithErrors.contains(row.number) ? nil : row.value(source.column)?.date
        }
    }
}
