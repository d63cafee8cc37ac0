/// The one timeout running on a connection, as a pure value: the event loop reports what
/// happened and when (milliseconds of a monotonic clock it is given), and asks what has
/// expired. Nothing here reads a clock or touches a socket, so every transition is tested
/// with plain numbers (`ConnectionTimeoutTests`).
///
/// | phase                          | timer      | limit                    | on expiry      |
/// |--------------------------------|------------|--------------------------|----------------|
/// | accepted, nothing received     | firstByte  | `headerTimeoutMillis`    | close          |
/// | keep-alive between requests    | idle       | `idleTimeoutMillis`      | close          |
/// | a head is arriving             | header     | `headerTimeoutMillis`    | 408, close     |
/// | a body is arriving (per read)  | body       | `bodyTimeoutMillis`      | 408, close     |
/// | handler running                | none       | —                        | —              |
/// | response blocked on the socket | write      | `writeTimeoutMillis`     | close          |
/// | closing, draining unread input | linger     | `lingerMillis`           | close          |
struct ConnectionTimeout: Equatable {
    enum Kind: Equatable { case none, firstByte, idle, header, body, write, linger }

    /// What an expired timer asks of the loop.
    enum Expiry: Equatable {
        case close
        case refuse(HTTPParseError)
    }

    private(set) var kind: Kind
    private(set) var deadline: Int64

    /// A connection just accepted: its first byte is due within the header timeout.
    static func accepted(at now: Int64, _ limits: ServerLimits) -> ConnectionTimeout {
        ConnectionTimeout(kind: .firstByte, deadline: now + limits.headerTimeoutMillis)
    }

    /// Bytes of a head arrived; the head's clock starts with the first of them and is not
    /// extended by later ones (a slow-loris head cannot keep the connection).
    mutating func headBytesArrived(at now: Int64, _ limits: ServerLimits) {
        if kind == .idle || kind == .firstByte { set(.header, now + limits.headerTimeoutMillis) }
    }

    /// A body is expected, or some of it arrived: it may stall for the body timeout at most.
    mutating func bodyProgressed(at now: Int64, _ limits: ServerLimits) {
        set(.body, now + limits.bodyTimeoutMillis)
    }

    /// The handler runs; it takes as long as it takes (its own deadlines apply).
    mutating func handlerStarted() {
        set(.none, .max)
    }

    /// The response is queued; a kept-alive connection then waits for the next request.
    mutating func responded(keepAlive: Bool, at now: Int64, _ limits: ServerLimits) {
        if keepAlive { set(.idle, now + limits.idleTimeoutMillis) }
    }

    /// The socket took response bytes: a stalled write starts counting again.
    mutating func wrote(at now: Int64, _ limits: ServerLimits) {
        if kind == .write { set(.write, now + limits.writeTimeoutMillis) }
    }

    /// The socket is full with response bytes left: the client must read within the write
    /// timeout, measured from the last progress (a timer already running is not extended).
    mutating func writeBlocked(at now: Int64, _ limits: ServerLimits) {
        if kind != .write { set(.write, now + limits.writeTimeoutMillis) }
    }

    /// Every response byte has gone: back to waiting for the next request.
    mutating func outputDrained(at now: Int64, _ limits: ServerLimits) {
        if kind == .write { set(.idle, now + limits.idleTimeoutMillis) }
    }

    /// Our side is shut; unread input is drained for at most the linger time.
    mutating func lingering(at now: Int64, _ limits: ServerLimits) {
        set(.linger, now + limits.lingerMillis)
    }

    /// What has expired at `now`, if anything.
    func expiry(at now: Int64) -> Expiry? {
        guard deadline <= now else { return nil }
        switch kind {
        case .none: return nil
        case .firstByte, .idle, .write, .linger: return .close
        case .header: return .refuse(.headerTimeout)
        case .body: return .refuse(.bodyTimeout)
        }
    }

    private mutating func set(_ kind: Kind, _ deadline: Int64) {
        self.kind = kind
        self.deadline = deadline
    }
}
