import Marketplace

/// Who may call a route. Public routes take a plain `Handler`; the others an
/// `AuthenticatedHandler`, which receives the `Principal` the middleware established.
enum RouteAccess: Sendable, Equatable {
    /// Any valid bearer token, whatever its role (`/me`, `/auth/logout`).
    case anyRole
    /// A valid bearer token of this role: the realm routes (docs/API.md §1).
    case role(Role)

    /// The role a realm path demands: `/api/v1/seller/**` → SELLER, `/customer/**` →
    /// CUSTOMER, `/admin/**` → ADMIN; nil for every other path.
    static func realm(of path: String) -> Role? {
        guard path.hasPrefix(realmRoot) else { return nil }
        let rest = path.utf8.dropFirst(realmRoot.utf8.count)
        for (prefix, role) in realms {
            if rest.starts(with: prefix.utf8) {
                let after = rest.dropFirst(prefix.utf8.count)
                if after.isEmpty || after.first == UInt8(ascii: "/") { return role }
            }
        }
        return nil
    }

    private static let realmRoot = "/api/v1/"
    private static let realms: [(String, Role)] = [("seller", .seller), ("customer", .customer), ("admin", .admin)]
}
