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
