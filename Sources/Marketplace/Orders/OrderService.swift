/// Placing, reading and canceling orders (docs/API.md §5) for customers.
///
/// Placement, all or nothing:
/// 1. Rules (400), the provider's gateway (503 `PAYMENT_PROVIDER_UNAVAILABLE` when none is
///    registered: nothing is reserved), the lines (explicit, or the cart's: 400 `EMPTY_CART`).
/// 2. Under the lines' `ProductLocks` (ascending ids), ONE write transaction
///    (`OrderRepository.place`) makes atomic: every line's guarded decrement, the lines'
///    snapshots, the order, its history entry and its READY payment.
/// 3. Outside any transaction and lock, the gateway's `prepare`; then a second small
///    transaction stores the checkout data. Why this cannot lose stock or leave an order
///    without a payment: the payment row exists from step 2 on; if `prepare` fails, the
///    order is discarded (stock returned, rows deleted, guarded on PENDING_PAYMENT + READY)
///    and the request fails with 503; if the process dies between 2 and 3, the order stays
///    PENDING_PAYMENT with a READY payment (checkout null) and the expiry worker returns
///    its stock after `orders.paymentTimeout`.
///
/// Ordered lines stay in the cart until payment is approved (issue #6).
public struct OrderService: Sendable {
    let orders: any OrderRepository
    let carts: any CartRepository
    let gateways: [PaymentProvider: any PaymentGateway]
    let locks: ProductLocks
    let generation: CatalogGeneration
    let clock: any WallClock
    /// Seconds until an unpaid order expires.
    let paymentTimeout: Double
    /// Called with an order's `expiresAt` after it is placed (wakes the expiry worker).
    let placed: @Sendable (Double) -> Void
    /// Refunds for cancels of PAID orders; nil: PAID orders are not cancelable (409).
    let refunds: PaymentService?

    public init(orders: any OrderRepository, carts: any CartRepository, gateways: [PaymentProvider: any PaymentGateway],
                locks: ProductLocks, generation: CatalogGeneration, clock: any WallClock, paymentTimeout: Double,
                placed: @escaping @Sendable (Double) -> Void = { _ in }, refunds: PaymentService? = nil) {
        self.refunds = refunds
        self.orders = orders
        self.carts = carts
        self.gateways = gateways
        self.locks = locks
        self.generation = generation
        self.clock = clock
        self.paymentTimeout = paymentTimeout
        self.placed = placed
    }

    /// Places an order in PENDING_PAYMENT with a READY payment and its checkout data.
    /// Errors: 400 `INVALID_REQUEST`/`EMPTY_CART`, 404 `PRODUCT_NOT_FOUND` (unknown, hidden or
    /// deleted products, each named), 409 `INSUFFICIENT_STOCK` (each short product named),
    /// 503 `PAYMENT_PROVIDER_UNAVAILABLE`.
    public func place(_ form: OrderForm, by principal: Principal) async throws -> Order {
        try Self.requireRole(.customer, principal)
        let (provider, explicit, address) = try OrderRules.validate(form)
        guard let gateway = gateways[provider] else {
            throw MarketplaceError.paymentProviderUnavailable(detail: "Payments with \(provider.rawValue) are not available now.")
        }
        var lines = explicit ?? []
        if explicit == nil {
            lines = try await carts.lines(of: principal.userID)
            guard !lines.isEmpty else {
                throw MarketplaceError.validation(code: "EMPTY_CART", detail: "The cart is empty; there is nothing to order.", issues: [])
            }
            guard lines.count <= OrderRules.maxOrderLines else {
                throw MarketplaceError.invalid([FieldIssue(
                    field: "items", message: "an order holds at most \(OrderRules.maxOrderLines) lines; the cart has \(lines.count): order some with items")])
            }
        }
        let now = clock.now()
        let draft = OrderDraft(id: .random(), paymentID: "pay_" + RandomID.base62(22), customerID: principal.userID,
                               provider: provider, lines: lines, shippingAddress: address, createdAt: now,
                               expiresAt: now + paymentTimeout, by: OrderHistoryEntry.actor(principal))
        // Runs in the request's own task (on its event loop; the engine never cancels handler
        // tasks). Were it cancelled between the reservation and the checkout, the order would
        // simply stay READY without checkout and expire: stock is never lost.
        return try await placeAndPrepare(draft, gateway: gateway)
    }

