import Marketplace
import HTTPServer

/// `GET`/`HEAD /blobs/{bucket}/{key}` (docs/API.md §3): objects of the blob store, public,
/// cacheable forever (keys are never reused), with conditional and single-range requests.
enum BlobRoutes {
    static let tag = "blobs"
    static let cacheControl = "public, max-age=31536000, immutable"

    static func register(on router: inout Router, blobs: any BlobStore) {
        router.add(.get, "/blobs/{bucket}/{key...}", doc: doc) { request in
            let location = try BlobLocation(bucket: request.parameters["bucket"] ?? "", key: request.parameters["key"] ?? "")
            guard let opened = try await blobs.open(location) else {
                throw MarketplaceError.notFound(code: "OBJECT_NOT_FOUND", detail: "No object has this bucket and key.")
            }
            return response(for: opened, headers: request.headers)
        }
    }

    /// The answer for an opened object; the response's `FileRegion` takes over the
    /// descriptor, or it is closed here when no bytes are sent.
    static func response(for opened: OpenedBlob, headers requestHeaders: HTTPHeaders) -> Response {
        let object = opened.object
        let modified = Int(object.lastModified / 1000)
        let outcome = BlobConditionals.evaluate(etag: object.etag, lastModified: modified, size: object.size, headers: requestHeaders)
        let range: Range<Int>
        switch outcome {
        case .notModified:
            Sys.close(opened.descriptor)
            return Response(status: 304, headers: HTTPHeaders([("ETag", object.etag), ("Cache-Control", cacheControl)]))
        case .unsatisfiable:
            Sys.close(opened.descriptor)
            let problem = Problem(status: 416, code: "RANGE_NOT_SATISFIABLE", detail: "The object has \(object.size) bytes.",
                                  headers: [("Content-Range", "bytes */\(object.size)")])
            return problem.response()
        case .whole: range = 0..<object.size
        case .partial(let part): range = part
        }
        var response = Response(status: outcome == .whole ? 200 : 206, headers: HTTPHeaders([
            ("Content-Type", object.contentType), ("ETag", object.etag),
            ("Last-Modified", HTTPDate.format(unixSeconds: modified)), ("Cache-Control", cacheControl),
            ("X-Content-Type-Options", "nosniff"), ("Accept-Ranges", "bytes"),
        ]))
        if response.status == 206 {
            response.headers.add("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(object.size)")
        }
        response.file = FileRegion(fd: opened.descriptor, offset: range.lowerBound, length: range.count)
        return response
    }

    static let doc: OperationDoc = {
        var doc = headersDoc
        // As BlobLocation checks them (one key segment here: a slash in a path parameter is sent encoded).
        doc.path = [
            .init(name: "bucket", schema: .string(minLength: 3, maxLength: 63, pattern: "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")),
            .init(name: "key", schema: .string(minLength: 1, maxLength: 200, pattern: #"^[^./\\\x00-\x1F\x7F][^/\\\x00-\x1F\x7F]*$"#)),
        ]
        return doc
    }()

    private static let headersDoc = OperationDoc(
        "Serve an object of the blob store (product images)", tag: tag,
        headers: [
            .init(name: "If-None-Match", schema: .string(), description: "entity tags or *, compared weakly; a match answers 304"),
            .init(name: "If-Modified-Since", schema: .string(), description: "IMF-fixdate; used only without If-None-Match"),
            .init(name: "Range", schema: .string(pattern: "^bytes=([0-9]+-[0-9]*|-[0-9]+)$"),
                  description: "one byte range (a-b, a-, -n); several ranges are answered with the whole object (200)"),
            .init(name: "If-Range", schema: .string(), description: "the ETag or Last-Modified the range is valid for"),
        ],
        replies: [
            .init(status: 200, description: "the object; ETag is the quoted MD5 hex; Cache-Control: public, max-age=31536000, immutable",
                  contentType: "application/octet-stream", schema: .string(format: "binary", description: "served with the object's own Content-Type")),
            .init(status: 206, description: "the requested range, with Content-Range", contentType: "application/octet-stream",
                  schema: .string(format: "binary")),
            .init(status: 304, description: "not modified: If-None-Match matched (ETag is repeated)", contentType: nil),
            .problem(400, "INVALID_BLOB_KEY: the bucket or key is malformed (.., absolute, backslash, NUL, empty segment)"),
            .problem(404, "OBJECT_NOT_FOUND"),
            .problem(416, "RANGE_NOT_SATISFIABLE: the range starts past the end; Content-Range: bytes */size"),
        ])
}
