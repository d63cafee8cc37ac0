import CLinux
import Glibc
import Synchronization

/// One epoll thread that owns its connections and is also the task executor their
/// handlers run on, so a request never hops threads unless its handler awaits other work
/// (SQLite and bcrypt run on their own threads and resume here).
///
/// `@unchecked Sendable`: everything except `jobs`, `stopping` and the file descriptors is
/// touched only on the loop's own thread — by `run()` and by the jobs `run()` executes.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    private struct JobQueue {
        var jobs: [UnownedJob] = []
        var sleeping = false
    }

    let index: Int
    private let epoll: Int32
    private let wakeFD: Int32
    private var listener: Int32
    private let responder: any HTTPResponder
    private let limits: ServerLimits
    private let parser: RequestParser
    private let jobs = Mutex(JobQueue())
    private let stopping = Atomic<Bool>(false)
    private var connections: [UInt64: Connection] = [:]
    private var nextID: UInt64 = 2
    private var now: Int64 = Sys.monotonicMillis()
    private var nextSweep: Int64 = 0
    private var date = HTTPDate()
    private var draining = false
    private var readBuffer: UnsafeMutableRawBufferPointer
    private var thread = pthread_t()
    private let onExit: @Sendable () -> Void

    private static let listenerToken: UInt64 = 0
    private static let wakeToken: UInt64 = 1

    init(index: Int, listener: Int32, responder: any HTTPResponder, limits: ServerLimits, onExit: @escaping @Sendable () -> Void) throws {
        self.index = index
        self.listener = listener
        self.responder = responder
        self.limits = limits
        self.parser = RequestParser(limits: limits.head)
        self.onExit = onExit
        epoll = try Sys.epollCreate()
        wakeFD = try Sys.eventFD()
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        try Sys.epollAdd(epoll, wakeFD, events: EPOLLIN.rawValue, token: Self.wakeToken)
        try Sys.epollAdd(epoll, listener, events: EPOLLIN.rawValue, token: Self.listenerToken)
    }

    deinit { readBuffer.deallocate() }

    func start() {
        PThread.spawn(name: "http-loop-\(index)") { [self] in
            thread = pthread_self()
            run()
        }
    }

    /// Stop accepting, let in-flight requests finish, close every connection, then exit.
    func beginShutdown() {
        stopping.store(true, ordering: .releasing)
        Sys.signal(eventFD: wakeFD)
    }

    // MARK: TaskExecutor

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wake = jobs.withLock { queue in
            queue.jobs.append(job)
            defer { queue.sleeping = false }
            return queue.sleeping
        }
        if wake { Sys.signal(eventFD: wakeFD) }
    }

    private func runJobs() {
        var batch: [UnownedJob] = []
        for _ in 0..<4 {   // bounded, so a chatty task cannot starve the sockets
            jobs.withLock { swap(&$0.jobs, &batch) }
            if batch.isEmpty { return }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    // MARK: the loop

    private func run() {
        let capacity: Int32 = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        while true {
            if stopping.load(ordering: .acquiring) && !draining { startDraining() }
            if draining && connections.isEmpty && jobs.withLock({ $0.jobs.isEmpty }) { break }
            let block = jobs.withLock { queue in
                queue.sleeping = queue.jobs.isEmpty
                return queue.sleeping
            }
            let count = epoll_wait(epoll, events, capacity, block ? 250 : 0)
            if block { jobs.withLock { $0.sleeping = false } }
            now = Sys.monotonicMillis()
            date.refresh()
            if count > 0 {
                for i in 0..<Int(count) { handle(events[i]) }
            }
            runJobs()
            if now >= nextSweep { sweep() }
        }
        Sys.close(epoll)
        Sys.close(wakeFD)
        onExit()
    }

    private func handle(_ event: epoll_event) {
        switch event.data.u64 {
        case Self.listenerToken: acceptAll()
        case Self.wakeToken: Sys.drain(eventFD: wakeFD)
        case let id:
            guard let connection = connections[id] else { return }
            let flags = event.events
            if flags & EPOLLERR.rawValue != 0 || (flags & EPOLLHUP.rawValue != 0 && flags & EPOLLIN.rawValue == 0) {
                close(connection)
                return
            }
            if flags & EPOLLOUT.rawValue != 0, connection.pendingOutput > 0 {
                flush(connection)
                // Output below the high-water mark again: resume pipelined requests and reads.
                if connection.pendingOutput == 0, connection.phase == .head || connection.phase == .body {
                    process(connection)
                    if connection.readPending { readAndProcess(connection) }
                }
            }
            if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { readable(connection) }
        }
    }

    private func acceptAll() {
        for _ in 0..<256 {
            guard !draining, let (fd, peer) = Sys.accept(listener) else { return }
            let id = nextID
            nextID += 1
            let connection = Connection(id: id, fd: fd, peer: peer, deadline: now + limits.headerTimeoutMillis)
            let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            do {
                try Sys.epollAdd(epoll, fd, events: events, token: id)
                connections[id] = connection
            } catch {
                Sys.close(fd)
            }
        }
    }

    // MARK: reading

    private func readable(_ connection: Connection) {
        switch connection.phase {
        case .inFlight, .closing:
            connection.readPending = true
        case .lingering:
            linger(connection)
        case .closed:
            return
        case .head, .body:
            readAndProcess(connection)
        }
    }

    private func readAndProcess(_ connection: Connection) {
        connection.readPending = false
        while true {
            switch Sys.read(connection.fd, into: readBuffer) {
            case .bytes(let count):
                connection.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]).bindMemory(to: UInt8.self))
                process(connection)
                switch connection.phase {
                case .head, .body:
                    if connection.pendingOutput > limits.outputHighWater { connection.readPending = true; return }
                    continue
                case .lingering:
                    linger(connection)
                    return
                case .inFlight, .closing:
                    connection.readPending = true
                    return
                case .closed:
                    return
                }
            case .wouldBlock:
                return
            case .closed:
                peerClosed(connection)
                return
            case .failed:
                close(connection)
                return
            }
        }
    }

    /// The client closed its side. Requests already received are still answered.
    private func peerClosed(_ connection: Connection) {
        connection.peerClosed = true
        switch connection.phase {
        case .head, .body:
            // No request is under way, or an incomplete one that can never complete now.
            if connection.pendingOutput > 0 { connection.phase = .closing } else { close(connection) }
        case .inFlight, .closing, .lingering, .closed:
            break
        }
    }

    /// Parses and dispatches as much of the input as the connection's phase allows.
    private func process(_ connection: Connection) {
        while connection.pendingOutput <= limits.outputHighWater {
            switch connection.phase {
            case .head:
                if connection.input.isEmpty { return }
                // Empty lines before a request are ignored (RFC 9112 §2.2): they do not start
                // the head's timer, and the idle one still runs out.
                if connection.timer == .idle || connection.timer == .firstByte, !RequestParser.onlyEmptyLines(connection.input) {
                    connection.setTimer(.header, at: now + limits.headerTimeoutMillis)
                }
                let outcome: RequestParser.Outcome
                do {
                    outcome = try connection.input.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try parser.parse(buffer) }
                } catch {
                    refuse(connection, error)
                    return
                }
                guard case .head(let head, let consumed) = outcome else { return }
                connection.consumeInput(consumed)
                begin(connection, head)
            case .body:
                guard !connection.input.isEmpty else { return }
                do {
                    let used = try consumeBody(connection)
                    connection.consumeInput(used)
                } catch {
                    refuse(connection, error)
                    return
                }
                if connection.bodyReader?.isDone ?? true {
                    dispatch(connection)
                } else {
                    connection.setTimer(.body, at: now + limits.bodyTimeoutMillis)
                    return
                }
            case .inFlight, .closing, .lingering, .closed:
                return
            }
        }
    }

    private func consumeBody(_ connection: Connection) throws(HTTPParseError) -> Int {
        var body = connection.body
        connection.body = []   // keep one reference so appends do not copy
        defer { connection.body = body }
        let used = try connection.input.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
            try connection.bodyReader!.consume(buffer, into: &body, discard: !connection.plan!.readsBody)
        }
        if let spool = connection.spool, !body.isEmpty {
            // A page-cache write of at most one read's worth: cheap enough for the loop.
            do {
                try body.withUnsafeBytes { try Sys.writeAll(spool.fd, $0) }
            } catch {
                let code = (error as? SystemError)?.errno
                throw code == ENOSPC || code == EDQUOT ? .insufficientStorage : .spoolFailed
            }
            connection.spool?.size += body.count
            body.removeAll(keepingCapacity: true)
        }
        return used
    }

    /// A head has arrived: route it, then read its body or answer at once.
    private func begin(_ connection: Connection, _ head: RequestHead) {
        let plan = responder.plan(for: head)
        connection.head = head
        connection.plan = plan
        if case .length(let length) = head.framing, length > plan.bodyLimit {
            refuse(connection, .bodyTooLarge)   // at once, without reading the body
            return
        }
        guard let reader = BodyReader(head.framing, limit: plan.bodyLimit) else {
            dispatch(connection)
            return
        }
        if !plan.readsBody && head.expectsContinue {
            // Answered without its body (404, 405): the client waits for 100-continue and
            // has sent nothing yet, so answer now and close rather than ask for the body.
            connection.head?.wantsClose = true
            dispatch(connection)
            return
        }
        // Bodies of unrouted requests are read and dropped before the answer, so that a
        // malformed body is refused as such instead of after a 404 (RFC 9112 §9.3 framing).
        if plan.readsBody, let directory = plan.spoolDirectory {
            do {
                let (fd, path) = try Sys.makeTemporaryFile(in: directory, prefix: "upload")
                connection.spool = (fd, path, 0)
            } catch {
                refuse(connection, .insufficientStorage)
                return
            }
        }
        connection.bodyReader = reader
        connection.phase = .body
        connection.setTimer(.body, at: now + limits.bodyTimeoutMillis)
        if head.expectsContinue && connection.input.isEmpty {
            connection.output.append(contentsOf: ResponseWriter.continueLine)
            flush(connection)
        }
    }

    // MARK: handlers

    private func dispatch(_ connection: Connection) {
        guard let head = connection.head, let plan = connection.plan else { return }
        var request = Request(head: head, body: connection.body, peerAddress: connection.peer, clientAddress: connection.peer)
        if let spool = connection.spool {
            Sys.close(spool.fd)
            request.spooled = SpooledBody(path: spool.path, size: spool.size)
            connection.spool = nil
        }
        connection.resetRequest()
        connection.head = head
        connection.phase = .inFlight
        connection.setTimer(.none, at: .max)
        let id = connection.id
        let responder = self.responder
        Task(executorPreference: self) {
            let response = await responder.respond(to: request, plan: plan)
            if let spooled = request.spooled { unlink(spooled.path) }   // unless the handler kept it
            self.finish(id, response)
        }
    }

    /// Runs on this loop (the handler task prefers it as executor).
    private func finish(_ id: UInt64, _ response: Response) {
        guard let connection = connections[id], connection.phase == .inFlight, let head = connection.head else { return }
        let keepAlive = !head.wantsClose && !draining
        ResponseWriter.write(response, isHead: head.method == .head, keepAlive: keepAlive, version: head.version,
                             date: date.line, into: &connection.output)
        if let file = response.file, head.method != .head, file.length > 0 {
            connection.file = file
            connection.fileSent = 0
        }
        connection.head = nil
        if keepAlive {
            connection.phase = .head
            connection.setTimer(.idle, at: now + limits.idleTimeoutMillis)
        } else {
            connection.phase = .closing
        }
        flush(connection)
        guard connection.phase != .closed else { return }
        process(connection)
        if connection.peerClosed {
            // Every complete request the client sent before closing has been answered.
            if connection.phase == .head || connection.phase == .body {
                connection.phase = .closing
                flush(connection)
            }
            return
        }
        if connection.readPending, connection.phase == .head || connection.phase == .body {
            readAndProcess(connection)
        }
    }

    /// Answers a request the engine refuses and closes the connection after the answer.
    private func refuse(_ connection: Connection, _ error: HTTPParseError) {
        let response = responder.refuse(error, head: connection.head)
        ResponseWriter.write(response, isHead: connection.head?.method == .head, keepAlive: false,
                             version: connection.head?.version ?? .http1_1, date: date.line, into: &connection.output)
        if let spool = connection.spool {
            Sys.close(spool.fd)
            unlink(spool.path)
            connection.spool = nil
        }
        connection.resetRequest()
        connection.phase = .closing
        flush(connection)
    }

    // MARK: writing and closing

    private func flush(_ connection: Connection) {
        while connection.output.count - connection.sent > 0 {
            let result = connection.output.withUnsafeBytes { bytes in
                Sys.write(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.sent...]), more: connection.file != nil)
            }
            switch result {
            case .bytes(let count):
                connection.sent += count
                if connection.timer == .write { connection.setTimer(.write, at: now + limits.writeTimeoutMillis) }
            case .wouldBlock:
                connection.setTimer(.write, at: now + limits.writeTimeoutMillis)
                return
            case .closed, .failed:
                close(connection)
                return
            }
        }
        connection.output = []
        connection.sent = 0
        if let file = connection.file, !sendFile(file, on: connection) { return }
        if connection.timer == .write { connection.setTimer(.idle, at: now + limits.idleTimeoutMillis) }
        if connection.phase == .closing { startLingering(connection) }
    }

    /// Sends the rest of the response file; false while the socket is full or after a failure.
    private func sendFile(_ file: FileRegion, on connection: Connection) -> Bool {
        while connection.fileSent < file.length {
            switch Sys.sendFile(connection.fd, file.fd, offset: file.offset + connection.fileSent, count: file.length - connection.fileSent) {
            case .bytes(let count):
                connection.fileSent += count
                if connection.timer == .write { connection.setTimer(.write, at: now + limits.writeTimeoutMillis) }
            case .wouldBlock:
                if connection.timer != .write { connection.setTimer(.write, at: now + limits.writeTimeoutMillis) }
                return false
            case .closed, .failed:
                close(connection)
                return false
            }
        }
        connection.file = nil
        connection.fileSent = 0
        return true
    }

    private func startLingering(_ connection: Connection) {
        if connection.peerClosed { close(connection); return }
        Sys.shutdownWrite(connection.fd)
        connection.phase = .lingering
        connection.input = []
        connection.setTimer(.linger, at: now + limits.lingerMillis)
        linger(connection)
    }

    private func linger(_ connection: Connection) {
        while true {
            switch Sys.read(connection.fd, into: readBuffer) {
            case .bytes: continue
            case .wouldBlock: return
            case .closed, .failed: close(connection); return
            }
        }
    }

    private func close(_ connection: Connection) {
        guard connection.phase != .closed else { return }
        connection.phase = .closed
        if let spool = connection.spool {
            Sys.close(spool.fd)
            unlink(spool.path)
            connection.spool = nil
        }
        connection.file = nil
        Sys.epollRemove(epoll, connection.fd)
        Sys.close(connection.fd)
        connections[connection.id] = nil
    }

    // MARK: timers and shutdown

    private func sweep() {
        nextSweep = now + 250
        for connection in connections.values where connection.deadline <= now {
            switch connection.timer {
            case .none: break
            case .firstByte, .idle, .write, .linger: close(connection)
            case .header: refuse(connection, .headerTimeout)
            case .body: refuse(connection, .bodyTimeout)
            }
        }
        if draining { closeIdle() }
    }

    private func startDraining() {
        draining = true
        // Closed, not just unwatched: the kernel would otherwise keep completing handshakes
        // into the backlog, and those clients would hang until the process exits.
        Sys.epollRemove(epoll, listener)
        Sys.close(listener)
        listener = -1
        closeIdle()
    }

    /// Connections with no complete request (idle, or a head still arriving) close now;
    /// the rest close after their response.
    private func closeIdle() {
        for connection in connections.values where connection.phase == .head && connection.pendingOutput == 0 {
            close(connection)
        }
    }
}
