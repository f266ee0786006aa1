/// Parses the ISO 8601 text of a `t="d"` cell: `2026-10-15`, `2026-10-15T08:30:00[.fff][Z|±hh:mm]`,
/// or a time of day `08:30:00`. A time-zone suffix is ignored: spreadsheet times are local.
enum ISODateParser {
    static func parse(_ text: String, system: DateSystem) -> ExcelDate? {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        var date: (Int, Int, Int)?
        var timeText: Substring?
        if parts.count == 2 {
            date = parseDate(parts[0])
            timeText = parts[1]
            guard date != nil else { return nil }
        } else if text.contains(":") {
            timeText = parts[0]
        } else {
            date = parseDate(parts[0])
            guard date != nil else { return nil }
        }
        var secondsOfDay = 0.0
        if let timeText {
            guard let seconds = parseTime(timeText) else { return nil }
            secondsOfDay = seconds
        }
        guard let (year, month, day) = date else {
            return ExcelDate(serial: secondsOfDay / 86_400, system: system, kind: .time)
        }
        var serial = ExcelDate.serial1900(of: LocalDateTime(year: year, month: month, day: day))
        if system == .system1904 { serial -= 1_462 }
        return ExcelDate(serial: serial + secondsOfDay / 86_400, system: system, kind: timeText == nil ? .date : .dateTime)
    }

    private static func parseDate(_ text: Substring) -> (Int, Int, Int)? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        // Four-digit years only (ISO 8601's own; Excel's dates end in 9999): any other stays out of date arithmetic.
        guard fields.count == 3, let year = FileNumber.integer(fields[0], in: 0...9999), let month = Int(fields[1]), let day = Int(fields[2]),
              LocalDateTime.isValidDate(year: year, month: month, day: day) else { return nil }
        return (year, month, day)
    }

    private static func parseTime(_ text: Substring) -> Double? {
        var body = text
        if body.hasSuffix("Z") { body = body.dropLast() }
        if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }) { body = body[..<sign] }
        let fields = body.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 2, fields.count <= 3, let hour = Int(fields[0]), let minute = Int(fields[1]),
              (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        var seconds = 0.0
        if fields.count == 3 {
            guard let parsed = Double(fields[2]), parsed >= 0, parsed < 61 else { return nil }
            seconds = parsed
        }
        return Double(hour * 3600 + minute * 60) + seconds
    }
}
