import Marketplace
import MarketplaceFakes
import Testing

@Suite struct CartServiceTests {
    let world = MoneyFixture()
    var carts: CartService { world.cartService }
    var customer: Principal { world.customer }

    @Test("adds of one product merge into one line; set replaces; remove and clear empty it")
    func addsMerge() async throws {
        let keyboard = try await world.product(price: 30_000, stock: 50)
        let mouse = try await world.product(price: 12_000, stock: 50, name: "Mouse")
        _ = try await carts.add(productID: keyboard.rawValue, quantity: 2, by: customer)
        world.clock.advance(by: 1)
        _ = try await carts.add(productID: mouse.rawValue, quantity: 1, by: customer)
        let merged = try await carts.add(productID: keyboard.rawValue, quantity: 3, by: customer)
        #expect(merged.items.map(\.productID) == [keyboard, mouse], "oldest line first; the merge keeps its place")
        #expect(merged.items.map(\.quantity) == [5, 1])
        #expect(merged.totalQuantity == 6 && merged.totalPrice == 5 * 30_000 + 12_000)

        let set = try await carts.set(productID: mouse, quantity: 4, by: customer)
        #expect(set.items.map(\.quantity) == [5, 4])
        #expect(try await carts.remove(productID: keyboard, by: customer).items.map(\.productID) == [mouse])
        try await carts.clear(by: customer)
        #expect(try await carts.cart(by: customer).items.isEmpty)
        #expect(try await carts.cart(by: world.otherCustomer).items.isEmpty)
    }

