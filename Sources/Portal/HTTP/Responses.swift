import Foundation
import Hummingbird

/// The answers the controllers build: JSON, a download, a redirect.
enum Responses {
    /// A JSON body with its status.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A file as an attachment with its (UTF-8) name; 404 when it is not there.
    static func download(_ path: String, name: String) throws -> Response {
        guard let bytes = DataFolder.read(path) else { throw APIError.notFound }
        return download(bytes: bytes, name: name)
    }

    /// Bytes as an attachment with its (UTF-8) name.
    static func download(bytes: [UInt8], name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = name.hasSuffix(".json") ? "application/json; charset=utf-8"
            : (name.hasSuffix(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "application/octet-stream")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? "download"
        headers[.contentDisposition] = "attachment; filename=\"download\(extensionOf(name))\"; filename*=UTF-8''\(encoded)"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `303 See Other` to a location.
    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func extensionOf(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[dot...])
    }

    /// The annotated copy is always `.xlsx`.
    static func xlsxName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name + ".xlsx" }
        return String(name[..<dot]) + ".xlsx"
    }
}
