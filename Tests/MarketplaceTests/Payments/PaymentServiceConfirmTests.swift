import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PaymentServiceConfirmTests {
    let world = MoneyFixture()

    @Test("approve → PAID once: payment DONE with its key, cart lines gone, one charge under the payment's confirm key")
    func approve() async throws {
        let keyboard = try await world.product(stock: 5)
        _ = try await world.cartService.add(productID: keyboard.rawValue, quantity: 2, by: world.customer)
        let order = try await world.place(nil)
        let confirmation = try await world.confirm(order, paymentKey: "pk_1")
        #expect(confirmation.settled && confirmation.order.status == .paid)
        #expect(confirmation.order.payment.status == .done && confirmation.order.payment.paymentKey == "pk_1")
        #expect(confirmation.order.payment.approvedAt == world.clock.now())
        #expect(world.toss.confirmKeys == ["confirm-" + order.payment.id] && world.toss.charges == 1)
        #expect(world.orders.eventCount(.orderPaid, of: order.id) == 1)
        #expect(try await world.cartService.cart(by: world.customer).items.isEmpty)
        #expect(world.stock(keyboard) == 3)

        // Repeats never reach the gateway: the same paymentKey gets the order, another is 409.
        let again = try await world.confirm(order, paymentKey: "pk_1")
        #expect(again.settled && again.order == confirmation.order)
        #expect(await thrownCode { _ = try await world.confirm(order, paymentKey: "pk_other") } == "ALREADY_PROCESSED")
        #expect(world.toss.count(.confirm) == 1)
    }

    @Test("a mismatched amount fails the order and returns its stock without a gateway call")
    func amountMismatch() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)])
        #expect(await thrownCode { _ = try await world.confirm(order, amount: order.payment.amount - 1) } == "PAYMENT_AMOUNT_MISMATCH")
        let failed = try await world.reload(order)
        #expect(failed.status == .paymentFailed && failed.payment.status == .aborted && failed.payment.balanceAmount == 0)
        #expect(world.stock(keyboard) == 5 && world.toss.count(.confirm) == 0)
        #expect(await thrownCode { _ = try await world.confirm(order) } == "ALREADY_PROCESSED")
    }

    @Test("a decline is 402 PAYMENT_REJECTED: payment ABORTED, order PAYMENT_FAILED, stock back, nothing charged")
    func decline() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)])
        world.toss.script(confirm: .decline(code: "REJECT_CARD_COMPANY", message: "declined"))
        #expect(await thrownCode { _ = try await world.confirm(order) } == "PAYMENT_REJECTED")
        let failed = try await world.reload(order)
        #expect(failed.status == .paymentFailed && failed.payment.status == .aborted)
        #expect(world.stock(keyboard) == 5 && world.toss.charges == 0)
        #expect(world.orders.eventCount(.orderPaymentFailed, of: order.id) == 1)
        #expect(try await world.payments.recoverDue() == 0, "nothing is left for recovery")
    }

    @Test("no answer → 202 UNKNOWN, stock still held; the worker finds nothing there and approves again with the SAME key → PAID once")
    func timeoutThenRecovered() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)])
        world.toss.script(confirm: .noAnswer)
        let confirmation = try await world.confirm(order)
        #expect(!confirmation.settled && confirmation.order.payment.status == .unknown)
        #expect(world.orders.recoveryColumns(of: order.id)?.nextAttemptAt == world.clock.now() + 30)
        #expect(try await world.payments.secondsUntilNextRecovery() == 30)
        #expect(world.stock(keyboard) == 3)
        #expect(await thrownCode { _ = try await world.confirm(order) } == "PAYMENT_IN_PROGRESS")

        #expect(try await world.payments.recoverDue() == 0, "not due before its backoff")
        #expect(try await world.recoverWhenDue(order) == 1)
        let paid = try await world.reload(order)
        #expect(paid.status == .paid && paid.payment.status == .done && paid.history.last?.by == OrderHistoryEntry.system)
        #expect(world.toss.confirmKeys == Array(repeating: "confirm-" + order.payment.id, count: 2))
        #expect(world.toss.charges == 1 && world.orders.eventCount(.orderPaid, of: order.id) == 1)
        #expect(world.stock(keyboard) == 3)
    }

    @Test("a lost answer (approved at the gateway, the answer lost) settles PAID exactly once, without a second confirm")
    func lostAnswer() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)])
        world.toss.script(confirm: .approveThenLoseAnswer)
        #expect(try await world.confirm(order).settled == false)
        #expect(world.toss.charges == 1)
        // Several sweeps at once: one claims the payment, the others find nothing due.
        world.clock.advance(by: 30)
        let settled = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { [world] in try await world.payments.recoverDue() } }
            return try await group.reduce(0, +)
        }
        #expect(settled == 1)
        #expect(try await world.reload(order).status == .paid)
        #expect(world.toss.count(.confirm) == 1 && world.toss.count(.lookup) == 1 && world.toss.charges == 1)
        #expect(world.orders.eventCount(.orderPaid, of: order.id) == 1)
    }

    @Test("8 confirms of one order at once: one approval; the others are PAYMENT_IN_PROGRESS or see it paid")
    func parallelConfirms() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)])
        let hold = world.toss.hold(.confirm)
        let first = Task { [world] in try await world.confirm(order) }
        try await hold.arrived()
        let others = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<7 { group.addTask { [world] in await thrownCode { _ = try await world.confirm(order, paymentKey: "pk_x") } } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        hold.release()
        #expect(try await first.value.order.status == .paid)
        #expect(others.allSatisfy { $0 == "PAYMENT_IN_PROGRESS" })
        #expect(world.toss.count(.confirm) == 1 && world.toss.charges == 1)
    }

    @Test("expiry racing a confirm whose gateway call is in flight: the confirm holds the payment, the sweep passes it by")
    func expiryDuringConfirm() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 2)])
        world.clock.set(to: order.expiresAt - 1)
        let hold = world.toss.hold(.confirm)
        let confirm = Task { [world] in try await world.confirm(order) }
        try await hold.arrived()
        world.clock.set(to: order.expiresAt + 1)
        let sweep = Task { [world] in try await world.orderService.expireDue() }
        #expect(try await sweep.value == 0)
        hold.release()
        #expect(try await confirm.value.order.status == .paid)
        #expect(world.stock(keyboard) == 3 && world.orders.eventCount(.orderExpired, of: order.id) == 0)
    }

    @Test("expiry and confirm started together, 25 times: exactly one wins each time and the stock agrees with it")
    func expiryRace() async throws {
        for _ in 0..<25 {
            let world = MoneyFixture()
            let keyboard = try await world.product(stock: 5)
            let order = try await world.place([(keyboard, 2)])
            world.clock.set(to: order.expiresAt - 0.5)
            async let confirmed = thrownCode { _ = try await world.confirm(order) }
            async let expired = Self.expire(world, at: order.expiresAt)
            let (code, count) = try await (confirmed, expired)
            let final = try await world.reload(order)
            if final.status == .paid {
                #expect(code == nil && count == 0 && world.stock(keyboard) == 3 && world.toss.charges == 1)
            } else {
                #expect(final.status == .expired && code == "ORDER_EXPIRED" && count == 1)
                #expect(world.stock(keyboard) == 5 && world.toss.charges == 0)
            }
        }
    }

    /// Moves the clock to `time` and sweeps: the expiry side of a race.
    static func expire(_ world: MoneyFixture, at time: Double) async throws -> Int {
        world.clock.set(to: time)
        return try await world.orderService.expireDue()
    }

    @Test("Kakao Pay confirms with pgToken and the ready call's tid; bad bodies are 400 and change nothing")
    func kakaoAndValidation() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)], provider: .kakaoPay)
        let none = PaymentConfirmForm(paymentKey: nil, amount: nil, pgToken: nil)
        #expect(await thrownCode { _ = try await world.payments.confirm(order.id.rawValue, form: none, by: world.customer) }
            == "INVALID_REQUEST")
        let form = PaymentConfirmForm(paymentKey: nil, amount: nil, pgToken: "pg_1")
        let paid = try await world.payments.confirm(order.id.rawValue, form: form, by: world.customer).order
        #expect(paid.status == .paid && paid.payment.tid == "T" + order.id.rawValue)
        #expect(world.kakao.charges == 1 && world.toss.count(.confirm) == 0)

        let toss = try await world.place([(keyboard, 1)])
        #expect(await thrownCode { _ = try await world.payments.confirm(toss.id.rawValue, form: none, by: world.customer) }
            == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await world.confirm(toss, by: world.otherCustomer) } == "ORDER_NOT_FOUND")
        #expect(try await world.reload(toss).payment.status == .ready)
    }
}
