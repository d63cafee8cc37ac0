import Auth
import HTTPServer
import Marketplace
import Storage

/// An S3 error: its code, status and message, answered as S3's XML
/// (`<Error><Code/><Message/><Resource/><RequestId/></Error>`), never as problem+json.
struct S3Error: Error, Sendable {
    let code: String
    let status: Int
    let message: String
    var headers: [(String, String)] = []

    init(_ code: String, _ status: Int, _ message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    static func noSuchBucket() -> S3Error { S3Error("NoSuchBucket", 404, "The specified bucket does not exist.") }
    static func noSuchKey() -> S3Error { S3Error("NoSuchKey", 404, "The specified key does not exist.") }
    static func noSuchUpload() -> S3Error {
        S3Error("NoSuchUpload", 404, "The specified multipart upload does not exist. The upload ID might be invalid, or it was aborted or completed.")
    }
    static func invalidArgument(_ message: String) -> S3Error { S3Error("InvalidArgument", 400, message) }
    static func malformedXML() -> S3Error {
        S3Error("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema.")
    }
    static func notImplemented(_ message: String) -> S3Error { S3Error("NotImplemented", 501, message) }
    static func preconditionFailed() -> S3Error {
        S3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold.")
    }

    /// Any error a handler throws, as S3 would name it; the rest is InternalError.
    static func from(_ error: any Error) -> S3Error {
        switch error {
        case let error as S3Error: return error
        case let error as SigV4Error: return S3Error(error.code, error.status, error.message)
        case let error as ObjectStoreError:
            switch error {
            case .noSuchBucket: return noSuchBucket()
            case .bucketNotEmpty: return S3Error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty.")
            case .bucketExists: return S3Error("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it.")
            case .noSuchUpload: return noSuchUpload()
            case .invalidPart(let number):
                return S3Error("InvalidPart", 400, "Part \(number) could not be found, or its ETag does not match the part uploaded.")
            case .invalidPartOrder: return S3Error("InvalidPartOrder", 400, "The list of parts was not in ascending order.")
            case let .entityTooSmall(part, size):
                return S3Error("EntityTooSmall", 400,
                               "Part \(part) has \(size) bytes; every part but the last must be at least \(FileBlobStore.minPartBytes) bytes.")
            }
        case let error as BlobStoreError:
            switch error {
            case .invalidLocation(let reason): return invalidArgument("The key cannot be stored here: \(reason)")
            case .invalidContentType: return invalidArgument("Content-Type must be 1–255 visible ASCII characters.")
            case .alreadyExists: return S3Error("OperationAborted", 409, "A conflicting operation is in progress on this object.")
            case .insufficientStorage: return S3Error("ServiceUnavailable", 503, "The server has no room for the object; try again later.")
            case .unreadableSource, .io: return S3Error("InternalError", 500, "We encountered an internal error. Please try again.")
            }
        default: return S3Error("InternalError", 500, "We encountered an internal error. Please try again.")
        }
    }

    func response(resource: String, requestID: String) -> Response {
        var xml = S3XML.document("Error")
        xml.element("Code", code)
        xml.element("Message", message)
        xml.element("Resource", resource)
        xml.element("RequestId", requestID)
        var response = xml.response(status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }
}
