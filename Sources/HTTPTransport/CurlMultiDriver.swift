import CCurl
import Foundation
import Synchronization

/// Owns a curl multi handle and the one thread that drives it. Only that thread touches curl handles.
///
/// The thread waits in epoll on the sockets libcurl names (its socket interface), so each wake-up costs work for
/// the sockets that are ready only; `curl_multi_perform` would look at every transfer in progress each time.
final class CurlMultiDriver: Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        /// The driver is about to wait (or waits) in epoll: only then does news need a wakeup. While it works it
        /// looks at the inbox before it waits again, so most submissions cost no system call.
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
    private let events: SocketEvents
    private let maxConcurrent: Int
    private let defaults: TransferDefaults

    init(maxConcurrent: Int, defaults: TransferDefaults) {
        CurlGlobal.initialise()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed (out of memory)") }
        guard let events = SocketEvents() else { fatalError("epoll or eventfd unavailable (errno \(errno))") }
        self.multi = multi
        self.events = events
        self.maxConcurrent = maxConcurrent
        self.defaults = defaults
        // Idle connections kept for reuse: twice as many as can be busy at once, so hosts taking turns keep theirs.
        // Many more would mostly hold idle TLS sessions (tens of kilobytes each) for hosts polled an interval later.
        _ = rw_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConcurrent * 2)
        let context = Unmanaged.passUnretained(events).toOpaque()
        _ = rw_multi_setopt_socket_callback(multi, curlSocketCallback, context)
        _ = rw_multi_setopt_timer_callback(multi, curlTimerCallback, context)
        let thread = Thread { [self] in self.run() }
        thread.name = "reportwatch-curl"
        thread.start()
    }

    func submit(_ transfer: CurlTransfer) {
        let wake = inbox.withLock { box in
            box.submitted.append(transfer)
            return box.takeWakeup()
        }
        if wake { events.wake() }
    }

    func cancel(_ transfer: CurlTransfer) {
        let wake = inbox.withLock { box in
            box.cancelled.append(transfer)
            return box.takeWakeup()
        }
        if wake { events.wake() }
    }

    func shutdown() {
        inbox.withLock { $0.stopping = true }
        events.wake()
    }

    // MARK: The driver thread

    private func run() {
        var loop = DriverLoop(multi: multi, maxConcurrent: maxConcurrent, defaults: defaults)
        // Swapped with the inbox's, so draining it allocates nothing.
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        while true {
            let stopping = inbox.withLock { box in
                swap(&submitted, &box.submitted)
                swap(&cancelled, &box.cancelled)
                return box.stopping
            }
            loop.enqueue(submitted)
            for transfer in cancelled { loop.cancel(transfer) }
            submitted.removeAll(keepingCapacity: true)
            cancelled.removeAll(keepingCapacity: true)
            if stopping {
                loop.abandonAll()
                break
            }
            loop.startQueued()
            // Transfers just added are due at once (libcurl sets a zero timeout), so this starts them too.
            if events.timerExpired { loop.act(on: nil, events: 0) }
            loop.collectFinished()
            if loop.canStartMore { continue }
            // Decided under the lock, so news added from here on comes with a wakeup.
            let idle = inbox.withLock { box in
                box.sleeping = box.isEmpty
                return box.sleeping
            }
            guard idle else { continue }
            let ready = events.wait(maximum: .seconds(1))
            inbox.withLock { $0.sleeping = false }
            for (socket, mask) in ready { loop.act(on: socket, events: mask) }
            if events.timerExpired { loop.act(on: nil, events: 0) }
            loop.collectFinished()
        }
        loop.close()
        curl_multi_cleanup(multi)
        events.close()
    }
}

