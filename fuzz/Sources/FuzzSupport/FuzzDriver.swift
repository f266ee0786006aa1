import CFuzzDriver

/// Runs libFuzzer's loop over a fuzz target's entry point, with the process's command line
/// (`-max_total_time=…`, corpus folders …), and returns its exit status. An executable of
/// SwiftPM has a `main` of its own, so libFuzzer's is not used: each target's `main` calls this.
public enum FuzzDriver {
    public static func run(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, target)
    }
}
