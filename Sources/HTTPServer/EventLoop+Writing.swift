import CLinux
import Glibc

/// Writing responses (buffer, then file by sendfile), lingering after the last one, closing.
extension EventLoop {
    func flush(_ connection: HTTPConnection) {
        while connection.output.count - connection.sent > 0 {
            let result = connection.output.withUnsafeBytes { bytes in
                Sys.write(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.sent...]), more: connection.file != nil)
            }
            switch result {
            case .bytes(let count):
                connection.sent += count
                connection.timeout.wrote(at: now, limits)
            case .wouldBlock:
                connection.timeout.writeBlocked(at: now, limits)
                return
            case .closed, .failed:
                close(connection)
                return
            }
        }
        connection.output = []
        connection.sent = 0
        if let file = connection.file, !sendFile(file, on: connection) { return }
        connection.timeout.outputDrained(at: now, limits)
        if connection.phase == .closing { startLingering(connection) }
    }

    /// Sends the rest of the response file; false while the socket is full or after a failure.
    func sendFile(_ file: FileRegion, on connection: HTTPConnection) -> Bool {
        while connection.fileSent < file.length {
            switch Sys.sendFile(connection.fd, file.fd, offset: file.offset + connection.fileSent, count: file.length - connection.fileSent) {
            case .bytes(let count):
                connection.fileSent += count
                connection.timeout.wrote(at: now, limits)
            case .wouldBlock:
                connection.timeout.writeBlocked(at: now, limits)
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

    func startLingering(_ connection: HTTPConnection) {
        if connection.peerClosed { close(connection); return }
        Sys.shutdownWrite(connection.fd)
        connection.phase = .lingering
        connection.input = []
        connection.timeout.lingering(at: now, limits)
        linger(connection)
    }

    func linger(_ connection: HTTPConnection) {
        while true {
            switch Sys.read(connection.fd, into: readBuffer) {
            case .bytes: continue
            case .wouldBlock: return
            case .closed, .failed: close(connection); return
            }
        }
    }

    func close(_ connection: HTTPConnection) {
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
}
