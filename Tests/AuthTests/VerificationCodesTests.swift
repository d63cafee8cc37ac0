@testable import Auth
import Marketplace
import MarketplaceFakes
import Testing

@Suite struct VerificationCodesTests {
    @Test("codes are six digits, leading zeros kept")
    func shape() throws {
        for _ in 0..<500 {
            #expect(PendingVerification.isWellFormed(try VerificationCodes.generate()))
        }
    }

    @Test("the digest binds a code to its account")
    func digestBinding() {
        let one = VerificationCodes.digest(of: "123456", for: UserID(rawValue: 1))
        #expect(one == VerificationCodes.digest(of: "123456", for: UserID(rawValue: 1)))
        #expect(one != VerificationCodes.digest(of: "123456", for: UserID(rawValue: 2)))
        #expect(!one.contains("123456"))
    }

    @Test("the mail's subject and body both tell the code")
    func mail() throws {
        let message = VerificationCodes.mail(code: "042917", to: try #require(EmailAddress("kim@example.com")), name: "Kim", locale: .en)
        #expect(message.subject.contains("042917"))
        #expect(message.body.contains("042917"))
        #expect(message.body.contains("10 minutes"))
    }
}
