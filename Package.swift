// swift-tools-version:6.2
import PackageDescription

// Release links on Linux use lld, with what a long-running daemon's memory wants (each measured at 10,000 sources):
// - relative relocations packed (DT_RELR): 2 MB of relocation table no longer read at every start;
// - no symbols exported: the dynamic loader searched 14,000, touching 1 MB of string table, for the C libraries;
// - the functions the daemon runs placed together, in the order of Sources/reportwatchd/link-order.txt (`make
//   link-order` regenerates it): a page of code touched maps its neighbours too, so scattered code cost ~5 MB.
let releaseLinking: [LinkerSetting] = [
    .unsafeFlags([
        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
        "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/reportwatchd/link-order.txt",
        "-Xlinker", "--no-warn-symbol-ordering",
    ], .when(platforms: [.linux], configuration: .release)),
]

// Targets follow the data flow: source → fetch → parse → extract → diff → store → deliver.
let package = Package(
    name: "ReportWatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reportwatchd", targets: ["reportwatchd"]),
        .executable(name: "reportwatch", targets: ["reportwatch"]),
        // For the fuzz targets in Fuzz/ (a package of its own).
        .library(name: "ReportWatchParsing", targets: ["Parsing"]),
        .library(name: "ReportWatchConfig", targets: ["Config"]),
        .library(name: "ReportWatchExtraction", targets: ["Extraction"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // C libraries from the system (Debian -dev packages).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // The shared model: value types every stage speaks. No I/O.
        .target(name: "ReportModel"),

        // Pipeline stages, in order.
        .target(name: "HTTPTransport", dependencies: [
            "CCurl", "ReportModel", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Fetching", dependencies: [
            "ReportModel", "HTTPTransport", "Parsing", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Parsing", dependencies: ["ReportModel", "CLibXML2", "COpenSSL"]),
        .target(name: "Extraction", dependencies: ["ReportModel"]),
        .target(name: "Diffing", dependencies: ["ReportModel"]),
        .target(name: "Store", dependencies: ["ReportModel", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Delivery", dependencies: [
            "ReportModel", "HTTPTransport", "COpenSSL", "Store", .product(name: "Logging", package: "swift-log"),
        ]),

        // Configuration: YAML → typed, validated settings.
        .target(name: "Config", dependencies: ["ReportModel", "CYAML", "CCurl"]),

        // Wiring: one pass of one source, the services, and the daemon builder.
        .target(name: "ReportWatch", dependencies: [
            "ReportModel", "Config", "HTTPTransport", "Fetching", "Parsing", "Extraction", "Diffing", "Store",
            "Delivery", .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // Thin executables.
        .executableTarget(name: "reportwatchd", dependencies: [
            "ReportWatch", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["link-order.txt"], linkerSettings: releaseLinking),
        .executableTarget(name: "reportwatch", dependencies: [
            "ReportWatch", "Delivery", "HTTPTransport", "Store",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: releaseLinking),

        // Benchmarks (`make bench`).
        .executableTarget(name: "parsing-bench", dependencies: ["Parsing"], path: "Benchmarks/ParsingBenchmark"),
        .executableTarget(name: "theme-bench", dependencies: ["Extraction", "Parsing"], path: "Benchmarks/ThemeBenchmark",
                          exclude: ["run.sh", "yake_peer.py"]),
        .executableTarget(name: "suite-bench", dependencies: [
            "ReportModel", "HTTPTransport", "Fetching", "Parsing", "Extraction", "Diffing", "Store", "Delivery",
            "ReportWatch", .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/Suite"),

        // Test support shared by the test targets.
        .target(name: "ReportWatchTesting", dependencies: ["ReportModel"], path: "Tests/ReportWatchTesting"),

        .testTarget(name: "ConfigTests", dependencies: ["Config", "ReportWatchTesting"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "ReportWatchTesting"]),
        .testTarget(name: "ParsingTests", dependencies: ["Parsing", "ReportWatchTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "ReportWatchTesting"]),
        .testTarget(name: "FetchingTests", dependencies: ["Fetching", "ReportWatchTesting"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "Parsing", "ReportWatchTesting"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DiffingTests", dependencies: [
            "Diffing", "ReportModel", "ReportWatchTesting", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "DeliveryTests", dependencies: [
            "Delivery", "Store", "HTTPTransport", "ReportModel", "ReportWatchTesting",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReportWatchTests", dependencies: ["ReportWatch", "ReportWatchTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ReportWatchTesting"], exclude: ["Golden"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [
        .swiftLanguageMode(.v6),
        .treatAllWarnings(as: .error),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        // A section per function, so the release link can place each by `link-order.txt`.
        .unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux], configuration: .release)),
    ]
}
