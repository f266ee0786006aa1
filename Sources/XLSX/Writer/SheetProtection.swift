/// Protection of a worksheet: what a user may still do, and an optional password.
/// Cells whose style has ``CellStyle/isLocked`` false stay editable.
///
/// ```swift
/// var protection = SheetProtection(password: "ledger")
/// protection.allowsAutoFilter = true
/// try sheet.protect(protection)
/// ```
public struct SheetProtection: Hashable, Sendable {
    /// The password needed to unprotect the sheet (ASCII; stored as Excel's legacy 16-bit hash).
    public var password: String?
    /// Whether locked cells can be selected (Excel's default: yes).
    public var allowsSelectingLockedCells = true
    /// Whether unlocked cells can be selected (Excel's default: yes).
    public var allowsSelectingUnlockedCells = true
    /// Whether cells can be formatted.
    public var allowsFormattingCells = false
    /// Whether columns can be formatted (widths, hiding).
    public var allowsFormattingColumns = false
    /// Whether rows can be formatted (heights, hiding).
    public var allowsFormattingRows = false
    /// Whether columns can be inserted.
    public var allowsInsertingColumns = false
    /// Whether rows can be inserted.
    public var allowsInsertingRows = false
    /// Whether hyperlinks can be inserted.
    public var allowsInsertingHyperlinks = false
    /// Whether columns can be deleted.
    public var allowsDeletingColumns = false
    /// Whether rows can be deleted.
    public var allowsDeletingRows = false
    /// Whether ranges can be sorted.
    public var allowsSorting = false
    /// Whether the filter buttons work.
    public var allowsAutoFilter = false
    /// Whether pivot tables can be used.
    public var allowsPivotTables = false
    /// Whether objects (shapes, comments) can be edited.
    public var allowsEditingObjects = false
    /// Whether scenarios can be edited.
    public var allowsEditingScenarios = false

    /// Protection with Excel's defaults (selecting cells allowed, nothing else) and an optional password.
    public init(password: String? = nil) {
        self.password = password
    }

    /// Excel's legacy password hash (ECMA-376 Part 4, 3.3.1.81) as four hex digits.
    static func legacyHash(_ password: String) -> String {
        var hash: UInt16 = 0
        for byte in password.utf8.reversed() {
            hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7FFF)
            hash ^= UInt16(byte)
        }
        hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7FFF)
        hash ^= UInt16(truncatingIfNeeded: password.utf8.count)
        hash ^= 0xCE4B
        let digits = String(hash, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Throws when the password cannot be stored so that Excel accepts it.
    func check() throws {
        guard let password else { return }
        guard !password.isEmpty, password.utf8.count <= ExcelLimits.sheetPasswordLength,
              password.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw XLSXError.excelLimit(.sheetPassword, detail: "\(password.count) characters")
        }
    }

    /// The `<sheetProtection>` element; attributes say what is protected (1) or allowed (0)
    /// where that differs from the schema's defaults.
    func xml() -> [UInt8] {
        let xml = XMLWriter(capacity: 256)
        func flag(_ protected: Bool, default defaultProtected: Bool) -> String? {
            protected == defaultProtected ? nil : (protected ? "1" : "0")
        }
        xml.empty("sheetProtection", [
            ("password", password.map(Self.legacyHash)),
            ("sheet", "1"),
            ("objects", flag(!allowsEditingObjects, default: false)),
            ("scenarios", flag(!allowsEditingScenarios, default: false)),
            ("formatCells", flag(!allowsFormattingCells, default: true)),
            ("formatColumns", flag(!allowsFormattingColumns, default: true)),
            ("formatRows", flag(!allowsFormattingRows, default: true)),
            ("insertColumns", flag(!allowsInsertingColumns, default: true)),
            ("insertRows", flag(!allowsInsertingRows, default: true)),
            ("insertHyperlinks", flag(!allowsInsertingHyperlinks, default: true)),
            ("deleteColumns", flag(!allowsDeletingColumns, default: true)),
            ("deleteRows", flag(!allowsDeletingRows, default: true)),
            ("selectLockedCells", flag(!allowsSelectingLockedCells, default: false)),
            ("sort", flag(!allowsSorting, default: true)),
            ("autoFilter", flag(!allowsAutoFilter, default: true)),
            ("pivotTables", flag(!allowsPivotTables, default: true)),
            ("selectUnlockedCells", flag(!allowsSelectingUnlockedCells, default: false)),
        ])
        return xml.array
    }
}
