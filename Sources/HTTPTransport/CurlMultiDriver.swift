import CCurl
import Foundation
import Synchronization

/// Owns a curl multi handle and the one thread that drives it. Only that thread touches curl handles, except
/// `curl_multi_wakeup`, which libcurl allows from any thread.
final class CurlMultiDriver: Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        /// The driver is about to wait (or waits) in `curl_multi_poll`: only then does news need a wakeup. While it
        /// works it looks at the inbox before it waits again, so most submissions cost no system call.
        var sleeping = false

        var isEmpty: Bool { submitted.isEmpty && cancelled.isEmpty && !stopping }

        /// Whether the driver must be woken for what was just added.
        mutating func takeWakeup() -> Bool {
            defer { sleeping = false }
            return sleeping
        }
    }

    private let inbox = Mutex(Inbox())
    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    private let maxConcurrent: Int
    private let defaults: TransferDefaults

    init(maxConcurrent: Int, defaults: TransferDefaults) {
        CurlGlobal.initialise()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed (out of memory)") }
        self.multi = multi
        self.maxConcurrent = maxConcurrent
        self.defaults = defaults
        // Idle connections kept for reuse: twice as many as can be busy at once, so hosts taking turns keep theirs.
        // Many more would mostly hold idle TLS sessions (tens of kilobytes each) for hosts polled an interval later.
        _ = rw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConcurrent * 2)
        let thread = Thread { [self] in self.run() }
        thread.name = "reportwatch-curl"
        thread.start()
    }

    func submit(_ transfer: CurlTransfer) {
        let wake = inbox.withLock { box in
            box.submitted.append(transfer)
            return box.takeWakeup()
        }
        if wake { curl_multi_wakeup(multi) }
    }

    func cancel(_ transfer: CurlTransfer) {
        let wake = inbox.withLock { box in
            box.cancelled.append(transfer)
            return box.takeWakeup()
        }
        if wake { curl_multi_wakeup(multi) }
    }

    func shutdown() {
        inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    // MARK: The driver thread

    private func run() {
        var loop = DriverLoop(multi: multi, maxConcurrent: maxConcurrent, defaults: defaults)
        while true {
            let (submitted, cancelled, stopping) = inbox.withLock { box in
                defer {
                    box.submitted.removeAll(keepingCapacity: true)
                    box.cancelled.removeAll(keepingCapacity: true)
                }
                return (box.submitted, box.cancelled, box.stopping)
            }
            loop.enqueue(submitted)
            for transfer in cancelled { loop.cancel(transfer) }
            if stopping {
                loop.abandonAll()
                break
            }
            loop.startQueued()
            loop.perform()
            if loop.canStartMore { continue }
            // Decided under the lock, so news added from here on comes with a wakeup (kept by libcurl until the
            // next poll if it arrives before it).
            let idle = inbox.withLock { box in
                box.sleeping = box.isEmpty
                return box.sleeping
            }
            guard idle else { continue }
            curl_multi_poll(multi, nil, 0, 1000, nil)
            inbox.withLock { $0.sleeping = false }
        }
        loop.close()
        curl_multi_cleanup(multi)
    }
}

/// The driver thread's own state; never shared.
private struct DriverLoop {
    let multi: UnsafeMutableRawPointer
    let maxConcurrent: Int
    let defaults: TransferDefaults
    var queue: [CurlTransfer] = []
    var queueHead = 0
    var active: [ObjectIdentifier: CurlTransfer] = [:]
    var idleHandles: [UnsafeMutableRawPointer] = []

    init(multi: UnsafeMutableRawPointer, maxConcurrent: Int, defaults: TransferDefaults) {
        self.multi = multi
        self.maxConcurrent = maxConcurrent
        self.defaults = defaults
    }

    var queuedCount: Int { queue.count - queueHead }
    var canStartMore: Bool { queuedCount > 0 && active.count < maxConcurrent }

    mutating func enqueue(_ transfers: [CurlTransfer]) {
        guard !transfers.isEmpty else { return }
        if queueHead > 1024, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        queue.append(contentsOf: transfers)
    }

    mutating func startQueued() {
        while active.count < maxConcurrent, queueHead < queue.count {
            let transfer = queue[queueHead]
            queueHead += 1
            if transfer.isFinished { continue }
            let easy = idleHandles.popLast() ?? curl_easy_init()
            guard let easy else {
                transfer.finish(.failure(HTTPError(kind: .other, url: transfer.request.url, message: "out of memory")))
                continue
            }
            if let error = transfer.configure(easy, defaults: defaults) {
                recycle(easy)
                transfer.finish(.failure(error))
                continue
            }
            let code = curl_multi_add_handle(multi, easy)
            guard code == CURLM_OK else {
                transfer.detach()
                recycle(easy)
                let text = String(cString: curl_multi_strerror(code))
                transfer.finish(.failure(HTTPError(kind: .other, url: transfer.request.url, message: text)))
                continue
            }
            active[ObjectIdentifier(transfer)] = transfer
        }
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        }
    }

    mutating func perform() {
        var running: Int32 = 0
        curl_multi_perform(multi, &running)
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            var easy: UnsafeMutableRawPointer?
            var result = CURLE_OK
            guard rw_multi_info_done(message, &easy, &result) == 1, let easy else { continue }
            var privatePointer: UnsafeMutableRawPointer?
            rw_easy_getinfo_private(easy, &privatePointer)
            curl_multi_remove_handle(multi, easy)
            guard let privatePointer else {
                curl_easy_cleanup(easy)
                continue
            }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(privatePointer).takeUnretainedValue()
            active[ObjectIdentifier(transfer)] = nil
            let outcome = transfer.outcome(easy: easy, result: result)
            transfer.detach()
            recycle(easy)
            transfer.finish(outcome)
        }
    }

    mutating func cancel(_ transfer: CurlTransfer) {
        let cancelled = HTTPError(kind: .cancelled, url: transfer.request.url, message: "cancelled")
        if active.removeValue(forKey: ObjectIdentifier(transfer)) != nil, let easy = transfer.easy {
            curl_multi_remove_handle(multi, easy)
            transfer.detach()
            recycle(easy)
        }
        // A queued transfer is skipped when its turn comes, since it is finished now.
        transfer.finish(.failure(cancelled))
    }

    /// Shutdown happens when the client is released, so nobody waits on these any more; finish them all the same.
    mutating func abandonAll() {
        for transfer in Array(active.values) + queue[queueHead...] { cancel(transfer) }
        queue.removeAll()
        queueHead = 0
    }

    mutating func close() {
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles.removeAll()
    }

    private mutating func recycle(_ easy: UnsafeMutableRawPointer) {
        // Reset keeps the handle's allocations; the connection cache belongs to the multi handle anyway.
        curl_easy_reset(easy)
        if idleHandles.count < maxConcurrent {
            idleHandles.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }
}

enum CurlGlobal {
    private static let done: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func initialise() { _ = done }
}
