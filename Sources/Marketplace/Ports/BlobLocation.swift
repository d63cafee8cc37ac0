/// Where an object lives: a bucket and a key, both checked on creation, so that no backend
/// can be led outside a bucket by a path it is given (`..`, absolute paths, NUL, `\`).
///
/// Rules (stricter than S3's, because keys here are server-generated and a file-system
/// backend maps them onto directories): the bucket is 3–63 of `[a-z0-9-]`, starting and
/// ending with a letter or digit; the key is 1–1024 bytes of `/`-separated segments, none
/// empty, none starting with `.` (so `.`, `..`, hidden names and the backend's own
/// bookkeeping files are all out), each at most 200 bytes, without NUL or other control
/// characters, `\`, or DEL.
public struct BlobLocation: Hashable, Sendable, CustomStringConvertible {
    /// The bucket's name.
    public let bucket: String
    /// The object key inside the bucket.
    public let key: String

    /// Checks `bucket` and `key`; throws `BlobStoreError.invalidLocation` naming the first problem.
    public init(bucket: String, key: String) throws(BlobStoreError) {
        try Self.checkBucket(bucket)
        try Self.checkKey(key, allowTrailingSlash: false)
        self.bucket = bucket
        self.key = key
    }

    /// `bucket/key`, the form URLs and `products.thumbnail_key` use.
    public var description: String { "\(bucket)/\(key)" }

    /// The key's segments (directories, then the object's own name).
    public var segments: [Substring] { key.split(separator: "/", omittingEmptySubsequences: false) }

    static let maxKeyBytes = 1024
    static let maxSegmentBytes = 200

    /// Checks a bucket name.
    public static func checkBucket(_ bucket: String) throws(BlobStoreError) {
        let bytes = Array(bucket.utf8)
        guard (3...63).contains(bytes.count) else { throw .invalidLocation("The bucket name must be 3–63 characters.") }
        let allowed = bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        guard allowed, isLowerAlphanumeric(bytes.first!), isLowerAlphanumeric(bytes.last!) else {
            throw .invalidLocation("The bucket name must be lowercase letters, digits and inner hyphens.")
        }
    }

    /// Checks a key, or a listing prefix (which may be empty or end with `/` or mid-segment).
    public static func checkKey(_ key: String, allowTrailingSlash: Bool) throws(BlobStoreError) {
        let bytes = key.utf8
        if allowTrailingSlash && bytes.isEmpty { return }
        guard !bytes.isEmpty, bytes.count <= maxKeyBytes else { throw .invalidLocation("The key must be 1–1024 bytes.") }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") }) else {
            throw .invalidLocation("The key contains a control character or a backslash.")
        }
        var segments = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if allowTrailingSlash && segments.count > 1 && segments.last!.isEmpty { segments.removeLast() }
        for segment in segments {
            guard !segment.isEmpty else { throw .invalidLocation("The key has an empty segment (a leading, trailing or double slash).") }
            guard segment.first != UInt8(ascii: ".") else { throw .invalidLocation("No key segment may start with a dot (\".\", \"..\", hidden names).") }
            guard segment.count <= maxSegmentBytes else { throw .invalidLocation("A key segment is longer than 200 bytes.") }
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
