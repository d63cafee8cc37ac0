import Synchronization

/// What the auth limits' repositories share: the advisory lock of a limit's key, and when to
/// drop rows that left every window.
///
/// Why a lock and not a parent row: a claim decides over SEVERAL rows ("fewer than N in the
/// window, so insert one"), which snapshot isolation alone would let two PostgreSQL
/// transactions both pass. Other such writes rewrite a parent row first
/// (`Connection.serializeWrites`), but an email here may have no account and an address has
/// no row at all; and serializing by conflict means a 30-request burst on one key retries its
/// way towards `Database.maxWriteAttempts`. The advisory lock on the key, taken before the
/// transaction's snapshot (`Database.write(locking:)`), makes the claims of one key take
/// turns across every server, each seeing the rows of the ones before it, with no retries.
/// On SQLite the one writer already runs them one at a time.
enum LimitKeys {
    /// The advisory lock key for a limit's key `name`: FNV-1a (64 bits) with the sign bit
    /// set, so it never equals a product id (positive: order placement locks those). Two
    /// names sharing a hash merely take turns.
    static func lock(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash | 0x8000_0000_0000_0000)
    }
}

/// Says when a repository should drop its expired rows: at most once per `interval` seconds
/// of its clock, per process. Pruning in a transaction of its own, not in every claim, keeps
/// claims of different keys from deleting the same rows at once (on PostgreSQL a conflict
/// and a retry each time); rows still counted are never touched, so a late prune only costs
/// space: the table holds the windows' rows plus about `interval` seconds more.
final class PruneSchedule: Sendable {
    private let next = Mutex(-Double.infinity)
    let interval: Double

    init(interval: Double = 60) { self.interval = interval }

    /// True once per interval: the caller prunes now.
    func isDue(at time: Double) -> Bool {
        next.withLock { next in
            guard time >= next else { return false }
            next = time + interval
            return true
        }
    }
}
