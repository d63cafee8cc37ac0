/// The sidecar file beside each object (`.<name>.meta` in the object's directory): four
/// `name: value` lines, the same facts the GET response's headers carry, readable with `cat`
/// and parsed without Foundation on the serving path.
///
///     content-type: image/png
///     size: 48213
///     etag: "1b2cf535f27731c974343645a3985328"
///     last-modified: 1763900000123
///
/// Objects written through `/s3` add `inode: N` (the data file's inode, so that a reader
/// racing an overwrite can tell new bytes from old metadata and look again) and one
/// `meta-<name>: value` line per `x-amz-meta-*` header.
struct BlobMetadata: Equatable {
    var contentType: String
    var size: Int
    var etag: String
    /// Unix milliseconds.
    var lastModified: Int64
    /// The data file's inode when it was committed; nil in sidecars written before overwrites existed.
    var inode: UInt64? = nil
    /// S3 user metadata (`x-amz-meta-*`), names lowercase without the prefix.
    var userMetadata: [String: String] = [:]

    /// Sidecars are small (S3 caps user metadata at 2 KiB); anything larger is not one of ours.
    static let maxBytes = 4096

    func encoded() -> [UInt8] {
        var text = "content-type: \(contentType)\nsize: \(size)\netag: \(etag)\nlast-modified: \(lastModified)\n"
        if let inode { text += "inode: \(inode)\n" }
        for (name, value) in userMetadata.sorted(by: { $0.key < $1.key }) { text += "meta-\(name): \(value)\n" }
        return Array(text.utf8)
    }

    /// Parses `encoded()`'s form; nil for anything else.
    init?(parsing bytes: [UInt8]) {
        var type: String?, size: Int?, etag: String?, modified: Int64?, inode: UInt64?
        var user: [String: String] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let value = String(decoding: line[(colon + 1)...].drop { $0 == 0x20 }, as: UTF8.self)
            let name = String(decoding: line[..<colon], as: UTF8.self)
            switch name {
            case "content-type": type = value
            case "size": size = Int(value)
            case "etag": etag = value
            case "last-modified": modified = Int64(value)
            case "inode": inode = UInt64(value)
            default: if name.hasPrefix("meta-") { user[String(name.dropFirst(5))] = value }
            }
        }
        guard let type, let size, let etag, let modified, size >= 0 else { return nil }
        self.init(contentType: type, size: size, etag: etag, lastModified: modified)
        self.inode = inode
        userMetadata = user
    }

    init(contentType: String, size: Int, etag: String, lastModified: Int64) {
        self.contentType = contentType
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }

    /// The sidecar's file name for an object named `name`.
    static func fileName(for name: Substring) -> String { ".\(name).meta" }

    /// The object name a sidecar file name belongs to, or nil when `fileName` is no sidecar.
    static func objectName(ofSidecar fileName: String) -> Substring? {
        guard fileName.hasPrefix("."), fileName.hasSuffix(".meta"), !fileName.hasPrefix(BlobFiles.temporaryPrefix) else { return nil }
        let name = fileName.dropFirst().dropLast(5)
        return name.isEmpty || name.hasPrefix(".") ? nil : name
    }
}
