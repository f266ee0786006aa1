// README, "Writing a workbook": WriteWorkbook OUT.xlsx
import XLSX

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "名单.xlsx"

let writer = try WorkbookWriter(path: path)
let sheet = try writer.addSheet("名单")
try sheet.writeRow(["姓名", "年龄", "入团日期"])
try sheet.writeRow(["张三", 23, WritableCell(.date(LocalDateTime(year: 2020, month: 5, day: 4)))])
try writer.close()  // written atomically: the file appears whole or not at all
