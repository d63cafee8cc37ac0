import Marketplace
import MarketplaceFakes
import Testing

@Suite struct OrderServiceCancelTests {
    let world = MoneyFixture()

    func cancel(_ order: Order, _ lines: [(ProductID, Int)]? = nil, reason: String? = "changed my mind",
                by principal: Principal? = nil) async throws -> Order {
        try await world.orderService.cancel(order.id.rawValue, reason: reason,
                                            lines: lines?.map { OrderLineForm(productID: $0.0.rawValue, quantity: $0.1) },
                                            by: principal ?? world.customer)
    }

    @Test("a whole cancel before payment returns every unit once, aborts the payment and records who did it")
    func wholeCancel() async throws {
        let keyboard = try await world.product(stock: 10)
        let mouse = try await world.product(stock: 10, name: "Mouse")
        let order = try await world.place([(keyboard, 3), (mouse, 2)])
        let canceled = try await cancel(order)
        #expect(canceled.status == .canceled && canceled.payment.status == .aborted)
        #expect(canceled.items.allSatisfy { $0.status == .canceled })
        #expect(canceled.history.last == OrderHistoryEntry(status: .canceled, at: world.clock.now(), by: "customer:1"))
        #expect(world.stock(keyboard) == 10 && world.stock(mouse) == 10)
        // Again: refused, and nothing returns twice; nor does the expiry sweep return it later.
        #expect(await thrownCode { _ = try await cancel(order) } == "NOT_CANCELABLE")
        world.clock.advance(by: MoneyFixture.paymentTimeout + 1)
        #expect(try await world.orderService.expireDue() == 0)
        #expect(world.stock(keyboard) == 10 && world.stock(mouse) == 10)
    }

    @Test("a partial cancel splits a line, returns those units, lowers the amount and VAT and prepares the new amount")
    func partialCancel() async throws {
        let keyboard = try await world.product(price: 11_000, stock: 10)
        let book = try await world.product(price: 5_000, stock: 10, taxFree: true, name: "Book")
        let order = try await world.place([(keyboard, 3), (book, 2)])
        #expect(order.payment.amount == 43_000 && order.payment.vat == 3_000)
        let partial = try await cancel(order, [(keyboard, 2)])
        #expect(partial.status == .pendingPayment && partial.payment.status == .ready)
        #expect(partial.items.map(\.quantity) == [1, 2, 2] && partial.items.map(\.status) == [.ordered, .ordered, .canceled])
        #expect(partial.payment.amount == 21_000 && partial.payment.vat == 1_000 && partial.payment.taxFreeAmount == 10_000)
        #expect(partial.payment.balanceAmount == 21_000)
        #expect(world.stock(keyboard) == 9 && world.stock(book) == 8)
        #expect(world.toss.calls.last == .prepare(orderId: order.id.rawValue, amount: 21_000), "the checkout carries the new amount")
        // The rest of the order can still be paid, for what is left.
        #expect(try await world.confirm(partial).order.status == .paid)
        #expect(world.toss.charge(of: order.id)?.approval.amount == 21_000)
    }

    @Test("cancel requests: a reason of 1–200 characters, ordered lines only, no more units than ordered")
    func cancelValidation() async throws {
        let keyboard = try await world.product(stock: 10)
        let other = try await world.product(stock: 10, name: "Other")
        let order = try await world.place([(keyboard, 2)])
        #expect(await thrownCode { _ = try await cancel(order, reason: nil) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await cancel(order, reason: String(repeating: "x", count: 201)) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await cancel(order, reason: "line\nbreak") } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await cancel(order, [(keyboard, 3)]) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await cancel(order, [(other, 1)]) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await cancel(order, by: world.otherCustomer) } == "ORDER_NOT_FOUND")
        #expect(try await world.reload(order) == order && world.stock(keyboard) == 8)
    }

