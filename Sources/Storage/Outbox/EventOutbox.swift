public import Marketplace

/// How an order becomes an event's payload: the server's own order JSON (MarketplaceServer's
/// `OrderResponse`), injected by the composition root so that Storage needs no HTTP types.
public struct OrderEventEncoder: Sendable {
    /// The order as admins and its customer see it.
    public let full: @Sendable (Order) -> [UInt8]
    /// The order as one seller sees it (the caller narrows it to the seller's lines first).
    public let seller: @Sendable (Order) -> [UInt8]

    /// Creates an encoder from the two views.
    public init(full: @escaping @Sendable (Order) -> [UInt8], seller: @escaping @Sendable (Order) -> [UInt8]) {
        self.full = full
        self.seller = seller
    }
}

/// An event about to be appended: its type and the order as it is inside the transaction.
public struct NewEvent: Sendable {
    public let type: EventType
    public let order: Order
    /// When the change happened (seconds since the epoch).
    public let at: Double

    /// Creates an event of `type` about `order` (as loaded inside the change's transaction).
    public init(_ type: EventType, order: Order, at: Double) {
        self.type = type
        self.order = order
        self.at = at
    }
}

/// The transactional outbox (docs/API.md §7): appends an event in the SAME write transaction as
/// the change it reports, with the mails it causes (docs/API.md §10: the customer's, and the
/// sellers' for `OrderMail.tellsSellers`), so a crash keeps all or none. The dispatcher
/// (`EventDispatch`) fans events out to webhook deliveries and the feeds; `MailWorker` sends the mail.
public struct EventOutbox: Sendable {
    let encoder: OrderEventEncoder

    /// Creates the outbox with the server's order encoder.
    public init(encoder: OrderEventEncoder) { self.encoder = encoder }

    /// Appends `event` on `connection`, which MUST be inside an open write transaction
    /// (`Database.write { connection in … }`): the event row with the full order, plus one
    /// seller view per seller with lines in the order, and the mails. Returns the event's id (`evt_…`).
    @discardableResult
    public func append(_ event: NewEvent, on connection: Connection) throws -> String {
        let id = "evt_" + RandomID.base62(24)
        let order = event.order
        try connection.execute("""
            INSERT INTO events (id, type, order_id, customer_id, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)
            """, id, event.type.rawValue, order.id.rawValue, order.customerID.rawValue, EpochMilliseconds.from(event.at),
            encoder.full(order))
        var sellers: [UserID] = []
        for item in order.items where !sellers.contains(item.sellerID) { sellers.append(item.sellerID) }
        for seller in sellers {
            try connection.execute("INSERT INTO event_seller_payloads (event_id, seller_id, payload) VALUES (?, ?, ?)",
                                   id, seller.rawValue, encoder.seller(order.visible(to: seller)))
        }
        if let customer = try Self.recipient(order.customerID, on: connection) {
            try MailQueueStore.enqueue(OrderMail.customer(event.type, order: order, to: customer), on: connection)
        }
        if OrderMail.tellsSellers(event.type, order: order) {
            for seller in sellers {
                guard let recipient = try Self.recipient(seller, on: connection) else { continue }
                try MailQueueStore.enqueue(OrderMail.seller(event.type, order: order.visible(to: seller), to: recipient),
                                           on: connection)
            }
        }
        return id
    }

    /// The account's address, name and mail language.
    static func recipient(_ user: UserID, on connection: Connection) throws -> MailRecipient? {
        guard let row = try connection.queryRow("SELECT email, name, locale FROM users WHERE id = ?", user.rawValue),
              let email = EmailAddress(try row.string(0)) else { return nil }
        return MailRecipient(email: email, name: try row.string(1), locale: MailLocale(rawValue: try row.string(2)) ?? .ko)
    }
}
