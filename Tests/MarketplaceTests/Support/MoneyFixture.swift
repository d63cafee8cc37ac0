import Marketplace
import MarketplaceFakes

/// The money paths in memory: products, carts, orders and payments in the fakes, a fake
/// gateway for TOSS and one for KAKAOPAY, one `ManualClock`, and the services wired as
/// `OrderComponents` wires them (the order service refunds PAID orders through the payment
/// service). Each test makes its own, so tests share nothing and run in parallel.
struct MoneyFixture {
    static let paymentTimeout = 900.0
    /// Short and few, so recovery tests walk the whole schedule quickly.
    static let settings = PaymentSettings(gatewayTimeout: 10, leaseMargin: 5, recoveryInterval: 30, recoveryMaxAttempts: 4,
                                          maxBackoff: 3600)

    let clock = ManualClock()
    let products = InMemoryProductRepository()
    let carts: InMemoryCartRepository
    let orders: InMemoryOrderRepository
    let toss: FakePaymentGateway
    let kakao: FakePaymentGateway
    /// Registered only with `withCard` (without it, CARD orders are 503).
    let card: FakePaymentGateway
    let locks = ProductLocks()
    let generation = CatalogGeneration()
    let settings: PaymentSettings
    let payments: PaymentService
    let orderService: OrderService
    let cartService: CartService

    let seller = UserID(rawValue: 100)
    let customer = Principal(userID: UserID(rawValue: 1), role: .customer)
    let otherCustomer = Principal(userID: UserID(rawValue: 2), role: .customer)
    let admin = Principal(userID: UserID(rawValue: 900), role: .admin)

    init(settings: PaymentSettings = MoneyFixture.settings, withCard: Bool = false) {
        self.settings = settings
        carts = InMemoryCartRepository(products: products)
        orders = InMemoryOrderRepository(products: products, carts: carts)
        toss = FakePaymentGateway(provider: .toss, clock: clock)
        kakao = FakePaymentGateway(provider: .kakaoPay, clock: clock)
        card = FakePaymentGateway(provider: .card, clock: clock)
        var gateways: [PaymentProvider: any PaymentGateway] = [.toss: toss, .kakaoPay: kakao]
        if withCard { gateways[.card] = card }
        payments = PaymentService(orders: orders, payments: orders, gateways: gateways, locks: locks, generation: generation,
                                  clock: clock, settings: settings)
        orderService = OrderService(orders: orders, carts: carts, gateways: gateways, locks: locks, generation: generation,
                                    clock: clock, paymentTimeout: Self.paymentTimeout, refunds: payments)
        cartService = CartService(carts: carts, clock: clock)
    }

    /// A product of `seller`, created now.
    func product(price: Int64 = 11_000, stock: Int = 10, taxFree: Bool = false, status: ProductStatus = .onSale,
                 name: String = "Keyboard") async throws -> ProductID {
        try await products.create(NewProduct(name: name, description: "", price: price, stock: stock, category: "desk",
                                             taxFree: taxFree, status: status), seller: seller, at: Int64(clock.now() * 1000)).id
    }

    /// The product's stock as stored now.
    func stock(_ id: ProductID) -> Int { products.stored(id)?.stock ?? -1 }

    /// Changes a product as its seller would (status, stock, price).
    func change(_ id: ProductID, _ changes: ProductChanges) async throws {
        _ = try await products.update(id, seller: seller, with: changes, at: Int64(clock.now() * 1000))
    }

    static let address = ShippingAddressForm(recipient: "Kim", phone: "010-1234-5678", address1: "1 Main St", address2: nil,
                                             zipCode: "12345")

    /// Places an order of explicit lines (nil: the cart).
    func place(_ lines: [(ProductID, Int)]?, provider: PaymentProvider = .toss, by principal: Principal? = nil) async throws -> Order {
        let form = OrderForm(provider: provider.rawValue,
                             items: lines?.map { OrderLineForm(productID: $0.0.rawValue, quantity: $0.1) },
                             shippingAddress: Self.address)
        return try await orderService.place(form, by: principal ?? customer)
    }

    /// A TOSS confirm of `order` with its own amount unless told otherwise.
    func confirm(_ order: Order, amount: Int64? = nil, paymentKey: String = "pk_test", by principal: Principal? = nil) async throws
        -> PaymentService.Confirmation {
        try await payments.confirm(order.id.rawValue,
                                   form: PaymentConfirmForm(paymentKey: paymentKey, amount: amount ?? order.payment.amount, pgToken: nil),
                                   by: principal ?? customer)
    }

    /// A placed and confirmed (PAID) order.
    func paidOrder(_ lines: [(ProductID, Int)]) async throws -> Order {
        let order = try await place(lines)
        let confirmation = try await confirm(order)
        precondition(confirmation.order.status == .paid)
        return confirmation.order
    }

    /// The order as stored now.
    func reload(_ order: Order) async throws -> Order {
        guard let current = try await orders.find(order.id) else { throw FixtureError.gone(order.id.rawValue) }
        return current
    }

    /// Moves the clock past the payment's next attempt and runs one recovery sweep.
    @discardableResult
    func recoverWhenDue(_ order: Order) async throws -> Int {
        if let next = orders.recoveryColumns(of: order.id)?.nextAttemptAt, next > clock.now() { clock.advance(by: next - clock.now()) }
        return try await payments.recoverDue()
    }
}

enum FixtureError: Error {
    case gone(String)
}

/// The error code a `MarketplaceError` carries, for `#expect`s on codes only.
func code(of error: any Error) -> String? {
    switch error as? MarketplaceError {
    case .validation(let code, _, _)?, .notFound(let code, _)?, .conflict(let code, _)?, .forbidden(let code, _)?,
         .unsupportedMediaType(let code, _)?, .unprocessable(let code, _, _)?, .badGateway(let code, _)?:
        code
    case .outOfStock?: "INSUFFICIENT_STOCK"
    case .productsNotFound?: "PRODUCT_NOT_FOUND"
    case .paymentProviderUnavailable?: "PAYMENT_PROVIDER_UNAVAILABLE"
    case .paymentRejected?: "PAYMENT_REJECTED"
    case .unavailable?: "UNAVAILABLE"
    case nil: nil
    }
}

/// The code `body` throws with (nil when it does not throw a `MarketplaceError`).
func thrownCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch {
        return code(of: error) ?? "\(error)"
    }
}
