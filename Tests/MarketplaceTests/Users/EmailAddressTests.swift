import Marketplace
import MarketplaceFakes
import Testing

@Suite struct EmailAddressTests {
    @Test("ordinary addresses are accepted", arguments: [
        "kim@example.com", "Kim.Lee+shop@mail.example.co.kr", "a@b.io", "o'neil@example.org", "x_y-z@sub-domain.example.com",
    ])
    func accepts(_ text: String) {
        #expect(EmailAddress(text)?.value == text)
    }

    @Test("malformed addresses are refused", arguments: [
        "", "kim", "kim@", "@example.com", "kim@example", "kim@@example.com", "kim@exa mple.com", "kim lee@example.com",
        ".kim@example.com", "kim.@example.com", "ki..m@example.com", "kim@-example.com", "kim@example-.com",
        "kim@example..com", "kim@192.168.0.1", "김@example.com", "kim@example.com\r\nBcc: x@y.z", "kim@example.com ",
    ])
    func refuses(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test("addresses longer than 254 characters or with a local part over 64 are refused")
    func lengthLimits() {
        #expect(EmailAddress(String(repeating: "a", count: 64) + "@example.com") != nil)
        #expect(EmailAddress(String(repeating: "a", count: 65) + "@example.com") == nil)
        let longDomain = (0..<5).map { _ in String(repeating: "d", count: 60) }.joined(separator: ".") + ".com"
        #expect(EmailAddress("a@" + longDomain) == nil)
    }

    @Test("normalization lowercases ASCII so that case never makes a second account")
    func normalization() {
        #expect(EmailAddress("Kim.LEE@Example.COM")?.normalized == "kim.lee@example.com")
        #expect(EmailAddress.normalize("ÄB@X.IO") == "Äb@x.io")
    }
}
