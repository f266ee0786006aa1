// swift-tools-version:6.0
import PackageDescription

// The fuzz targets of the consumers of untrusted bytes past the reader: validation with the
// annotated copy (the patcher), and the merge with scoring, both through the Evaluation library
// as the command line and the portal call them. A package of its own, depending on Taizhang by
// path, so that `make fuzz` can build it with AddressSanitizer and libFuzzer's
// coverage on every Swift module (`-Xswiftc -sanitize=address -Xswiftc
// -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp`, what `-sanitize=fuzzer`
// instruments, in `--scratch-path .build-fuzz/package`) while the main package stays free of
// build flags. libFuzzer itself comes without its `main` (`clang_rt.fuzzer_no_main`, found
// through the `-L` the Makefile passes): a SwiftPM executable has a `main` of its own, which
// runs libFuzzer's driver (`FuzzDriver`), and the package's build tools, built with the same
// flags, keep theirs. Built otherwise, the fuzz targets do not link.
let package = Package(
    name: "TaizhangFuzz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "annotate-fuzzer", targets: ["AnnotateFuzzer"]),
        .executable(name: "merge-fuzzer", targets: ["MergeFuzzer"]),
    ],
    dependencies: [
        .package(name: "Taizhang", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: [
            "CFuzzDriver", .product(name: "XLSX", package: "Taizhang"), .product(name: "Evaluation", package: "Taizhang"),
        ], linkerSettings: [
            .linkedLibrary("clang_rt.fuzzer_no_main-x86_64"), .linkedLibrary("stdc++"),
        ]),
        .executableTarget(name: "AnnotateFuzzer", dependencies: [
            "FuzzSupport", .product(name: "Ledger", package: "Taizhang"), .product(name: "Evaluation", package: "Taizhang"),
        ]),
        .executableTarget(name: "MergeFuzzer", dependencies: [
            "FuzzSupport", .product(name: "Ledger", package: "Taizhang"), .product(name: "Evaluation", package: "Taizhang"),
        ]),
    ]
)
