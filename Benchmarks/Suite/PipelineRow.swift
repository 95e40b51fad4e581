import Foundation

/// Row 2: fetch → parse → analyse → diff → store of 14 KB HTML report pages, through the real release
/// `reportwatchd --once` on a fresh store each run (every page is new, so every page goes the whole way).
struct PipelineRow {
    let context: SuiteContext

    func run() throws -> [Row] {
        let count = context.quick ? 300 : 500
        let hosts = 16
        let server = try BackgroundProcess(context.executable, ["serve", "--ports", "\(hosts)", "--page-bytes", "14000"])
        defer { server.stop() }
        let ports = server.firstLine.split(separator: " ").compactMap { Int($0) }
        guard ports.count == hosts else { throw BenchError("loopback server did not start: '\(server.firstLine)'") }
        let work = context.scratch + "/pipeline"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var yaml = """
            store:
              path: \(work)/reportwatch.sqlite
            daemon:
              concurrency: 32
              per_host_concurrency: 2
              log_level: error
              retries: 0
              interval: 1d
              proxy: ""
            sources:

            """
        for index in 0..<count {
            yaml += "  - {name: s\(index), kind: page, url: \"http://127.0.0.1:\(ports[index % hosts])/p/\(index)\"}\n"
        }
        try yaml.write(toFile: work + "/config.yaml", atomically: true, encoding: .utf8)
        let errors = work + "/stderr.log"
        var results: [ChildResult] = []
        for run in 0...context.runs {
            for suffix in ["", "-wal", "-shm"] { unlink(work + "/reportwatch.sqlite" + suffix) }
            let result = try runChild(context.binDirectory + "/reportwatchd", ["--config", work + "/config.yaml", "--once"],
                                      errorPath: errors)
            guard result.status == 0 else { throw BenchError("reportwatchd --once exited \(result.status); see \(errors)") }
            if run > 0 { results.append(result) }
        }
        let rate = Stats(results.map { Double(count) / $0.wall })
        let peak = results.map(\.peakMB).max() ?? 0
        return [Row(
            id: "2", name: "Fetch → analyse → store, \(count) new 14 KB HTML pages (reportwatchd --once)",
            unit: "pages/s", ours: rate, higherIsBetter: true, goal: "≥ 1,000/s", met: rate.median >= 1000,
            note: String(format: "CPU %.2f s per run (median), peak RSS %.0f MiB, 16 loopback hosts, concurrency 32; "
                + "includes process start-up and store creation", Stats(results.map(\.cpu)).median, peak))]
    }
}
