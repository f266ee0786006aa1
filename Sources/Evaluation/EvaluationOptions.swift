import Foundation
import Ledger
import Scoring
import XLSX

/// Everything an evaluation needs besides its files, in one value: the command line builds it
/// from its options, the portal from `serve`'s, so the two cannot disagree on a setting.
public struct EvaluationOptions: Sendable {
    /// The ledger's schema and the district.
    public var configuration: LedgerConfiguration
    /// The scoring rules, with where they came from.
    public var scoring: ScoringSetup
    /// The limits every workbook is read with.
    public var limits = ReadLimits()
    /// The language of findings.json and of the annotated copies.
    public var language: Language = .chinese
    /// The office named on every printed page (the district file's `issuer:` by default).
    public var issuer: String
    /// The date the outputs say the data stands at; nil: the latest 填报日期 of the submissions used.
    public var reportDate: LedgerDate?
    /// The time zone of the times the documents name (an annotated copy's 校验时间): the
    /// machine's by default, the district's (China Standard Time) in the portal.
    public var timeZone = TimeZone.current

    /// Options with a configuration and scoring rules; the rest default.
    public init(configuration: LedgerConfiguration, scoring: ScoringSetup) {
        self.configuration = configuration
        self.scoring = scoring
        issuer = configuration.district.issuer
    }

    /// The built-in ledger, district and scoring rules, with the default limits.
    public static func builtIn() throws -> EvaluationOptions {
        let configuration = try LedgerConfiguration.default()
        return EvaluationOptions(configuration: configuration, scoring: try ScoringSetup.load(rulesPath: nil, configuration: configuration))
    }
}