/// The epoll set of the sockets libcurl asks to watch, libcurl's timer, and an eventfd to wake the driver. Touched
/// by the driver thread only (libcurl calls the callbacks from within its calls there), except `wake`.
final class SocketEvents: @unchecked Sendable {
    private let epoll: Int32
    private let wakeFD: Int32
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` handled; nil: no timer.
    private var deadline: ContinuousClock.Instant?
    /// Sockets in the epoll set, so each change is one epoll_ctl, with the mask they are watched for (see `watch`), or
    /// 0 for a parked socket, one libcurl stopped watching. A finished transfer parks its connection's socket, and
    /// the next request on that connection watches it again: leaving it in the set saves an epoll_ctl pair per
    /// request. An event on a parked socket (the server closed the idle connection) takes it out of the set.
    private var registered: [Int32: Int32] = [:]
    private var readySockets = [Int32](repeating: 0, count: 128)
    private var readyMasks = [Int32](repeating: 0, count: 128)

    init?() {
        epoll = rw_epoll_create()
        wakeFD = rw_eventfd()
        guard epoll >= 0, wakeFD >= 0, rw_epoll_watch(epoll, wakeFD, 1, 0) == 0 else { return nil }
    }

    func close() {
        Glibc.close(epoll)
        Glibc.close(wakeFD)
    }

    func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    /// libcurl's socket callback: what to watch on `socket` (CURL_POLL_*).
    func watch(_ socket: Int32, what: Int32) {
        let mask: Int32
        switch what {
        case CURL_POLL_IN: mask = 1
        case CURL_POLL_OUT: mask = 2
        case CURL_POLL_INOUT: mask = 3
        default: mask = 0
        }
        guard mask != 0 else {
            if registered[socket] != nil { registered[socket] = 0 }
            return
        }
        // A parked socket libcurl closed left the set with it, and its number may be a new socket's now: the shim
        // then adds instead of modifying.
        _ = rw_epoll_watch(epoll, socket, mask, registered[socket] != nil ? 1 : 0)
        registered[socket] = mask
    }

    /// libcurl's timer callback: -1 removes the timer, 0 means now.
    func setTimer(milliseconds: Int) {
        deadline = milliseconds < 0 ? nil : .now + .milliseconds(milliseconds)
    }

    var timerExpired: Bool {
        guard let deadline, deadline <= .now else { return false }
        self.deadline = nil
        return true
    }

    /// Waits until a watched socket is ready, the driver is woken, or the timer is due (at most `maximum`); returns
    /// the ready sockets with CURL_CSELECT_* masks.
    func wait(maximum: Duration) -> [(Int32, Int32)] {
        var timeout = maximum
        if let deadline { timeout = max(.zero, min(timeout, deadline - .now)) }
        let (seconds, attoseconds) = timeout.components
        // Rounded up, so a timer due in under a millisecond is not polled for in a busy loop.
        let milliseconds = Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        let count = rw_epoll_wait(epoll, &readySockets, &readyMasks, 128, milliseconds)
        guard count > 0 else { return [] }
        var ready: [(Int32, Int32)] = []
        ready.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let socket = readySockets[index]
            if socket == wakeFD {
                var value: UInt64 = 0
                _ = Glibc.read(wakeFD, &value, 8)
                continue
            }
            if registered[socket] == 0 {
                _ = rw_epoll_watch(epoll, socket, 0, 1)
                registered[socket] = nil
                continue
            }
            let mask = readyMasks[index]
            ready.append((socket, ((mask & 1) != 0 ? CURL_CSELECT_IN : 0) | ((mask & 2) != 0 ? CURL_CSELECT_OUT : 0)
                | ((mask & 4) != 0 ? CURL_CSELECT_ERR : 0)))
        }
        return ready
    }
}

private let curlSocketCallback: @convention(c) (
    UnsafeMutableRawPointer?, curl_socket_t, Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
) -> Int32 = { _, socket, what, context, _ in
    guard let context else { return 0 }
    Unmanaged<SocketEvents>.fromOpaque(context).takeUnretainedValue().watch(socket, what: what)
    return 0
}

private let curlTimerCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, milliseconds, context in
    guard let context else { return 0 }
    Unmanaged<SocketEvents>.fromOpaque(context).takeUnretainedValue().setTimer(milliseconds: milliseconds)
    return 0
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
        for transfer in transfers {
            transfer.isSubmitted = true
            // A cancellation that overtook the submission has finished it already: answer its caller now.
            transfer.resumeCaller()
        }
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

    /// Lets libcurl work on a ready socket (`events`: CURL_CSELECT_*), or on what is due when `socket` is nil.
    func act(on socket: Int32?, events: Int32) {
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, socket ?? CURL_SOCKET_TIMEOUT, socket == nil ? 0 : events, &running)
    }

    mutating func collectFinished() {
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
