import CLinux
import Glibc

/// Reading: requests arrive, heads are parsed and routed, bodies are read or dropped.
extension EventLoop {
    func readable(_ connection: HTTPConnection) {
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

    func readAndProcess(_ connection: HTTPConnection) {
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
    func peerClosed(_ connection: HTTPConnection) {
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
    func process(_ connection: HTTPConnection) {
        while connection.pendingOutput <= limits.outputHighWater {
            switch connection.phase {
            case .head:
                if connection.input.isEmpty { return }
                // Empty lines before a request are ignored (RFC 9112 §2.2): they do not start
                // the head's timer, and the idle one still runs out.
                if !RequestParser.onlyEmptyLines(connection.input) { connection.timeout.headBytesArrived(at: now, limits) }
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
                    connection.timeout.bodyProgressed(at: now, limits)
                    return
                }
            case .inFlight, .closing, .lingering, .closed:
                return
            }
        }
    }

    func consumeBody(_ connection: HTTPConnection) throws(HTTPParseError) -> Int {
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
    func begin(_ connection: HTTPConnection, _ head: RequestHead) {
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
        connection.timeout.bodyProgressed(at: now, limits)
        if head.expectsContinue && connection.input.isEmpty {
            connection.output.append(contentsOf: ResponseWriter.continueLine)
            flush(connection)
        }
    }
}
