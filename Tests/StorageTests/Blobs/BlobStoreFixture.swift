import Foundation
import Glibc
import Marketplace
@testable import Storage

/// A `FileBlobStore` in a fresh temporary directory, and the checks its tests repeat.
struct BlobStoreFixture {
    struct FixedClock: WallClock {
        func now() -> Double { 1_763_900_000.123 }
    }

    let directory: String
    let store: FileBlobStore
    var root: String { directory + "/blobs" }

    init(directory: String, writer: BlobWriter = .system) throws {
        self.directory = directory
        store = try FileBlobStore(root: directory + "/blobs", clock: FixedClock(), writer: writer)
    }

    static func with<T>(writer: BlobWriter = .system, _ body: (BlobStoreFixture) async throws -> T) async throws -> T {
        try await TemporaryDirectory.with { try await body(try BlobStoreFixture(directory: $0, writer: writer)) }
    }

    static func location(_ key: String, bucket: String = "images") -> BlobLocation {
        try! BlobLocation(bucket: bucket, key: key)
    }

    /// Every file and directory under the data directory, relative to it, sorted.
    func tree() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        return ((enumerator?.allObjects as? [String]) ?? []).sorted()
    }

    /// Temporary files the store left in its buckets.
    func temporaries() -> [String] { tree().filter { $0.split(separator: "/").last?.hasPrefix(".put-") ?? false } }

    func write(_ bytes: [UInt8], to relative: String) throws -> String {
        let path = directory + "/" + relative
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A writer that lets `allowed` bytes through, then fails as a full disk does.
    static func fullDisk(after allowed: Int, errno code: Int32 = ENOSPC) -> BlobWriter {
        let written = Counter()
        return BlobWriter { fd, bytes in
            let room = allowed - written.value
            guard room > 0 else { return -Int(code) }
            let n = Glibc.write(fd, bytes.baseAddress, min(room, bytes.count))
            written.add(max(n, 0))
            return n
        }
    }

    final class Counter: @unchecked Sendable {
        // Guarded by `lock`; the store's queue and the test touch it.
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func add(_ n: Int) { lock.withLock { count += n } }
    }
}

/// `count` bytes of a non-trivial pattern (a 4093-byte block, repeated: cheap in debug builds).
func patternBytes(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
    let block = (0..<4093).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &+ ($0 >> 8)) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count { bytes += block.prefix(count - bytes.count) }
    return bytes
}
