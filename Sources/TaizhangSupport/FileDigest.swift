import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 of a file, streamed.
package enum FileDigest {
    /// The hex SHA-256 of a file's bytes, nil when it cannot be read.
    package static func sha256(path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, file) }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hex(hasher.finalize())
    }

    /// The hex SHA-256 of a text's UTF-8 bytes.
    package static func sha256(text: String) -> String {
        hex(SHA256.hash(data: Array(text.utf8)))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}

extension FileDigest {
    /// The hex SHA-256 of bytes in memory.
    package static func sha256(bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }
}
