/// Dates as the 1900 date system's serial numbers, within the range Excel shows.
enum ExcelSerial {
    /// The serial of a date-time and the kind of format it needs, or a typed error when Excel
    /// cannot show it: dates run from 1900-01-01 to 9999-12-31, and a time of day alone is dated
    /// 1899-12-30 (serial below 1), as the reader reports one.
    static func of(_ value: LocalDateTime) throws -> (serial: Double, display: DateDisplay) {
        let isTimeOfDay = value.year == 1899 && value.month == 12 && value.day == 30
        guard LocalDateTime.isValidDate(year: value.year, month: value.month, day: value.day),
              (0...23).contains(value.hour), (0...59).contains(value.minute), (0...59).contains(value.second),
              (0...999).contains(value.millisecond),
              isTimeOfDay || (value.year >= 1900 && value.year <= 9999) else {
            throw XLSXError.excelLimit(.dateRange, detail: value.description)
        }
        let serial = ExcelDate.serial1900(of: value)
        if isTimeOfDay { return (serial, .time) }
        return (serial, value.isMidnight ? .date : .dateTime)
    }
}
