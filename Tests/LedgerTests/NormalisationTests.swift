import Testing
import XLSX
@testable import Ledger

@Suite("Ledger: values as towns type them")
struct NormalisationTests {
    let normaliser = ValueNormaliser(defaultYear: 2026)

    func column(_ type: FieldType, values: [String] = [], synonyms: [String: String] = [:]) -> ColumnSchema {
        var column = ColumnSchema(label: "列", type: type)
        column.values = values
        column.synonyms = synonyms
        return column
    }

    func normalise(_ value: CellValue, _ type: FieldType, values: [String] = [], synonyms: [String: String] = [:]) -> Normalised {
        normaliser.normalise(value, typed: value.displayText, column: column(type, values: values, synonyms: synonyms))
    }

    @Test func text() {
        #expect(TextNormaliser.normalise("  湖坊镇\u{3000}商业街  团支部 ") == "湖坊镇 商业街 团支部")
        #expect(TextNormaliser.normalise("ＡＢＣ１２３") == "ABC123")
        #expect(TextNormaliser.headerKey("所在村（社区）/单位 *") == "所在村(社区)/单位")
        #expect(normalise(.string(" 湖坊村 "), .text).value == .text("湖坊村"))
    }

    /// The folding as `ledger.md` states it, character by character, against the normaliser
    /// (which gives most texts back untouched after a byte scan) over texts made of the
    /// characters that matter: every kind of space, full-width forms, CJK punctuation, letters.
    @Test func textFoldingAgreesWithTheRuleOnEveryMixOfCharacters() {
        let pool: [Character] = [" ", " ", "\t", "\n", "\r\n", "\u{A0}", "\u{2003}", "\u{200B}", "\u{202F}", "\u{205F}", "\u{3000}",
                                 "\u{FEFF}", "Ａ", "１", "～", "、", "。", "湖", "坊", "a", "1", "-", "é", "\u{85}"]
        func folded(_ text: String) -> String {
            var words: [String] = []
            var word = ""
            for scalar in text.unicodeScalars {
                let value = scalar.value
                let isSpace = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x202F, 0x205F, 0x3000, 0xFEFF].contains(value)
                    || (0x2000...0x200B).contains(value)
                if isSpace {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else {
                    word.unicodeScalars.append((0xFF01...0xFF5E).contains(value) ? Unicode.Scalar(value - 0xFEE0)! : scalar)
                }
            }
            if !word.isEmpty { words.append(word) }
            return words.joined(separator: " ")
        }
        var state: UInt64 = 7
        for length in 0..<6 {
            for _ in 0..<400 {
                let text = String((0..<length).map { _ -> Character in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return pool[Int(state >> 33) % pool.count]
                })
                #expect(TextNormaliser.normalise(text) == folded(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test func phoneNumbersTakenApartOnlyWhenNeeded() {
        #expect(PhoneNumber.normalise("13812345678") == .valid("13812345678"))
        #expect(PhoneNumber.normalise("138 1234 5678") == .normalised("13812345678"))
        #expect(PhoneNumber.normalise("+86-13812345678") == .normalised("13812345678"))
        #expect(PhoneNumber.normalise("12812345678") == .invalid)
        #expect(PhoneNumber.normalise("1381234567８") == .invalid)
        #expect(PhoneNumber.normalise("0791-88123456") == .valid("0791-88123456"))
        #expect(PhoneNumber.normalise("079188123456") == .normalised("0791-88123456"))
        #expect(PhoneNumber.landline("1791-88123456") == nil)
    }

    @Test func wholeNumbers() {
        #expect(normalise(.number(20), .integer).value == .integer(20))
        #expect(normalise(.number(20), .integer).issue == nil)
        for typed in ["20", "２０", " 20 "] {
            let result = normalise(.string(typed), .integer)
            #expect(result.value == .integer(20), "\(typed)")
            #expect(result.issue?.code == .numberAsText && result.issue?.severity == .warning)
        }
        for typed in ["20人", "二十"] {
            let result = normalise(.string(typed), .integer)
            #expect(result.value == nil)
            #expect(result.issue?.code == .notANumber && result.issue?.severity == .error)
            #expect(result.issue?.message.chinese.contains(typed) == true)
        }
        #expect(normalise(.number(2.5), .integer).issue?.code == .notAnInteger)
    }

    @Test(arguments: ["2026-10-15", "2026/10/15", "2026.10.15", "20261015", "2026年10月15日", "2026年10月15号", "10月15日",
                      "２０２６－１０－１５", "2026-10-15 00:00:00"])
    func textDates(typed: String) {
        let result = normalise(.string(typed), .date)
        #expect(result.value == .date(LedgerDate(year: 2026, month: 10, day: 15)!), "\(typed)")
        #expect(result.issue?.code == .dateAsText && result.issue?.severity == .warning)
    }

    @Test func realDatesAndSerials() {
        let serial = ExcelDate.serial1900(of: LocalDateTime(year: 2026, month: 10, day: 15))
        #expect(normalise(.date(ExcelDate(serial: serial, system: .system1900, kind: .date)), .date).value == .date(LedgerDate(year: 2026, month: 10, day: 15)!))
        #expect(normalise(.date(ExcelDate(serial: serial - 1462, system: .system1904, kind: .date)), .date).value == .date(LedgerDate(year: 2026, month: 10, day: 15)!))
        let plain = normalise(.number(serial), .date)
        #expect(plain.value == .date(LedgerDate(year: 2026, month: 10, day: 15)!) && plain.issue == nil)
        #expect(normalise(.number(20261015), .date).issue?.code == .dateAsText)
        for typed in ["下周一", "2026-13-01", "2026-02-30", "15/10/2026"] {
            #expect(normalise(.string(typed), .date).issue?.code == .notADate, "\(typed)")
        }
    }

    @Test func phones() {
        #expect(normalise(.number(13_800_138_000), .phone).value == .phone("13800138000"))
        #expect(normalise(.number(13_800_138_000), .phone).issue == nil)
        #expect(normalise(.string("0791-88888888"), .phone).value == .phone("0791-88888888"))
        #expect(normalise(.string("0791-88888888"), .phone).issue == nil)
        #expect(normalise(.string("010-12345678-123"), .phone).value == .phone("010-12345678-123"))
        for typed in ["138 0013 8000", "138-0013-8000", "+86 13800138000", "008613800138000", "+86-138-0013-8000"] {
            let result = normalise(.string(typed), .phone)
            #expect(result.value == .phone("13800138000"), "\(typed)")
            #expect(result.issue?.code == .phoneNormalised, "\(typed)")
        }
        #expect(normalise(.string("079188888888"), .phone).value == .phone("0791-88888888"))
        for typed in ["12345678901", "1380013800", "电话", "0791-123"] {
            #expect(normalise(.string(typed), .phone).issue?.code == .phoneInvalid, "\(typed)")
        }
    }

    @Test func choices() {
        let values = ["企业", "其他"]
        #expect(normalise(.string(" 企业 "), .choice, values: values).value == .text("企业"))
        let synonym = normalise(.string("非公企业"), .choice, values: values, synonyms: ["非公企业": "企业"])
        #expect(synonym.value == .text("企业") && synonym.issue?.code == .synonym && synonym.issue?.severity == .warning)
        #expect(normalise(.string("学校"), .choice, values: values).issue?.code == .notInList)
    }

    @Test func namesAndLists() {
        #expect(normalise(.string("王五"), .personName).issue == nil)
        #expect(normalise(.string("买买提·艾力"), .personName).issue == nil)
        #expect(normalise(.string("王 五"), .personName).issue?.code == .nameFormat)
        #expect(normalise(.string("Tom"), .personName).issue?.code == .nameFormat)
        #expect(normalise(.string("湖坊村、新村，老街;东街；西街,北街"), .list).value == .list(["湖坊村", "新村", "老街", "东街", "西街", "北街"]))
    }

    @Test func formulaErrors() {
        let result = normalise(.error(.divisionByZero), .integer)
        #expect(result.issue?.code == .formulaError && result.issue?.severity == .error)
    }
}

/// What no Excel cell can hold never becomes a ledger value (issue 20): the workbooks written
/// from the values (the district ledger, the awards workbook) would refuse it and stop the
/// district's job for one town's file.
@Suite("Ledger: values no workbook can hold")
struct ImpossibleValueTests {
    let normaliser = ValueNormaliser(defaultYear: 2026)

    @Test func datesOutsideExcelsRangeAreErrors() {
        let column = ColumnSchema(label: "填报日期", type: .date)
        for value in [CellValue.date(ExcelDate(serial: 7_000_000, system: .system1900, kind: .date)), .string("1800-01-01"), .string("1899年12月31日")] {
            let result = normaliser.normalise(value, typed: value.displayText, column: column)
            #expect(result.value == nil && result.issue?.code == .notADate && result.issue?.severity == .error, "\(value)")
            #expect(result.issue?.message.chinese.contains("超出 Excel 的日期范围") == true)
        }
        let last = CellValue.date(ExcelDate(serial: 2_958_465, system: .system1900, kind: .date))
        #expect(normaliser.normalise(last, typed: last.displayText, column: column).value == .date(LedgerDate(year: 9999, month: 12, day: 31)!))
    }

    @Test func textLongerThanACellIsAnError() {
        let long = String(repeating: "团", count: ExcelLimits.cellTextLength + 1)
        for type in [FieldType.text, .personName, .list, .choice] {
            let result = normaliser.normalise(.string(long), typed: long, column: ColumnSchema(label: "名称", type: type))
            #expect(result.value == nil && result.issue?.code == .textLength && result.issue?.severity == .error, "\(type)")
            #expect(result.issue?.message.chinese == "名称长达 32768 个字,超过 Excel 一个单元格最多 32767 个字的上限,未读取")
        }
        let fits = String(repeating: "团", count: ExcelLimits.cellTextLength)
        #expect(normaliser.normalise(.string(fits), typed: fits, column: ColumnSchema(label: "名称", type: .text)).value == .text(fits))
    }
}
