import Dispatch
import Glibc
import HTTPServer

/// Reads spooled request bodies (uploads) off the event loops: the calls run on a queue of
/// their own, since a 10 MiB scan would stall every connection of a loop.
enum SpooledFile {
    private static let queue = DispatchQueue(label: "uploads.spooled", attributes: .concurrent)
    static let chunk = 64 << 10

    /// Runs `body` on the upload queue.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Calls `body` with each successive chunk of the file until it returns false or the file ends.
    static func forEachChunk(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let fd = try open(path)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var offset = 0
        while true {
            let count = try buffer.withUnsafeMutableBytes { try read(fd, into: $0, at: offset) }
            if count == 0 { return }
            offset += count
            guard try buffer.withUnsafeBytes({ try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) else { return }
        }
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file.
    static func bytes(_ path: String, at offset: Int, count: Int) throws -> [UInt8] {
        let fd = try open(path)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try buffer.withUnsafeMutableBytes { try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), at: offset + filled) }
            if n == 0 { break }
            filled += n
        }
        return Array(buffer[0..<filled])
    }

    private static func open(_ path: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError(call: "open(spooled body)", errno: errno) }
        return fd
    }

    private static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw SystemError(call: "pread(spooled body)", errno: errno) }
        }
    }
}
