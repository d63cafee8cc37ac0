import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PaymentServiceRefundTests {
    let world = MoneyFixture()

    func refund(_ order: Order, _ amount: Int64?, vat: Int64? = nil, reason: String? = "damaged") async throws -> Order {
        try await world.payments.adminRefund(order.payment.id, amount: amount, vat: vat, reason: reason, by: world.admin)
    }

    @Test("admin refunds: default VAT, explicit VAT, then emptying the balance cancels the PAID order with its stock")
    func adminRefunds() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        #expect(order.payment.balanceAmount == 110_000 && order.payment.balanceVat == 10_000)
        let first = try await refund(order, 11_000)
        #expect(first.payment.status == .partialCanceled && first.payment.cancels.map(\.vat) == [1_000])
        #expect(first.status == .paid && world.stock(keyboard) == 3, "money only: the lines stay")
        let second = try await refund(order, 22_000, vat: 1_500)
        #expect(second.payment.balanceAmount == 77_000 && second.payment.balanceVat == 7_500)
        let last = try await refund(order, 77_000)
        #expect(last.payment.status == .canceled && last.payment.cancels.last?.vat == 7_500)
        #expect(last.status == .canceled && last.items.allSatisfy { $0.status == .canceled })
        #expect(world.stock(keyboard) == 5)
        #expect(world.toss.charge(of: order.id)?.balance == 0 && world.toss.refunds == 3)
        #expect(world.orders.events.filter { $0.order.id == order.id }.map(\.type).suffix(4)
            == [.paymentRefunded, .paymentRefunded, .paymentRefunded, .orderCanceled])
        #expect(await thrownCode { _ = try await refund(order, 1) } == "NOT_CANCELABLE_AMOUNT")
    }

    @Test("refused amounts change nothing and never reach the gateway", arguments: [
        (Int64(110_001), Int64?.none, "NOT_CANCELABLE_AMOUNT"),   // over the balance
        (Int64(11_000), Int64?(10_001), "NOT_CANCELABLE_AMOUNT"), // VAT over the balance VAT
        (Int64(110_000), Int64?(0), "NOT_CANCELABLE_AMOUNT"),     // empties the balance, VAT left
        (Int64(0), Int64?.none, "INVALID_REQUEST"),
        (Int64(100), Int64?(-1), "INVALID_REQUEST"),
    ])
    func refusals(_ amount: Int64, _ vat: Int64?, _ expected: String) async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        let calls = world.toss.calls.count
        #expect(await thrownCode { _ = try await refund(order, amount, vat: vat) } == expected)
        #expect(try await world.reload(order) == order && world.toss.calls.count == calls)
        #expect(try await refund(order, 1_100).payment.balanceAmount == 108_900, "no claim was left behind")
    }

    @Test("a tax-free payment: a partial refund with the default VAT is refused; with vat 0 it passes")
    func taxFree() async throws {
        let book = try await world.product(price: 20_000, stock: 5, taxFree: true, name: "Book")
        let order = try await world.paidOrder([(book, 1)])
        #expect(order.payment.vat == 0)
        #expect(await thrownCode { _ = try await refund(order, 5_000) } == "NOT_CANCELABLE_AMOUNT")
        let refunded = try await refund(order, 5_000, vat: 0)
        #expect(refunded.payment.balanceAmount == 15_000 && refunded.payment.balanceVat == 0)
        #expect(world.toss.calls.last == .cancel(orderId: order.id.rawValue, amount: 5_000, vat: 0, taxFree: 5_000,
                                                 idempotencyKey: "cancel-\(order.payment.id)-0-5000-0"))
    }

    @Test("requests: amount and a 1–200 character reason are required; unknown payments are 404; unpaid ones 409")
    func requestRules() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.paidOrder([(keyboard, 1)])
        #expect(await thrownCode { _ = try await refund(order, nil) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await refund(order, 100, reason: "") } == "INVALID_REQUEST")
        #expect(await thrownCode {
            _ = try await world.payments.adminRefund("pay_nope", amount: 1, vat: nil, reason: "x", by: world.admin)
        } == "PAYMENT_NOT_FOUND")
        let unpaid = try await world.place([(keyboard, 1)])
        #expect(await thrownCode { _ = try await refund(unpaid, 100) } == "NOT_CANCELABLE")
        #expect(await thrownCode {
            _ = try await world.payments.adminRefund(order.payment.id, amount: 1, vat: nil, reason: "x", by: world.customer)
        } == "FORBIDDEN_ROLE")
    }

    @Test("two refunds of one payment at once: the second is 409 CONCURRENT_REQUEST while the first is at the gateway")
    func concurrentRefunds() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        let hold = world.toss.hold(.cancel)
        let first = Task { [world] in try await world.payments.adminRefund(order.payment.id, amount: 11_000, vat: nil, reason: "a",
                                                                           by: world.admin) }
        try await hold.arrived()
        let second = await thrownCode { _ = try await refund(order, 11_000) }
        let customer = await thrownCode {
            _ = try await world.orderService.cancel(order.id.rawValue, reason: "b", lines: nil, by: world.customer)
        }
        hold.release()
        #expect(second == "CONCURRENT_REQUEST" && customer == "CONCURRENT_REQUEST")
        #expect(try await first.value.payment.balanceAmount == 99_000)
        #expect(world.toss.count(.cancel) == 1 && world.toss.refunds == 1)
        #expect(try await refund(order, 11_000).payment.balanceAmount == 88_000, "the claim is released afterwards")
    }

    @Test("a refund without an answer is 502 with nothing recorded; the same request again is recorded once, with no second cancel")
    func lostRefund() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        world.toss.script(cancel: .acceptThenLoseAnswer)
        #expect(await thrownCode { _ = try await refund(order, 11_000) } == "PAYMENT_GATEWAY_ERROR")
        #expect(try await world.reload(order) == order, "nothing recorded")
        #expect(world.toss.charge(of: order.id)?.balance == 99_000, "but the gateway did refund")
        let settled = try await refund(order, 11_000)
        #expect(settled.payment.balanceAmount == 99_000 && settled.payment.cancels.count == 1)
        #expect(world.toss.count(.cancel) == 1 && world.toss.refunds == 1)
    }

    @Test("no answer at all: 502, nothing refunded; the retry sends the same idempotency key")
    func noAnswerRetried() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        world.toss.script(cancel: .noAnswer)
        #expect(await thrownCode { _ = try await refund(order, 11_000) } == "PAYMENT_GATEWAY_ERROR")
        #expect(try await refund(order, 11_000).payment.balanceAmount == 99_000)
        #expect(world.toss.cancelKeys.count == 2 && Set(world.toss.cancelKeys).count == 1 && world.toss.refunds == 1)
        world.toss.script(lookup: .noAnswer)
        #expect(await thrownCode { _ = try await refund(order, 11_000) } == "PAYMENT_GATEWAY_ERROR")
        #expect(world.toss.count(.cancel) == 2, "a balance it cannot check refunds nothing")
    }

    @Test("a gateway balance that differs by anything but this refund is 409 BALANCE_MISMATCH; nothing is refunded")
    func balanceMismatch() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        for balance: Int64 in [109_999, 110_001, 88_000] {
            world.toss.script(lookup: .approvedWithBalance(balance))
            #expect(await thrownCode { _ = try await refund(order, 11_000) } == "BALANCE_MISMATCH")
        }
        #expect(try await world.reload(order) == order && world.toss.count(.cancel) == 0)
        #expect(try await refund(order, 11_000).payment.balanceAmount == 99_000)
    }

    @Test("a refusal by the gateway is passed on, records nothing and releases the claim")
    func gatewayRefuses() async throws {
        let keyboard = try await world.product(price: 55_000, stock: 5)
        let order = try await world.paidOrder([(keyboard, 2)])
        world.toss.script(cancel: .refuse(code: "NOT_CANCELABLE_PAYMENT"))
        #expect(await thrownCode { _ = try await refund(order, 11_000) } == "NOT_CANCELABLE_PAYMENT")
        #expect(try await world.reload(order) == order)
        #expect(try await refund(order, 11_000).payment.cancels.count == 1)
    }
}