    private func placeAndPrepare(_ draft: OrderDraft, gateway: any PaymentGateway) async throws -> Order {
        let products = draft.lines.map(\.productID)
        let order = try await locks.withLocks(products) { try await orders.place(draft) }
        generation.advance()
        placed(order.expiresAt)
        let preparation: PaymentPreparation
        do {
            preparation = try await gateway.prepare(Self.paymentOrder(order))
        } catch {
            // Nothing was charged (prepare takes no money): give the stock back now rather
            // than at expiry. If this fails too, the expiry worker returns it later.
            if try await locks.withLocks(products, { try await orders.discard(order.id) }) { generation.advance() }
            throw MarketplaceError.paymentProviderUnavailable(
                detail: "\(draft.provider.rawValue) could not prepare the payment; nothing was reserved. Try again later.")
        }
        return try await orders.storeCheckout(preparation, for: order.id, at: clock.now()) ?? order
    }

    /// What the gateway is told: the amount due (ORDERED lines) and a short name.
    static func paymentOrder(_ order: Order) -> PaymentOrder {
        let live = order.items.filter { $0.status == .ordered }
        let amounts = order.amounts
        let first = live.first?.name ?? order.items.first?.name ?? order.id.rawValue
        // As Korean shops name a basket: "상품명 외 2건" (the first line's product and the count of the others).
        let name = live.count > 1 ? "\(first) 외 \(live.count - 1)건" : first
        return PaymentOrder(orderId: order.id.rawValue, orderName: String(name.prefix(100)), customerId: order.customerID,
                            amount: amounts.due, taxFreeAmount: amounts.dueTaxFree, vat: amounts.dueVat,
                            quantity: live.reduce(0) { $0 + $1.quantity })
    }

    /// A page of the customer's orders, newest first.
    public func list(status: OrderStatus?, page: PageRequest, by principal: Principal) async throws -> Page<Order> {
        try Self.requireRole(.customer, principal)
        return try await orders.list(OrderQuery(customer: principal.userID, status: status, page: page))
    }

    /// One of the customer's orders. Errors: 404 `ORDER_NOT_FOUND` (unknown or another's).
    public func order(_ id: String, by principal: Principal) async throws -> Order {
        try Self.requireRole(.customer, principal)
        guard let id = OrderID(rawValue: id), let order = try await orders.find(id), order.customerID == principal.userID else {
            throw Self.notFound
        }
        return order
    }

