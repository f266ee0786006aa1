#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One submitted file: where it is, the name it is reported under, and when it was received —
/// what `validate`, `merge`, `evaluate` and the portal take in.
public struct SubmissionFile: Sendable, Hashable, Codable {
    /// Where the file is read from.
    public var path: String
    /// The name it is reported under (findings.json, 合并日志, annotated copies).
    public var name: String
    /// When it was received, in seconds since 1970 (``SubmissionOrder/received``).
    public var received: Double

    /// A file reported under `name` (its path when nil), received at `received` (its
    /// modification time when nil: when a file collected in a folder arrived).
    public init(path: String, name: String? = nil, received: Double? = nil) {
        self.path = path
        self.name = name ?? path
        self.received = received ?? Self.modificationTime(path)
    }

    /// A file's modification time in seconds since 1970 (0 when it cannot be read).
    public static func modificationTime(_ path: String) -> Double {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        #if os(Linux)
        let time = info.st_mtim
        #else
        let time = info.st_mtimespec
        #endif
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
