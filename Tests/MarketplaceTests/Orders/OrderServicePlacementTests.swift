import Marketplace
import MarketplaceFakes
import Testing

@Suite struct OrderServicePlacementTests {
    let world = MoneyFixture()

    @Test("placing reserves every line, snapshots it, follows §6's VAT rule and stores the READY payment's checkout")
    func places() async throws {
        let keyboard = try await world.product(price: 33_000, stock: 5)
        let book = try await world.product(price: 15_000, stock: 5, taxFree: true, name: "Book")
        let order = try await world.place([(keyboard, 2), (book, 1)])
        #expect(order.status == .pendingPayment && order.payment.status == .ready)
        #expect(order.items.map(\.quantity) == [2, 1] && order.items.map(\.unitPrice) == [33_000, 15_000])
        #expect(order.payment.amount == 81_000 && order.payment.taxFreeAmount == 15_000 && order.payment.vat == 6_000)
        #expect(order.expiresAt == world.clock.now() + MoneyFixture.paymentTimeout)
        #expect(order.payment.checkout != nil, "prepare's checkout is stored with the payment")
        #expect(world.stock(keyboard) == 3 && world.stock(book) == 4)
        // The snapshot keeps the price the customer was asked for.
        try await world.change(keyboard, ProductChanges(price: 1))
        #expect(try await world.reload(order).items[0].unitPrice == 33_000)
        #expect(world.orders.eventCount(.orderCreated, of: order.id) == 1)
    }

    @Test("one short product refuses the whole order with 409 naming it; nothing is reserved")
    func allOrNothing() async throws {
        let plenty = try await world.product(stock: 10)
        let short = try await world.product(stock: 1, name: "Short")
        let alsoShort = try await world.product(stock: 0, name: "Gone")
        do {
            _ = try await world.place([(plenty, 3), (short, 2), (alsoShort, 1)])
            Issue.record("a short line must refuse the order")
        } catch MarketplaceError.outOfStock(_, let issues) {
            #expect(issues.map(\.field) == ["items[1].productId", "items[2].productId"])
        }
        #expect(world.stock(plenty) == 10 && world.stock(short) == 1 && world.stock(alsoShort) == 0)
        #expect(try await world.orders.list(OrderQuery(page: PageRequest())).totalItems == 0)
        #expect(world.toss.count(.prepare) == 0)
    }

    @Test("unknown, hidden and deleted products are 404 PRODUCT_NOT_FOUND naming each; nothing is reserved")
    func missingProducts() async throws {
        let fine = try await world.product(stock: 10)
        let hidden = try await world.product(status: .hidden, name: "Hidden")
        let deleted = try await world.product(name: "Deleted")
        try await world.change(deleted, ProductChanges(status: .deleted))
        do {
            _ = try await world.place([(fine, 1), (hidden, 1), (deleted, 1), (ProductID(rawValue: 999), 1)])
            Issue.record("missing products must refuse the order")
        } catch MarketplaceError.productsNotFound(_, let issues) {
            #expect(issues.map(\.field) == ["items[1].productId", "items[2].productId", "items[3].productId"])
        }
        #expect(world.stock(fine) == 10)
    }

    @Test("explicit lines: 1–50 distinct products of 1–99 units; the cart: not empty, at most 50 lines")
    func lineRules() async throws {
        var ids: [ProductID] = []
        for index in 0...OrderRules.maxOrderLines { ids.append(try await world.product(price: 100, stock: 5, name: "P\(index)")) }
        #expect(await thrownCode { _ = try await world.place(ids.map { ($0, 1) }) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await world.place([]) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await world.place([(ids[0], 1), (ids[0], 2)]) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await world.place([(ids[0], 100)]) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await world.place([(ids[0], 0)]) } == "INVALID_REQUEST")
        let fifty = try await world.place(ids.prefix(50).map { ($0, 1) })
        #expect(fifty.items.count == 50)

        #expect(await thrownCode { _ = try await world.place(nil) } == "EMPTY_CART")
        for id in ids { _ = try await world.cartService.add(productID: id.rawValue, quantity: 1, by: world.customer) }
        #expect(await thrownCode { _ = try await world.place(nil) } == "INVALID_REQUEST", "51 cart lines are too many for one order")
        #expect(ids.prefix(50).allSatisfy { world.stock($0) == 4 } && world.stock(ids[50]) == 5)
    }

