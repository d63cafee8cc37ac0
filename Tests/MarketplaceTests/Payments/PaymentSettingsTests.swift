import Marketplace
import Testing

struct PaymentSettingsTests {
    @Test("the backoff doubles from recoveryInterval and stops at maxBackoff")
    func backoff() {
        let settings = PaymentSettings(gatewayTimeout: 10, recoveryInterval: 30, recoveryMaxAttempts: 8, maxBackoff: 600)
        #expect((1...7).map { settings.backoff(after: $0) } == [30, 60, 120, 240, 480, 600, 600])
        #expect(settings.backoff(after: 0) == 30)
        #expect(settings.backoff(after: 1_000) == 600)
        #expect(settings.lease == 25)
    }

    @Test("gateway keys are stable per payment and differ per refund")
    func keys() {
        #expect(PaymentKeys.confirm("pay_a") == PaymentKeys.confirm("pay_a"))
        #expect(PaymentKeys.confirm("pay_a") != PaymentKeys.confirm("pay_b"))
        #expect(PaymentKeys.cancel("pay_a", sequence: 0, amount: 100, vat: 9) == PaymentKeys.cancel("pay_a", sequence: 0, amount: 100, vat: 9))
        #expect(PaymentKeys.cancel("pay_a", sequence: 0, amount: 100, vat: 9) != PaymentKeys.cancel("pay_a", sequence: 1, amount: 100, vat: 9))
        #expect(PaymentKeys.cancel("pay_a", sequence: 0, amount: 100, vat: 9).count <= 300)
    }
}
