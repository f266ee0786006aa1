/// Where the whole job writes (`cli.md`, "evaluate writes"): the same names from `evaluate` and
/// from the portal's district downloads.
public struct EvaluationOutputs: Sendable {
    /// The district ledger's file name.
    public static let ledgerName = "区汇总.xlsx"
    /// The awards workbook's file name.
    public static let awardsName = "评优评先.xlsx"
    /// The findings' file name.
    public static let findingsName = "findings.json"
    /// The scores' file name.
    public static let scoresName = "scores.json"
    /// The folder of annotated copies to send back.
    public static let returnedName = "退回修改"

    /// The output folder.
    public let folder: String

    /// The outputs in `folder`.
    public init(folder: String) {
        self.folder = folder
    }

    /// 区汇总.xlsx.
    public var ledger: String { folder + "/" + Self.ledgerName }
    /// 评优评先.xlsx.
    public var awards: String { folder + "/" + Self.awardsName }
    /// findings.json.
    public var findings: String { folder + "/" + Self.findingsName }
    /// scores.json.
    public var scores: String { folder + "/" + Self.scoresName }
    /// 退回修改/.
    public var returned: String { folder + "/" + Self.returnedName }
}
