/// Why a blob store call failed; the HTTP layer maps each case to a status in one place.
public enum BlobStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bucket or key breaks `BlobLocation`'s rules (400).
    case invalidLocation(String)
    /// A content type that is not 1–255 visible ASCII characters.
    case invalidContentType
    /// `put` to a key that already holds an object; objects are never replaced.
    case alreadyExists
    /// The disk or the quota is full (ENOSPC, EDQUOT); nothing was stored (507).
    case insufficientStorage
    /// A source given to `put` could not be read or is shorter than its range.
    case unreadableSource(String)
    /// Another system call failed.
    case io(call: String, errno: Int32)

    /// A one-line summary for logs.
    public var description: String {
        switch self {
        case .invalidLocation(let reason): "invalid blob location: \(reason)"
        case .invalidContentType: "invalid content type"
        case .alreadyExists: "an object already exists at this key"
        case .insufficientStorage: "no space left for the object"
        case .unreadableSource(let reason): "unreadable source: \(reason)"
        case let .io(call, errno): "\(call) failed (errno \(errno))"
        }
    }
}
