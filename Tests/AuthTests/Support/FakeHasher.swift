import Marketplace
import MarketplaceFakes
import Synchronization

/// A transparent "hash" (`fake:<password>`) that counts calls and can be made busy.
final class FakeHasher: PasswordHasher {
    private let calls = Mutex(0)
    private let busy = Mutex(false)

    var callCount: Int { calls.withLock { $0 } }
    func setBusy(_ value: Bool) { busy.withLock { $0 = value } }

    func hash(_ password: String) async throws -> String {
        try enter()
        return "fake:" + password
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try enter()
        return hash == "fake:" + password
    }

    private func enter() throws {
        calls.withLock { $0 += 1 }
        if busy.withLock({ $0 }) { throw MarketplaceError.unavailable(detail: "busy", retryAfterSeconds: 1) }
    }
}
