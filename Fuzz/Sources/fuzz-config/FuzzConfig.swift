import Config

/// YAML text → validated configuration, or a ConfigError that names the place.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
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

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM points `main` at this symbol; it hands over to libFuzzer's driver.
@_cdecl("fuzz_config_main")
public func fuzzerMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzConfig)
}
