// README, "Reading a workbook": ReadWorkbook FILE.xlsx
import XLSX

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "book.xlsx"

let workbook = try Workbook(path: path)
for sheet in workbook.sheets where sheet.kind.holdsCells {
    do {
        try workbook.forEachRow(of: sheet) { row in
            for cell in row.cells { print(sheet.name, cell.reference, cell.value) }
        }
    } catch let error as XLSXError where error.isPartDamage {
        print("sheet \(sheet.name) is damaged: \(error)")  // the other sheets are still read
    }
}
