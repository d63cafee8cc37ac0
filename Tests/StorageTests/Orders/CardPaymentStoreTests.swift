import Marketplace
@testable import Storage
import Testing

/// The card claim on its own (issue #7): what is stored with IN_PROGRESS, the card's lock in
/// the database (one payment per card at a time, released when the payment settles, or
/// given up when its lease lapses), the vault and the lookup by management ids.
struct CardPaymentStoreTests {
    let base: OrderStoreTests

    init() async throws { base = try await OrderStoreTests() }

    var orders: OrderStore { base.orders }

    func cardOrder() async throws -> Order {
        let draft = base.draft(1)
        return try await orders.place(OrderDraft(id: draft.id, paymentID: draft.paymentID, customerID: draft.customerID, provider: .card,
                                                 lines: draft.lines, shippingAddress: draft.shippingAddress, createdAt: draft.createdAt,
                                                 expiresAt: draft.expiresAt, by: draft.by))
    }

    static func sealed(_ id: String, fingerprint: String = String(repeating: "f", count: 64)) -> SealedCardPayment {
        SealedCardPayment(managementId: id, sealedCard: "c2VhbGVk", masked: MaskedCard(maskedNumber: "540987*******987", expiry: "1230"),
                          fingerprint: fingerprint)
    }

    func locks() async throws -> Int {
        try await base.database.read { try $0.queryRow("SELECT count(*) FROM card_locks")?.int(0) ?? -1 }
    }

    @Test("the claim stores tid, masked card and sealed block; the same card in a second payment is CONCURRENT_REQUEST with nothing stored")
    func oneCardAtATime() async throws {
        let first = try await cardOrder(), second = try await cardOrder()
        let claimed = try #require(try await orders.beginCardConfirm(first.id, Self.sealed("20250615AAAAAAAAAAAA"), leaseUntil: 130, at: 110))
        #expect(claimed.payment.status == .inProgress)
        #expect(claimed.payment.tid == "20250615AAAAAAAAAAAA")
        #expect(claimed.payment.card == PaymentCard(maskedNumber: "540987*******987", expiry: "1230"))
        #expect(try await orders.sealedCard(forPayment: "20250615AAAAAAAAAAAA") == "c2VhbGVk")
        await #expect(throws: MarketplaceError.conflict(code: "CONCURRENT_REQUEST", detail:
            "This card is being charged by another payment right now; try again.")) {
            _ = try await orders.beginCardConfirm(second.id, Self.sealed("20250615BBBBBBBBBBBB"), leaseUntil: 130, at: 111)
        }
        let untouched = try #require(try await orders.find(second.id))
        #expect(untouched.payment.status == .ready && untouched.payment.tid == nil && untouched.payment.card == nil)
        #expect(try await orders.sealedCard(forPayment: "20250615BBBBBBBBBBBB") == nil)
        // Another card is free; the first settles and frees its card.
        #expect(try await orders.beginCardConfirm(second.id, Self.sealed("20250615CCCCCCCCCCCC", fingerprint: String(repeating: "e", count: 64)),
                                                  leaseUntil: 130, at: 112) != nil)
        #expect(try await locks() == 2)
        _ = try await orders.recordFailure(payment: claimed.payment.id, by: "system", at: 120)
        #expect(try await locks() == 1)
        let third = try await cardOrder()
        #expect(try await orders.beginCardConfirm(third.id, Self.sealed("20250615DDDDDDDDDDDD"), leaseUntil: 150, at: 121) != nil)
    }

    @Test("a lapsed claim (a payment left UNKNOWN past its lease) gives way; approval releases the card")
    func lapsedLease() async throws {
        let first = try await cardOrder(), second = try await cardOrder()
        let claimed = try #require(try await orders.beginCardConfirm(first.id, Self.sealed("20250615AAAAAAAAAAAA"), leaseUntil: 130, at: 110))
        _ = try await orders.recordUnknown(payment: claimed.payment.id, nextAttemptAt: 200, at: 115)
        #expect(try await locks() == 1)   // UNKNOWN keeps the card until its lease ends
        let next = try #require(try await orders.beginCardConfirm(second.id, Self.sealed("20250615BBBBBBBBBBBB"), leaseUntil: 160, at: 130))
        let approval = GatewayApproval(tid: "20250615BBBBBBBBBBBB", amount: next.payment.amount, approvedAt: 140)
        #expect(try await orders.recordApproval(payment: next.payment.id, approval, by: "system", at: 140)?.status == .paid)
        #expect(try await locks() == 0)
    }

    @Test("the payment is found by its id, its management id and a cancel's management id; a TOSS order cannot be claimed by card")
    func lookups() async throws {
        let order = try await cardOrder()
        let claimed = try #require(try await orders.beginCardConfirm(order.id, Self.sealed("20250615AAAAAAAAAAAA"), leaseUntil: 130, at: 110))
        let paymentID = claimed.payment.id
        let approval = GatewayApproval(tid: "20250615AAAAAAAAAAAA", amount: claimed.payment.amount, approvedAt: 120)
        _ = try await orders.recordApproval(payment: paymentID, approval, by: "system", at: 120)
        _ = try #require(try await orders.claimCancel(payment: paymentID, leaseUntil: 200, at: 130))
        let split = try PaymentBalance(amount: claimed.payment.amount, vat: claimed.payment.vat).cancel(amount: 100, vat: nil)
        _ = try await orders.recordCancel(payment: paymentID, RefundRecord(split: split, reason: "r", lines: nil),
                                          receipt: CancelReceipt(tid: "20250615ZZZZZZZZZZZZ", canceledAt: 131), by: "admin:1", at: 131)
        for id in [paymentID, "20250615AAAAAAAAAAAA", "20250615ZZZZZZZZZZZZ"] {
            #expect(try await orders.order(ofPayment: id)?.id == order.id)
        }
        #expect(try await orders.order(ofPayment: "20250615QQQQQQQQQQQQ") == nil)
        let toss = try await orders.place(base.draft(1))
        #expect(try await orders.beginCardConfirm(toss.id, Self.sealed("20250615EEEEEEEEEEEE"), leaseUntil: 130, at: 110) == nil)
    }
}
