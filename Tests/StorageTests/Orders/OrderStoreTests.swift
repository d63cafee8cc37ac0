import Marketplace
@testable import Storage
import Synchronization
import Testing

/// The order repository (and the service over it) on an in-memory database with every
/// shipped migration: the SQL guards on their own, without the service's locks.
struct OrderStoreTests {
    let database: Database
    let orders: OrderStore
    let products: ProductStore
    let customer: UserID
    let product: Product

    init() async throws {
        database = try RepositoryDatabase.make()
        orders = OrderStore(database: database)
        products = ProductStore(database: database)
        let users = UserStore(database: database)
        let hash = "$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"
        func account(_ email: String, _ role: Role) async throws -> UserID {
            try await users.create(NewAccount(email: EmailAddress(email)!, password: "password1", name: "N", phone: nil, role: role,
                                              emailVerified: true), passwordHash: hash, createdAt: 1).id
        }
        customer = try await account("c@example.com", .customer)
        let seller = try await account("s@example.com", .seller)
        product = try await products.create(NewProduct(name: "Mug", description: "", price: 12_100, stock: 5, category: "home",
                                                       taxFree: false, status: .onSale), seller: seller, at: 1)
    }

    func draft(_ quantity: Int, at time: Double = 100, timeout: Double = 60) -> OrderDraft {
        OrderDraft(id: .random(), paymentID: "pay_" + RandomID.base62(22), customerID: customer, provider: .toss,
                   lines: [OrderLine(productID: product.id, quantity: quantity)],
                   shippingAddress: ShippingAddress(recipient: "Kim", phone: "01012345678", address1: "Seoul", address2: nil,
                                                    zipCode: "04524"),
                   createdAt: time, expiresAt: time + timeout, by: "customer:\(customer.rawValue)")
    }

    func stock() async throws -> Int {
        try await database.read { try $0.queryRow("SELECT stock FROM products WHERE id = ?", product.id.rawValue)?.int(0) ?? -1 }
    }

    @Test("without any lock, the guarded decrement alone never sells more than the stock")
    func sqlGuard() async throws {
        let outcomes = Outcomes()
        let orders = self.orders
        try await withThrowingTaskGroup(of: Void.self) { group in
            for draft in (0..<20).map({ _ in draft(1) }) {
                group.addTask {
                    do {
                        _ = try await orders.place(draft)
                        outcomes.count(placed: true)
                    } catch MarketplaceError.outOfStock {
                        outcomes.count(placed: false)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(outcomes.placed == 5 && outcomes.short == 15)
        #expect(try await stock() == 0)
    }

    @Test("a placed order holds the snapshot, the §6 amounts and a READY payment without checkout until one is stored")
    func placedOrder() async throws {
        let order = try await orders.place(draft(2))
        #expect(order.status == .pendingPayment && order.items.count == 1 && order.items[0].unitPrice == 12_100)
        #expect(order.payment.status == .ready && order.payment.amount == 24_200 && order.payment.vat == 2_200)
        #expect(order.payment.checkout == nil)
        let stored = try await orders.storeCheckout(PaymentPreparation(checkout: [("a", .string("x")), ("b", .int(7))], tid: "T1"),
                                                    for: order.id, at: 101)
        #expect(stored?.payment.checkout.map { PaymentPreparation(checkout: $0) } == PaymentPreparation(
            checkout: [("a", .string("x")), ("b", .int(7))]))
        #expect(stored?.payment.tid == "T1")
        #expect(try await stock() == 3)
    }

    @Test("expiry is guarded: two expiries of one order return its stock once; an order without checkout expires too")
    func expiryOnce() async throws {
        let order = try await orders.place(draft(4))
        #expect(try await orders.dueForExpiry(at: 159, limit: 10).isEmpty)
        #expect(try await orders.nextExpiry() == 160)
        #expect(try await orders.dueForExpiry(at: 160, limit: 10) == [DueOrder(id: order.id, products: [product.id])])
        async let first = orders.expire(order.id, at: 160)
        async let second = orders.expire(order.id, at: 160)
        let results = try await [first, second]
        #expect(results.filter { $0 }.count == 1)
        #expect(try await stock() == 5)
        let expired = try await orders.find(order.id)
        #expect(expired?.status == .expired && expired?.payment.status == .expired)
        #expect(expired?.history.map(\.by) == ["customer:\(customer.rawValue)", "system"])
        #expect(try await orders.nextExpiry() == nil)
    }

    @Test("a gateway that cannot prepare: the order is discarded, its stock returned, and the request fails with 503")
    func failedPrepare() async throws {
        struct Down: PaymentGateway {
            var provider: PaymentProvider { .toss }
            func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation { throw GatewayError.timeout }
            func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
                throw GatewayError.timeout
            }
            func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup { .notFound }
            func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt { throw GatewayError.timeout }
        }
        struct Fixed: WallClock { func now() -> Double { 100 } }
        let service = OrderService(orders: orders, carts: CartStore(database: database), gateways: [.toss: Down()],
                                   locks: ProductLocks(), generation: CatalogGeneration(), clock: Fixed(), paymentTimeout: 60)
        let form = OrderForm(provider: "TOSS", items: [OrderLineForm(productID: product.id.rawValue, quantity: 2)],
                             shippingAddress: ShippingAddressForm(recipient: "Kim", phone: "01012345678", address1: "Seoul",
                                                                  address2: nil, zipCode: "04524"))
        await #expect(throws: MarketplaceError.paymentProviderUnavailable(
            detail: "TOSS could not prepare the payment; nothing was reserved. Try again later.")) {
            try await service.place(form, by: Principal(userID: customer, role: .customer))
        }
        #expect(try await stock() == 5)
        #expect(try await orders.list(OrderQuery(page: PageRequest())).totalItems == 0)
    }
}

final class Outcomes: Sendable {
    private let state = Mutex((placed: 0, short: 0))
    func count(placed: Bool) { state.withLock { if placed { $0.placed += 1 } else { $0.short += 1 } } }
    var placed: Int { state.withLock { $0.placed } }
    var short: Int { state.withLock { $0.short } }
}
