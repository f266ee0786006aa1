import Ledger

/// Every town scored together in one run, with the district's dates (deadline, report days,
/// campaign start).
public struct DistrictData: Sendable {
    /// The district configuration the ledgers were validated against.
    public var district: DistrictConfig
    /// The towns, in the order rankings list towns that share a rank.
    public var towns: [TownData]

    /// The district and its towns' data.
    public init(district: DistrictConfig, towns: [TownData]) {
        self.district = district
        self.towns = towns
    }
}
