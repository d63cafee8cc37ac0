import Auth
import Marketplace
import Testing

@Suite struct WebhookSignatureTests {
    @Test("signs the Standard Webhooks test vector exactly as the reference libraries do")
    func referenceVector() {
        let signature = WebhookSignature.sign(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
                                              timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("secrets are whsec_ + base64 of 32 fresh random bytes; malformed secrets sign nothing")
    func secrets() throws {
        let first = try WebhookSignature.makeSecret(), second = try WebhookSignature.makeSecret()
        #expect(first != second && first.hasPrefix("whsec_"))
        #expect(Base64.decode(String(first.dropFirst(6)))?.count == 32)
        #expect(WebhookSignature.sign(secret: "nope", id: "evt_1", timestamp: 1, body: []) == nil)
        #expect(WebhookSignature.sign(secret: "whsec_!!!", id: "evt_1", timestamp: 1, body: []) == nil)
    }
}
