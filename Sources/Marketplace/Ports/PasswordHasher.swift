/// Turns passwords into slow, salted hashes and checks them; never on a socket thread.
public protocol PasswordHasher: Sendable {
    /// A new salted hash of `password`; throws `MarketplaceError.unavailable` when busy.
    func hash(_ password: String) async throws -> String

    /// Whether `password` matches `hash`; throws `MarketplaceError.unavailable` when busy.
    func verify(_ password: String, against hash: String) async throws -> Bool
}
