// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Taizhang",
    products: [
        .library(name: "XLSX", targets: ["XLSX"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Portal", targets: ["Portal"]),
        .executable(name: "taizhang", targets: ["taizhang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibzip",
            pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"]), .brew(["libzip"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CLibxml2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "XLSX", dependencies: ["CLibzip", "CLibxml2", "CZlib"]),
        // What Ledger, Scoring, the portal and the command line share (YAML values, file digests,
        // atomic writes, JSON text, print layout, house styles): `package` access, not public API.
        .target(
            name: "TaizhangSupport",
            dependencies: ["XLSX", "Yams", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(name: "Ledger", dependencies: ["XLSX", "TaizhangSupport", "Yams"], plugins: ["EmbedTemplates"]),
        .target(name: "Scoring", dependencies: ["Ledger", "XLSX", "TaizhangSupport"], plugins: ["EmbedTemplates"]),
        // The whole job (validate, merge, score, outputs, annotated copies) that the command line
        // and the portal both call.
        .target(name: "Evaluation", dependencies: ["Ledger", "Scoring", "XLSX", "TaizhangSupport"]),
        // Realistic, deterministic town submissions (`taizhang sample`, the demo, tests, benchmarks).
        .target(name: "LedgerSamples", dependencies: ["Ledger", "XLSX"]),
        .target(
            name: "Portal",
            dependencies: [
                "XLSX",
                "Ledger",
                "Scoring",
                "Evaluation",
                "TaizhangSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            exclude: ["Pages"],
            plugins: ["EmbedTemplates"]
        ),
        // templates/*.yaml built into Ledger and Scoring, and the portal's Pages/ into Portal, as
        // Swift string literals (one copy of each: the files themselves).
        .executableTarget(name: "TemplateEmbedder"),
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["TemplateEmbedder"]),
        .executableTarget(
            name: "taizhang",
            dependencies: [
                "XLSX",
                "Ledger",
                "Scoring",
                "Portal",
                "Evaluation",
                "LedgerSamples",
                "TaizhangSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the tests check our output against (openpyxl, LibreOffice, the shared corpus …): a
        // test that needs one is skipped where it is missing, and fails under CI (`CI=true`).
        .target(name: "TestOracles", path: "Tests/TestOracles"),
        // Faulty ledgers as other programs write them (openpyxl, XlsxWriter, LibreOffice, Gnumeric),
        // with the Python oracle and child processes: the Ledger tests correct them with the
        // editor, the portal's tests through its API.
        .target(name: "LedgerFixtures", dependencies: ["Ledger", "XLSX", "LedgerSamples"], path: "Tests/LedgerFixtures"),
        .testTarget(name: "XLSXTests", dependencies: ["XLSX", "CLibzip", "CZlib", "TestOracles"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "XLSX", "LedgerSamples", "TaizhangSupport", "TestOracles", "LedgerFixtures"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Ledger", "LedgerSamples", "TaizhangSupport", "TestOracles"]),
        .testTarget(
            name: "PortalTests",
            dependencies: [
                "Portal",
                "Ledger",
                "LedgerSamples",
                "TestOracles",
                "LedgerFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
