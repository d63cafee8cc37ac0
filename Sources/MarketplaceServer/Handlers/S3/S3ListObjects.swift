import HTTPServer
import Marketplace
import Storage

/// ListObjectsV2 (and the original ListObjects): keys in the order of their UTF-8 bytes, as
/// S3 lists them; with a delimiter, keys sharing the part of the key up to the first
/// delimiter after the prefix are rolled up into one CommonPrefixes entry, which counts
/// once toward `max-keys`. A continuation token is the base64 of the last key or common
/// prefix returned: the next page starts after it.
enum S3ListObjects {
    static let maxKeys = 1000

    static func list(_ call: S3Routes.Call, bucket: String, version2: Bool) async throws -> Response {
        let request = call.request
        let prefix = request.query("prefix") ?? ""
        let delimiter = request.query("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        let urlEncoded = request.query("encoding-type") == "url"
        if let encoding = request.query("encoding-type"), encoding != "url" {
            throw S3Error.invalidArgument("Invalid Encoding Method specified in Request")
        }
        var limit = maxKeys
        if let text = request.query("max-keys") {
            guard let value = Int(text), value >= 0 else { throw S3Error.invalidArgument("max-keys must be a whole number from 0.") }
            limit = min(value, maxKeys)   // more than 1000 is 1000, as on S3
        }
        var after = version2 ? request.query("start-after") ?? "" : request.query("marker") ?? ""
        let token = version2 ? request.query("continuation-token") : nil
        if let token {
            guard let bytes = Base64.decode(token), let key = String(validating: bytes, as: UTF8.self) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect.")
            }
            after = key
        }
        // A prefix no stored key can have (a "." segment, a backslash) simply matches nothing.
        let objects = (try? BlobLocation.checkKey(prefix, allowTrailingSlash: true)) == nil ? []
            : try await call.store.listObjects(bucket: bucket, prefix: prefix)
        let afterBytes = Array(after.utf8)
        var contents: [BlobObject] = [], prefixes: [String] = []
        var truncated = false, last = ""
        for object in objects {
            let key = object.location.key
            var entry = key, rolled = false
            if let delimiter, let cut = key.utf8.dropFirst(prefix.utf8.count).firstRange(of: delimiter.utf8) {
                entry = String(key[..<cut.upperBound])
                rolled = true
            }
            guard afterBytes.lexicographicallyPrecedes(Array(entry.utf8)) else { continue }
            if rolled && prefixes.last == entry { continue }
            if contents.count + prefixes.count == limit {
                truncated = true
                break
            }
            if rolled { prefixes.append(entry) } else { contents.append(object) }
            last = entry
        }
        func shown(_ text: String) -> String { urlEncoded ? encode(text) : text }
        var xml = S3XML.document("ListBucketResult")
        xml.element("Name", bucket)
        xml.element("Prefix", shown(prefix))
        if let delimiter { xml.element("Delimiter", shown(delimiter)) }
        xml.element("MaxKeys", String(limit))
        if urlEncoded { xml.element("EncodingType", "url") }
        xml.element("IsTruncated", truncated ? "true" : "false")
        if version2 {
            xml.element("KeyCount", String(contents.count + prefixes.count))
            if let token { xml.element("ContinuationToken", token) }
            if let start = request.query("start-after") { xml.element("StartAfter", shown(start)) }
            if truncated { xml.element("NextContinuationToken", Base64.encode(Array(last.utf8))) }
        } else {
            xml.element("Marker", shown(request.query("marker") ?? ""))
            if truncated && delimiter != nil { xml.element("NextMarker", shown(last)) }
        }
        for object in contents {
            xml.start("Contents")
            xml.element("Key", shown(object.location.key))
            xml.element("LastModified", S3BucketHandlers.timestamp(object.lastModified))
            xml.element("ETag", object.etag)
            xml.element("Size", String(object.size))
            xml.element("StorageClass", "STANDARD")
            if !version2 || request.query("fetch-owner") == "true" {
                xml.start("Owner")
                xml.element("ID", S3BucketHandlers.ownerID)
                xml.element("DisplayName", S3BucketHandlers.ownerID)
                xml.end()
            }
            xml.end()
        }
        for common in prefixes {
            xml.start("CommonPrefixes")
            xml.element("Prefix", shown(common))
            xml.end()
        }
        return xml.response()
    }

    /// `encoding-type=url`: keys percent-encoded (everything but unreserved characters and `/`).
    static func encode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(byte)
            default: out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
