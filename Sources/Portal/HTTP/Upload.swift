import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore

/// An uploaded workbook: its bytes, its file name, and a `town` form field when the form had one.
struct Upload: Sendable {
    var bytes: [UInt8]
    var fileName: String
    var town: String?

    /// Reads the body within the limits: 413 when `Content-Length` (or the bytes so far) pass
    /// `maximum` — said before the whole body is read —, 408 when the body takes longer than
    /// `timeout` seconds to arrive.
    static func read(_ request: Request, maximum: Int, timeout: Double) async throws -> Upload {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximum {
            throw APIError.tooLarge(maximum)
        }
        let body = request.body
        let buffer: ByteBuffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: maximum)
                } catch let error as HTTPError where error.status == .contentTooLarge {
                    throw APIError.tooLarge(maximum)
                } catch is NIOTooManyBytesError {
                    // A body without Content-Length (chunked) that passes the limit.
                    throw APIError.tooLarge(maximum)
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw APIError(status: .requestTimeout, code: "timeout", message: "上传太慢,\(Int(timeout)) 秒内未收完,请重试")
            }
            return buffer
        }
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            return try multipart(buffer, contentType: contentType)
        }
        guard let encoded = request.headers[HTTPField.Name("X-Filename")!], !encoded.isEmpty else {
            throw APIError.badRequest("上传须为 multipart/form-data 的 file 字段,或原始字节加 X-Filename 头")
        }
        guard let name = encoded.removingPercentEncoding, !name.isEmpty else {
            throw APIError.badRequest("X-Filename 须为百分号编码的 UTF-8 文件名")
        }
        return Upload(bytes: Array(buffer.readableBytesView), fileName: Self.baseName(name), town: nil)
    }

    /// The `file` and `town` fields of a `multipart/form-data` body.
    static func multipart(_ buffer: ByteBuffer, contentType: String) throws -> Upload {
        guard let boundary = HeaderParameters(contentType)["boundary"], !boundary.isEmpty else {
            throw APIError.badRequest("multipart/form-data 缺少 boundary")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [(disposition: HeaderParameters, body: [UInt8])] = []
        var disposition = HeaderParameters("")
        var body: [UInt8] = []
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = HeaderParameters(value) }
        }
        parser.onBody = { chunk in body.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            parts.append((disposition, body))
            disposition = HeaderParameters("")
            body = []
        }
        do {
            try parser.execute(buffer)
        } catch {
            throw APIError.badRequest("multipart/form-data 无法解析")
        }
        let town = parts.first { $0.disposition["name"] == "town" }
            .map { String(decoding: $0.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let file = parts.first(where: { $0.disposition["name"] == "file" }) else {
            throw APIError.badRequest("缺少 file 字段(要上传的台账)")
        }
        // A form sent with no file chosen has a file part without a name; a named empty file is
        // an upload like any other (kept, and answered as unreadable).
        let name = file.disposition.fileName ?? ""
        guard !name.isEmpty else {
            throw APIError(status: .badRequest, code: "no-file", message: "请选择要上传的台账文件")
        }
        return Upload(bytes: file.body, fileName: baseName(name), town: town?.isEmpty == false ? town : nil)
    }

    /// The last path component (browsers on Windows may send `C:\…\台账.xlsx`).
    static func baseName(_ name: String) -> String {
        String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? Substring(name))
    }
}

/// The parameters of a header such as `form-data; name="file"; filename="台账.xlsx"`.
struct HeaderParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ header: String) {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            let end = Self.parameterEnd(rest)
            let parameter = rest[..<end]
            rest = rest[end...]
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            values[key] = value
        }
    }

    /// The end of a parameter: the next `;` outside quotes.
    private static func parameterEnd(_ text: Substring) -> Substring.Index {
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { return index }
            index = text.index(after: index)
        }
        return text.endIndex
    }

    subscript(key: String) -> String? { values[key] }

    /// `filename*=UTF-8''%E6%B9%96…` when present (RFC 6266), else `filename`.
    var fileName: String? {
        if let extended = values["filename*"], let quote = extended.range(of: "''") {
            return String(extended[quote.upperBound...]).removingPercentEncoding
        }
        return values["filename"]
    }
}
