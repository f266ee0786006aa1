import Yams

/// A YAML node with the file it came from, read with typed accessors that fail with the line.
/// Strings are read as written (no YAML date or number guessing): the schema decides types.
package struct YAMLValue {
    package let node: Node
    package let file: String
    /// The context used in messages, e.g. `sheets[2].columns[1]`.
    let path: String

    /// Parses a YAML file's text.
    package static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, line: 1, message: "the file is empty")
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.problem(of: error))")
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 0
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    /// The node's 1-based line.
    package var line: Int { node.mark?.line ?? 0 }

    /// A failure at this node.
    package func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }

    private func child(_ node: Node, _ component: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? component : "\(path).\(component)")
    }

    /// The mapping's keys and values, in file order.
    package func mapping() throws -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value)") }
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw child(pair.key, "?").error("a key must be text") }
            return (key, child(pair.value, key))
        }
    }

    /// The sequence's items.
    package func sequence() throws -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    /// The scalar's text as written.
    package func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    /// The scalar as a whole number.
    package func integer() throws -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number, found \"\(try string())\"") }
        return value
    }

    /// The scalar as a number.
    package func number() throws -> Double {
        guard let value = Double(try string()) else { throw error("expected a number, found \"\(try string())\"") }
        return value
    }

    /// The scalar as true or false (also yes/no, on/off).
    package func boolean() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \"\(try string())\"")
        }
    }

    /// A sequence of scalars as texts.
    package func strings() throws -> [String] {
        try sequence().map { try $0.string() }
    }

    /// Reads a mapping whose keys must all be known; an unknown key is a mistake worth naming.
    package func fields(allowed: Set<String>) throws -> YAMLFields {
        let pairs = try mapping()
        for pair in pairs where !allowed.contains(pair.key) {
            throw pair.value.error("unknown key \"\(pair.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return YAMLFields(owner: self, pairs: pairs)
    }
}

/// The keys of one mapping, read by name.
package struct YAMLFields {
    let owner: YAMLValue
    let pairs: [(key: String, value: YAMLValue)]

    /// The value of a key, nil when the key is absent.
    package subscript(_ key: String) -> YAMLValue? { pairs.first { $0.key == key }?.value }

    /// The value of a key that must be there.
    package func required(_ key: String) throws -> YAMLValue {
        guard let value = self[key] else { throw owner.error("\"\(key)\" is missing") }
        return value
    }
}