    @Test("a line holds 1–99 units: 0, 100 and an add past 99 are 400 and change nothing")
    func lineLimits() async throws {
        let keyboard = try await world.product(stock: 500)
        for quantity in [0, -1, 100, nil] as [Int?] {
            #expect(await thrownCode { _ = try await carts.add(productID: keyboard.rawValue, quantity: quantity, by: customer) }
                == "INVALID_REQUEST")
        }
        #expect(await thrownCode { _ = try await carts.add(productID: 0, quantity: 1, by: customer) } == "INVALID_REQUEST")
        _ = try await carts.add(productID: keyboard.rawValue, quantity: 99, by: customer)
        #expect(await thrownCode { _ = try await carts.add(productID: keyboard.rawValue, quantity: 1, by: customer) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await carts.set(productID: keyboard, quantity: 100, by: customer) } == "INVALID_REQUEST")
        #expect(try await carts.cart(by: customer).items.map(\.quantity) == [99])
    }

    @Test("a cart holds at most 100 lines: the 101st product is 409 CART_LIMIT_REACHED; adding to a line still works")
    func lineCount() async throws {
        var ids: [ProductID] = []
        for index in 0...OrderRules.maxCartLines { ids.append(try await world.product(price: 100, stock: 5, name: "P\(index)")) }
        for id in ids.prefix(OrderRules.maxCartLines) { _ = try await carts.add(productID: id.rawValue, quantity: 1, by: customer) }
        #expect(await thrownCode { _ = try await carts.add(productID: ids[100].rawValue, quantity: 1, by: customer) }
            == "CART_LIMIT_REACHED")
        let cart = try await carts.add(productID: ids[0].rawValue, quantity: 1, by: customer)
        #expect(cart.items.count == 100 && cart.items[0].quantity == 2)
    }

    @Test("20 parallel adds of new products to a cart of 95 lines: exactly 5 pass")
    func parallelLineCount() async throws {
        var ids: [ProductID] = []
        for index in 0..<115 { ids.append(try await world.product(price: 100, stock: 5, name: "P\(index)")) }
        for id in ids.prefix(95) { _ = try await carts.add(productID: id.rawValue, quantity: 1, by: customer) }
        let codes = await withTaskGroup(of: String?.self) { group in
            for id in ids.suffix(20) {
                group.addTask { [carts, customer] in await thrownCode { _ = try await carts.add(productID: id.rawValue, quantity: 1, by: customer) } }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(codes.count { $0 == nil } == 5)
        #expect(codes.count { $0 == "CART_LIMIT_REACHED" } == 15)
        #expect(try await carts.cart(by: customer).items.count == 100)
    }

    @Test("hidden, deleted and short products stay in the cart with available false, out of the totals; adds are refused")
    func unavailableProducts() async throws {
        let hidden = try await world.product(price: 1_000, stock: 10, name: "Hidden")
        let deleted = try await world.product(price: 2_000, stock: 10, name: "Deleted")
        let short = try await world.product(price: 3_000, stock: 10, name: "Short")
        let fine = try await world.product(price: 4_000, stock: 10, name: "Fine")
        for id in [hidden, deleted, short, fine] { _ = try await carts.add(productID: id.rawValue, quantity: 3, by: customer) }
        try await world.change(hidden, ProductChanges(status: .hidden))
        try await world.change(deleted, ProductChanges(status: .deleted))
        try await world.change(short, ProductChanges(stock: 2))
        let cart = try await carts.cart(by: customer)
        #expect(cart.items.map(\.available) == [false, false, false, true])
        #expect(cart.totalQuantity == 3 && cart.totalPrice == 12_000)

        for id in [hidden, deleted] {
            #expect(await thrownCode { _ = try await carts.add(productID: id.rawValue, quantity: 1, by: customer) } == "PRODUCT_NOT_FOUND")
            #expect(await thrownCode { _ = try await carts.set(productID: id, quantity: 1, by: customer) } == "PRODUCT_NOT_FOUND")
        }
        #expect(await thrownCode { _ = try await carts.add(productID: short.rawValue, quantity: 1, by: customer) } == "INSUFFICIENT_STOCK")
        #expect(await thrownCode { _ = try await carts.add(productID: 9_999, quantity: 1, by: customer) } == "PRODUCT_NOT_FOUND")
        // A line of a hidden product can still be removed.
        #expect(try await carts.remove(productID: hidden, by: customer).items.count == 3)
        #expect(await thrownCode { _ = try await carts.remove(productID: hidden, by: customer) } == "CART_ITEM_NOT_FOUND")
        #expect(await thrownCode { _ = try await carts.set(productID: try await world.product(name: "New"), quantity: 1, by: customer) }
            == "CART_ITEM_NOT_FOUND")
    }

    @Test("adding more than the stock is 409 INSUFFICIENT_STOCK and leaves the line as it was")
    func stock() async throws {
        let keyboard = try await world.product(stock: 4)
        _ = try await carts.add(productID: keyboard.rawValue, quantity: 3, by: customer)
        #expect(await thrownCode { _ = try await carts.add(productID: keyboard.rawValue, quantity: 2, by: customer) } == "INSUFFICIENT_STOCK")
        #expect(try await carts.cart(by: customer).items.map(\.quantity) == [3])
    }

    @Test("prices and names are live: the cart shows the product as it is now, not as it was added")
    func livePrices() async throws {
        let keyboard = try await world.product(price: 30_000, stock: 10)
        _ = try await carts.add(productID: keyboard.rawValue, quantity: 2, by: customer)
        try await world.change(keyboard, ProductChanges(name: "Keyboard v2", price: 25_000))
        let cart = try await carts.cart(by: customer)
        #expect(cart.items.map(\.name) == ["Keyboard v2"] && cart.items.map(\.price) == [25_000])
        #expect(cart.totalPrice == 50_000)
    }

    @Test("only customers have carts", arguments: [Role.seller, .admin])
    func customersOnly(_ role: Role) async throws {
        let keyboard = try await world.product()
        let principal = Principal(userID: UserID(rawValue: 7), role: role)
        #expect(await thrownCode { _ = try await carts.add(productID: keyboard.rawValue, quantity: 1, by: principal) } == "FORBIDDEN_ROLE")
        #expect(await thrownCode { _ = try await carts.cart(by: principal) } == "FORBIDDEN_ROLE")
    }
}
