/// A date system of a workbook: where serial number 0 lies.
public enum DateSystem: Sendable, Hashable {
    /// The Windows default: serial 1 is 1900-01-01, with Lotus 1-2-3's fictitious 1900-02-29 as serial 60.
    case system1900
    /// The old Mac default (`<workbookPr date1904="1"/>`): serial 0 is 1904-01-01.
    case system1904
}

/// A calendar date and a time of day, without a time zone (spreadsheets have none).
public struct LocalDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2026.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, 1 to 31.
    public var day: Int
    /// The hour, 0 to 23.
    public var hour: Int
    /// The minute, 0 to 59.
    public var minute: Int
    /// The second, 0 to 59.
    public var second: Int
    /// Fraction of the second in milliseconds (Excel keeps no finer precision that it shows).
    public var millisecond: Int

    /// A date-time from its parts; no validation beyond what the caller did.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    /// The date at midnight.
    public var dateOnly: LocalDateTime { LocalDateTime(year: year, month: month, day: day) }

    /// True at exactly midnight.
    public var isMidnight: Bool { hour == 0 && minute == 0 && second == 0 && millisecond == 0 }

    /// `YYYY-MM-DD`.
    public var isoDate: String {
        "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// `HH:MM:SS` or `HH:MM:SS.fff`.
    public var isoTime: String {
        var text = "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))"
        if millisecond != 0 { text += "." + Self.pad(millisecond, 3) }
        return text
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]`.
    public var description: String { isoDate + "T" + isoTime }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Earlier date-times come first.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        if (lhs.year, lhs.month, lhs.day) != (rhs.year, rhs.month, rhs.day) {
            return (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
        return (lhs.hour, lhs.minute, lhs.second, lhs.millisecond) < (rhs.hour, rhs.minute, rhs.second, rhs.millisecond)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
    public static func daysSinceUnixEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civilDate(daysSinceUnixEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether year-month-day names a real Gregorian date.
    public static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Day of the week, 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        let days = Self.daysSinceUnixEpoch(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday (4).
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }
}

/// A number shown as a date, date-time, time of day or duration by its number format.
///
/// The serial number is what the file stores; ``dateTime`` is what Excel displays.
public struct ExcelDate: Hashable, Sendable {
    /// What the number format shows.
    public enum Kind: Hashable, Sendable {
        /// A calendar date (the format has no time part).
        case date
        /// A date and a time of day.
        case dateTime
        /// A time of day only (e.g. `h:mm`).
        case time
        /// Elapsed time such as `[h]:mm:ss`: the serial counts days of duration.
        case duration
    }

    /// The stored serial number (days since the date system's epoch, fraction = time of day).
    public var serial: Double
    /// The workbook's date system.
    public var system: DateSystem
    /// What the cell's number format displays.
    public var kind: Kind

    /// A date value from a serial in a date system.
    public init(serial: Double, system: DateSystem, kind: Kind) {
        self.serial = serial
        self.system = system
        self.kind = kind
    }

    /// The serial in the 1900 system of a date-time (Excel's reckoning, 1900-03-01 and later exact).
    public static func serial1900(of dateTime: LocalDateTime) -> Double {
        let days = LocalDateTime.daysSinceUnixEpoch(year: dateTime.year, month: dateTime.month, day: dateTime.day)
        var serial = Double(days + 25_569)
        // Dates before 1900-03-01 sit one lower, because Excel counts the fictitious 1900-02-29.
        if serial < 61 && serial >= 1 { serial -= 1 }
        let seconds = Double(dateTime.hour * 3600 + dateTime.minute * 60 + dateTime.second)
            + Double(dateTime.millisecond) / 1000
        return serial + seconds / 86_400
    }

    /// The duration in seconds (for ``Kind/duration``; meaningful for any kind), to the millisecond.
    public var durationSeconds: Double {
        (serial * 86_400 * 1000).rounded() / 1000
    }

    /// The displayed date and time, to the millisecond. The 1900 system's serial 60 gives
    /// Excel's fictitious 1900-02-29; a serial below 1 in the 1900 system gives a time on 1899-12-30
    /// (negative serials count back from there), as most readers do.
    public var dateTime: LocalDateTime {
        var totalMilliseconds = (serial * 86_400_000).rounded(.toNearestOrEven)
        if !totalMilliseconds.isFinite || abs(totalMilliseconds) > 1e17 { totalMilliseconds = 0 }
        let milliseconds = Int64(totalMilliseconds)
        var dayNumber = Int(milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000)
        let millisecondOfDay = Int(milliseconds - Int64(dayNumber) * 86_400_000)
        let epochOffset: Int
        switch system {
        case .system1904:
            epochOffset = LocalDateTime.daysSinceUnixEpoch(year: 1904, month: 1, day: 1)
        case .system1900:
            if dayNumber == 60 {
                return LocalDateTime(year: 1900, month: 2, day: 29, hour: millisecondOfDay / 3_600_000,
                                     minute: millisecondOfDay / 60_000 % 60, second: millisecondOfDay / 1000 % 60,
                                     millisecond: millisecondOfDay % 1000)
            }
            if dayNumber >= 1 && dayNumber < 60 { dayNumber += 1 }
            epochOffset = LocalDateTime.daysSinceUnixEpoch(year: 1899, month: 12, day: 30)
        }
        let civil = LocalDateTime.civilDate(daysSinceUnixEpoch: epochOffset + dayNumber)
        return LocalDateTime(year: civil.year, month: civil.month, day: civil.day,
                             hour: millisecondOfDay / 3_600_000, minute: millisecondOfDay / 60_000 % 60,
                             second: millisecondOfDay / 1000 % 60, millisecond: millisecondOfDay % 1000)
    }

    /// ISO 8601 text: `YYYY-MM-DD` for a date at midnight, `YYYY-MM-DDTHH:MM:SS[.fff]` for a
    /// date-time, `HH:MM:SS[.fff]` for a time of day below one day, `PT<seconds>S` for a duration.
    public var isoText: String {
        if kind == .duration {
            let seconds = durationSeconds
            let magnitude = abs(seconds)
            let number = magnitude == magnitude.rounded() && magnitude < 1e15
                ? String(Int64(magnitude)) : String(magnitude)
            return (seconds < 0 ? "-PT" : "PT") + number + "S"
        }
        let value = dateTime
        if serial >= 0 && serial < 1 && kind != .date { return value.isoTime }
        if serial >= 0 && serial < 1 && system == .system1900 { return value.isoTime }
        if value.isMidnight && kind == .date { return value.isoDate }
        return value.description
    }
}
