import HTTPTypes
import Hummingbird
import Ledger

/// An error answered with its status: `{"error": {"code", "message"}}` to programs, a page to
/// browsers (`ErrorAnswers`). Messages are Chinese: a town reads them.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Seconds to wait before trying again (`Retry-After`), when it helps.
    var retryAfter: Int?
    /// The request id a 500 names (its log line has it too).
    var requestId: String?

    static let unauthorized = APIError(status: .unauthorized, code: "unauthorized",
                                       message: "缺少或无效的访问凭证(Authorization: Bearer TOKEN)")
    static let notFound = APIError(status: .notFound, code: "not-found", message: "没有这个页面或这份报送。")
    static let crossOrigin = APIError(status: .forbidden, code: "cross-origin", message: "只接受本站页面提交的表单")
    /// A liaison leader's request to change something (upload, edit, reset a link).
    static let readOnly = APIError(status: .forbidden, code: "read-only",
                                   message: "联系领导的链接只能查看,不能上传、修改或重置登录链接。")

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad-request", message: message) }

    static func tooLarge(_ maximum: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "too-large",
                 message: "文件超过上传上限 \(maximum >> 20) MiB(由团区委在 serve --max-upload 中设定)")
    }

    /// An answer given before the request's body was read (too large, too slow): the connection
    /// cannot carry another request.
    var closesConnection: Bool { status == .contentTooLarge || status == .requestTimeout }

    /// The answer to any error a route throws.
    static func of(_ error: any Error, requestId: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            if error.status == .notFound { return .notFound }
            if error.status == .contentTooLarge { return APIError(status: .contentTooLarge, code: "too-large", message: "请求太大") }
            return APIError(status: error.status, code: "http-\(error.status.code)", message: chineseMessage(of: error.status))
        case let limit as Intake.LimitReached:
            switch limit {
            case .rate(let limit, let retryAfter):
                let minutes = max(1, (retryAfter + 59) / 60)
                return APIError(status: .tooManyRequests, code: "rate-limited",
                                message: "本镇一小时内的上传和修改已达 \(limit) 次的上限(serve --uploads-per-hour),请 \(minutes) 分钟后再试;确有需要请联系团区委。",
                                retryAfter: retryAfter)
            case .quota(let limit, let stored):
                return APIError(status: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), code: "quota-exceeded",
                                message: "本镇已存 \(stored >> 20) MiB 的台账文件,再存这一份将超过 \(limit >> 20) MiB 的上限(serve --quota),未保存。请联系团区委。")
            }
        case let stale as PortalStore.Stale:
            let latest = stale.latest.map { "(#\($0))" } ?? ""
            return APIError(status: .conflict, code: "stale",
                            message: "这份报送已不是本镇最新的一份,修改未保存;请在最新一份报送\(latest)上修改。")
        case let refused as OnlineEdits.Refused:
            return APIError(status: .unprocessableContent, code: refused.refusal.code.rawValue, message: refused.refusal.message(.chinese))
        case is OnlineEdits.CannotEdit:
            return APIError(status: .unprocessableContent, code: "not-editable",
                            message: "这份台账的结构无法在线修改,未保存;请下载原文件,在 Excel 或 WPS 中修改后重新上传。")
        case let failure as WorkerPool.Failure:
            if case .jobFailed = failure { return internalError(requestId) }
            return APIError(status: .serviceUnavailable, code: "unavailable", message: "服务器暂时忙不过来,请稍后再试。", retryAfter: 5)
        case let bulletin as BulletinError:
            return APIError(status: .notFound, code: "no-bulletin", message: bulletin.chinese)
        case let failed as DistrictOutputs.BuildFailed:
            return APIError(status: .serviceUnavailable, code: "build-failed",
                            message: "区汇总和评优评先暂时无法生成(已记录),请稍后再试或联系管理员。", retryAfter: failed.retryAfter)
        default:
            return internalError(requestId)
        }
    }

    /// What a status of the HTTP layer means, in Chinese (its English reason phrase is not shown).
    static func chineseMessage(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "请求格式有误。"
        case 405: return "这个地址不支持这种请求方式。"
        case 408: return "请求太慢,未能收完,请重试。"
        case 411: return "请求缺少长度信息。"
        case 415: return "不支持这种内容格式。"
        case 431: return "请求头太大。"
        default: return "请求未能完成(HTTP \(status.code))。"
        }
    }

    static func internalError(_ requestId: String) -> APIError {
        APIError(status: .internalServerError, code: "internal", message: "服务器内部错误(请求编号 \(requestId)),已记录", requestId: requestId)
    }
}
