#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The schema and the district, loaded together, with where they came from.
public struct LedgerConfiguration: Sendable {
    public var schema: LedgerSchema
    public var district: DistrictConfig
    public var schemaPath: String
    public var districtPath: String

    /// Loads the files; nil paths mean the defaults in the templates folder.
    public static func load(schemaPath: String? = nil, districtPath: String? = nil) throws -> LedgerConfiguration {
        let folder = (schemaPath == nil || districtPath == nil) ? try TemplatesFolder.locate() : ""
        let districtFile = districtPath ?? folder + "/district.yaml"
        let schemaFile = schemaPath ?? folder + "/ledger.yaml"
        let district = try DistrictConfig.load(path: districtFile)
        let schema = try LedgerSchema.load(path: schemaFile, district: district)
        return LedgerConfiguration(schema: schema, district: district, schemaPath: schemaFile, districtPath: districtFile)
    }
}

/// Finds the `templates/` folder holding the default YAML files: `$TAIZHANG_TEMPLATES`, then
/// `./templates`, then a `templates` folder beside the executable or above it (a build inside
/// the repository finds the repository's), then `<prefix>/share/taizhang/templates`.
public enum TemplatesFolder {
    public static func locate() throws -> String {
        var candidates: [String] = []
        if let variable = getenv("TAIZHANG_TEMPLATES") { candidates.append(String(cString: variable)) }
        candidates.append("templates")
        if let executable = executablePath() {
            var directory = executable
            for _ in 0..<6 {
                guard let slash = directory.lastIndex(of: "/") else { break }
                directory = String(directory[..<slash])
                candidates.append(directory + "/templates")
                candidates.append(directory + "/share/taizhang/templates")
            }
        }
        for candidate in candidates where access(candidate + "/ledger.yaml", R_OK) == 0 {
            return candidate
        }
        throw ConfigurationError(file: "templates/", line: 0,
                                 message: "the default templates folder was not found; set TAIZHANG_TEMPLATES or pass --config and --schema")
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
