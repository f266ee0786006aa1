import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the pages from the Mustache templates of `Pages/`, built into the module at build time
/// (the EmbedTemplates plugin), HTML-escaping every `{{value}}`.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// The stylesheet and script, served at `/static/…`.
    let assets: [String: (type: String, bytes: [UInt8])]

    init() throws {
        var library = MustacheLibrary()
        var assets: [String: (type: String, bytes: [UInt8])] = [:]
        for (name, text) in EmbeddedTemplates.files {
            if name.hasSuffix(".mustache") {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } else if name.hasSuffix(".css") {
                assets[name] = ("text/css; charset=utf-8", Array(text.utf8))
            } else if name.hasSuffix(".js") {
                assets[name] = ("text/javascript; charset=utf-8", Array(text.utf8))
            }
        }
        self.library = library
        self.assets = assets
    }

    /// The page `template` rendered with `model`, as an HTML response.
    func page(_ template: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        page(html: html(template, model), status: status)
    }

    /// The page `template` rendered with `model`.
    func html(_ template: String, _ model: Any) -> String {
        library.render(TemplateModel.tree(model) ?? model, withTemplate: template) ?? "<!doctype html><title>taizhang</title><p>页面模板缺失:\(template)</p>"
    }

    /// A rendered page as an HTML response.
    func page(html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
