// swift-tools-version:6.2
import PackageDescription

// libFuzzer targets, one executable each, built only with `-sanitize=fuzzer` (see `make fuzz` in the root Makefile).
// A package of its own so the root build never sees the fuzzer flags.
let package = Package(
    name: "ReportWatchFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "ReportWatch", path: "..")],
    targets: [
        // The hand-over to libFuzzer's driver, shared by every target.
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-html", dependencies: [
            "FuzzDriver", .product(name: "ReportWatchParsing", package: "ReportWatch"),
        ]),
        .executableTarget(name: "fuzz-feed", dependencies: [
            "FuzzDriver", .product(name: "ReportWatchParsing", package: "ReportWatch"),
        ]),
        .executableTarget(name: "fuzz-config", dependencies: [
            "FuzzDriver", .product(name: "ReportWatchConfig", package: "ReportWatch"),
        ]),
        .executableTarget(name: "fuzz-extract", dependencies: [
            "FuzzDriver", .product(name: "ReportWatchParsing", package: "ReportWatch"),
            .product(name: "ReportWatchExtraction", package: "ReportWatch"),
        ]),
    ]
)

for target in package.targets {
    target.swiftSettings = [
        .swiftLanguageMode(.v6),
        // libFuzzer brings `main`; the targets only export LLVMFuzzerTestOneInput.
        .unsafeFlags(["-parse-as-library"]),
    ]
}
