import Marketplace
import MarketplaceFakes
import Testing

@Suite struct SignupFormTests {
    static func make(email: String? = "kim@example.com", password: String? = "password1", name: String? = "Kim",
                     phone: String? = "01012345678", role: String? = "CUSTOMER") -> SignupForm {
        SignupForm(email: email, password: password, name: name, phone: phone, role: role)
    }

    static func issues(_ form: SignupForm) -> [String] {
        do {
            _ = try form.validated()
            return []
        } catch let MarketplaceError.validation(code, _, issues) {
            #expect(code == "INVALID_REQUEST")
            return issues.map(\.field)
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test("a valid form yields the account to create, unverified")
    func valid() throws {
        let account = try Self.make(role: "SELLER").validated()
        #expect(account.email.value == "kim@example.com")
        #expect(account.role == .seller)
        #expect(!account.emailVerified)
    }

    @Test("every missing field is named at once")
    func allMissing() {
        #expect(Self.issues(SignupForm()) == ["email", "password", "name", "phone", "role"])
    }

    @Test("every invalid field is named at once")
    func allInvalid() {
        #expect(Self.issues(Self.make(email: "nope", password: "short", name: "", phone: "12", role: "KING"))
            == ["email", "password", "name", "phone", "role"])
    }

    @Test("ADMIN cannot sign up", arguments: ["ADMIN"])
    func adminRefused(_ role: String) {
        #expect(Self.issues(Self.make(role: role)) == ["role"])
    }

    @Test("roles are matched exactly, as the API spells them", arguments: ["customer", "Seller", ""])
    func roleSpelling(_ role: String) {
        #expect(Self.issues(Self.make(role: role)) == ["role"])
    }

    @Test("an administrator needs a valid email and password but no phone")
    func administrator() throws {
        let admin = try NewAccount.administrator(email: "root@example.com", password: "adminpass")
        #expect(admin.role == .admin && admin.emailVerified && admin.phone == nil)
        #expect(throws: MarketplaceError.self) { try NewAccount.administrator(email: "root@example.com", password: "short") }
    }
}
