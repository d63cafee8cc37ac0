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
    struct JobQueue {
        var jobs: [UnownedJob] = []
        var sleeping = false
    }

    let index: Int
    let epoll: Int32
    let wakeFD: Int32
    var listener: Int32
    let responder: any HTTPResponder
    let limits: ServerLimits
    let parser: RequestParser
    let jobs = Mutex(JobQueue())
    let stopping = Atomic<Bool>(false)
    var connections: [UInt64: HTTPConnection] = [:]
    var nextID: UInt64 = 2
    var now: Int64 = Sys.monotonicMillis()
    var nextSweep: Int64 = 0
    var date = HTTPDate()
    var draining = false
    var readBuffer: UnsafeMutableRawBufferPointer
    var thread = pthread_t()
    let onExit: @Sendable () -> Void

    static let listenerToken: UInt64 = 0
    static let wakeToken: UInt64 = 1

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

    func runJobs() {
        var batch: [UnownedJob] = []
        for _ in 0..<4 {   // bounded, so a chatty task cannot starve the sockets
            jobs.withLock { swap(&$0.jobs, &batch) }
            if batch.isEmpty { return }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    // MARK: the loop

    func run() {
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

    func handle(_ event: epoll_event) {
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

    func acceptAll() {
        for _ in 0..<256 {
            guard !draining, let (fd, peer, address) = Sys.accept(listener) else { return }
            let id = nextID
            nextID += 1
            let connection = HTTPConnection(id: id, fd: fd, peer: peer, address: address, timeout: .accepted(at: now, limits))
            let events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
            do {
                try Sys.epollAdd(epoll, fd, events: events, token: id)
                connections[id] = connection
            } catch {
                Sys.close(fd)
            }
        }
    }
}
