// swift-tools-version:6.0
import PackageDescription

// A consumer of the Taizhang libraries, written from the README's examples: `make test` builds
// it, so an example that stops compiling fails the tests. It depends on the package by path;
// a package of yours would use `.package(url: "…/taizhang.git", from: "1.0.0")`.
let package = Package(
    name: "TaizhangExamples",
    dependencies: [
        .package(name: "Taizhang", path: ".."),
    ],
    targets: [
        .executableTarget(name: "ReadWorkbook", dependencies: [.product(name: "XLSX", package: "Taizhang")]),
        .executableTarget(name: "WriteWorkbook", dependencies: [.product(name: "XLSX", package: "Taizhang")]),
        .executableTarget(name: "PatchWorkbook", dependencies: [.product(name: "XLSX", package: "Taizhang")]),
        .executableTarget(name: "ValidateLedger", dependencies: [.product(name: "Ledger", package: "Taizhang")]),
        .executableTarget(name: "CorrectLedger", dependencies: [.product(name: "Ledger", package: "Taizhang")]),
        .executableTarget(name: "ScoreDistrict", dependencies: [
            .product(name: "Ledger", package: "Taizhang"), .product(name: "Scoring", package: "Taizhang"),
        ]),
        .executableTarget(name: "EvaluateDistrict", dependencies: [
            .product(name: "Evaluation", package: "Taizhang"), .product(name: "Ledger", package: "Taizhang"),
        ]),
    ]
)
