import Glibc

/// Handing complete requests to the responder and writing what it answers (or the engine's refusals).
extension EventLoop {
    func dispatch(_ connection: HTTPConnection) {
        guard let head = connection.head, let plan = connection.plan else { return }
        var request = Request(head: head, body: connection.body, peerAddress: connection.peer, clientAddress: connection.peer)
        request.peer = connection.address
        if let spool = connection.spool {
            Sys.close(spool.fd)
            request.spooled = SpooledBody(path: spool.path, size: spool.size)
            connection.spool = nil
        }
        connection.resetRequest()
        connection.head = head
        connection.phase = .inFlight
        connection.timeout.handlerStarted()
        let id = connection.id
        let responder = self.responder
        Task(executorPreference: self) {
            let response = await responder.respond(to: request, plan: plan)
            if let spooled = request.spooled { unlink(spooled.path) }   // unless the handler kept it
            self.finish(id, response)
        }
    }

    /// Runs on this loop (the handler task prefers it as executor).
    func finish(_ id: UInt64, _ response: Response) {
        guard let connection = connections[id], connection.phase == .inFlight, let head = connection.head else { return }
        let keepAlive = !head.wantsClose && !draining
        ResponseWriter.write(response, isHead: head.method == .head, keepAlive: keepAlive, version: head.version,
                             date: date.line, into: &connection.output)
        if let file = response.file, head.method != .head, file.length > 0 {
            connection.file = file
            connection.fileSent = 0
        }
        connection.head = nil
        connection.phase = keepAlive ? .head : .closing
        connection.timeout.responded(keepAlive: keepAlive, at: now, limits)
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
    func refuse(_ connection: HTTPConnection, _ error: HTTPParseError) {
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
}
