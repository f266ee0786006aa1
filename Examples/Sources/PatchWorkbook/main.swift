// README, "Marking cells in a copy": PatchWorkbook IN.xlsx OUT.xlsx
import XLSX

let source = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "名单.xlsx"
let destination = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "名单-已标注.xlsx"

let patcher = WorkbookPatcher(sourcePath: source)
let mark = CellMark(sheet: "名单", cell: CellReference("B2")!, fillARGB: "FFFFC7CE", comment: "年龄应在14至28岁之间")
let summary = try patcher.write(marks: [mark], report: nil, commentAuthor: "团区委", to: destination)
print(summary)
