import Marketplace
import Testing

@Suite struct BlobLocationTests {
    @Test("server-generated keys are valid", arguments: ["a.png", "products/12/0123abcd.jpg", "x/y/z/w", "한글/이름.gif"])
    func valid(key: String) throws {
        let location = try BlobLocation(bucket: "images", key: key)
        #expect(location.description == "images/\(key)")
    }

    @Test("keys that could leave the bucket are refused", arguments: [
        "", "..", "../etc/passwd", "a/../../b", "a/..", ".", "./a", "/etc/passwd", "/a", "a/", "a//b",
        "a\\b", "..\\..\\x", "a\u{0}b", "a\nb", "a\u{7F}", ".hidden", "a/.b.meta", ".put-123",
        String(repeating: "a", count: 201), String(repeating: "a/", count: 600) + "a",
    ])
    func invalidKey(key: String) {
        #expect(throws: BlobStoreError.self) { try BlobLocation(bucket: "images", key: key) }
    }

    @Test("bucket names are S3-like and never path tricks", arguments: [
        "", "a", "ab", "..", "../x", "Images", "im_ages", "-images", "images-", "im/ages", "im.ages", String(repeating: "a", count: 64),
    ])
    func invalidBucket(bucket: String) {
        #expect(throws: BlobStoreError.self) { try BlobLocation(bucket: bucket, key: "a.png") }
    }

    @Test("listing prefixes may be empty, end with a slash or stop mid-segment")
    func prefixes() throws {
        for prefix in ["", "products/", "products/1", "products/12/ab"] {
            try BlobLocation.checkKey(prefix, allowTrailingSlash: true)
        }
        for prefix in ["../", "/products", "products//", "a/../"] {
            #expect(throws: BlobStoreError.self) { try BlobLocation.checkKey(prefix, allowTrailingSlash: true) }
        }
    }
}
