import Glibc
import Marketplace

/// The file-system calls of `FileBlobStore`, relative to directory descriptors and never
/// following a symbolic link: a link planted inside a bucket reads as "no object" and makes
/// writes fail, so no path handed to the store can reach outside its bucket.
enum BlobFiles {
    /// Names of files being written: in the bucket's top directory, never a valid key
    /// (segments cannot start with a dot), swept away when the store opens.
    static let temporaryPrefix = ".put-"

    /// ENOSPC and EDQUOT are a full disk (507); everything else is an I/O failure.
    static func failure(_ call: String, _ code: Int32) -> BlobStoreError {
        code == ENOSPC || code == EDQUOT ? .insufficientStorage : .io(call: call, errno: code)
    }

    /// Opens the directory `name` inside `parent`; nil when it is missing (and `create` is
    /// false) or when a file or a symbolic link stands where it should be.
    static func openDirectory(_ name: Substring, in parent: Int32, create: Bool) throws(BlobStoreError) -> Int32? {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        for _ in 0..<3 {   // mkdir, then open; a concurrent rmdir in between is retried
            let fd = openat(parent, String(name), flags)
            if fd >= 0 { return fd }
            let code = errno
            if code == ENOTDIR || code == ELOOP { return nil }
            guard code == ENOENT else { throw failure("openat(directory)", code) }
            guard create else { return nil }
            if mkdirat(parent, String(name), 0o755) != 0 && errno != EEXIST { throw failure("mkdirat", errno) }
        }
        throw .io(call: "openat(directory)", errno: ENOENT)
    }

    /// Opens each directory of `path` in turn below `base` (a new descriptor of `base` itself
    /// for an empty path); nil when one is missing.
    static func openPath(_ path: some Sequence<Substring>, in base: Int32, create: Bool) throws(BlobStoreError) -> Int32? {
        var current: Int32? = nil   // nil: still at `base`, which is not ours to close
        for segment in path {
            let next: Int32?
            do { next = try openDirectory(segment, in: current ?? base, create: create) } catch {
                if let current { close(current) }
                throw error
            }
            if let current { close(current) }
            guard let next else { return nil }
            current = next
        }
        if let current { return current }
        let copy = dup(base)
        guard copy >= 0 else { throw failure("dup", errno) }
        return copy
    }

    /// The whole of a small regular file, or nil when there is none (or it is no regular file).
    static func readSmall(_ name: String, in directory: Int32, limit: Int) throws(BlobStoreError) -> [UInt8]? {
        let fd = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ELOOP { return nil }
            throw failure("openat(metadata)", errno)
        }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count <= limit {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + count, limit + 1 - count, off_t(count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw failure("pread(metadata)", errno) }
            if n == 0 { break }
            count += n
        }
        return count > limit ? nil : Array(bytes[0..<count])
    }

    /// A regular file's size, or nil when `name` is missing or not a regular file.
    static func regularFileSize(_ name: String, in directory: Int32) -> Int? {
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Whether `name` is a directory (not a link to one).
    static func isDirectory(_ name: String, in directory: Int32) -> Bool {
        var info = stat()
        return fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A new file for writing in `directory`, under a random temporary name.
    static func createTemporary(in directory: Int32) throws(BlobStoreError) -> (fd: Int32, name: String) {
        while true {
            var generator = SystemRandomNumberGenerator()
            let name = temporaryPrefix + String(generator.next() as UInt64, radix: 36)
            let fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, name) }
            if errno != EEXIST { throw failure("openat(temporary)", errno) }
        }
    }

    /// Writes all of `bytes` through `writer`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ writer: BlobWriter) throws(BlobStoreError) {
        var offset = 0
        while offset < bytes.count {
            let n = writer.write(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            if n == -Int(EINTR) { continue }
            if n < 0 { throw failure("write", Int32(-n)) }
            if n == 0 { throw .io(call: "write", errno: EIO) }
            offset += n
        }
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(BlobStoreError) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw failure("pread", errno) }
        }
    }

    static func sync(_ fd: Int32) throws(BlobStoreError) {
        if fsync(fd) != 0 { throw failure("fsync", errno) }
    }

    /// Names in a directory, except `.` and `..`.
    static func names(in directory: Int32) -> [String] {
        // A fresh open of "." rather than dup: a dup would share (and advance) the offset.
        let fd = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, let stream = fdopendir(fd) else { return [] }
        defer { closedir(stream) }   // closes `fd` too
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}

/// How object bytes reach a file: `write(2)`, except in tests that simulate a full disk.
/// Returns the count written, or minus the `errno`.
struct BlobWriter: Sendable {
    let write: @Sendable (Int32, UnsafeRawBufferPointer) -> Int

    static let system = BlobWriter { fd, bytes in
        let n = Glibc.write(fd, bytes.baseAddress, bytes.count)
        return n >= 0 ? n : -Int(errno)
    }
}
