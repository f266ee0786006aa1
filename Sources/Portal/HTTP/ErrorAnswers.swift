import Foundation
import HTTPTypes
import Hummingbird

/// Answers every error: as `{"error": {"code", "message"}}` on `/api/…` and as a Chinese page
/// everywhere else — a page that does not exist included. The portal's own errors become their statuses (`APIError`, a town's limits, a
/// worker that could not do its job, a district build that failed); anything else is a bug,
/// logged with the request id that the 500 repeats.
struct ErrorAnswers: RouterMiddleware {
    typealias Context = PortalRequestContext
    let pages: PageRenderer
    let layout: @Sendable (String, Role?) -> PageLayout

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.of(error, requestId: context.id)
            if answer.status == .internalServerError {
                context.logger.error("request \(context.id) failed: \(String(describing: error))")
            }
            return respond(answer, to: request, role: context.role)
        }
    }

    /// The answer to `request` for an error: JSON to programs, a page to browsers.
    func respond(_ error: APIError, to request: Request, role: Role?) -> Response {
        var response = Self.wantsPage(request) ? page(error, role: role) : Self.json(error)
        if error.closesConnection { response.headers[.connection] = "close" }
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// Whether the request is for a page (anything but `/api/…`).
    static func wantsPage(_ request: Request) -> Bool {
        !request.uri.path.hasPrefix("/api/")
    }

    static func json(_ error: APIError) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        let body = APIJSON.error(code: error.code, message: error.message, requestId: error.requestId)
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// An error as a page, with its status.
    func page(_ error: APIError, role: Role?) -> Response {
        let heading: String
        switch error.status.code {
        case 404: heading = "没有找到"
        case 413: heading = "文件太大"
        case 422: heading = "未被接受"
        case 429: heading = "请稍后再试"
        case 403: heading = "操作被拒绝"
        case 503: heading = "暂时无法完成"
        case 507: heading = "存储空间已满"
        default: heading = "出错了"
        }
        return pages.page("message", MessagePage(layout: layout(heading, role), isError: true, heading: heading,
                                                 message: error.message, link: nil, backURL: "/"),
                          status: error.status)
    }
}
