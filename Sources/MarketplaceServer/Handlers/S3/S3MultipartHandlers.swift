import HTTPServer
import Marketplace
import Storage

/// CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload,
/// AbortMultipartUpload and ListMultipartUploads, over the store's on-disk uploads.
enum S3MultipartHandlers {
    static func post(_ call: S3Routes.Call) async throws -> Response {
        let request = call.request
        if request.query("uploads") != nil { return try await create(call) }
        if request.query("uploadId") != nil { return try await complete(call) }
        throw S3Error.notImplemented("POST on an object is CreateMultipartUpload (?uploads) or CompleteMultipartUpload (?uploadId=) only.")
    }

    static func create(_ call: S3Routes.Call) async throws -> Response {
        let location = try call.location()
        _ = try call.requireBucket()
        _ = try S3Body.bytes(of: call.request, payload: call.payload)
        let metadata = try S3ObjectHandlers.userMetadata(call.request.headers)
        let id = try await call.store.createUpload(location, contentType: call.request.headers["Content-Type"] ?? "binary/octet-stream",
                                                   userMetadata: metadata)
        var xml = S3XML.document("InitiateMultipartUploadResult")
        xml.element("Bucket", location.bucket)
        xml.element("Key", location.key)
        xml.element("UploadId", id)
        return xml.response()
    }

    static func uploadPart(_ call: S3Routes.Call) async throws -> Response {
        let location = try call.location()
        _ = try call.requireBucket()
        let upload = try await existing(call, location)
        guard let number = call.request.query("partNumber").flatMap({ Int($0) }), (1...FileBlobStore.maxPartNumber).contains(number) else {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive.")
        }
        if call.request.headers["x-amz-copy-source"] != nil { throw S3Error.notImplemented("UploadPartCopy is not implemented.") }
        let (source, _) = try await S3Body.source(of: call.request, payload: call.payload)
        defer { S3ObjectHandlers.removeDecoded(source, call.request) }
        let etag = try await call.store.uploadPart(bucket: location.bucket, id: upload.id, number: number, from: source)
        return Response(status: 200, headers: HTTPHeaders([("ETag", etag)]))
    }

    static func listParts(_ call: S3Routes.Call) async throws -> Response {
        let location = try call.location()
        _ = try call.requireBucket()
        let upload = try await existing(call, location)
        let marker = call.request.query("part-number-marker").flatMap { Int($0) } ?? 0
        let limit = min(call.request.query("max-parts").flatMap { Int($0) }.map { max(0, $0) } ?? 1000, 1000)
        let all = try await call.store.parts(bucket: location.bucket, id: upload.id).filter { $0.number > marker }
        let page = all.prefix(limit)
        var xml = S3XML.document("ListPartsResult")
        xml.element("Bucket", location.bucket)
        xml.element("Key", location.key)
        xml.element("UploadId", upload.id)
        xml.element("PartNumberMarker", String(marker))
        if let lastPart = page.last, all.count > page.count { xml.element("NextPartNumberMarker", String(lastPart.number)) }
        xml.element("MaxParts", String(limit))
        xml.element("IsTruncated", all.count > page.count ? "true" : "false")
        xml.element("StorageClass", "STANDARD")
        for part in page {
            xml.start("Part")
            xml.element("PartNumber", String(part.number))
            xml.element("LastModified", S3BucketHandlers.timestamp(part.lastModified))
            xml.element("ETag", part.etag)
            xml.element("Size", String(part.size))
            xml.end()
        }
        return xml.response()
    }

    /// `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>…`: the parts in ascending
    /// order; the store checks they exist, match and (but the last) hold 5 MiB each.
    static func complete(_ call: S3Routes.Call) async throws -> Response {
        let location = try call.location()
        _ = try call.requireBucket()
        let upload = try await existing(call, location)
        let body = try S3Body.bytes(of: call.request, payload: call.payload)
        guard let text = String(validating: body, as: UTF8.self), text.contains("<CompleteMultipartUpload"),
              let blocks = S3XML.blocks("Part", in: text) else { throw S3Error.malformedXML() }
        let parts = try blocks.map { block -> (number: Int, etag: String) in
            guard let number = S3XML.values("PartNumber", in: String(block))?.first.flatMap({ Int($0) }),
                  let etag = S3XML.values("ETag", in: String(block))?.first else { throw S3Error.malformedXML() }
            return (number, etag)
        }
        guard (1...FileBlobStore.maxPartNumber).contains(parts.count) else { throw S3Error.malformedXML() }
        let object = try await call.store.completeUpload(bucket: location.bucket, id: upload.id, parts: parts)
        var xml = S3XML.document("CompleteMultipartUploadResult")
        xml.element("Location", "/s3/\(location.bucket)/\(location.key)")
        xml.element("Bucket", location.bucket)
        xml.element("Key", location.key)
        xml.element("ETag", object.etag)
        return xml.response()
    }

    static func abort(_ call: S3Routes.Call) async throws -> Response {
        let location = try call.location()
        _ = try call.requireBucket()
        let upload = try await existing(call, location)
        try await call.store.abortUpload(bucket: location.bucket, id: upload.id)
        return Response(status: 204)
    }

    static func listUploads(_ call: S3Routes.Call) async throws -> Response {
        let bucket = try call.requireBucket()
        let prefix = call.request.query("prefix") ?? ""
        let uploads = try await call.store.uploads(bucket: bucket).filter { $0.key.hasPrefix(prefix) }
        let limit = min(call.request.query("max-uploads").flatMap { Int($0) }.map { max(0, $0) } ?? 1000, 1000)
        var xml = S3XML.document("ListMultipartUploadsResult")
        xml.element("Bucket", bucket)
        xml.element("KeyMarker", "")
        xml.element("UploadIdMarker", "")
        xml.element("Prefix", prefix)
        xml.element("MaxUploads", String(limit))
        xml.element("IsTruncated", uploads.count > limit ? "true" : "false")
        for upload in uploads.prefix(limit) {
            xml.start("Upload")
            xml.element("Key", upload.key)
            xml.element("UploadId", upload.id)
            xml.element("StorageClass", "STANDARD")
            xml.element("Initiated", S3BucketHandlers.timestamp(upload.initiated))
            xml.end()
        }
        return xml.response()
    }

    /// The upload the query's `uploadId` names, for this key.
    private static func existing(_ call: S3Routes.Call, _ location: BlobLocation) async throws -> FileBlobStore.MultipartUpload {
        guard let id = call.request.query("uploadId"), let upload = try await call.store.upload(bucket: location.bucket, id: id),
              upload.key == location.key else { throw S3Error.noSuchUpload() }
        return upload
    }
}
