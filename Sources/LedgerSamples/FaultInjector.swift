import Ledger
import XLSX

/// Injects the mistakes towns make (`ledger.md`) into a sample's content, and the messy-but-valid
/// forms that must be read without an error. Five variants spread the kinds over the towns.
struct FaultInjector {
    let file: String
    let variant: Int
    /// The form sheet's labels in order (the value of label i is in B(i+1)).
    let formLabels: [String]

    func inject(into content: inout TemplateContent) -> [InjectedFault] {
        var faults: [InjectedFault] = []
        func set(_ sheet: String, row: Int, _ label: String, _ value: WritableValue?, code: String?, _ severity: Severity?,
                 _ description: String) {
            guard var table = content.tables[sheet], row < table.rows.count, var cells = table.rows[row] else { return }
            cells[label] = value
            table.rows[row] = cells
            content.tables[sheet] = table
            faults.append(InjectedFault(file: file, sheet: sheet, cell: table.cell(row: row, column: label)?.description,
                                        code: code, severity: severity, description: description))
        }
        func setForm(_ label: String, _ value: WritableValue?, code: String?, _ severity: Severity?, _ description: String) {
            guard let index = formLabels.firstIndex(of: label) else { return }
            content.forms["基本信息", default: [:]][label] = value ?? .empty
            faults.append(InjectedFault(file: file, sheet: "基本信息", cell: "B\(index + 1)", code: code, severity: severity,
                                        description: description))
        }
        func layout(_ sheet: String, _ description: String, _ change: (inout TableContent) -> Void) {
            guard var table = content.tables[sheet] else { return }
            change(&table)
            content.tables[sheet] = table
            faults.append(InjectedFault(file: file, sheet: sheet, cell: nil, code: nil, severity: nil, description: description))
        }
        let organisations = "直属团组织"
        switch variant {
        case 0:
            set(organisations, row: 2, "团员人数", .number(2), code: "min-value", .error, "团员人数 below 3")
            set(organisations, row: 4, "青年人数", .number(1), code: "youth-below-members", .error, "青年人数 below 团员人数")
            set(organisations, row: 6, "挂点班子成员", .string("不存在的人"), code: "not-found", .error, "挂点班子成员 not in 挂点包干")
            set(organisations, row: 1, "成立日期", .string("2026/9/20"), code: "date-as-text", .warning, "a date typed as text")
            set(organisations, row: 3, "书记联系电话", .number(13_912_345_678), code: nil, nil, "a phone stored as a number")
        case 1:
            // Layout first: the cells of the faults below are where they end up.
            layout(organisations, "columns in another order") { table in
                table.columnOrder = Array(table.columnOrder.reversed())
            }
            let duplicate = (content.tables[organisations]?.rows.first ?? nil)?["团组织名称"]
            set(organisations, row: 3, "团组织名称", duplicate, code: "duplicate", .error, "an organisation listed twice")
            set(organisations, row: 5, "组织类型", .string("团小组"), code: "not-in-list", .error, "an unknown organisation type")
            if var table = content.tables["周交账"], table.rows.count > 2, var row = table.rows[2], case .number(let added)? = row["本周新建数"] {
                // This week's count off by two: the total no longer adds up, reported at the total.
                row["本周新建数"] = .number(added + 2)
                table.rows[2] = row
                content.tables["周交账"] = table
                faults.append(InjectedFault(file: file, sheet: "周交账", cell: table.cell(row: 2, column: "累计建成数")?.description,
                                            code: "running-total", severity: .error, description: "a running sum that does not add up"))
            }
            set(organisations, row: 2, "团员人数", .string("12"), code: "number-as-text", .warning, "a number stored as text")
        case 2:
            layout("调查摸底", "an extra title row above the header") { $0.extraTitleRows = 1 }
            set(organisations, row: 1, "成立日期", .date(LocalDateTime(year: 2026, month: 11, day: 5)), code: "date-after", .error,
                "founded after the report date")
            if let rows = content.tables["调查摸底"]?.rows, let issued = rows[0]?["发放调查表数"], case .number(let count) = issued {
                set("调查摸底", row: 0, "回收调查表数", .number(count + 10), code: "returned-above-issued", .error, "more returned than issued")
            }
            set("活动开展", row: 1, "活动日期", .string("下周一"), code: "not-a-date", .error, "an activity date that is no date")
            if var table = content.tables["活动开展"], table.rows.count > 2 {
                table.rows.insert(nil, at: 2)
                content.tables["活动开展"] = table
                faults.append(InjectedFault(file: file, sheet: "活动开展", cell: table.cell(row: 2, column: table.columnOrder[0])?.description,
                                            code: "blank-row", severity: .warning, description: "a blank row inside the table"))
            }
        case 3:
            set(organisations, row: 2, "书记联系电话", .string("1380013800"), code: "phone-invalid", .error, "a phone with a digit missing")
            set(organisations, row: 0, "依托领域", .string("非公企业"), code: "synonym", .warning, "a known synonym of 企业")
            set("优秀个人推荐", row: 0, "出生日期", .date(LocalDateTime(year: 2015, month: 3, day: 1)), code: "age-out-of-range", .error,
                "a nominee aged 11")
            if let rows = content.tables["周交账"]?.rows, rows.count > 1 {
                set("周交账", row: 1, "交账日期", .string("2026-10-08"), code: "wrong-weekday", .warning, "a report dated on a Thursday, typed as text")
                faults.append(InjectedFault(file: file, sheet: "周交账", cell: content.tables["周交账"]?.cell(row: 1, column: "交账日期")?.description,
                                            code: "date-as-text", severity: .warning, description: "the same date typed as text"))
            }
        default:
            setForm("联系电话", nil, code: "required", .error, "the contact phone left empty")
            set(organisations, row: 1, "书记姓名", .string("Wang"), code: "name-format", .warning, "a name in Latin letters")
            if let row = content.tables["挂点包干"]?.rows[0], case .string(let areas)? = row["包干区域名称"] {
                let fewer = areas.split(separator: "、").dropLast().joined(separator: "、")
                set("挂点包干", row: 0, "包干区域名称", .string(fewer), code: "list-count", .warning, "one area fewer than 包干区域数")
            }
            if let row = content.tables[organisations]?.rows.first ?? nil, case .string(let name)? = row["团组织名称"] {
                set(organisations, row: 0, "团组织名称", .string(name.replacing("团支部", with: "青年之家")), code: "name-type-mismatch", .warning,
                    "a name that does not end with its type")
            }
        }
        return faults
    }
}
