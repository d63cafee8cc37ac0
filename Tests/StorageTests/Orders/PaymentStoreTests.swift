import Marketplace
@testable import Storage
import Testing

/// The payment side's SQL guards on their own (no service, no locks): concurrent claims,
/// confirm against expiry, recovery leases, the refund claim.
struct PaymentStoreTests {
    let base: OrderStoreTests

    init() async throws { base = try await OrderStoreTests() }

    var orders: OrderStore { base.orders }

    @Test("of 20 concurrent confirm claims exactly one wins, and attempts counts one")
    func oneConfirmClaim() async throws {
        let order = try await orders.place(base.draft(1))
        let orders = self.orders
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { try await orders.beginConfirm(order.id, paymentKey: "pk", proofToken: nil, leaseUntil: 200, at: 110) != nil }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await orders.find(order.id)?.payment.attempts == 1)
    }

    @Test("confirm against expiry: whichever commits first wins; an expired order cannot be claimed, a claimed one does not expire")
    func confirmVersusExpiry() async throws {
        let first = try await orders.place(base.draft(1))
        #expect(try await orders.expire(first.id, at: 200))
        #expect(try await orders.beginConfirm(first.id, paymentKey: "pk", proofToken: nil, leaseUntil: 300, at: 200) == nil)
        let second = try await orders.place(base.draft(1))
        #expect(try await orders.beginConfirm(second.id, paymentKey: "pk", proofToken: nil, leaseUntil: 300, at: 110) != nil)
        #expect(try await orders.expire(second.id, at: 200) == false)
        // Past expiresAt but not swept: the claim's own time check refuses it.
        let third = try await orders.place(base.draft(1))
        #expect(try await orders.beginConfirm(third.id, paymentKey: "pk", proofToken: nil, leaseUntil: 300, at: 161) == nil)
        #expect(try await base.stock() == 3)
    }

    @Test("the worker takes an IN_PROGRESS payment only after its lease, once; approval is recorded once, with the stock kept")
    func recoveryLease() async throws {
        let order = try await orders.place(base.draft(2))
        let claimed = try #require(try await orders.beginConfirm(order.id, paymentKey: "pk", proofToken: "tok", leaseUntil: 130, at: 110))
        let paymentID = claimed.payment.id
        #expect(try await orders.dueForRecovery(at: 129, limit: 10).isEmpty)
        #expect(try await orders.claimRecovery(payment: paymentID, leaseUntil: 200, at: 129) == nil)
        #expect(try await orders.dueForRecovery(at: 130, limit: 10) == [paymentID])
        let claim = try #require(try await orders.claimRecovery(payment: paymentID, leaseUntil: 200, at: 130))
        #expect(claim.proofToken == "tok")
        #expect(claim.order.payment.attempts == 2)
        #expect(try await orders.claimRecovery(payment: paymentID, leaseUntil: 200, at: 131) == nil)   // leased again
        let approval = GatewayApproval(paymentKey: "pk", amount: claimed.payment.amount, approvedAt: 140)
        #expect(try await orders.recordApproval(payment: paymentID, approval, by: "system", at: 140)?.status == .paid)
        #expect(try await orders.recordApproval(payment: paymentID, approval, by: "system", at: 141) == nil)
        #expect(try await orders.recordFailure(payment: paymentID, by: "system", at: 141) == nil)
        #expect(try await base.stock() == 3)
        #expect(try await orders.find(order.id)?.history.map(\.status) == [.pendingPayment, .paid])
    }

    @Test("a failure returns the stock once; UNKNOWN waits for its next attempt")
    func failureAndUnknown() async throws {
        let order = try await orders.place(base.draft(2))
        let paymentID = try #require(try await orders.beginConfirm(order.id, paymentKey: "pk", proofToken: nil, leaseUntil: 130,
                                                                  at: 110)).payment.id
        #expect(try await orders.recordUnknown(payment: paymentID, nextAttemptAt: 150, at: 111)?.payment.status == .unknown)
        #expect(try await orders.dueForRecovery(at: 149, limit: 10).isEmpty)
        #expect(try await orders.nextRecovery() == 150)
        #expect(try await orders.dueForRecovery(at: 150, limit: 10) == [paymentID])
        #expect(try await orders.recordFailure(payment: paymentID, by: "system", at: 151)?.status == .paymentFailed)
        #expect(try await orders.recordFailure(payment: paymentID, by: "system", at: 152) == nil)
        #expect(try await base.stock() == 5)
    }

    @Test("the refund claim: one holder at a time, free again after release or after its lease")
    func cancelClaim() async throws {
        let order = try await orders.place(base.draft(1))
        let paymentID = try #require(try await orders.beginConfirm(order.id, paymentKey: "pk", proofToken: nil, leaseUntil: 130,
                                                                  at: 110)).payment.id
        #expect(try await orders.claimCancel(payment: paymentID, leaseUntil: 200, at: 115) == nil)   // not paid yet
        _ = try await orders.recordApproval(payment: paymentID, GatewayApproval(paymentKey: "pk", amount: 12_100, approvedAt: 120),
                                            by: "system", at: 120)
        #expect(try await orders.claimCancel(payment: paymentID, leaseUntil: 200, at: 121) != nil)
        #expect(try await orders.claimCancel(payment: paymentID, leaseUntil: 300, at: 122) == nil)
        try await orders.releaseCancel(payment: paymentID)
        #expect(try await orders.claimCancel(payment: paymentID, leaseUntil: 300, at: 123) != nil)
        #expect(try await orders.claimCancel(payment: paymentID, leaseUntil: 400, at: 301) != nil)   // the lease ran out
    }
}
