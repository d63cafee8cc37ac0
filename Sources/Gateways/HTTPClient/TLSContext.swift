import COpenSSL
import Marketplace

/// libssl's client settings, shared by every connection of one `OutboundHTTPClient`:
/// TLS 1.2 or newer only, the peer's chain always verified (`SSL_VERIFY_PEER`) against the
/// system trust store or the given CA file, ALPN offering `http/1.1`. There is no switch to
/// turn verification off: a test trusts its own CA by passing `caFile`.
///
/// An `SSL_CTX` is safe to share between threads once set up; it is never changed after `init`.
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    /// - Parameter caFile: a PEM file of trusted CAs; nil means the system trust store.
    public init(caFile: String? = nil) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw GatewayError.transport("TLS: cannot create a client context")
        }
        self.context = context
        guard shim_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw GatewayError.transport("TLS: cannot require TLS 1.2")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                ERR_clear_error()
                throw GatewayError.transport("TLS: cannot load the CA file \(caFile)")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                ERR_clear_error()
                throw GatewayError.transport("TLS: cannot load the system trust store")
            }
        }
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        // SSL_CTX_set_alpn_protos returns 0 on success.
        guard SSL_CTX_set_alpn_protos(context, alpn, UInt32(alpn.count)) == 0 else {
            throw GatewayError.transport("TLS: cannot set ALPN")
        }
    }

    deinit { SSL_CTX_free(context) }
}