    /// Cancels a PENDING_PAYMENT order, whole (`lines` nil) or some units of some products;
    /// their stock returns in the same transaction (under the products' locks). A quantity
    /// below a line's splits it: the canceled units become a CANCELED line of their own.
    /// A PAID order goes to `PaymentService.cancelPaid` (the gateway refunds the lines).
    /// Errors: 404, 400 (reason 1–200, lines not ordered / too many units), 409 `NOT_CANCELABLE`
    /// (any other status, or a payment no longer READY).
    public func cancel(_ id: String, reason: String?, lines: [OrderLineForm]?, by principal: Principal) async throws -> Order {
        let current = try await order(id, by: principal)
        let reasonText = reason?.trimmingWhitespace().nfc ?? ""
        var issues: [FieldIssue] = []
        if !OrderRules.reasonLength.contains(reasonText.count) || reasonText.hasControlCharacters {
            issues.append(FieldIssue(field: "reason", message: "must be 1–200 characters without control characters"))
        }
        var requested: [OrderLine]?
        if let lines {
            let (valid, more) = OrderRules.lines(lines, field: "items", maxLines: OrderRules.maxOrderLines,
                                                 quantities: OrderRules.quantityRange)
            requested = valid
            issues += more
        }
        if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The cancel request is not valid.") }
        if current.status == .paid, let refunds {
            // Money moves: the gateway refunds the lines first (PaymentService+Refunds).
            return try await refunds.cancelPaid(current, lines: requested, reason: reasonText, by: principal)
        }
        let products = (requested ?? current.items.map { OrderLine(productID: $0.productID, quantity: $0.quantity) }).map(\.productID)
        let plan = requested
        // One transaction under the products' locks: see `OrderRepository.cancel`.
        let result = try await locks.withLocks(products) {
            try await orders.cancel(current.id, customer: principal.userID, reason: reasonText,
                                    by: OrderHistoryEntry.actor(principal), at: clock.now()) { order in
                try Self.cancellation(of: order, lines: plan)
            }
        }
        guard var canceled = result else { throw Self.notFound }
        generation.advance()
        if canceled.status == .pendingPayment, let gateway = gateways[canceled.payment.provider] {
            // The amount due changed: the checkout must carry the new one, or the customer
            // would be asked for the old amount (and confirm would refuse it, issue #6).
            if let preparation = try? await gateway.prepare(Self.paymentOrder(canceled)),
               let updated = try await orders.storeCheckout(preparation, for: canceled.id, at: clock.now()) {
                canceled = updated
            }
        }
        return canceled
    }

    /// What canceling `lines` (nil: every ORDERED unit) of `order` does; pure, run inside the
    /// cancel's transaction on the order as it is there.
    static func cancellation(of order: Order, lines: [OrderLine]?) throws -> OrderCancellation {
        guard order.status == .pendingPayment, order.payment.status == .ready else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE", detail: "An order in \(order.status.rawValue) cannot be canceled here.")
        }
        let cancel = try plannedLines(of: order, lines: lines)
        let ordered = order.items.filter { $0.status == .ordered }.reduce(0) { $0 + $1.quantity }
        let remaining = ordered - cancel.reduce(0) { $0 + $1.quantity }
        return remaining == 0
            ? OrderCancellation(lines: cancel, orderStatus: .canceled, paymentStatus: .aborted)
            : OrderCancellation(lines: cancel, orderStatus: .pendingPayment, paymentStatus: .ready)
    }

    /// The units a cancel of `lines` (nil: every ORDERED unit) takes from `order`; 400 when a
    /// line is not ordered or asks for more units than are ordered. Pure.
    static func plannedLines(of order: Order, lines: [OrderLine]?) throws -> [OrderLine] {
        var ordered: [ProductID: Int] = [:]
        for item in order.items where item.status == .ordered { ordered[item.productID, default: 0] += item.quantity }
        if let lines {
            var issues: [FieldIssue] = []
            for (index, line) in lines.enumerated() {
                let available = ordered[line.productID] ?? 0
                if available == 0 {
                    issues.append(FieldIssue(field: "items[\(index)].productId", message: "is not an ordered line of this order"))
                } else if line.quantity > available {
                    issues.append(FieldIssue(field: "items[\(index)].quantity", message: "at most \(available) units are ordered"))
                }
            }
            if !issues.isEmpty { throw MarketplaceError.invalid(issues, detail: "The cancel request is not valid.") }
            return lines
        } else {
            return order.items.filter { $0.status == .ordered }.map { OrderLine(productID: $0.productID, quantity: $0.quantity) }
        }
    }

    static func requireRole(_ role: Role, _ principal: Principal) throws {
        guard principal.has(role) else {
            throw MarketplaceError.forbidden(code: "FORBIDDEN_ROLE", detail: "This needs the \(role.rawValue) role.")
        }
    }

    /// 404 `ORDER_NOT_FOUND`: unknown, or another account's.
    public static let notFound = MarketplaceError.notFound(code: "ORDER_NOT_FOUND", detail: "You have no order with this id.")
}
