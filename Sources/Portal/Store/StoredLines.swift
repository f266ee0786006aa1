import Evaluation
import Foundation
import Ledger

/// A submission's district values and founding rows as the portal stores them: a first line
/// `#1`, then one line per value (its six fields: sheet, sheet name, column, value, cell, typed)
/// or, for the founding rows, the sheet's name and then one line per row (`row`, `date`), fields
/// separated by tabs, `\`, tab, line feed and carriage return in a field written `\\`, `\t`,
/// `\n`, `\r`.
///
/// The server reads the new submission's values and founding rows on every upload (for its
/// district-wide findings); lines are read in a small fraction of what `JSONDecoder` takes for
/// the same values. Rows stored before (JSON: `[…]` or `{…}`) are read as they were written.
enum StoredLines {
    /// A stored text that cannot be read.
    struct Malformed: Error, CustomStringConvertible {
        var what: String
        var line: Int

        var description: String { "stored \(what), line \(line): not what the portal writes" }
    }

    private static let marker = "#1"

    /// The values as stored.
    static func text(of values: [DistrictValue]) -> String {
        lines([marker] + values.map { [$0.sheet, $0.sheetName, $0.column, $0.value, $0.cell, $0.typed].map(escaped).joined(separator: "\t") })
    }

    /// The founding rows as stored.
    static func text(of founding: SubmissionIntake.Founding) -> String {
        lines([marker, escaped(founding.sheetName)] + founding.rows.map { "\($0.row)\t\($0.date)" })
    }

    /// The values a stored text holds (lines, or the JSON stored before).
    static func values(from text: String) throws -> [DistrictValue] {
        guard text.hasPrefix(marker) else { return try JSONDecoder().decode([DistrictValue].self, from: Data(text.utf8)) }
        return try fields(of: text).dropFirst().enumerated().map { index, fields in
            guard fields.count == 6 else { throw Malformed(what: "district values", line: index + 2) }
            // A value typed as it is normalised (most are) shares its text: at thousands of towns
            // the district's values are the server's largest holding.
            return DistrictValue(sheet: fields[0], sheetName: fields[1], column: fields[2], value: fields[3], cell: fields[4],
                                 typed: fields[5] == fields[3] ? fields[3] : fields[5])
        }
    }

    /// The founding rows a stored text holds (lines, or the JSON stored before).
    static func founding(from text: String) throws -> SubmissionIntake.Founding {
        guard text.hasPrefix(marker) else { return try JSONDecoder().decode(SubmissionIntake.Founding.self, from: Data(text.utf8)) }
        let lines = try fields(of: text)
        guard lines.count >= 2, lines[1].count == 1 else { throw Malformed(what: "founding rows", line: 2) }
        return SubmissionIntake.Founding(sheetName: lines[1][0], rows: try lines.dropFirst(2).enumerated().map { index, fields in
            guard fields.count == 2, let row = Int(fields[0]), let date = LedgerDate(iso: fields[1]) else {
                throw Malformed(what: "founding rows", line: index + 3)
            }
            return FoundingRow(row: row, date: date)
        })
    }

    private static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\n")
    }

    private static func escaped(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            switch byte {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lines of a stored text, each as its fields, unescaped.
    private static func fields(of text: String) throws -> [[String]] {
        var lines: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var escaping = false
        for byte in text.utf8 {
            if escaping {
                switch byte {
                case 0x5C: field.append(0x5C)
                case UInt8(ascii: "t"): field.append(0x09)
                case UInt8(ascii: "n"): field.append(0x0A)
                case UInt8(ascii: "r"): field.append(0x0D)
                default: throw Malformed(what: "text", line: lines.count + 1)
                }
                escaping = false
                continue
            }
            switch byte {
            case 0x5C: escaping = true
            case 0x09:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 0x0A:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                lines.append(fields)
                fields.removeAll(keepingCapacity: true)
            default: field.append(byte)
            }
        }
        if escaping { throw Malformed(what: "text", line: lines.count + 1) }
        fields.append(String(decoding: field, as: UTF8.self))
        lines.append(fields)
        return lines
    }
}
