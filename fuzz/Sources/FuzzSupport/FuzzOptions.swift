import Evaluation
import XLSX

/// What the fuzz targets evaluate with: the built-in ledger, district and scoring rules, and
/// the reader fuzzer's limits (a mutated input stays far below them; a bomb does not).
public enum FuzzOptions {
    public static let builtIn: EvaluationOptions = {
        guard var options = try? EvaluationOptions.builtIn() else { broken("the built-in ledger, district and rules load") }
        options.limits.maximumPartSize = 64 << 20
        options.limits.maximumTotalSize = 256 << 20
        return options
    }()
}
