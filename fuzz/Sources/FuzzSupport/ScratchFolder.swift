#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder of the fuzzing process's own (in `TMPDIR`, else `/tmp`) where each input's workbooks
/// and outputs are written; the same names are reused from one input to the next.
public enum ScratchFolder {
    /// The folder's path, made on first use.
    public static let path: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/taizhang-fuzz-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            fatalError("cannot make a scratch folder in \(base)")
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// A path in the folder.
    public static func file(_ name: String) -> String { path + "/" + name }

    /// Removes a file (from an earlier input), if it is there.
    public static func remove(_ path: String) {
        unlink(path)
    }
}

/// Stops the fuzzing run with a message: an input broke a promise the code makes (libFuzzer
/// keeps the input as a crash, like any other).
public func broken(_ promise: String) -> Never {
    fatalError("broken promise: \(promise)")
}
