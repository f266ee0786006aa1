import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the pages from the Mustache templates in `Pages/` (HTML-escaping every `{{value}}`).
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// The stylesheet and script, served at `/static/…`.
    let assets: [String: (type: String, bytes: [UInt8])]

    init() throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Pages").path else {
            throw PortalError.dataFolder(path: "Pages", reason: "the page templates are missing from the build")
        }
        var library = MustacheLibrary()
        var assets: [String: (type: String, bytes: [UInt8])] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if name.hasSuffix(".mustache") {
                try library.register(String(decoding: data, as: UTF8.self), named: String(name.dropLast(".mustache".count)))
            } else if name.hasSuffix(".css") {
                assets[name] = ("text/css; charset=utf-8", [UInt8](data))
            } else if name.hasSuffix(".js") {
                assets[name] = ("text/javascript; charset=utf-8", [UInt8](data))
            }
        }
        self.library = library
        self.assets = assets
    }

    /// The page `template` rendered with `model`, as an HTML response.
    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(model, withTemplate: template) ?? "<!doctype html><title>taizhang</title><p>页面模板缺失:\(template)</p>"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
