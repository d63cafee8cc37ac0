import Foundation

/// A small HTTP/1.1 server in Python (plain or TLS through its `ssl` module) on 127.0.0.1 and
/// an ephemeral port, answering by path with the cases the client must handle. It counts the
/// connections it accepted (`/count`). Stopped (killed) by `stop()` or when the test ends.
final class PythonServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let script: String

    /// `tls`: certificate and key; `tlsVersion` "1.0" pins the server to TLS 1.0 only.
    /// Async: the wait for Python to listen happens on a thread of its own, never on one of
    /// the few cooperative threads every other test's awaits resume on.
    init(tls: (cert: String, key: String)? = nil, tlsVersion: String? = nil) async throws {
        let script = NSTemporaryDirectory() + "gateways-server-\(UUID().uuidString).py"
        try Self.source.write(toFile: script, atomically: true, encoding: .utf8)
        let portFile = script + ".port"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, tls?.cert ?? "", tls?.key ?? "", tlsVersion ?? "", portFile]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.script = script
        // The server writes its port to a file once listening; wait for it with a deadline.
        let port: Int? = await withCheckedContinuation { continuation in
            Thread {
                let deadline = ContinuousClock.now + .seconds(10)
                var port: Int?
                while port == nil && ContinuousClock.now < deadline {
                    if let text = try? String(contentsOfFile: portFile, encoding: .utf8), text.hasSuffix("\n") {
                        port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
                    } else {
                        usleep(10_000)
                    }
                }
                continuation.resume(returning: port)
            }.start()
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadUnknown)
        }
        self.port = port
    }

    func stop() {
        // SIGKILL without waiting: Foundation's waitUntilExit spins inside Swift Testing's tasks.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: script)
        try? FileManager.default.removeItem(atPath: script + ".port")
    }

    deinit { stop() }

    static let source = #"""
    import os, socket, ssl, sys, threading, time
    cert, key, version = sys.argv[1], sys.argv[2], sys.argv[3]
    ctx = None
    if cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        if version == "1.0":
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
        ctx.set_alpn_protocols(["http/1.1"])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    with open(sys.argv[4] + ".tmp", "w") as f: f.write("%d\n" % listener.getsockname()[1])
    os.rename(sys.argv[4] + ".tmp", sys.argv[4])
    parent = os.getppid()
    def watchdog():
        # Never outlive the test process, nor a minute.
        for _ in range(600):
            if os.getppid() != parent: break
            time.sleep(0.1)
        os._exit(0)
    threading.Thread(target=watchdog, daemon=True).start()
    count = [0]
    lock = threading.Lock()
    def answer(conn, path, body=b"", framing=b"none"):
        if path == "/echo-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Framing: %s\r\nContent-Length: %d\r\n\r\n%s" % (framing, len(body), body))
        elif path == "/stream":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for i in range(64):
                conn.sendall(b"4000\r\n" + bytes([65 + i % 26]) * 16384 + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
        elif path == "/ok":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello")
        elif path == "/count":
            with lock: body = str(count[0]).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        elif path == "/chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
        elif path == "/badchunk":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n")
        elif path == "/twocl":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")
        elif path == "/clte":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        elif path == "/big":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n" + b"x" * 4096)
        elif path == "/bigchunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"400\r\n" + b"x" * 1024 + b"\r\n" + b"400\r\n" + b"y" * 1024 + b"\r\n0\r\n\r\n")
        elif path == "/redirect":
            conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n")
        elif path == "/echo-host":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(host[0]), host[0]))
        elif path == "/silent":
            time.sleep(30)
        else:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    host = [b""]
    def serve(conn):
        try:
            if ctx: conn = ctx.wrap_socket(conn, server_side=True)
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    more = conn.recv(65536)
                    if not more: return
                    data += more
                head, data = data.split(b"\r\n\r\n", 1)
                lines = head.split(b"\r\n")
                fields = {}
                for line in lines[1:]:
                    if line.lower().startswith(b"host:"): host[0] = line[5:].strip()
                    name, _, value = line.partition(b":")
                    fields[name.strip().lower()] = value.strip()
                def more():
                    got = conn.recv(65536)
                    if not got: raise EOFError()
                    return got
                body, framing = b"", b"none"
                if b"content-length" in fields:
                    framing, size = b"length", int(fields[b"content-length"])
                    while len(data) < size: data += more()
                    body, data = data[:size], data[size:]
                elif fields.get(b"transfer-encoding", b"").lower() == b"chunked":
                    framing = b"chunked"
                    while True:
                        while b"\r\n" not in data: data += more()
                        size_line, data = data.split(b"\r\n", 1)
                        size = int(size_line.split(b";")[0], 16)
                        while len(data) < size + 2: data += more()
                        body, data = body + data[:size], data[size + 2:]
                        if size == 0: break
                answer(conn, lines[0].split(b" ")[1].decode(), body, framing)
        except Exception:
            pass
        finally:
            conn.close()
    while True:
        conn, _ = listener.accept()
        with lock: count[0] += 1
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    """#
}
