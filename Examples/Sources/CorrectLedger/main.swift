// README, "Correcting a workbook": CorrectLedger SUBMISSION.xlsx
import Foundation
import Ledger

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "湖坊镇台账.xlsx"

let configuration = try LedgerConfiguration.default()
let validator = LedgerValidator(schema: configuration.schema, district: configuration.district)
let editor = LedgerEditor(schema: configuration.schema, district: configuration.district)
let result = validator.validate(path: path)
for cell in editor.editableCells(of: result) {      // the page's inputs: 基本信息 and every flagged cell
    print(cell.inputName, cell.kind, cell.inputValue, cell.choices)
}
let json = #"{"cells": [{"sheet": "直属团组织", "cell": "F9", "value": "2026-10-08"}],"#
    + #" "rows": [{"sheet": "直属团组织", "values": {"团组织名称": "湖坊镇商业街团支部", "成立日期": "2026-10-20"}}]}"#
let request = try JSONDecoder().decode(EditRequest.self, from: Data(json.utf8))
let destination = "已修改-" + LedgerEditor.editedFileName(of: result)   // an .xls is edited as its .xlsx conversion
do {
    try editor.write(request, for: result, to: destination)
    print(validator.validate(path: destination).errorCount)
} catch let refusal as EditRefusal {
    print(refusal.code, refusal.message(.chinese))   // not-editable or invalid: nothing was written
}
