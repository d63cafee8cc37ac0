import Auth
import HTTPServer
import Marketplace
import Storage

/// `/s3` (docs/API.md §9): the Amazon S3 REST API, path-style, over the blob directory that
/// image uploads write and `/blobs` serves. Every request is checked with Signature V4 first;
/// every answer, errors included, is S3's XML (never problem+json). S3 chooses the operation
/// by method, path depth and query flags (`?uploads`, `?uploadId=`, `?delete`, …), so each
/// route here dispatches on them.
enum S3Routes {
    static let tag = "s3"
    /// S3's cap on one PUT; bodies stream to disk (the engine's spooling), never to memory.
    static let maxPutBytes = 5 << 30
    /// The XML bodies of DeleteObjects and CompleteMultipartUpload (1000 keys, 10000 parts).
    static let maxXMLBytes = 2 << 20

    struct Service: Sendable {
        let store: FileBlobStore
        let verifier: SigV4Verifier
        let clock: any WallClock
    }

    static func register(on router: inout Router, service: Service) {
        for path in ["/s3", "/s3/"] {
            router.add(.get, path, doc: doc("ListBuckets")) { request in await serve(request, service, S3BucketHandlers.listBuckets) }
        }
        let bucket = "/s3/{bucket}", object = "/s3/{bucket}/{key...}"
        router.add(.get, bucket, doc: doc("HeadBucket (HEAD), ListObjectsV2 (list-type=2), ListObjects, ListMultipartUploads (?uploads), "
                                              + "GetBucketLocation (?location)")) { request in
            await serve(request, service, S3BucketHandlers.get)
        }
        router.add(.put, bucket, bodyLimit: 64 << 10, doc: doc("CreateBucket")) { request in
            await serve(request, service, S3BucketHandlers.create)
        }
        router.add(.delete, bucket, doc: doc("DeleteBucket (empty buckets only)")) { request in
            await serve(request, service, S3BucketHandlers.delete)
        }
        router.add(.post, bucket, bodyLimit: maxXMLBytes, doc: doc("DeleteObjects (?delete)")) { request in
            await serve(request, service, S3BucketHandlers.deleteObjects)
        }
        router.add(.get, object, doc: doc("GetObject, HeadObject (HEAD), ListParts (?uploadId=)")) { request in
            await serve(request, service, S3ObjectHandlers.get)
        }
        router.add(.put, object, bodyLimit: maxPutBytes, spoolsBody: true,
                   doc: doc("PutObject, CopyObject (x-amz-copy-source), UploadPart (?partNumber=&uploadId=)")) { request in
            await serve(request, service, S3ObjectHandlers.put)
        }
        router.add(.delete, object, doc: doc("DeleteObject, AbortMultipartUpload (?uploadId=)")) { request in
            await serve(request, service, S3ObjectHandlers.delete)
        }
        router.add(.post, object, bodyLimit: maxXMLBytes,
                   doc: doc("CreateMultipartUpload (?uploads), CompleteMultipartUpload (?uploadId=)")) { request in
            await serve(request, service, S3MultipartHandlers.post)
        }
    }

    /// One authenticated call: the request, how its body is checked, and the store.
    struct Call: Sendable {
        let request: Request
        let payload: SigV4Verifier.Payload
        let service: Service

        var store: FileBlobStore { service.store }
        var bucket: String { request.parameters["bucket"] ?? "" }
        var key: String { request.parameters["key"] ?? "" }

        /// The bucket, checked: S3's `InvalidBucketName` for a name the directory cannot hold.
        func checkedBucket() throws -> String {
            do { try BlobLocation.checkBucket(bucket) } catch {
                throw S3Error("InvalidBucketName", 400, "The specified bucket is not valid (3–63 of a-z, 0-9 and inner hyphens).")
            }
            return bucket
        }

        /// The bucket and key, checked: `KeyTooLongError` over 1024 bytes; a key that could
        /// leave the bucket's directory (`..`, `.` segments, empty segments, control
        /// characters, `\`) is refused with `InvalidArgument` before any file is touched.
        func location() throws -> BlobLocation {
            let bucket = try checkedBucket()
            guard key.utf8.count <= 1024 else { throw S3Error("KeyTooLongError", 400, "Your key is too long (over 1024 bytes).") }
            return try BlobLocation(bucket: bucket, key: key)
        }

        func requireBucket() throws -> String {
            let bucket = try checkedBucket()
            guard store.bucketExists(bucket) else { throw S3Error.noSuchBucket() }
            return bucket
        }
    }

    /// Verifies the signature, runs `handler`, and answers S3's XML for any error.
    static func serve(_ request: Request, _ service: Service, _ handler: @Sendable (Call) async throws -> Response) async -> Response {
        var response: Response
        do {
            let signed = SigV4Verifier.Request(method: request.method.rawValue, path: request.path, query: request.head.query,
                                               headers: request.headers.map { ($0.name, $0.value) })
            let payload = try service.verifier.verify(signed, now: Int64(service.clock.now()))
            response = try await handler(Call(request: request, payload: payload, service: service))
        } catch {
            response = S3Error.from(error).response(resource: request.path, requestID: request.requestID)
        }
        response.headers.add("x-amz-request-id", request.requestID)
        return response
    }

    static func doc(_ operations: String) -> OperationDoc {
        OperationDoc(
            "S3: \(operations)", tag: tag,
            headers: [.init(name: "Authorization", schema: .string(),
                            description: "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=… (or a presigned URL's X-Amz-* query)")],
            replies: [
                .init(status: 200, description: "S3's XML document, or the object's bytes; see docs/API.md §9 and the Amazon S3 API Reference",
                      contentType: "application/xml", schema: .string()),
                .init(status: 403, description: "S3 XML <Error>: AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed",
                      contentType: "application/xml", schema: .string()),
            ])
    }
}
