/// The sidecar file beside each object (`.<name>.meta` in the object's directory): four
/// `name: value` lines, the same facts the GET response's headers carry, readable with `cat`
/// and parsed without Foundation on the serving path.
///
///     content-type: image/png
///     size: 48213
///     etag: "1b2cf535f27731c974343645a3985328"
///     last-modified: 1763900000123
struct BlobMetadata: Equatable {
    var contentType: String
    var size: Int
    var etag: String
    /// Unix milliseconds.
    var lastModified: Int64

    /// Sidecars are tiny; anything larger is not one of ours.
    static let maxBytes = 1024

    func encoded() -> [UInt8] {
        Array("content-type: \(contentType)\nsize: \(size)\netag: \(etag)\nlast-modified: \(lastModified)\n".utf8)
    }

    /// Parses `encoded()`'s form; nil for anything else.
    init?(parsing bytes: [UInt8]) {
        var type: String?, size: Int?, etag: String?, modified: Int64?
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let value = String(decoding: line[(colon + 1)...].drop { $0 == 0x20 }, as: UTF8.self)
            switch String(decoding: line[..<colon], as: UTF8.self) {
            case "content-type": type = value
            case "size": size = Int(value)
            case "etag": etag = value
            case "last-modified": modified = Int64(value)
            default: continue
            }
        }
        guard let type, let size, let etag, let modified, size >= 0 else { return nil }
        self.init(contentType: type, size: size, etag: etag, lastModified: modified)
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
