import XLSX

/// A calendar day without time or zone: what ledgers record (dates of founding, reports …).
public struct LedgerDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// The dates Excel shows (its 1900 date system): 1900-01-01 to 9999-12-31.
    public static let excelRange = LedgerDate(year: 1900, month: 1, day: 1)!...LedgerDate(year: 9999, month: 12, day: 31)!

    /// A date if year-month-day is a real Gregorian date.
    public init?(year: Int, month: Int, day: Int) {
        guard LocalDateTime.isValidDate(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
              let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day of a spreadsheet date-time.
    public init(_ dateTime: LocalDateTime) {
        year = dateTime.year
        month = dateTime.month
        day = dateTime.day
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { LocalDateTime.daysSinceUnixEpoch(year: year, month: month, day: day) }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LedgerDate {
        let civil = LocalDateTime.civilDate(daysSinceUnixEpoch: dayNumber + days)
        return LedgerDate(year: civil.year, month: civil.month, day: civil.day)!
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: LedgerDate) -> Int { other.dayNumber - dayNumber }

    /// 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int { LocalDateTime(year: year, month: month, day: day).isoWeekday }

    /// Completed years from this date (a birthday) to `date`.
    public func age(on date: LedgerDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// The serial number in Excel's 1900 date system.
    public var excelSerial: Double { ExcelDate.serial1900(of: LocalDateTime(year: year, month: month, day: day)) }

    /// `YYYY-MM-DD`.
    public var description: String {
        LocalDateTime(year: year, month: month, day: day).isoDate
    }

    /// Earlier dates come first.
    public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool { lhs.dayNumber < rhs.dayNumber }
}
