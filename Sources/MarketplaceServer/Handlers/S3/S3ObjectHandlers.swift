import Auth
import Glibc
import HTTPServer
import Marketplace
import Storage

/// GetObject, HeadObject, PutObject, CopyObject and DeleteObject.
enum S3ObjectHandlers {
    /// S3's cap on user metadata: names and values of `x-amz-meta-*` together.
    static let maxUserMetadataBytes = 2048

    static func get(_ call: S3Routes.Call) async throws -> Response {
        if call.request.query("uploadId") != nil { return try await S3MultipartHandlers.listParts(call) }
        let location = try call.location()
        _ = try call.requireBucket()
        guard let (stored, fd) = try call.store.openStoredObject(location) else { throw S3Error.noSuchKey() }
        var owned: Int32? = fd   // closed on every path out but the one that hands it to the response
        defer { if let owned { close(owned) } }
        let object = stored.object
        let modified = Int(object.lastModified / 1000)
        let headers = call.request.headers
        try preconditions(etag: object.etag, modified: modified, headers: headers)
        var response = Response(status: 200, headers: HTTPHeaders([
            ("Content-Type", object.contentType), ("ETag", object.etag), ("Last-Modified", HTTPDate.format(unixSeconds: modified)),
            ("Accept-Ranges", "bytes"),
        ]))
        for (name, value) in stored.userMetadata.sorted(by: { $0.key < $1.key }) { response.headers.add("x-amz-meta-\(name)", value) }
        if let noneMatch = headers["If-None-Match"] {
            if BlobConditionals.matchesAny(noneMatch, etag: object.etag) { return notModified(response) }
        } else if let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse), modified <= since {
            return notModified(response)
        }
        var range = 0..<object.size
        if let value = headers["Range"] {
            switch BlobConditionals.range(value, size: object.size) {
            case .partial(let part):
                range = part
                response.status = 206
                response.headers.add("Content-Range", "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(object.size)")
            case .unsatisfiable:
                var error = S3Error("InvalidRange", 416, "The requested range is not satisfiable.")
                error.headers = [("Content-Range", "bytes */\(object.size)")]
                throw error
            case .whole, .notModified: break
            }
        }
        response.file = FileRegion(fd: fd, offset: range.lowerBound, length: range.count)
        owned = nil
        return response
    }

    /// If-Match, else If-Unmodified-Since: 412 when it fails (S3's order).
    private static func preconditions(etag: String, modified: Int, headers: HTTPHeaders) throws {
        if let match = headers["If-Match"] {
            if !BlobConditionals.matchesAny(match, etag: etag) { throw S3Error.preconditionFailed() }
        } else if let since = headers["If-Unmodified-Since"].flatMap(HTTPDate.parse), modified > since {
            throw S3Error.preconditionFailed()
        }
    }

    private static func notModified(_ response: Response) -> Response {
        var answer = Response(status: 304)
        for name in ["ETag", "Last-Modified"] { if let value = response.headers[name] { answer.headers.add(name, value) } }
        return answer
    }

    static func put(_ call: S3Routes.Call) async throws -> Response {
        let request = call.request
        if request.query("partNumber") != nil || request.query("uploadId") != nil { return try await S3MultipartHandlers.uploadPart(call) }
        if request.headers["x-amz-copy-source"] != nil { return try await copy(call) }
        let location = try call.location()
        _ = try call.requireBucket()
        let metadata = try userMetadata(request.headers)
        let contentType = request.headers["Content-Type"] ?? "binary/octet-stream"
        let (source, _) = try await S3Body.source(of: request, payload: call.payload)
        defer { removeDecoded(source, request) }
        let object = try await call.store.replace(location, contentType: contentType, userMetadata: metadata, from: source)
        return Response(status: 200, headers: HTTPHeaders([("ETag", object.etag)]))
    }

    /// CopyObject: `x-amz-copy-source: /bucket/key` (URL-encoded). The source's bytes are
    /// read through its open descriptor, so a concurrent overwrite of the source cannot mix
    /// two versions. Metadata is the source's (`x-amz-metadata-directive: COPY`, the default)
    /// or the request's (`REPLACE`).
    static func copy(_ call: S3Routes.Call) async throws -> Response {
        let request = call.request
        let target = try call.location()
        _ = try call.requireBucket()
        var header = request.headers["x-amz-copy-source"] ?? ""
        if let question = header.firstIndex(of: "?") { header = String(header[..<question]) }
        guard let decoded = PercentDecoding.decode(header.drop { $0 == "/" }), let slash = decoded.firstIndex(of: "/") else {
            throw S3Error.invalidArgument("x-amz-copy-source must be /bucket/key.")
        }
        let source = try BlobLocation(bucket: String(decoded[..<slash]), key: String(decoded[decoded.index(after: slash)...]))
        guard call.store.bucketExists(source.bucket) else { throw S3Error.noSuchBucket() }
        guard let (stored, fd) = try call.store.openStoredObject(source) else { throw S3Error.noSuchKey() }
        defer { close(fd) }
        let replace = request.headers["x-amz-metadata-directive"]?.uppercased() == "REPLACE"
        if source == target && !replace {
            throw S3Error("InvalidRequest", 400, "This copy request is illegal because it is trying to copy an object to itself without "
                          + "changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        let metadata = replace ? try userMetadata(request.headers) : stored.userMetadata
        let contentType = replace ? request.headers["Content-Type"] ?? "binary/octet-stream" : stored.object.contentType
        let object = try await call.store.replace(target, contentType: contentType, userMetadata: metadata,
                                                  from: .file(path: "/proc/self/fd/\(fd)", range: 0..<stored.object.size))
        var xml = S3XML.document("CopyObjectResult")
        xml.element("LastModified", S3BucketHandlers.timestamp(object.lastModified))
        xml.element("ETag", object.etag)
        return xml.response()
    }

    static func delete(_ call: S3Routes.Call) async throws -> Response {
        if call.request.query("uploadId") != nil { return try await S3MultipartHandlers.abort(call) }
        let location = try call.location()
        _ = try call.requireBucket()
        try await call.store.delete(location)
        return Response(status: 204)
    }

    /// `x-amz-meta-*` headers: names lowercase without the prefix, at most 2 KiB in all.
    static func userMetadata(_ headers: HTTPHeaders) throws -> [String: String] {
        var metadata: [String: String] = [:]
        var bytes = 0
        for (name, value) in headers where name.lowercased().hasPrefix("x-amz-meta-") {
            let key = String(name.lowercased().dropFirst("x-amz-meta-".count))
            guard !key.isEmpty, key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                throw S3Error.invalidArgument("A user metadata name is empty or not a token.")
            }
            metadata[key] = metadata[key].map { $0 + "," + value } ?? value
            bytes += key.utf8.count + value.utf8.count
        }
        guard bytes <= maxUserMetadataBytes else {
            throw S3Error("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size (2 KB).")
        }
        return metadata
    }

    /// Removes a decoded aws-chunked copy the store did not take (a failed write).
    static func removeDecoded(_ source: BlobSource, _ request: Request) {
        if case .movingFile(let path) = source, path != request.spooled?.path { unlink(path) }
    }
}
