import Auth
import Testing

/// Known answers published by AWS. The first four are cases of the Signature V4 test suite
/// ("aws-sig-v4-test-suite", docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html:
/// get-vanilla, post-vanilla, get-vanilla-query-order-key-case, get-header-key-duplicate),
/// the others the S3 examples of "Authenticating Requests (AWS Signature Version 4)": a GET
/// with Range (sig-v4-header-based-auth), a presigned GET (sigv4-query-string-auth) and the
/// aws-chunked upload (sigv4-streaming). Copied here as data.
@Suite struct SigV4VectorTests {
    static let suiteKey = SigV4Verifier.Key(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let s3Key = SigV4Verifier.Key(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let suiteDate = "20150830T123600Z"

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String, method: String, path: String, query: String?
        let headers: [(name: String, value: String)]
        let signature: String
        var testDescription: String { name }
    }

    static let suite: [Case] = [
        Case(name: "get-vanilla", method: "GET", path: "/", query: nil,
             headers: [("host", "example.amazonaws.com"), ("x-amz-date", suiteDate)],
             signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Case(name: "post-vanilla", method: "POST", path: "/", query: nil,
             headers: [("host", "example.amazonaws.com"), ("x-amz-date", suiteDate)],
             signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        Case(name: "get-vanilla-query-order-key-case", method: "GET", path: "/", query: "Param2=value2&Param1=value1",
             headers: [("host", "example.amazonaws.com"), ("x-amz-date", suiteDate)],
             signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Case(name: "get-header-key-duplicate", method: "GET", path: "/", query: nil,
             headers: [("host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"),
                       ("x-amz-date", suiteDate)],
             signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
    ]

    @Test("the test suite's cases sign to AWS's published signatures", arguments: suite)
    func suiteCase(_ vector: Case) {
        let signer = SigV4Signer(key: Self.suiteKey, region: "us-east-1", service: "service")
        let signed = signer.signature(method: vector.method, path: vector.path, query: vector.query,
                                      headers: vector.headers.map { ($0.name.lowercased(), $0.value) },
                                      payloadHash: SigV4.emptySHA256, amzDate: Self.suiteDate)
        #expect(signed.signature == vector.signature)
    }

    @Test("get-vanilla's canonical request and string to sign, step by step")
    func steps() {
        let canonical = SigV4.canonicalRequest(
            method: "GET", uri: SigV4.canonicalURI("/")!, query: SigV4.canonicalQuery(nil)!,
            headers: SigV4.canonicalHeaders([("Host", "example.amazonaws.com"), ("X-Amz-Date", Self.suiteDate)], signed: ["host", "x-amz-date"])!,
            signedHeaders: "host;x-amz-date", payloadHash: SigV4.emptySHA256)
        #expect(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n\(SigV4.emptySHA256)")
        let scope = SigV4.Scope(date: "20150830", region: "us-east-1", service: "service")
        #expect(SigV4.stringToSign(amzDate: Self.suiteDate, scope: scope, canonicalRequest: canonical)
            == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
    }

    @Test("S3's GET with Range example verifies, and any change to it does not")
    func s3HeaderExample() throws {
        let headers: [(name: String, value: String)] = [
            ("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"), ("x-amz-content-sha256", SigV4.emptySHA256),
            ("x-amz-date", "20130524T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        ]
        let verifier = SigV4Verifier(key: Self.s3Key, region: "us-east-1")
        let now = AmzDate.parse("20130524T000000Z")! + 60
        let request = SigV4Verifier.Request(method: "GET", path: "/test.txt", query: nil, headers: headers)
        guard case .signed(let hash) = try verifier.verify(request, now: now) else { Issue.record("not a signed payload"); return }
        #expect(hash == SigV4.emptySHA256)

        var ranged = request
        ranged.headers[1].value = "bytes=0-10"
        #expect(throws: SigV4Error.self) { try verifier.verify(ranged, now: now) }
        #expect(code { try verifier.verify(ranged, now: now) } == "SignatureDoesNotMatch")
        #expect(code { try verifier.verify(request, now: now + 901) } == "RequestTimeTooSkewed")
        #expect(code { try SigV4Verifier(key: Self.s3Key, region: "eu-west-1").verify(request, now: now) } == "AuthorizationHeaderMalformed")
        let other = SigV4Verifier.Key(accessKeyId: "AKIAOTHER", secretAccessKey: Self.s3Key.secretAccessKey)
        #expect(code { try SigV4Verifier(key: other, region: "us-east-1").verify(request, now: now) } == "InvalidAccessKeyId")
        #expect(code { try SigV4Verifier(key: nil, region: "us-east-1").verify(request, now: now) } == "AccessDenied")
    }

    @Test("S3's presigned GET example verifies until it expires; tampered or too long-lived it does not")
    func s3PresignedExample() {
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        let signer = SigV4Signer(key: Self.s3Key, region: "us-east-1")
        #expect(signer.presignedQuery(method: "GET", path: "/test.txt", query: "", host: "examplebucket.s3.amazonaws.com",
                                      amzDate: "20130524T000000Z", expires: 86400) == query)
        let verifier = SigV4Verifier(key: Self.s3Key, region: "us-east-1")
        let start = AmzDate.parse("20130524T000000Z")!
        func request(_ query: String, path: String = "/test.txt") -> SigV4Verifier.Request {
            SigV4Verifier.Request(method: "GET", path: path, query: query, headers: [("Host", "examplebucket.s3.amazonaws.com")])
        }
        #expect(code { try verifier.verify(request(query), now: start + 86400) } == nil)
        #expect(code { try verifier.verify(request(query), now: start + 86401) } == "AccessDenied")
        #expect(code { try verifier.verify(request(query, path: "/test.txu"), now: start) } == "SignatureDoesNotMatch")
        #expect(code { try verifier.verify(request(query.replacingOccurrences("Expires=86400", "Expires=86401")), now: start) }
            == "SignatureDoesNotMatch")
        #expect(code { try verifier.verify(request(query.replacingOccurrences("Expires=86400", "Expires=604801")), now: start) }
            == "AuthorizationQueryParametersError")
    }

    @Test("S3's aws-chunked example: each chunk's signature chains on the one before")
    func s3StreamingExample() {
        let signer = SigV4Signer(key: Self.s3Key, region: "us-east-1")
        var chain = signer.chunkChain(seed: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", amzDate: "20130524T000000Z")
        let chunks = [[UInt8](repeating: UInt8(ascii: "a"), count: 65536), [UInt8](repeating: UInt8(ascii: "a"), count: 1024), []]
        let expected = ["ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
                        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"]
        var verifying = chain
        for (chunk, signature) in zip(chunks, expected) {
            let hash = SHA256.hex([chunk])
            let signed = chain.sign(chunkHash: hash)
            let verified = verifying.verify(chunkHash: hash, signature: signature)
            #expect(signed == signature)
            #expect(verified)
        }
        // Out of order: the second chunk's signature does not follow the seed.
        var fresh = signer.chunkChain(seed: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", amzDate: "20130524T000000Z")
        let outOfOrder = fresh.verify(chunkHash: SHA256.hex([chunks[1]]), signature: expected[1])
        #expect(!outOfOrder)
    }

    @Test("X-Amz-Date round-trips through Unix seconds")
    func dates() {
        #expect(AmzDate.parse("20130524T000000Z") == 1_369_353_600)
        #expect(AmzDate.format(unixSeconds: 1_369_353_600) == "20130524T000000Z")
        #expect(AmzDate.format(unixSeconds: 1_440_938_160) == "20150830T123600Z")
        #expect(AmzDate.parse("2013-05-24T00:00:00Z") == nil)
    }

    private func code(_ body: () throws -> SigV4Verifier.Payload) -> String? {
        do { _ = try body(); return nil } catch { return (error as? SigV4Error)?.code ?? "\(error)" }
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
