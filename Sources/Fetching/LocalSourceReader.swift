import Foundation
import ReportModel

/// Reads `file` and `directory` sources. A file whose size and modification time are unchanged since the last poll
/// is not read again.
public struct LocalSourceReader: Sendable {
    /// Files larger than this are refused rather than read into memory.
    public var maxFileSize: Int

    public init(maxFileSize: Int = 20 * 1024 * 1024) {
        self.maxFileSize = maxFileSize
    }

    public func poll(_ source: SourceConfig, state: SourceState, now: Date = Date()) throws(FetchError) -> PollResult {
        guard let path = source.path else {
            throw FetchError(source: source.name, location: "", reason: "no path configured")
        }
        var state = state
        let files: [String]
        switch source.kind {
        case .file:
            files = [path]
        case .directory:
            files = try listDirectory(path, source: source)
        default:
            throw FetchError(source: source.name, location: source.location, reason: "not a local source")
        }
        var documents: [FetchedDocument] = []
        var present: Set<String> = []
        for file in files {
            let url = URL(fileURLWithPath: file).absoluteString
            present.insert(url)
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: file)
            } catch {
                throw FetchError(source: source.name, location: file, reason: "cannot be read (\(Self.reason(error)))")
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modified = attributes[.modificationDate] as? Date
            let fingerprint = Validators(
                etag: "\(size)", lastModified: modified.map { String($0.timeIntervalSince1970) })
            if state.validators[url] == fingerprint { continue }
            guard size <= maxFileSize else {
                throw FetchError(source: source.name, location: file,
                                 reason: "file is \(size) bytes, over the limit of \(maxFileSize)")
            }
            let body: [UInt8]
            do {
                body = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw FetchError(source: source.name, location: file, reason: "cannot be read (\(Self.reason(error)))")
            }
            documents.append(FetchedDocument(
                url: url, body: body, formatHint: source.format, fetchedAt: now, modifiedAt: modified))
            state.validators[url] = fingerprint
        }
        // Forget files that are gone, so a file put back is read again.
        state.validators = state.validators.filter { present.contains($0.key) }
        let wasFirstPoll = !state.polledBefore
        state.polledBefore = true
        return PollResult(documents: documents, state: state, wasFirstPoll: wasFirstPoll)
    }

    /// Regular files of the directory (not recursive, no hidden files), filtered, ordered by name.
    private func listDirectory(_ path: String, source: SourceConfig) throws(FetchError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw FetchError(source: source.name, location: path, reason: "cannot list directory (\(Self.reason(error)))")
        }
        return names.sorted().compactMap { name -> String? in
            guard !name.hasPrefix(".") else { return nil }
            if !source.include.isEmpty, !source.include.contains(where: { Self.matches(name, pattern: $0) }) { return nil }
            if source.exclude.contains(where: { Self.matches(name, pattern: $0) }) { return nil }
            let full = URL(fileURLWithPath: path).appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return nil }
            return full
        }
    }

    static func matches(_ name: String, pattern: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file or directory"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
