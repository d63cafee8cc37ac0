import Glibc
import Marketplace

/// Why an SMTP step failed: a reply (4xx transient, 5xx permanent) or the connection.
enum SMTPFailure: Error {
    case reply(String, SMTPReply)
    case connection(String)

    var result: MailSendResult {
        switch self {
        case .reply(let step, let reply):
            let text = "SMTP \(step): \(reply)"
            return reply.isTransient ? .transient(text) : .permanent(text)
        case .connection(let reason): return .transient(reason)
        }
    }
}

/// One SMTP connection (RFC 5321): greeting, EHLO, STARTTLS (RFC 3207) or implicit TLS, AUTH
/// PLAIN or LOGIN (RFC 4954), then any number of transactions, then QUIT. Blocking calls over
/// a non-blocking socket, each step within `timeout` seconds; run it off the event loops.
final class SMTPSession {
    let settings: SMTPSettings
    private var stream: any OutboundStream
    private let reader = SMTPLineReader()
    private var extensions: [String: String] = [:]

    private init(settings: SMTPSettings, stream: any OutboundStream) {
        self.settings = settings
        self.stream = stream
    }

    private var deadline: ContinuousClock.Instant { .now + .seconds(settings.timeout) }

    /// Connects and gets the session ready for `MAIL FROM`.
    static func open(_ settings: SMTPSettings, tls: TLSContext) throws -> SMTPSession {
        let step = ContinuousClock.now + .seconds(settings.timeout)
        guard let address = NetworkAddressPolicy.resolve(settings.host, port: settings.port).first?.description else {
            throw SMTPFailure.connection("SMTP: cannot resolve \(settings.host)")
        }
        let socket: OutboundSocket
        do {
            socket = try OutboundSocket.connect(address: address, port: UInt16(settings.port), until: step)
        } catch {
            throw SMTPFailure.connection("SMTP: connect to \(settings.host):\(settings.port) failed (\(error))")
        }
        var stream: any OutboundStream = socket
        if settings.security == .tls {
            stream = try handshake(socket, tls: tls, host: settings.host, until: step)
        }
        let session = SMTPSession(settings: settings, stream: stream)
        do {
            try session.expect("greeting", try session.reader.reply(from: stream, until: step), 220)
            try session.hello()
            if settings.security == .startTLS {
                guard session.extensions["STARTTLS"] != nil else {
                    throw SMTPFailure.connection("SMTP: the server does not offer STARTTLS; refusing to send in clear")
                }
                try session.command("STARTTLS", step: "STARTTLS", expect: 220)
                // Anything the server sent after its 220 is an injection attempt (RFC 3207 §6).
                guard session.reader.reset() else { throw SMTPFailure.connection("SMTP: data after the STARTTLS reply") }
                session.stream = try handshake(socket, tls: tls, host: settings.host, until: session.deadline)
                try session.hello()   // RFC 3207 §4.2: forget what was learned in clear
            }
            if let username = settings.username, let password = settings.password {
                try session.authenticate(username, password)
            }
        } catch {
            session.close()
            throw error
        }
        return session
    }

    private static func handshake(_ socket: OutboundSocket, tls: TLSContext, host: String,
                                  until deadline: ContinuousClock.Instant) throws -> TLSStream {
        do {
            return try TLSStream(socket: socket, context: tls, host: host, until: deadline)
        } catch {
            socket.close()
            throw SMTPFailure.connection("SMTP \(host): \(error)")
        }
    }

    private func hello() throws {
        let reply = try command("EHLO \(settings.heloName)", step: "EHLO", expect: 250)
        extensions = reply.keywords
    }

    private func authenticate(_ username: String, _ password: String) throws {
        let offered = Set((extensions["AUTH"] ?? "").uppercased().split(separator: " ").map(String.init))
        if offered.contains("PLAIN") {
            let token = Base64.encode([0] + Array(username.utf8) + [0] + Array(password.utf8))
            try command("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: 235)
        } else if offered.contains("LOGIN") {
            try command("AUTH LOGIN", step: "AUTH LOGIN", expect: 334)
            try command(Base64.encode(Array(username.utf8)), step: "AUTH LOGIN username", expect: 334)
            try command(Base64.encode(Array(password.utf8)), step: "AUTH LOGIN password", expect: 235)
        } else {
            throw SMTPFailure.connection("SMTP: the server offers no AUTH PLAIN or LOGIN")
        }
    }

    /// One mail transaction: MAIL FROM (with SIZE and BODY=8BITMIME when offered), RCPT TO, DATA.
    func send(_ mail: OutgoingMail) throws {
        if let limit = extensions["SIZE"].flatMap({ Int($0) }), limit > 0, mail.bytes.count > limit {
            throw SMTPFailure.reply("SIZE", SMTPReply(code: 552, lines: ["message of \(mail.bytes.count) bytes exceeds the server's \(limit)"]))
        }
        var from = "MAIL FROM:<\(mail.from)>"
        if extensions["SIZE"] != nil { from += " SIZE=\(mail.bytes.count)" }
        if extensions["8BITMIME"] != nil { from += " BODY=8BITMIME" }
        do {
            try command(from, step: "MAIL FROM", expect: 250)
            try command("RCPT TO:<\(mail.to)>", step: "RCPT TO", expect: 250, 251)
            try command("DATA", step: "DATA", expect: 354)
            try write(SMTPData.stuffed(mail.bytes))
            try expect("end of data", try read(), 250)
        } catch let failure as SMTPFailure {
            if case .reply = failure { _ = try? command("RSET", step: "RSET", expect: 250) }
            throw failure
        }
    }

    /// QUIT (its answer is not waited for long) and close.
    func quit() {
        _ = try? write(Array("QUIT\r\n".utf8))
        _ = try? reader.reply(from: stream, until: .now + .seconds(min(settings.timeout, 2)))
        close()
    }

    func close() { stream.close() }

    @discardableResult
    private func command(_ line: String, step: String, expect codes: Int...) throws -> SMTPReply {
        try write(Array((line + "\r\n").utf8))
        let reply = try read()
        guard codes.contains(reply.code) else { throw SMTPFailure.reply(step, reply) }
        return reply
    }

    private func expect(_ step: String, _ reply: SMTPReply, _ code: Int) throws {
        guard reply.code == code else { throw SMTPFailure.reply(step, reply) }
    }

    private func write(_ bytes: [UInt8]) throws {
        do { try stream.write(bytes, until: deadline) } catch { throw SMTPFailure.connection("SMTP: \(error)") }
    }

    private func read() throws -> SMTPReply {
        do { return try reader.reply(from: stream, until: deadline) } catch { throw SMTPFailure.connection("SMTP: \(error)") }
    }
}
