import Auth
import HTTPServer
import Marketplace
import Storage

/// ListBuckets, HeadBucket, CreateBucket, DeleteBucket, DeleteObjects, GetBucketLocation.
enum S3BucketHandlers {
    /// The owner every listing names: one key, one owner.
    static let ownerID = "marketplace"

    static func listBuckets(_ call: S3Routes.Call) async throws -> Response {
        var xml = S3XML.document("ListAllMyBucketsResult")
        xml.start("Owner")
        xml.element("ID", ownerID)
        xml.element("DisplayName", ownerID)
        xml.end()
        xml.start("Buckets")
        for bucket in try await call.store.buckets() {
            xml.start("Bucket")
            xml.element("Name", bucket.name)
            xml.element("CreationDate", timestamp(bucket.created * 1000))
            xml.end()
        }
        xml.end()
        return xml.response()
    }

    static func get(_ call: S3Routes.Call) async throws -> Response {
        let request = call.request
        let bucket = try call.requireBucket()
        if request.method == .head { return Response(status: 200, headers: HTTPHeaders([("x-amz-bucket-region", call.service.verifier.region)])) }
        if request.query("uploads") != nil { return try await S3MultipartHandlers.listUploads(call) }
        if request.query("location") != nil {
            var xml = S3XML.document("LocationConstraint")
            // us-east-1 is named by an empty constraint, as S3 does.
            let region = call.service.verifier.region
            return region == "us-east-1" ? xml.response() : { xml.element("LocationConstraint", region); return xml.response() }()
        }
        for unsupported in ["acl", "versioning", "policy", "cors", "lifecycle", "tagging", "website", "versions", "encryption"]
        where request.query(unsupported) != nil {
            throw S3Error.notImplemented("The bucket subresource ?\(unsupported) is not implemented.")
        }
        return try await S3ListObjects.list(call, bucket: bucket, version2: request.query("list-type") == "2")
    }

    static func create(_ call: S3Routes.Call) async throws -> Response {
        let bucket = try call.checkedBucket()
        _ = try S3Body.bytes(of: call.request, payload: call.payload)   // a CreateBucketConfiguration, checked and otherwise ignored
        try await call.store.createBucket(bucket)
        return Response(status: 200, headers: HTTPHeaders([("Location", "/\(bucket)")]))
    }

    static func delete(_ call: S3Routes.Call) async throws -> Response {
        try await call.store.deleteBucket(try call.checkedBucket())
        return Response(status: 204)
    }

    /// DeleteObjects: `<Delete><Quiet/>?<Object><Key/></Object>…</Delete>`, at most 1000 keys.
    static func deleteObjects(_ call: S3Routes.Call) async throws -> Response {
        guard call.request.query("delete") != nil else { throw S3Error.notImplemented("POST on a bucket is DeleteObjects (?delete) only.") }
        let bucket = try call.requireBucket()
        let body = try S3Body.bytes(of: call.request, payload: call.payload)
        guard let text = String(validating: body, as: UTF8.self), text.contains("<Delete"),
              let objects = S3XML.blocks("Object", in: text) else { throw S3Error.malformedXML() }
        let keys = try objects.map { block -> String in
            guard let key = S3XML.values("Key", in: String(block))?.first else { throw S3Error.malformedXML() }
            return key
        }
        guard (1...1000).contains(keys.count) else { throw S3Error.malformedXML() }
        let quiet = S3XML.values("Quiet", in: text)?.first?.lowercased() == "true"
        var xml = S3XML.document("DeleteResult")
        for key in keys {
            do {
                try await call.store.delete(try BlobLocation(bucket: bucket, key: key))
                if !quiet {
                    xml.start("Deleted")
                    xml.element("Key", key)
                    xml.end()
                }
            } catch {
                let failure = S3Error.from(error)
                xml.start("Error")
                xml.element("Key", key)
                xml.element("Code", failure.code)
                xml.element("Message", failure.message)
                xml.end()
            }
        }
        return xml.response()
    }

    /// `2009-10-12T17:50:30.000Z` for Unix milliseconds, as S3's XML writes times.
    static func timestamp(_ millis: Int64) -> String {
        RFC3339.format(Double(millis / 1000), millis: Int(millis % 1000))
    }
}
