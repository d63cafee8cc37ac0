/// Admins and sellers (docs/API.md §5): admins see every order and move paid ones through
/// shipping; sellers see the orders holding their products, their own lines only.
extension OrderService {
    /// Every order, newest first; `status` narrows it.
    public func adminList(status: OrderStatus?, page: PageRequest, by principal: Principal) async throws -> Page<Order> {
        try Self.requireRole(.admin, principal)
        return try await orders.list(OrderQuery(status: status, page: page))
    }

    /// Any order. Errors: 404 `ORDER_NOT_FOUND`.
    public func adminOrder(_ id: String, by principal: Principal) async throws -> Order {
        try Self.requireRole(.admin, principal)
        guard let id = OrderID(rawValue: id), let order = try await orders.find(id) else { throw Self.notFound }
        return order
    }

    /// `PAID → SHIPPING` (with a tracking number) and `SHIPPING → DELIVERED` only. Errors:
    /// 400 (status not SHIPPING/DELIVERED; SHIPPING without a valid tracking number), 404,
    /// 409 `INVALID_STATUS_TRANSITION` (every other move, also one lost to a concurrent change).
    public func adminMove(_ id: String, to status: String?, trackingNumber: String?, by principal: Principal) async throws -> Order {
        try Self.requireRole(.admin, principal)
        let target: OrderStatus
        switch status.flatMap(OrderStatus.init(rawValue:)) {
        case .shipping?:
            target = .shipping
            guard let trackingNumber, OrderRules.isTrackingNumber(trackingNumber) else {
                throw MarketplaceError.invalid([FieldIssue(
                    field: "trackingNumber", message: "is required for SHIPPING: 1–50 of letters, digits and hyphens")])
            }
        case .delivered?:
            target = .delivered
        default:
            throw MarketplaceError.invalid([FieldIssue(field: "status", message: "must be SHIPPING or DELIVERED")])
        }
        let current = try await adminOrder(id, by: principal)
        let source: OrderStatus = target == .shipping ? .paid : .shipping
        guard current.status == source,
              let moved = try await orders.move(current.id, from: source, to: target,
                                                trackingNumber: target == .shipping ? trackingNumber : nil,
                                                by: OrderHistoryEntry.actor(principal), at: clock.now())
        else {
            throw MarketplaceError.conflict(code: "INVALID_STATUS_TRANSITION",
                                            detail: "An order in \(current.status.rawValue) cannot become \(target.rawValue).")
        }
        return moved
    }

    /// Orders holding the seller's products, newest first, each with only the seller's lines
    /// (amounts follow from them).
    public func sellerList(status: OrderStatus?, page: PageRequest, by principal: Principal) async throws -> Page<Order> {
        try Self.requireRole(.seller, principal)
        return try await orders.list(OrderQuery(seller: principal.userID, status: status, page: page))
            .map { $0.visible(to: principal.userID) }
    }

    /// One order holding the seller's products, with only the seller's lines. Errors: 404.
    public func sellerOrder(_ id: String, by principal: Principal) async throws -> Order {
        try Self.requireRole(.seller, principal)
        guard let id = OrderID(rawValue: id), let order = try await orders.find(id),
              order.items.contains(where: { $0.sellerID == principal.userID }) else { throw Self.notFound }
        return order.visible(to: principal.userID)
    }
}

/// Expiry of unpaid orders (run by `SweepWorker.orderExpiry`).
extension OrderService {
    /// Expires every due order: each in its own transaction under its products' locks,
    /// guarded so that its stock returns exactly once however many sweeps race. Returns how
    /// many this call expired.
    @discardableResult
    public func expireDue() async throws -> Int {
        var expired = 0
        while true {
            let now = clock.now()
            let due = try await orders.dueForExpiry(at: now, limit: 100)
            for order in due where try await locks.withLocks(order.products, { try await orders.expire(order.id, at: now) }) {
                expired += 1
            }
            if due.count < 100 { break }
        }
        if expired > 0 { generation.advance() }
        return expired
    }

    /// Seconds until the next unpaid order is due (≤ 0: now), or nil when none is pending.
    public func secondsUntilNextExpiry() async throws -> Double? {
        try await orders.nextExpiry().map { $0 - clock.now() }
    }
}
