import COpenSSL
import Glibc
import Marketplace

/// TLS over a connected `OutboundSocket`. The handshake sends `host` as SNI (unless it is an
/// IP literal, which SNI does not allow) and checks the certificate against `host` — a name
/// through `SSL_set1_host`, an IP through the certificate's IP addresses — whatever address
/// the socket was connected to.
final class TLSStream: OutboundStream {
    private let socket: OutboundSocket
    private let ssl: OpaquePointer
    private var closed = false

    init(socket: OutboundSocket, context: TLSContext, host: String, until deadline: ContinuousClock.Instant) throws {
        guard let ssl = SSL_new(context.context) else {
            socket.close()
            throw GatewayError.transport("TLS: cannot create a session")
        }
        self.socket = socket
        self.ssl = ssl
        SSL_set_fd(ssl, socket.descriptor)
        let isIP = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        if isIP {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else {
                close()
                throw GatewayError.transport("TLS: invalid IP address \(host)")
            }
        } else {
            guard shim_SSL_set_tlsext_host_name(ssl, host) == 1, SSL_set1_host(ssl, host) == 1 else {
                close()
                throw GatewayError.transport("TLS: invalid host name \(host)")
            }
        }
        do {
            try perform(until: deadline) { SSL_connect($0) }
        } catch {
            close()
            throw error
        }
        var selected: UnsafePointer<UInt8>?
        var selectedLength: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &selected, &selectedLength)
        if let selected, selectedLength > 0 {
            let name = String(decoding: UnsafeBufferPointer(start: selected, count: Int(selectedLength)), as: UTF8.self)
            guard name == "http/1.1" else {
                close()
                throw GatewayError.transport("TLS: the server chose ALPN \(name), not http/1.1")
            }
        }
    }

    /// Runs one libssl call until it succeeds, waiting on the socket whenever libssl asks.
    @discardableResult
    private func perform(until deadline: ContinuousClock.Instant, _ call: (OpaquePointer) -> Int32) throws -> Int32 {
        while true {
            ERR_clear_error()
            let result = call(ssl)
            if result > 0 { return result }
            let code = SSL_get_error(ssl, result)
            switch code {
            case SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), until: deadline)
            case SSL_ERROR_ZERO_RETURN: return 0
            default: throw failure(code)
            }
        }
    }

    /// A clear message for a failed handshake or record: the certificate check's verdict
    /// first, else libssl's own reason.
    private func failure(_ code: Int32) -> GatewayError {
        let verdict = SSL_get_verify_result(ssl)
        if verdict != X509_V_OK {
            let detail = String(cString: X509_verify_cert_error_string(verdict))
            let kind: String
            switch Int32(verdict) {
            case X509_V_ERR_CERT_HAS_EXPIRED: kind = "certificate expired"
            case X509_V_ERR_CERT_NOT_YET_VALID: kind = "certificate not yet valid"
            case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH: kind = "host name mismatch"
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
                 X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
                 X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
                kind = "untrusted certificate"
            default: kind = "certificate rejected"
            }
            return .transport("TLS: \(kind) (\(detail))")
        }
        var reasons: [String] = []
        while case let error = ERR_get_error(), error != 0 {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(error, &text, text.count)
            reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let joined = reasons.joined(separator: "; ")
        let lowered = joined.lowercased()
        if lowered.contains("protocol version") || lowered.contains("unsupported protocol") || lowered.contains("no protocols available") {
            return .transport("TLS: protocol version refused, TLS 1.2 or newer required (\(joined))")
        }
        if code == SSL_ERROR_SYSCALL && joined.isEmpty {
            return .transport("TLS: connection closed by the peer")
        }
        return .transport("TLS: handshake or record failed (\(joined.isEmpty ? "error \(code)" : joined))")
    }

    func write(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws {
        var offset = 0
        while offset < bytes.count {
            let chunk = Array(bytes[offset...])
            let written = try perform(until: deadline) { SSL_write($0, chunk, Int32(chunk.count)) }
            guard written > 0 else { throw GatewayError.transport("TLS: the peer closed while writing") }
            offset += Int(written)
        }
    }

    func read(maxCount: Int, until deadline: ContinuousClock.Instant) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = try buffer.withUnsafeMutableBytes { raw in
            try perform(until: deadline) { SSL_read($0, raw.baseAddress, Int32(maxCount)) }
        }
        return Array(buffer[0..<Int(count)])
    }

    func isStale() -> Bool { SSL_pending(ssl) > 0 || socket.isStale() }

    func close() {
        guard !closed else { return }
        closed = true
        SSL_free(ssl)
        socket.close()
    }

    deinit { close() }
}
