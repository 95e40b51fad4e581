import FuzzDriver
import Config

/// YAML text → validated configuration, or a ConfigError that names the place.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let loader = ConfigLoader(
        environment: ["REPORTWATCH_WEBHOOK_SECRET": "whsec_ZnV6emluZ3NlY3JldA=="], workingDirectory: "/nonexistent")
    do {
        _ = try loader.parse(yaml: text, file: "fuzz.yaml", directory: "/nonexistent")
    } catch {
        precondition(!error.description.isEmpty, "an error without a message")
    }
    return 0
}

/// SwiftPM points `main` at this symbol; it hands over to libFuzzer's driver.
@_cdecl("fuzz_config_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzConfig)
}
