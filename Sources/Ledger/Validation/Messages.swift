import TaizhangSupport
import XLSX

/// The wording of the built-in rules, Chinese (the default) and English.
/// Row and sheet rules defined in a schema file bring their own wording.
enum Messages {
    private static func text(_ chinese: String, _ english: String) -> LocalizedText {
        LocalizedText(chinese: chinese, english: english)
    }

    /// The whole file cannot be read: why, in Chinese (``UnreadableReason``) and in the error's own English.
    static func unreadable(_ error: any Error) -> LocalizedText {
        text("文件无法读取:" + UnreadableReason.chinese(error), "the file cannot be read: \(error)")
    }
    /// A reading limit passed: what, by how much, and the option that raises the limit.
    static func limitExceeded(_ limit: ReadLimits.Name, part: String?, value: Int64, maximum: Int64) -> LocalizedText {
        text("文件无法读取:" + ReadLimitOption.chinese(limit: limit, part: part, value: value, maximum: maximum),
             "the file cannot be read: " + ReadLimitOption.english(limit: limit, part: part, value: value, maximum: maximum))
    }
    static let legacyFormat = text(
        "文件是旧格式的 Excel 97-2003 工作簿(.xls,或 WPS 的 .et),已按原样读取;请以后另存为 .xlsx 再报送",
        "the file is an old Excel 97-2003 workbook (.xls, or WPS .et); it was read as it is, but please save it as .xlsx next time")
    static let convertedCopy = text(
        "本副本由旧格式(.xls)转换为 .xlsx:保留了各单元格的值、数字和日期格式、隐藏行和合并单元格,原文件的其他格式和公式未保留",
        "this copy was converted from the old format (.xls) to .xlsx: cell values, number and date formats, hidden rows and merged cells are kept; other formatting and formulas are not")
    static func missingSheet(_ sheet: String) -> LocalizedText {
        text("缺少工作表“\(sheet)”", "sheet \"\(sheet)\" is missing")
    }
    static func extraSheet(_ sheet: String) -> LocalizedText {
        text("工作表“\(sheet)”不属于台账模板,其内容未被读取", "sheet \"\(sheet)\" is not part of the ledger; it was not read")
    }
    static func damagedSheet(_ sheet: String, error: any Error) -> LocalizedText {
        text("工作表“\(sheet)”已损坏,无法读取(\(UnreadableReason.chinese(error, advice: false)));其他工作表照常读取,请在 Excel 或 WPS 中打开并另存后重新报送",
             "sheet \"\(sheet)\" is damaged and cannot be read (\(error)); the other sheets were read; open the workbook in Excel or WPS, save it and submit it again")
    }
    static func headerNotFound(_ sheet: String, rows: Int) -> LocalizedText {
        text("在前\(rows)行中找不到“\(sheet)”的表头", "no header row found in the first \(rows) rows of \"\(sheet)\"")
    }
    static func missingColumn(_ label: String) -> LocalizedText {
        text("缺少列“\(label)”", "column \"\(label)\" is missing")
    }
    static func extraColumn(_ label: String) -> LocalizedText {
        text("列“\(label)”不属于台账模板,其内容未被读取", "column \"\(label)\" is not part of the ledger; it was not read")
    }
    static func blankRows(_ first: Int, _ last: Int) -> LocalizedText {
        first == last ? text("第\(first)行为空行,已跳过", "row \(first) is blank and was skipped")
            : text("第\(first)至\(last)行为空行,已跳过", "rows \(first) to \(last) are blank and were skipped")
    }
    static func required(_ label: String) -> LocalizedText {
        text("\(label)为必填项,不能为空", "\(label) is required")
    }
    static func numberAsText(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”是以文本形式存储的数字,已按数字读取", "\(label) \"\(typed)\" is a number stored as text; read as a number")
    }
    static func notANumber(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)应填写数字,“\(typed)”不是数字", "\(label) must be a number; \"\(typed)\" is not")
    }
    static func notAnInteger(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)应为整数(当前为 \(typed))", "\(label) must be a whole number (found \(typed))")
    }
    static func minValue(_ label: String, _ minimum: String, _ unit: String, _ typed: String) -> LocalizedText {
        text("\(label)不能少于\(minimum)\(unit)(当前为 \(typed))", "\(label) cannot be less than \(minimum) (found \(typed))")
    }
    static func maxValue(_ label: String, _ maximum: String, _ unit: String, _ typed: String) -> LocalizedText {
        text("\(label)不能多于\(maximum)\(unit)(当前为 \(typed))", "\(label) cannot be more than \(maximum) (found \(typed))")
    }
    static func belowRecommended(_ label: String, _ minimum: String, _ unit: String, _ typed: String) -> LocalizedText {
        text("\(label)一般不少于\(minimum)\(unit)(当前为 \(typed))", "\(label) is normally at least \(minimum) (found \(typed))")
    }
    static func textLength(_ label: String, _ range: ClosedRange<Int>, _ count: Int) -> LocalizedText {
        text("\(label)应为\(range.lowerBound)至\(range.upperBound)个字(当前为\(count)个字)",
             "\(label) must have \(range.lowerBound) to \(range.upperBound) characters (found \(count))")
    }
    static func pattern(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”格式不正确", "\(label) \"\(typed)\" is not in the expected form")
    }
    static func notInList(_ label: String, _ typed: String, _ values: [String]) -> LocalizedText {
        // A long list (a district's towns) is cut short: the drop-down in the template has them all.
        let shown = values.prefix(12)
        let more = values.count - shown.count
        return text("\(label)“\(typed)”不是可选值之一(\(shown.joined(separator: "、"))\(more > 0 ? "等 \(values.count) 个" : ""))",
                    "\(label) \"\(typed)\" is not one of the allowed values (\(shown.joined(separator: ", "))\(more > 0 ? " and \(more) more" : ""))")
    }
    static func synonym(_ label: String, _ typed: String, _ canonical: String) -> LocalizedText {
        text("\(label)“\(typed)”已按“\(canonical)”读取,请从下拉列表中选择", "\(label) \"\(typed)\" was read as \"\(canonical)\"; pick from the list")
    }
    static func dateAsText(_ label: String, _ typed: String, _ date: LedgerDate) -> LocalizedText {
        text("\(label)“\(typed)”是文本格式的日期,已按 \(date) 读取,请填写为日期格式",
             "\(label) \"\(typed)\" is a date typed as text, read as \(date); enter it as a date")
    }
    static func notADate(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”不是有效日期(例如 2026-10-15)", "\(label) \"\(typed)\" is not a date (e.g. 2026-10-15)")
    }
    static func dateOutOfRange(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”超出 Excel 的日期范围(1900-01-01 至 9999-12-31)",
             "\(label) \"\(typed)\" is outside Excel's dates (1900-01-01 to 9999-12-31)")
    }
    static func cellTooLong(_ label: String, _ count: Int) -> LocalizedText {
        text("\(label)长达 \(count) 个字,超过 Excel 一个单元格最多 \(ExcelLimits.cellTextLength) 个字的上限,未读取",
             "\(label) holds \(count) characters, more than the \(ExcelLimits.cellTextLength) an Excel cell holds; not read")
    }
    static func dateOutOfYear(_ label: String, _ date: LedgerDate, _ year: Int) -> LocalizedText {
        text("\(label) \(date) 不在\(year)年内", "\(label) \(date) is not in \(year)")
    }
    static func dateAfter(_ label: String, _ date: LedgerDate, _ otherLabel: String, _ other: LedgerDate) -> LocalizedText {
        text("\(label) \(date) 晚于\(otherLabel) \(other)", "\(label) \(date) is after \(otherLabel) \(other)")
    }
    static func dateBeforeStart(_ label: String, _ date: LedgerDate, _ start: LedgerDate) -> LocalizedText {
        text("\(label) \(date) 早于活动开始日期 \(start),不计为新建", "\(label) \(date) is before the campaign start \(start); not counted as new")
    }
    static func wrongWeekday(_ label: String, _ date: LedgerDate, _ weekday: Int) -> LocalizedText {
        let chinese = ["一", "二", "三", "四", "五", "六", "日"]
        let english = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return text("\(label) \(date) 是星期\(chinese[date.isoWeekday - 1]),应为星期\(chinese[weekday - 1])",
                    "\(label) \(date) is a \(english[date.isoWeekday - 1]), not a \(english[weekday - 1])")
    }
    static func phoneInvalid(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”不是有效的手机号或座机号", "\(label) \"\(typed)\" is not a valid mobile or landline number")
    }
    static func phoneNormalised(_ label: String, _ typed: String, _ phone: String) -> LocalizedText {
        text("\(label)“\(typed)”含空格、横线或国际区号,已按 \(phone) 读取", "\(label) \"\(typed)\" was read as \(phone)")
    }
    static func nameFormat(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)“\(typed)”不像是姓名(2至10个汉字,可含·)", "\(label) \"\(typed)\" does not look like a Chinese name")
    }
    static func formulaError(_ label: String, _ typed: String) -> LocalizedText {
        text("\(label)的公式结果为错误值 \(typed)", "\(label): the formula gives the error \(typed)")
    }
    static func formulaWithoutValue(_ label: String) -> LocalizedText {
        text("\(label)的公式没有计算结果,请在Excel中重新计算后保存", "\(label): the formula has no calculated value; recalculate and save in Excel")
    }
    static func serialSequence(_ typed: String, _ expected: Int) -> LocalizedText {
        text("序号“\(typed)”不连续,应为 \(expected)", "serial number \"\(typed)\" is out of sequence; expected \(expected)")
    }
    static func duplicate(_ label: String, _ typed: String, _ earlier: String) -> LocalizedText {
        text("\(label)“\(typed)”与 \(earlier) 重复", "\(label) \"\(typed)\" repeats \(earlier)")
    }
    static func notFound(_ label: String, _ typed: String, _ path: FieldPath) -> LocalizedText {
        text("\(label)“\(typed)”在“\(path.sheet)”表的“\(path.column)”中找不到",
             "\(label) \"\(typed)\" is not found in column \"\(path.column)\" of \"\(path.sheet)\"")
    }
    static func listCount(_ label: String, _ count: Int, _ otherLabel: String, _ expected: String) -> LocalizedText {
        text("\(label)列出\(count)项,与\(otherLabel)(\(expected))不一致", "\(label) lists \(count) items but \(otherLabel) is \(expected)")
    }
    static func runningTotal(_ label: String, _ value: String, _ expected: Int) -> LocalizedText {
        text("\(label)应为上周累计加本周新建,即 \(expected)(当前为 \(value))",
             "\(label) should be last week's total plus this week's, \(expected) (found \(value))")
    }
    static func runningTotalDecrease(_ label: String, _ value: String, _ previous: Int) -> LocalizedText {
        text("\(label)(\(value))比上一次(\(previous))减少了", "\(label) (\(value)) is lower than the previous one (\(previous))")
    }
}
