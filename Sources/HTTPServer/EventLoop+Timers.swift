import Glibc

/// Expired timeouts (`ConnectionTimeout`) and graceful shutdown.
extension EventLoop {
    func sweep() {
        nextSweep = now + 250
        for connection in connections.values {
            switch connection.timeout.expiry(at: now) {
            case nil: break
            case .close: close(connection)
            case .refuse(let error): refuse(connection, error)
            }
        }
        if draining { closeIdle() }
    }

    func startDraining() {
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
    func closeIdle() {
        for connection in connections.values where connection.phase == .head && connection.pendingOutput == 0 {
            close(connection)
        }
    }
}
