extension Database {
    /// SQLite's `PRAGMA synchronous`: how hard a commit waits for the disk.
    public enum Synchronous: String, Sendable {
        /// No fsync: fastest, but a power loss may corrupt the database. Tests only.
        case off = "OFF"
        /// In WAL mode, commits survive a crash of the process but not a power loss.
        case normal = "NORMAL"
        /// The WAL is synced at every commit: once a write returns, it is on disk. The default,
        /// so that a 2xx answer for a state change means the change is durable.
        case full = "FULL"
        /// FULL, plus syncing the directory after deleting a journal.
        case extra = "EXTRA"
    }
}
