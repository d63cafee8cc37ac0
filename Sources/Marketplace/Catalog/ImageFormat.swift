/// The image types products may carry (docs/API.md §3), recognised by their magic bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"
    case gif = "image/gif"

    /// How many leading bytes `sniff` needs.
    public static let magicLength = 12

    /// The media type, as stored and served.
    public var mediaType: String { rawValue }

    /// The extension of object keys of this type.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .gif: "gif"
        }
    }

    /// The format a `Content-Type` value names (case-insensitive, parameters ignored), if any.
    public init?(mediaType: String) {
        var essence = mediaType.prefix { $0 != ";" }[...]
        while essence.first == " " || essence.first == "\t" { essence.removeFirst() }
        while essence.last == " " || essence.last == "\t" { essence.removeLast() }
        guard let format = ImageFormat(rawValue: essence.lowercased()) else { return nil }
        self = format
    }

    /// The format the leading bytes announce: JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`,
    /// `GIF87a`/`GIF89a`, WebP `RIFF????WEBP`; nil for anything else.
    public static func sniff(_ head: [UInt8]) -> ImageFormat? {
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), head[8..<12].elementsEqual("WEBP".utf8) { return .webp }
        return nil
    }
}