    @Test("ordering the cart reserves its lines; they stay in the cart until the payment is approved")
    func fromCart() async throws {
        let keyboard = try await world.product(price: 20_000, stock: 5)
        _ = try await world.cartService.add(productID: keyboard.rawValue, quantity: 2, by: world.customer)
        let order = try await world.place(nil)
        #expect(order.items.map(\.quantity) == [2] && world.stock(keyboard) == 3)
        #expect(try await world.cartService.cart(by: world.customer).items.count == 1)
        _ = try await world.confirm(order)
        #expect(try await world.cartService.cart(by: world.customer).items.isEmpty)
    }

    @Test("no gateway for the provider is 503 before anything is reserved; a failed prepare discards the order, stock back")
    func providerUnavailable() async throws {
        let keyboard = try await world.product(stock: 5)
        #expect(await thrownCode { _ = try await world.place([(keyboard, 1)], provider: .card) } == "PAYMENT_PROVIDER_UNAVAILABLE")
        #expect(world.stock(keyboard) == 5)
        world.toss.failPrepare()
        #expect(await thrownCode { _ = try await world.place([(keyboard, 2)]) } == "PAYMENT_PROVIDER_UNAVAILABLE")
        #expect(world.stock(keyboard) == 5)
        #expect(try await world.orders.list(OrderQuery(page: PageRequest())).totalItems == 0)
        #expect(world.orders.events.isEmpty, "the discarded order's order.created goes with it")
    }

    @Test("Kakao Pay orders keep the ready call's tid on their payment")
    func kakaoTid() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)], provider: .kakaoPay)
        #expect(order.payment.tid == "T" + order.id.rawValue)
    }

    @Test("30 customers race for 7 units in parallel: exactly 7 orders, stock 0, never negative")
    func race() async throws {
        let keyboard = try await world.product(stock: 7)
        let results = await withTaskGroup(of: String?.self) { group in
            for index in 0..<30 {
                group.addTask { [world] in
                    let buyer = Principal(userID: UserID(rawValue: Int64(1_000 + index)), role: .customer)
                    return await thrownCode { _ = try await world.place([(keyboard, 1)], by: buyer) }
                }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(results.count { $0 == nil } == 7)
        #expect(results.count { $0 == "INSUFFICIENT_STOCK" } == 23)
        #expect(world.stock(keyboard) == 0)
    }

    @Test("another customer's order is 404; sellers see only their lines; only customers place orders")
    func visibility() async throws {
        let keyboard = try await world.product(stock: 5)
        let order = try await world.place([(keyboard, 1)])
        #expect(await thrownCode { _ = try await world.orderService.order(order.id.rawValue, by: world.otherCustomer) } == "ORDER_NOT_FOUND")
        #expect(await thrownCode { _ = try await world.orderService.order("bad id", by: world.customer) } == "ORDER_NOT_FOUND")
        let seller = Principal(userID: world.seller, role: .seller)
        #expect(try await world.orderService.sellerOrder(order.id.rawValue, by: seller).items.count == 1)
        let stranger = Principal(userID: UserID(rawValue: 555), role: .seller)
        #expect(await thrownCode { _ = try await world.orderService.sellerOrder(order.id.rawValue, by: stranger) } == "ORDER_NOT_FOUND")
        #expect(await thrownCode { _ = try await world.place([(keyboard, 1)], by: seller) } == "FORBIDDEN_ROLE")
    }
}
