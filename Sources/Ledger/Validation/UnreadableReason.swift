import TaizhangSupport
import XLSX

/// Why a workbook (or one of its sheets) cannot be read, in Chinese: what a town reads under
/// 无法读取, beside the English `description` of the error that findings.json's English keeps.
/// Technical details that only mean something in English (libzip's and libxml2's own words) stay
/// in the English message; the Chinese one says what is wrong and, unless the caller gives its
/// own, what to do.
enum UnreadableReason {
    /// How to get a file that can be read.
    private static let resave = "请在 Excel 或 WPS 中打开,另存为 Excel 工作簿(.xlsx)后重新报送"
    private static let askAgain = "请重新索取原文件,或在 Excel 或 WPS 中打开并另存为 .xlsx 后重新报送"

    /// The reason of any error thrown while reading a workbook; with `advice`, followed by what to do.
    static func chinese(_ error: any Error, advice: Bool = true) -> String {
        let (what, todo) = (error as? XLSXError).map(parts) ?? ("读取时出错", resave)
        guard advice, let todo else { return what }
        return what + ";" + todo
    }

    /// What is wrong, and what to do when there is something to do.
    private static func parts(_ error: XLSXError) -> (String, String?) {
        switch error {
        case .cannotOpen: return ("文件打不开", "请重新选择文件上传")
        case .emptyFile: return ("文件是空的(0 字节)", "请重新选择台账文件上传")
        case .encryptedWorkbook: return ("工作簿设置了打开密码(已加密)", "请在 Excel 或 WPS 中取消密码,另存为 .xlsx 后重新报送")
        case .unsupportedLegacyFormat(let version): return ("这是 Excel 97 以前的旧版工作簿(\(version)),无法读取", resave)
        case .damagedCompoundFile: return ("这个 .xls 文件已损坏", askAgain)
        case .compoundFileNotWorkbook: return ("这是旧版 Office 文档(如 Word、PowerPoint),不是 Excel 工作簿", resave)
        case .binaryWorkbook: return ("这是 Excel 二进制工作簿(.xlsb)", resave)
        case .openDocumentSpreadsheet: return ("这是 OpenDocument 表格(.ods)", resave)
        case .otherOfficeDocument(let kind): return ("这是改了扩展名的 \(kind) 文档,不是 Excel 工作簿", "请上传台账的 Excel 文件")
        case .textFile(let kind): return ("这是以 Excel 文件名保存的\(textKind(kind)),不是真正的 Excel 工作簿", resave)
        case .notAZipFile: return ("这不是 Excel 工作簿(.xlsx 文件是 zip 压缩包,这个文件不是)", resave)
        case .corruptArchive: return ("文件已损坏(压缩包不完整或结构有误)", askAgain)
        case .checksumMismatch(let part): return ("文件已损坏:其中的 \(part) 校验不符", askAgain)
        case .missingPart(let part): return ("工作簿不完整:缺少 \(part)", resave)
        case .malformedXML(let part, let line, _): return ("工作簿已损坏:\(part) 第 \(line) 行的格式有误", resave)
        case .doctypeForbidden(let part): return ("\(part) 含有文档类型声明(<!DOCTYPE>),正常的工作簿从不如此,为安全起见未读取", nil)
        case .limitExceeded(let limit, let part, let value, let maximum):
            return (ReadLimitOption.chinese(limit: limit, part: part, value: value, maximum: maximum), nil)
        case .noSuchSheet(let name, _): return ("没有名为“\(name)”的工作表", nil)
        case .notAWorksheet(let name): return ("“\(name)”不是普通工作表(是图表或宏表)", nil)
        case .invalidContent(let part, _): return ("工作簿已损坏:\(part) 的内容不符合 Excel 的格式", resave)
        case .cannotWrite: return ("文件无法写入", nil)
        case .excelLimit: return ("超出了 Excel 的限制", nil)
        case .invalidColor(let text): return ("“\(text)”不是有效的颜色", nil)
        case .destinationIsSource: return ("不能把副本写到原文件上", nil)
        }
    }

    /// The kind of a text file the sniffer named (in English), in Chinese.
    private static func textKind(_ kind: String) -> String {
        let lowered = kind.lowercased()
        if lowered.contains("html") { return "网页(HTML,常见于业务系统的“导出为 Excel”)" }
        if lowered.contains("2003 xml") { return " Excel 2003 XML 表格" }
        if lowered.contains("xml") { return " XML 文件" }
        return "文本文件(CSV 或制表符分隔)"
    }
}
