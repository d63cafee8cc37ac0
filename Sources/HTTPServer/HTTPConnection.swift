/// One client connection's state. Confined to its event loop's thread, never shared.
final class HTTPConnection {
    enum Phase {
        /// Waiting for (more of) a request head.
        case head
        /// Reading a body for `request`.
        case body
        /// A handler is running; nothing more is parsed until it answers (responses stay in order).
        case inFlight
        /// The last response is being written; then the connection closes.
        case closing
        /// Write side shut; reading and dropping until the peer closes, so that unread
        /// input does not turn our close into a reset that destroys the last response.
        case lingering
        case closed
    }

    let id: UInt64
    let fd: Int32
    /// The remote address, numeric (`Sys.numericAddress`).
    let peer: String
    /// The same address as bits, read once at accept.
    let address: PeerAddress?
    var phase = Phase.head
    /// Bytes received and not yet parsed.
    var input: [UInt8] = []
    /// Bytes to send, from `sent` on.
    var output: [UInt8] = []
    var sent = 0
    /// The socket may hold unread bytes (reads use edge-triggered readiness).
    var readPending = false
    var peerClosed = false

    /// The response file being sent after `output`, and how much of it has gone.
    var file: FileRegion?
    var fileSent = 0
    /// The temporary file a spooled body is being written to.
    var spool: (fd: Int32, path: String, size: Int)?

    var head: RequestHead?
    var plan: RoutePlan?
    var body: [UInt8] = []
    var bodyReader: BodyReader?

    var timeout: ConnectionTimeout

    init(id: UInt64, fd: Int32, peer: String = "", address: PeerAddress? = nil, timeout: ConnectionTimeout) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.address = address
        self.timeout = timeout
    }

    var pendingOutput: Int { output.count - sent + (file.map { $0.length - fileSent } ?? 0) }


    /// Drops `count` parsed bytes from the front of the input.
    func consumeInput(_ count: Int) {
        if count >= input.count { input = [] } else if count > 0 { input.removeFirst(count) }
    }

    func resetRequest() {
        head = nil
        plan = nil
        body = []
        bodyReader = nil
    }
}
