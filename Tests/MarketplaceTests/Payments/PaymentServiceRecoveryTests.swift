import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PaymentServiceRecoveryTests {
    let world = MoneyFixture()

    /// A placed order whose confirm got no answer: UNKNOWN, due after the first backoff.
    func unknownOrder(_ product: ProductID, quantity: Int = 2) async throws -> Order {
        let order = try await world.place([(product, quantity)])
        world.toss.script(confirm: .noAnswer)
        let confirmation = try await world.confirm(order)
        precondition(confirmation.order.payment.status == .unknown)
        return confirmation.order
    }

    @Test("failed there → ABORTED, order PAYMENT_FAILED, stock back, no second confirm")
    func failedThere() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await unknownOrder(keyboard)
        world.toss.script(lookup: .failed(code: "REJECT_CARD_COMPANY"))
        #expect(try await world.recoverWhenDue(order) == 1)
        let failed = try await world.reload(order)
        #expect(failed.status == .paymentFailed && failed.payment.status == .aborted)
        #expect(world.stock(keyboard) == 5 && world.toss.count(.confirm) == 1)
        #expect(try await world.payments.secondsUntilNextRecovery() == nil)
    }

    @Test("no answer from the lookup: the backoff doubles up to its cap and the payment is never aborted, past the last attempt too")
    func lookupNeverAnswers() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await unknownOrder(keyboard)
        var delays: [Double] = []
        for _ in 0..<8 {
            world.toss.script(lookup: .noAnswer)
            let before = world.orders.recoveryColumns(of: order.id)?.nextAttemptAt ?? 0
            world.clock.set(to: before)
            #expect(try await world.payments.recoverDue() == 0)
            let after = try #require(world.orders.recoveryColumns(of: order.id)?.nextAttemptAt)
            delays.append(after - before)
            #expect(try await world.reload(order).payment.status == .unknown)
        }
        // Attempt n waits interval × 2^n after it (the confirm was the first call), capped at maxBackoff.
        #expect(delays == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(world.stock(keyboard) == 3 && world.toss.count(.confirm) == 1)
        // Once the gateway answers that it has nothing, the (long past) last attempt aborts.
        #expect(try await world.recoverWhenDue(order) == 1)
        #expect(try await world.reload(order).payment.status == .aborted && world.stock(keyboard) == 5)
    }

    @Test("unknown there → approved again with the SAME key each attempt; the last attempt aborts and returns the stock")
    func unknownThereUntilLast() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await unknownOrder(keyboard)
        for attempt in 1..<MoneyFixture.settings.recoveryMaxAttempts {
            world.toss.script(lookup: .notFound)
            world.toss.script(confirm: .noAnswer)
            #expect(try await world.recoverWhenDue(order) == 0)
            #expect(world.toss.count(.confirm) == 1 + attempt)
        }
        world.toss.script(lookup: .notFound)
        #expect(try await world.recoverWhenDue(order) == 1)
        let aborted = try await world.reload(order)
        #expect(aborted.status == .paymentFailed && aborted.payment.status == .aborted)
        #expect(Set(world.toss.confirmKeys) == ["confirm-" + order.payment.id] && world.toss.confirmKeys.count == 4)
        #expect(world.toss.charges == 0 && world.stock(keyboard) == 5)
    }

    @Test("unknown there, then the replayed confirm is approved → PAID once")
    func replayApproves() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await unknownOrder(keyboard)
        world.toss.script(lookup: .notFound)
        #expect(try await world.recoverWhenDue(order) == 1)
        #expect(try await world.reload(order).status == .paid)
        #expect(world.toss.charges == 1 && world.orders.eventCount(.orderPaid, of: order.id) == 1)
    }

    @Test("a confirm that died IN_PROGRESS is taken only when its lease ends, then settled from the gateway's record")
    func deadConfirm() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)])
        let now = world.clock.now()
        // What a crash right after the claim leaves behind: IN_PROGRESS with the proof and a lease.
        _ = try await world.orders.beginConfirm(order.id, paymentKey: "pk_dead", proofToken: nil,
                                                leaseUntil: now + world.settings.lease, at: now)
        #expect(try await world.payments.secondsUntilNextRecovery() == 25)
        world.clock.advance(by: 24)
        #expect(try await world.payments.recoverDue() == 0 && world.toss.calls.count == 1)
        world.clock.advance(by: 1)
        #expect(try await world.payments.recoverDue() == 1)
        let paid = try await world.reload(order)
        #expect(paid.status == .paid && paid.payment.paymentKey == "pk_dead")
        #expect(world.toss.confirmKeys == ["confirm-" + order.payment.id] && world.toss.charges == 1)
    }

    @Test("the order cannot expire while its payment is UNKNOWN; once recovery aborts it the stock is back exactly once")
    func unknownNeverExpires() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await unknownOrder(keyboard)
        world.clock.set(to: order.expiresAt + 1)
        #expect(try await world.orderService.expireDue() == 0)
        world.toss.script(lookup: .failed(code: "EXPIRED"))
        #expect(try await world.payments.recoverDue() == 1)
        #expect(try await world.orderService.expireDue() == 0)
        #expect(world.stock(keyboard) == 5)
        #expect(try await world.reload(order).status == .paymentFailed)
    }
}
