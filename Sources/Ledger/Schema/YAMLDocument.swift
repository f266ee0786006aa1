import Yams

/// A mistake in a schema, district or rules file: the file, the line and what is wrong.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file's path as given.
    public let file: String
    /// The 1-based line, 0 when unknown.
    public let line: Int
    /// What is wrong.
    public let message: String

    /// An error at a line of a file (0 when no line applies).
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, as compilers print it.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A YAML node with the file it came from, read with typed accessors that fail with the line.
/// Strings are read as written (no YAML date or number guessing): the schema decides types.
public struct YAMLValue {
    let node: Node
    let file: String
    /// The context used in messages, e.g. `sheets[2].columns[1]`.
    let path: String

    /// Parses a YAML file's text.
    public static func parse(_ text: String, file: String) throws -> YAMLValue {
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
    public var line: Int { node.mark?.line ?? 0 }

    /// A failure at this node.
    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }

    private func child(_ node: Node, _ component: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? component : "\(path).\(component)")
    }

    /// The mapping's keys and values, in file order.
    public func mapping() throws -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping (key: value)") }
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw child(pair.key, "?").error("a key must be text") }
            return (key, child(pair.value, key))
        }
    }

    /// The sequence's items.
    public func sequence() throws -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    /// The scalar's text as written.
    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    /// The scalar as a whole number.
    public func integer() throws -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number, found \"\(try string())\"") }
        return value
    }

    /// The scalar as a number.
    public func number() throws -> Double {
        guard let value = Double(try string()) else { throw error("expected a number, found \"\(try string())\"") }
        return value
    }

    /// The scalar as true or false (also yes/no, on/off).
    public func boolean() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, found \"\(try string())\"")
        }
    }

    /// The scalar as a date written YYYY-MM-DD.
    public func date() throws -> LedgerDate {
        guard let date = LedgerDate(iso: try string()) else {
            throw error("expected a date as YYYY-MM-DD, found \"\(try string())\"")
        }
        return date
    }

    /// A sequence of scalars as texts.
    public func strings() throws -> [String] {
        try sequence().map { try $0.string() }
    }

    /// Reads a mapping whose keys must all be known; an unknown key is a mistake worth naming.
    public func fields(allowed: Set<String>) throws -> YAMLFields {
        let pairs = try mapping()
        for pair in pairs where !allowed.contains(pair.key) {
            throw pair.value.error("unknown key \"\(pair.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return YAMLFields(owner: self, pairs: pairs)
    }
}

/// The keys of one mapping, read by name.
public struct YAMLFields {
    let owner: YAMLValue
    let pairs: [(key: String, value: YAMLValue)]

    /// The value of a key, nil when the key is absent.
    public subscript(_ key: String) -> YAMLValue? { pairs.first { $0.key == key }?.value }

    /// The value of a key that must be there.
    public func required(_ key: String) throws -> YAMLValue {
        guard let value = self[key] else { throw owner.error("\"\(key)\" is missing") }
        return value
    }
}
