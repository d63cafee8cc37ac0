import Marketplace

extension BlobStoreError {
    /// 400 for a location no object can have, 507 for a full disk; the rest is our fault (500).
    var problem: Problem {
        switch self {
        case .invalidLocation(let reason):
            Problem(status: 400, code: "INVALID_BLOB_KEY", detail: reason)
        case .insufficientStorage:
            Problem(status: 507, code: "INSUFFICIENT_STORAGE", detail: "The server has no room to store this object; nothing was stored.")
        case .invalidContentType, .alreadyExists, .unreadableSource, .io:
            Problem(status: 500, code: "INTERNAL_ERROR", detail: "The object store failed.")
        }
    }
}
