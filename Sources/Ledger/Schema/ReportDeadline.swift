/// The time of day by which a weekly report is due on the report day (`report_deadline:` of
/// `district.yaml`): 24:00 — the end of the day — unless the district says otherwise ("18:00").
///
/// A report is on time (按时交账) when it was received before this moment of its report day.
public struct ReportDeadline: Hashable, Sendable, CustomStringConvertible {
    /// Minutes after midnight, 1 to 1,440 (24:00).
    public let minutes: Int

    /// The end of the report day (24:00), the default.
    public static let endOfDay = ReportDeadline(checkedMinutes: 24 * 60)

    private init(checkedMinutes: Int) {
        minutes = checkedMinutes
    }

    /// A deadline from its minutes after midnight (00:01 to 24:00), nil outside.
    public init?(minutes: Int) {
        guard (1...24 * 60).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// Parses `HH:MM` (`18:00`, `9:30`, `24:00`); nil for anything else or a time outside 00:01–24:00.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60 else { return nil }
        self.init(minutes: hours * 60 + minutes)
    }

    /// Whether it is the end of the day (24:00).
    public var isEndOfDay: Bool { minutes == 24 * 60 }

    /// Seconds from the start of the report day to the deadline.
    public var secondsIntoDay: Double { Double(minutes * 60) }

    /// `18:00`, `24:00`.
    public var description: String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }
}
