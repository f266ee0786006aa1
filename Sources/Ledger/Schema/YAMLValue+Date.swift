import TaizhangSupport

extension YAMLValue {
    /// The scalar as a date written YYYY-MM-DD.
    package func date() throws -> LedgerDate {
        guard let date = LedgerDate(iso: try string()) else {
            throw error("expected a date as YYYY-MM-DD, found \"\(try string())\"")
        }
        return date
    }
}