    @Test("a PAID order is canceled with a refund of its lines: amounts and VAT per line, stock back, CANCELED at the end")
    func paidCancel() async throws {
        let keyboard = try await world.product(price: 11_000, stock: 10)
        let book = try await world.product(price: 5_000, stock: 10, taxFree: true, name: "Book")
        let order = try await world.paidOrder([(keyboard, 2), (book, 1)])
        let first = try await cancel(order, [(keyboard, 1)])
        #expect(first.status == .paid && first.payment.status == .partialCanceled)
        #expect(first.payment.cancels.map(\.amount) == [11_000] && first.payment.cancels.map(\.vat) == [1_000])
        #expect(first.payment.balanceAmount == 16_000 && first.payment.balanceVat == 1_000)
        // A tax-free line refunds with VAT 0, passed explicitly.
        let second = try await cancel(order, [(book, 1)])
        #expect(second.payment.cancels.last?.vat == 0 && second.payment.balanceVat == 1_000)
        let last = try await cancel(order)
        #expect(last.status == .canceled && last.payment.status == .canceled && last.payment.balanceAmount == 0)
        #expect(world.stock(keyboard) == 10 && world.stock(book) == 10)
        #expect(world.toss.charge(of: order.id)?.balance == 0 && world.toss.refunds == 3)
        #expect(world.toss.calls.contains(.cancel(orderId: order.id.rawValue, amount: 5_000, vat: 0, taxFree: 5_000,
                                                  idempotencyKey: "cancel-\(order.payment.id)-1-5000-0")))
    }

    @Test("orders past PAID are not cancelable and the gateway is not asked")
    func shippingNotCancelable() async throws {
        let keyboard = try await world.product(stock: 10)
        let order = try await world.paidOrder([(keyboard, 1)])
        _ = try await world.orderService.adminMove(order.id.rawValue, to: "SHIPPING", trackingNumber: "TRK-1", by: world.admin)
        let calls = world.toss.calls.count
        #expect(await thrownCode { _ = try await cancel(order) } == "NOT_CANCELABLE")
        #expect(world.toss.calls.count == calls && world.stock(keyboard) == 9)
    }

    @Test("expiry at the payment-timeout edge: not due a moment before expiresAt, expired at it, its stock back once")
    func expiryEdge() async throws {
        let keyboard = try await world.product(stock: 4)
        let order = try await world.place([(keyboard, 3)])
        #expect(try await world.orderService.secondsUntilNextExpiry() == MoneyFixture.paymentTimeout)
        world.clock.set(to: order.expiresAt - 0.001)
        #expect(try await world.orderService.expireDue() == 0)
        #expect(try await world.reload(order).status == .pendingPayment)
        world.clock.set(to: order.expiresAt)
        #expect(try await world.orderService.expireDue() == 1)
        let expired = try await world.reload(order)
        #expect(expired.status == .expired && expired.payment.status == .expired && expired.payment.balanceAmount == 0)
        #expect(expired.history.last?.by == OrderHistoryEntry.system)
        #expect(world.stock(keyboard) == 4)
        #expect(try await world.orderService.expireDue() == 0 && world.stock(keyboard) == 4)
        #expect(try await world.orderService.secondsUntilNextExpiry() == nil)
        #expect(await thrownCode { _ = try await world.confirm(order) } == "ORDER_EXPIRED")
        #expect(world.toss.count(.confirm) == 0)
    }

    @Test("8 expiry sweeps at once return the stock of 20 due orders exactly once")
    func parallelSweeps() async throws {
        let keyboard = try await world.product(stock: 100)
        for _ in 0..<20 { _ = try await world.place([(keyboard, 2)]) }
        #expect(world.stock(keyboard) == 60)
        world.clock.advance(by: MoneyFixture.paymentTimeout)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { [world] in try await world.orderService.expireDue() } }
            return try await group.reduce(0, +)
        }
        #expect(counts == 20 && world.stock(keyboard) == 100)
        #expect(world.orders.events.count { $0.type == .orderExpired } == 20)
    }

    @Test("staff moves: PAID → SHIPPING (with a tracking number) → DELIVERED, recorded in history; nothing else")
    func staffTransitions() async throws {
        let keyboard = try await world.product(stock: 10)
        let pending = try await world.place([(keyboard, 1)])
        let move = { (order: Order, status: String?, tracking: String?) in
            try await world.orderService.adminMove(order.id.rawValue, to: status, trackingNumber: tracking, by: world.admin)
        }
        #expect(await thrownCode { _ = try await move(pending, "SHIPPING", "TRK-1") } == "INVALID_STATUS_TRANSITION")
        let paid = try await world.paidOrder([(keyboard, 1)])
        #expect(await thrownCode { _ = try await move(paid, "DELIVERED", nil) } == "INVALID_STATUS_TRANSITION")
        #expect(await thrownCode { _ = try await move(paid, "SHIPPING", nil) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await move(paid, "SHIPPING", "bad tracking!") } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await move(paid, "CANCELED", nil) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await move(paid, "PAID", nil) } == "INVALID_REQUEST")
        let shipping = try await move(paid, "SHIPPING", "TRK-1")
        #expect(shipping.status == .shipping && shipping.trackingNumber == "TRK-1")
        #expect(await thrownCode { _ = try await move(paid, "SHIPPING", "TRK-2") } == "INVALID_STATUS_TRANSITION")
        let delivered = try await move(paid, "DELIVERED", nil)
        #expect(delivered.status == .delivered && delivered.trackingNumber == "TRK-1")
        #expect(delivered.history.map(\.status) == [.pendingPayment, .paid, .shipping, .delivered])
        #expect(delivered.history.suffix(2).allSatisfy { $0.by == "admin:900" })
        #expect(await thrownCode { _ = try await move(paid, "SHIPPING", "TRK-3") } == "INVALID_STATUS_TRANSITION")
        let customerMove = await thrownCode {
            _ = try await world.orderService.adminMove(paid.id.rawValue, to: "DELIVERED", trackingNumber: nil, by: world.customer)
        }
        #expect(customerMove == "FORBIDDEN_ROLE")
    }

    @Test("two admins shipping one order at once: one moves it, the other is 409")
    func concurrentShip() async throws {
        let keyboard = try await world.product(stock: 10)
        let paid = try await world.paidOrder([(keyboard, 1)])
        let codes = await withTaskGroup(of: String?.self) { group in
            for index in 0..<2 {
                group.addTask { [world] in
                    await thrownCode {
                        _ = try await world.orderService.adminMove(paid.id.rawValue, to: "SHIPPING", trackingNumber: "TRK-\(index)",
                                                                   by: world.admin)
                    }
                }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(codes.count { $0 == nil } == 1 && codes.count { $0 == "INVALID_STATUS_TRANSITION" } == 1)
        #expect(try await world.reload(paid).history.count { $0.status == .shipping } == 1)
    }
}
