import Foundation
import Testing
import TestOracles
import TaizhangSupport
import XLSX

/// What a file past a reading limit says (issue 20): the limit, the value and what raises it —
/// the `ReadLimits` property in XLSX's own message, the command-line option wherever a clerk or a
/// town reads it (the CLI's one line, the `unreadable` finding in Chinese or English).
@Suite("Limits: messages name the limit, the value and the option", .serialized)
struct LimitMessageTests {
    let commands = CommandLineTests()

    @Test func theLibraryNamesItsProperty() {
        let error = XLSXError.limitExceeded(limit: .partSize, part: "xl/worksheets/sheet1.xml", value: 3_221_225_472, maximum: 2 << 30)
        #expect(error.description == "a part unpacks to more bytes than allowed in xl/worksheets/sheet1.xml: 3,221,225,472 bytes, "
                + "over the limit of 2,147,483,648 bytes (ReadLimits.maximumPartSize); refused for safety")
        let row = XLSXError.limitExceeded(limit: .cellsPerRow, part: "xl/worksheets/sheet1.xml", value: 16_385, maximum: 16_384)
        #expect(row.description.contains("16,385 columns, over the limit of 16,384 columns (Excel's own, ExcelLimits.columnCount)"))
        for name in [ReadLimits.Name.partSize, .totalSize, .compressionRatio, .entryCount, .stringLength, .sharedStringCount] {
            #expect(ReadLimitOption(name)?.limit == name)
            #expect(ReadLimits().maximum(name) > 0)
        }
    }

    @Test(.needs(.builtTaizhang)) func theFindingNamesTheOptionInBothLanguages() throws {
        let folder = temporaryFolder()
        #expect(try commands.run(["sample", "-o", folder]).status == 0)
        let file = folder + "/湖坊镇台账.xlsx"
        let chinese = try commands.run(["validate", file, "--format", "json", "--max-entries", "5"])
        #expect(chinese.status == 2)
        #expect(chinese.output.contains("文件无法读取:工作簿压缩包内有 17 个条目,超过上限 5(由 --max-entries 设定),出于安全考虑未读取;"
                                        + "如文件确无问题,可用 --max-entries 调高上限"), "\(chinese.output)")
        let english = try commands.run(["validate", file, "--format", "json", "--lang", "en", "--max-entries", "5"])
        #expect(english.output.contains("the file cannot be read: the archive holds more entries than allowed (17 entries; "
                                        + "the limit is 5, set by --max-entries); refused for safety"), "\(english.output)")
    }

    @Test(.needs(.builtTaizhang)) func theCommandLineNamesTheOption() throws {
        let folder = temporaryFolder()
        #expect(try commands.run(["sample", "-o", folder]).status == 0)
        let info = try commands.run(["info", folder + "/湖坊镇台账.xlsx", "--max-entries", "5"])
        #expect(info.status == 2)
        #expect(info.errors == "taizhang: the archive holds more entries than allowed (17 entries; the limit is 5, set by --max-entries); "
                + "refused for safety\n", "\(info.errors)")
        #expect(!info.errors.contains("ReadLimits"))
        // A limit of 0 or one past what a 64-bit size holds is a usage error, not a wrapped-around number.
        for value in ["0", "-3", "8796093022208"] {
            let refused = try commands.run(["info", folder + "/湖坊镇台账.xlsx", "--max-part-size=" + value])
            #expect(refused.status == 2 && refused.errors.contains("--max-part-size must be a whole number from 1 to 8796093022207"),
                    "\(value): \(refused.errors)")
        }
        let raised = try commands.run(["info", folder + "/湖坊镇台账.xlsx", "--max-string-length", "2", "--max-shared-strings", "1000"])
        #expect(raised.status == 0, "\(raised.errors)")
    }
}
