import Foundation
import Ledger

/// Time as the district reads it: receipt times shown with the district's UTC offset (China
/// Standard Time, +08:00, by default), and the day a weekly report period begins.
public struct PortalClock: Sendable {
    /// Seconds east of UTC of the district's local time.
    public var utcOffset: Int
    /// Now, in seconds since 1970 (replaceable in tests).
    public var now: @Sendable () -> Double

    /// China Standard Time and the system clock.
    public init(utcOffset: Int = 8 * 3600, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.utcOffset = utcOffset
        self.now = now
    }

    /// `2026-10-16T09:12:03+08:00`.
    public func isoText(_ seconds: Double) -> String { Self.isoText(seconds, utcOffset: utcOffset) }

    /// ISO 8601 with the given offset (China Standard Time by default).
    static func isoText(_ seconds: Double, utcOffset: Int = 8 * 3600) -> String {
        let local = Int(seconds.rounded(.down)) + utcOffset
        let day = LedgerDate(year: 1970, month: 1, day: 1)!.adding(days: Int((Double(local) / 86_400).rounded(.down)))
        let second = ((local % 86_400) + 86_400) % 86_400
        let sign = utcOffset < 0 ? "-" : "+"
        let offset = abs(utcOffset) / 60
        return "\(day)T" + two(second / 3600) + ":" + two(second / 60 % 60) + ":" + two(second % 60)
            + sign + two(offset / 60) + ":" + two(offset % 60)
    }

    /// The local calendar day of a moment.
    public func day(of seconds: Double) -> LedgerDate {
        LedgerDate(year: 1970, month: 1, day: 1)!.adding(days: Int(((seconds + Double(utcOffset)) / 86_400).rounded(.down)))
    }

    /// The moment (seconds since 1970) a local day begins.
    public func start(of day: LedgerDate) -> Double {
        Double(LedgerDate(year: 1970, month: 1, day: 1)!.days(until: day)) * 86_400 - Double(utcOffset)
    }

    /// The latest day on or before `seconds` that falls on `weekday` (1 = Monday … 7 = Sunday):
    /// the report day whose period is running.
    public func lastReportDay(weekday: Int, at seconds: Double) -> LedgerDate {
        let today = day(of: seconds)
        let back = (today.isoWeekday - weekday + 7) % 7
        return today.adding(days: -back)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
