import Auth
import Marketplace
import HTTPServer

/// The authentication middleware's logic: reads `Authorization: Bearer <token>` (never a
/// query parameter), asks the `Authenticator` who it is, and checks the route's access.
struct AccessGate: Sendable {
    let authenticator: Authenticator

    /// The principal allowed through, or `AuthError.unauthenticated` (401) /
    /// `AuthError.forbiddenRole` (403).
    func admit(_ request: Request, _ access: RouteAccess) async throws -> Principal {
        var account: Int64?
        return try await admit(request, access, account: &account)
    }

    /// The same; `account` is set to the authenticated account before its role is checked, so
    /// the access log names who was refused with 403.
    func admit(_ request: Request, _ access: RouteAccess, account: inout Int64?) async throws -> Principal {
        guard let token = Self.bearerToken(request.headers),
              let principal = try await authenticator.principal(forToken: token)
        else { throw AuthError.unauthenticated }
        account = principal.userID.rawValue
        if case .role(let role) = access, !principal.has(role) { throw AuthError.forbiddenRole(required: role) }
        return principal
    }

    /// The token of the one `Authorization` field when its scheme is Bearer (RFC 6750 §2.1:
    /// the scheme is case-insensitive); nil when missing, repeated or of another scheme.
    static func bearerToken(_ headers: HTTPHeaders) -> String? {
        let values = headers.values("Authorization")
        guard values.count == 1 else { return nil }
        let value = values[0].utf8
        guard value.count > 7, String(decoding: value.prefix(7), as: UTF8.self).equalsIgnoringASCIICase("Bearer ") else { return nil }
        var token = value.dropFirst(7)
        while token.first == UInt8(ascii: " ") { token = token.dropFirst() }
        while token.last == UInt8(ascii: " ") { token = token.dropLast() }
        return token.isEmpty ? nil : String(decoding: token, as: UTF8.self)
    }
}
