/// A relationship from one part to another (or to an external address).
struct PackageRelationship {
    let id: String
    /// The type URI, e.g. `http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet`.
    let type: String
    /// The target part name resolved against the source (no leading `/`), or the raw target when external.
    let target: String
    let isExternal: Bool

    /// Whether the type ends with `/<kind>` (Transitional and Strict type URIs share the last segment).
    func isType(_ kind: String) -> Bool {
        type.hasSuffix("/" + kind)
    }
}

/// The Open Packaging Conventions layer: content types and relationships of a zip package.
final class OPCPackage {
    let zip: ZipArchive
    private var defaults: [String: String] = [:]
    private var overrides: [String: String] = [:]
    /// Whether `[Content_Types].xml` was present.
    let hasContentTypes: Bool

    init(zip: ZipArchive) throws {
        self.zip = zip
        if let entry = zip.entry("[Content_Types].xml") {
            hasContentTypes = true
            for element in try ElementCollector.parse(try zip.read(entry), part: "[Content_Types].xml") {
                switch element.localName {
                case "Default":
                    if let ext = element.attributes["Extension"], let type = element.attributes["ContentType"] {
                        defaults[ext.lowercased()] = type
                    }
                case "Override":
                    if let name = element.attributes["PartName"], let type = element.attributes["ContentType"] {
                        overrides[ZipArchive.normalise(name)] = type
                    }
                default: break
                }
            }
        } else {
            hasContentTypes = false
        }
    }

    /// The content type of a part, from an override or its extension's default.
    func contentType(of partName: String) -> String? {
        if let type = overrides[ZipArchive.normalise(partName)] { return type }
        guard let dot = partName.lastIndex(of: "."), !partName[dot...].contains("/") else { return nil }
        return defaults[partName[partName.index(after: dot)...].lowercased()]
    }

    /// Part names whose override content type satisfies a test.
    func parts(where test: (String) -> Bool) -> [String] {
        overrides.filter { test($0.value) }.map(\.key).sorted()
    }

    /// The relationships of a part (`""` for the package itself); none when the part has no `.rels`.
    func relationships(of sourcePart: String) throws -> [PackageRelationship] {
        let (directory, file) = Self.split(sourcePart)
        let relsName = (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
        guard let entry = zip.entry(relsName) else { return [] }
        return try ElementCollector.parse(try zip.read(entry), part: entry.name).compactMap { element in
            guard element.localName == "Relationship", let id = element.attributes["Id"],
                  let type = element.attributes["Type"], let target = element.attributes["Target"] else { return nil }
            let external = element.attributes["TargetMode"]?.lowercased() == "external"
            return PackageRelationship(id: id, type: type, target: external ? target : Self.resolve(target, from: directory),
                                isExternal: external)
        }
    }

    /// Resolves a relative target against a directory (`../`, `./`, absolute `/…`, backslashes).
    static func resolve(_ target: String, from directory: String) -> String {
        let cleaned = target.replacingBackslashes()
        var components: [Substring] = cleaned.hasPrefix("/") ? [] : directory.split(separator: "/")
        for component in cleaned.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// Splits `xl/worksheets/sheet1.xml` into (`xl/worksheets`, `sheet1.xml`).
    static func split(_ partName: String) -> (directory: String, file: String) {
        guard let slash = partName.lastIndex(of: "/") else { return ("", partName) }
        return (String(partName[..<slash]), String(partName[partName.index(after: slash)...]))
    }
}
