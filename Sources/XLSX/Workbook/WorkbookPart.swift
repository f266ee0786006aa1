/// What `workbook.xml` says: sheets, defined names and the date system.
struct WorkbookPart {
    struct SheetEntry {
        let name: String
        let state: SheetState
        let relationshipID: String?
    }

    var sheets: [SheetEntry] = []
    var definedNames: [DefinedName] = []
    var dateSystem: DateSystem = .system1900

    init(bytes: [UInt8], partName: String) throws {
        let elements = try ElementCollector.parse(bytes, part: partName, keepingTextOf: ["definedName"])
        for element in elements {
            guard let namespace = element.namespace,
                  namespace == "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
                    || namespace == "http://purl.oclc.org/ooxml/spreadsheetml/main" else { continue }
            switch element.localName {
            case "workbookPr":
                if let flag = element.attributes["date1904"], flag == "1" || flag.lowercased() == "true" {
                    dateSystem = .system1904
                }
            case "sheet":
                // Only the children of <sheets>, which is what the patcher counts too.
                guard element.depth == 2, let name = element.attributes["name"] else { continue }
                let state: SheetState
                switch element.attributes["state"] {
                case "hidden": state = .hidden
                case "veryHidden": state = .veryHidden
                default: state = .visible
                }
                sheets.append(SheetEntry(name: TextEscapes.decode(name), state: state, relationshipID: element.relationshipID))
            case "definedName":
                guard let name = element.attributes["name"] else { continue }
                let hidden = element.attributes["hidden"].map { $0 == "1" || $0 == "true" } ?? false
                definedNames.append(DefinedName(name: name, formula: element.text,
                                                localSheetIndex: element.attributes["localSheetId"].flatMap { Int($0) },
                                                isHidden: hidden))
            default: break
            }
        }
    }
}
