import Foundation
import TaizhangSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The portal's whole state in one folder: `portal.sqlite` (with its WAL), the uploads stored by
/// content (`files/<sha256>`, never modified), and what is derived from them and can be made
/// again (`annotated/`, `outputs/`). Backing up the folder backs up everything.
public final class DataFolder: Sendable {
    /// The folder.
    public let path: String
    /// The database, through the statements of `PortalStore`.
    let store: PortalStore
    /// Held open while `serve` runs: the `flock` that refuses a second server on the folder.
    private let lockDescriptor: Int32?

    /// Opens (creating when missing) the data folder. With `exclusive`, takes the server's lock and
    /// fails with ``PortalError/alreadyServing(_:)`` while another server holds it.
    public init(path: String, exclusive: Bool) throws {
        self.path = path
        for folder in [path, path + "/files", path + "/annotated", path + "/outputs"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw PortalError.dataFolder(path: folder, reason: String(describing: error))
            }
        }
        if exclusive {
            let descriptor = open(path + "/serve.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw PortalError.dataFolder(path: path, reason: String(cString: strerror(errno))) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw PortalError.alreadyServing(path)
            }
            lockDescriptor = descriptor
        } else {
            lockDescriptor = nil
        }
        do {
            store = PortalStore(database: try PortalDatabase(path: path + "/portal.sqlite"))
        } catch {
            throw PortalError.dataFolder(path: path + "/portal.sqlite", reason: String(describing: error))
        }
    }

    deinit {
        if let lockDescriptor { close(lockDescriptor) }
    }

    /// Where the upload with this digest is kept.
    func filePath(sha256: String) -> String { path + "/files/" + sha256 }

    /// A new temporary file inside the data folder (same file system, so it can be renamed in).
    func temporaryPath() -> String { path + "/files/.upload-" + UUID().uuidString }

    /// Writes bytes to a temporary file in the data folder and returns its path; the file is not
    /// yet durable (see ``keep(temporary:sha256:)``).
    func writeTemporary(_ bytes: [UInt8]) throws -> String {
        let temporary = temporaryPath()
        try AtomicFile.writeInPlace(bytes, to: temporary, sync: false)
        return temporary
    }

    /// Makes the upload durable under its digest: fsync, rename into `files/<sha256>`, fsync the
    /// folder. An identical upload already kept is left as it is (the temporary is removed).
    func keep(temporary: String, sha256: String) throws {
        let destination = filePath(sha256: sha256)
        if access(destination, F_OK) == 0 {
            unlink(temporary)
            return
        }
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw PortalError.storage(path: temporary, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
        guard rename(temporary, destination) == 0 else {
            throw PortalError.storage(path: destination, reason: String(cString: strerror(errno)))
        }
        try AtomicFile.syncFolder(path + "/files")
    }

    /// The bytes of a file in the data folder, nil when it is not there.
    static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }
}

/// What can go wrong with the portal's own state or set-up (not with an upload: a bad upload is a
/// submission with status `unreadable`).
public enum PortalError: Error, CustomStringConvertible, Equatable {
    /// Another `taizhang serve` holds the data folder.
    case alreadyServing(String)
    /// The data folder or its database cannot be created or opened.
    case dataFolder(path: String, reason: String)
    /// A file in the data folder cannot be written.
    case storage(path: String, reason: String)
    /// A town named on the command line is not one of the district's.
    case unknownTown(String)
    /// A liaison leader named on the command line is not one of `liaison:` of the district file.
    case unknownLiaison(String)
    /// A `--base-url` that is not an http or https URL.
    case invalidBaseURL(String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .alreadyServing(let path):
            return "\(path): another taizhang serve is already using this data folder (stop it first)"
        case .dataFolder(let path, let reason): return "\(path): cannot open the data folder: \(reason)"
        case .storage(let path, let reason): return "\(path): cannot write: \(reason)"
        case .unknownTown(let town): return "\(town): not a town of the district (see the district file)"
        case .unknownLiaison(let leader): return "\(leader): not a liaison leader of the district (see liaison: in the district file)"
        case .invalidBaseURL(let url): return "\(url): --base-url must start with http:// or https://"
        }
    }
}
