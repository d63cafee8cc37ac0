
import Glibc
import Synchronization
import HTTPServer

/// `X-Request-Id` values: the client's when it is 1–128 visible ASCII characters, else a
/// new one — a random per-process prefix and a counter, unique without a UUID per request
/// (which costs several microseconds here).
enum RequestID {
    private static let prefix: String = {
        let bytes = (0..<6).map { _ in UInt8.random(in: 0...255) }   // the system RNG (getrandom)
        return bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }()

    private static let counter = Atomic<UInt64>(0)

    static func resolve(_ client: String?) -> String {
        if let client, isAcceptable(client) { return client }
        return make()
    }

    static func make() -> String {
        let next = counter.add(1, ordering: .relaxed).newValue
        return "\(prefix)-\(String(next, radix: 16))"
    }

    static func isAcceptable(_ value: String) -> Bool {
        let utf8 = value.utf8
        return (1...128).contains(utf8.count) && utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
