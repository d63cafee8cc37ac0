import HTTPServer
import Synchronization

/// The general rate limit (docs/API.md §12, `limits.requestsPerMinute`): a `SlidingWindowCounter` per
/// client address, in memory, per server.
///
/// Each request is counted and checked in one critical section, before authentication or
/// the handler run, so N requests sent at once get exactly `limit` admissions. Clients are
/// spread over shards (one `Mutex` each) so that different clients rarely share a lock.
///
/// Memory is bounded whatever the number of addresses: at most `capacity` clients are
/// tracked. A new client arriving at a full shard first drops clients whose estimate has
/// fallen to zero, then, if the shard is still above 90 % full, the clients with the
/// lowest estimates — forgetting such a client gives it back no more than the few requests
/// it had used, while clients near their limit stay tracked, so a flood of fresh addresses
/// evicts its own entries first. Idle clients are also dropped when a new client arrives two
/// windows or more after the shard's last sweep.
///
/// IPv6 clients are counted per /64 (one subscriber's prefix, RFC 6177), so rotating
/// through one's own addresses does not multiply the budget.
final class RateLimiter: Sendable {
    let policy: SlidingWindowCounter.Policy
    /// Clients tracked at most, over all shards.
    let capacity: Int
    private let shards: [Shard]
    private let perShard: Int
    private let refusedTotal = Atomic<Int>(0)
    /// Both fields, made into head bytes once; each response carries it and its two numbers.
    private let fields: FieldTemplate

    private final class Shard: Sendable {
        let table = Mutex(Table())
    }

    private struct Table {
        var windows: [IPAddress: SlidingWindowCounter] = [:]
        var lastSweep: Int64 = 0
    }

    /// `limit` requests per `windowSeconds` (at least 1 each).
    init(limit: Int, windowSeconds: Int = 60, capacity: Int = 100_000, shards: Int = 16) {
        precondition(limit >= 1 && windowSeconds >= 1 && capacity >= 1 && shards >= 1)
        policy = SlidingWindowCounter.Policy(limit: limit, windowMillis: Int64(windowSeconds) * 1000)
        self.capacity = capacity
        self.shards = (0..<shards).map { _ in Shard() }
        perShard = max(1, capacity / shards)
        fields = FieldTemplate([
            ("RateLimit-Policy", "\"\(Self.policyName)\";q=\(limit);w=\(windowSeconds)"),
            ("RateLimit", "\"\(Self.policyName)\";r=\(FieldTemplate.first);t=\(FieldTemplate.second)"),
        ])
    }

    /// Counts a request from `client` (numeric text) at `seconds` on a monotonic clock.
    func admit(_ client: String, at seconds: Double) -> SlidingWindowCounter.Decision {
        admit(IPAddress(client), at: seconds)
    }

    /// Counts a request from `client` at `seconds` on a monotonic clock (`Sys.monotonicSeconds`);
    /// nil (a request not from a socket) counts as `0.0.0.0`. Allocates nothing for a client
    /// already tracked.
    func admit(_ client: IPAddress?, at seconds: Double) -> SlidingWindowCounter.Decision {
        let key = Self.key(for: client)
        let now = Int64((seconds * 1000).rounded(.down))
        // Fibonacci hashing of the address bits: cheap, and a shard is bounded anyway.
        let mixed = (key.high ^ key.low) &* 0x9E37_79B9_7F4A_7C15
        let shard = shards[Int((mixed >> 32) % UInt64(shards.count))]
        // Only the count under the lock; the seconds to report are worked out on a copy after.
        let (admitted, window) = shard.table.withLock { table in
            if let index = table.windows.index(forKey: key) {
                let admitted = table.windows.values[index].count(at: now, policy)
                return (admitted, table.windows.values[index])
            }
            if table.windows.count >= perShard || now - table.lastSweep >= 2 * policy.windowMillis {
                compact(&table, now: now)
            }
            var window = SlidingWindowCounter(start: now)
            let admitted = window.count(at: now, policy)
            table.windows[key] = window
            return (admitted, window)
        }
        if !admitted { refusedTotal.add(1, ordering: .relaxed) }
        return window.decision(admitted, at: now, policy)
    }

    /// The fields of draft-ietf-httpapi-ratelimit-headers-11 (23 May 2026) §3 and §4, as
    /// Structured Field lists: `RateLimit-Policy: "default";q=600;w=60` (the quota and its
    /// window, the same on every response) and `RateLimit: "default";r=17;t=4` (requests left
    /// now, and the seconds within which no more than those are available — on a 429 that is
    /// `Retry-After`, which by §6 must not end before the effective window does).
    func decorate(_ response: inout Response, _ decision: SlidingWindowCounter.Decision) {
        let (remaining, seconds) = switch decision {
        case let .admitted(remaining, reset): (remaining, reset)
        case let .refused(retryAfter): (0, retryAfter)
        }
        // RFC 6585 §4: a 429 must not be stored by a cache.
        if case .refused = decision { response.headers.set("Cache-Control", "no-store") }
        // Not two `HTTPHeaders` entries with a `String` each: the template and two numbers,
        // which the engine's writer formats into the head (that was most of what the limit cost).
        response.headers.setTemplate(fields, remaining, seconds)
    }

    /// The `RateLimit` value, `"default";r=17;t=4`, as a string (tests; responses get it from `decorate`).
    static func field(remaining: Int, reset: Int) -> String {
        "\"\(policyName)\";r=\(max(0, remaining));t=\(max(0, reset))"
    }

    /// The one policy's name in both fields.
    static let policyName = "default"

    /// Requests refused since start (`/metrics`).
    var refused: Int { refusedTotal.load(ordering: .relaxed) }

    /// Clients tracked now.
    var tracked: Int { shards.reduce(0) { $0 + $1.table.withLock { $0.windows.count } } }

    /// The table key: the IPv4 address, or an IPv6 address's /64. A client that is no address
    /// (a request not from a socket) counts as `0.0.0.0`.
    static func key(for client: IPAddress?) -> IPAddress {
        guard let address = client else { return IPAddress(v4: 0) }
        return address.isV4 ? address : address.masked(64)
    }

    static func key(for client: String) -> IPAddress { key(for: IPAddress(client)) }

    /// Drops idle clients; when the shard is full, also those with the lowest estimates, down
    /// to 90 % (at least one slot), so the next compaction is many arrivals away.
    private func compact(_ table: inout Table, now: Int64) {
        let window = policy.windowMillis
        table.lastSweep = now
        table.windows = table.windows.filter { $0.value.weighted(at: now, window) > 0 }
        guard table.windows.count >= perShard else { return }
        let target = min(perShard * 9 / 10, perShard - 1)
        let lightest = table.windows.map { (key: $0.key, weight: $0.value.weighted(at: now, window)) }
            .sorted { $0.weight < $1.weight }
            .prefix(table.windows.count - target)
        for entry in lightest { table.windows.removeValue(forKey: entry.key) }
    }
}
