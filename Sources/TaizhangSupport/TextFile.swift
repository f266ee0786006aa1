#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole UTF-8 text file.
package enum TextFile {
    /// The file's text; a ConfigurationError naming the file when it cannot be read.
    package static func read(_ path: String) throws -> String {
        guard let file = fopen(path, "rb") else {
            throw ConfigurationError(file: path, line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, file) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
