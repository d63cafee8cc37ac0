import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PaymentServiceCardTests {
    let world = MoneyFixture(withCard: true)
    static let card = CardDetails(number: "1234567890123456", expiry: "1299", cvc: "777", installmentMonths: 0)

    func pay(_ order: Order, _ card: CardDetails = PaymentServiceCardTests.card) async throws -> PaymentService.Confirmation {
        try await world.payments.payByCard(order.id.rawValue, card: card, by: world.customer)
    }

    @Test("a card payment is PAID with the management id as tid and only the masked card kept")
    func paid() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)], provider: .card)
        let paid = try await pay(order).order
        #expect(paid.status == .paid && paid.payment.card == PaymentCard(maskedNumber: "123456*******456", expiry: "1299"))
        let tid = try #require(paid.payment.tid)
        #expect(tid.count == 20 && world.card.charge(of: order.id)?.approval.tid == tid)
        let sealed = try #require(try await world.orders.sealedCard(forPayment: tid))
        #expect(!sealed.contains(Self.card.number), "the vault holds the card sealed, never in clear")
    }

    @Test("a bad card is 400 naming its fields; nothing is stored or sent")
    func badCard() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)], provider: .card)
        let bad = CardDetails(number: "12", expiry: "1399", cvc: "7", installmentMonths: 13)
        do {
            _ = try await pay(order, bad)
            Issue.record("a bad card must be refused")
        } catch MarketplaceError.validation(_, _, let issues) {
            #expect(issues.map(\.field) == ["cardNumber", "expiry", "cvc", "installmentMonths"])
        }
        #expect(try await world.reload(order) == order && world.card.count(.confirm) == 0)
    }

    @Test("the same card in another payment at once is 409 CONCURRENT_REQUEST with nothing stored; free again once settled")
    func cardClaim() async throws {
        let keyboard = try await world.product(stock: 5)
        let first = try await world.place([(keyboard, 1)], provider: .card)
        let second = try await world.place([(keyboard, 1)], provider: .card)
        let hold = world.card.hold(.confirm)
        let paying = Task { [world] in try await world.payments.payByCard(first.id.rawValue, card: Self.card, by: world.customer) }
        try await hold.arrived()
        #expect(await thrownCode { _ = try await pay(second) } == "CONCURRENT_REQUEST")
        #expect(try await world.reload(second) == second, "nothing stored for the refused payment")
        hold.release()
        #expect(try await paying.value.order.status == .paid)
        #expect(try await pay(second).order.status == .paid)
        #expect(world.card.count(.confirm) == 2 && world.card.charges == 2)
    }

    @Test("a lost card answer is reconciled with the payment's full CANCEL: no answer → retried; a receipt → ABORTED, stock back")
    func lostAnswerReconciled() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)], provider: .card)
        world.card.script(confirm: .approveThenLoseAnswer)
        #expect(try await pay(order).settled == false)
        world.card.script(cancel: .noAnswer)
        #expect(try await world.recoverWhenDue(order) == 0)
        #expect(try await world.reload(order).payment.status == .unknown && world.stock(keyboard) == 3)
        #expect(try await world.recoverWhenDue(order) == 1)
        let aborted = try await world.reload(order)
        #expect(aborted.status == .paymentFailed && aborted.payment.status == .aborted && world.stock(keyboard) == 5)
        #expect(world.card.charges == 1 && world.card.refunds == 1 && world.card.charge(of: order.id)?.balance == 0)
        #expect(Set(world.card.cancelKeys) == ["reconcile-" + order.payment.id])
    }

    @Test("a card payment whose PAYMENT never reached the company is aborted on ORIGINAL_NOT_FOUND")
    func neverApproved() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)], provider: .card)
        world.card.script(confirm: .noAnswer)
        #expect(try await pay(order).settled == false)
        #expect(try await world.recoverWhenDue(order) == 1)
        #expect(try await world.reload(order).payment.status == .aborted && world.stock(keyboard) == 5)
        #expect(world.card.charges == 0 && world.card.refunds == 0)
    }
}
