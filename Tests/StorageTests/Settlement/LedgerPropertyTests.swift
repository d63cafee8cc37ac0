import Marketplace
@testable import Storage
import Testing

/// The ledger over random order histories (seeded), on the real stores and SQL (SQLite, and
/// PostgreSQL on that half of the suite): payments, customer cancels of some or all units,
/// admin refunds of arbitrary amounts, deliveries, settlement runs and payout failures.
/// After every history: for every order the ledger's sales − refunds equal what the gateway
/// holds (the payment's balance); for every seller available + pending + paidOut equals
/// sales − refunds − commission; no entry is in two settlements and every settlement's
/// figures are its entries'.
struct LedgerPropertyTests {
    let database: Database
    let orders: OrderStore
    let settlements: SettlementStore
    let customer: UserID
    let sellers: [UserID]
    let products: [Product]

    init() async throws {
        database = try RepositoryDatabase.make()
        orders = OrderStore(database: database, settlement: SettlementPolicy(commissionRateBps: 1000, holdDays: 7))
        settlements = SettlementStore(database: database)
        let users = UserStore(database: database)
        let catalog = ProductStore(database: database)
        let hash = "$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"
        func account(_ email: String, _ role: Role) async throws -> UserID {
            try await users.create(NewAccount(email: EmailAddress(email)!, password: "password1", name: "N", phone: nil, role: role,
                                              emailVerified: true), passwordHash: hash, createdAt: 1).id
        }
        customer = try await account("c@example.com", .customer)
        var sellers: [UserID] = []
        for index in 0..<3 { sellers.append(try await account("s\(index)@example.com", .seller)) }
        self.sellers = sellers
        var products: [Product] = []
        for (index, price) in [12_100, 999, 33_333, 5_005, 70_001, 1].enumerated() {
            products.append(try await catalog.create(NewProduct(name: "P\(index)", description: "", price: Int64(price), stock: 1_000_000,
                                                                category: index % 2 == 0 ? "home" : "books", taxFree: index == 3,
                                                                status: .onSale), seller: sellers[index % 3], at: 1))
        }
        self.products = products
        let rules = CommissionStore(database: database)
        _ = try await rules.create(sellerID: nil, category: "books", rateBps: 750, at: 1)
        _ = try await rules.create(sellerID: sellers[1], category: nil, rateBps: 333, at: 1)
        _ = try await rules.create(sellerID: sellers[2], category: "home", rateBps: 1, at: 1)
        let verified = Array(sellers.prefix(2))
        try await database.write { connection in
            for seller in verified {
                try connection.execute("""
                    INSERT INTO payout_accounts (seller_id, bank_code, sealed_account_number, masked_account_number, holder_name,
                                                 status, updated_at) VALUES (?, '088', 'sealed', '******7890', 'Kim', 'VERIFIED', 1)
                    """, seller.rawValue)
            }
        }
    }

    @Test("random histories keep every order and every seller balanced, and no entry in two settlements")
    func randomHistories() async throws {
        var generator = SeededGenerator(state: 2026)
        var time: Double = 1000
        var paid: [Order] = []
        for _ in 0..<30 {
            time += 3600
            let picks = products.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator))
            let draft = OrderDraft(id: .random(), paymentID: "pay_" + RandomID.base62(22), customerID: customer, provider: .toss,
                                   lines: picks.map { OrderLine(productID: $0.id, quantity: Int.random(in: 1...3, using: &generator)) },
                                   shippingAddress: ShippingAddress(recipient: "Kim", phone: "01012345678", address1: "Seoul",
                                                                    address2: nil, zipCode: "04524"),
                                   createdAt: time, expiresAt: time + 900, by: "customer:\(customer.rawValue)")
            let placed = try await orders.place(draft)
            let claimed = try #require(try await orders.beginConfirm(placed.id, paymentKey: "pk", proofToken: nil,
                                                                     leaseUntil: time + 60, at: time + 1))
            let approval = GatewayApproval(paymentKey: "pk", amount: claimed.payment.amount, approvedAt: time + 2)
            paid.append(try #require(try await orders.recordApproval(payment: claimed.payment.id, approval, by: "system", at: time + 2)))
        }
        var runs = 0
        for step in 0..<160 {
            time += 1800
            var order = try #require(try await orders.find(paid.randomElement(using: &generator)!.id))
            switch Int.random(in: 0..<10, using: &generator) {
            case 0...2 where order.status == .paid:   // a customer's cancel of some units
                guard let item = order.items.filter({ $0.status == .ordered }).randomElement(using: &generator) else { continue }
                let units = Int.random(in: 1...item.quantity, using: &generator)
                let amount = item.unitPrice * Int64(units)
                guard amount > 0 else { continue }
                try await refund(order, amount: amount, lines: [OrderLine(productID: item.productID, quantity: units)], at: time)
            case 3...4 where order.payment.balanceAmount > 0:   // an admin refund of an arbitrary amount
                let amount = Int64.random(in: 1...order.payment.balanceAmount, using: &generator)
                try await refund(order, amount: amount, lines: nil, at: time)
            case 5...6 where order.status == .paid:
                order = try #require(try await orders.move(order.id, from: .paid, to: .shipping, trackingNumber: "T", by: "admin:1", at: time))
                _ = try await orders.move(order.id, from: .shipping, to: .delivered, trackingNumber: nil, by: "admin:1", at: time + 1)
            case 7 where step % 3 == 0:
                runs += 1
                try await settle(at: time + Double(Int.random(in: 0...10, using: &generator)) * 86_400)
            case 8:   // a payout fails, or is paid, or a failed one is retried
                let page = try await settlements.payouts(status: nil, page: PageRequest(page: 1, size: 100))
                guard let payout = page.items.randomElement(using: &generator) else { continue }
                switch payout.status {
                case .requested:
                    if Bool.random(using: &generator) { _ = try await settlements.markFailed(payout: payout.id, reason: "closed", at: time) }
                    else { _ = try await settlements.markPaid(payout: payout.id, reference: "wire-\(payout.id)", at: time) }
                case .failed: _ = try await settlements.retry(payout: payout.id, at: time)
                case .paid: continue
                }
            default: continue
            }
            if step % 20 == 0 { try await checkInvariants(at: time) }
        }
        try await settle(at: time + 30 * 86_400)
        try await checkInvariants(at: time + 30 * 86_400)
        #expect(runs > 0)
        let total = try await settlements.settlements(seller: nil, status: nil, page: PageRequest(page: 1, size: 1)).totalItems
        #expect(total > 0)
    }

    @Test("the database itself refuses to change or delete an entry, or to put one entry in two settlements")
    func constraints() async throws {
        let placed = try await orders.place(OrderDraft(
            id: .random(), paymentID: "pay_" + RandomID.base62(22), customerID: customer, provider: .toss,
            lines: [OrderLine(productID: products[0].id, quantity: 1)],
            shippingAddress: ShippingAddress(recipient: "Kim", phone: "01012345678", address1: "Seoul", address2: nil, zipCode: "04524"),
            createdAt: 100, expiresAt: 1000, by: "customer:\(customer.rawValue)"))
        let claimed = try #require(try await orders.beginConfirm(placed.id, paymentKey: "pk", proofToken: nil, leaseUntil: 200, at: 101))
        _ = try await orders.recordApproval(payment: claimed.payment.id, GatewayApproval(paymentKey: "pk", amount: 12_100, approvedAt: 102),
                                            by: "system", at: 102)
        let database = self.database
        let seller = sellers[0].rawValue
        await #expect(throws: (any Error).self) {
            try await database.write { try $0.execute("UPDATE ledger_entries SET amount = amount + 1") }
        }
        await #expect(throws: (any Error).self) {
            try await database.write { try $0.execute("DELETE FROM ledger_entries") }
        }
        let entries = try await database.read { try $0.query("SELECT type, amount FROM ledger_entries").map { (try $0.string(0), try $0.int64(1)) } }
        #expect(entries.sorted { $0.0 > $1.0 }.map(\.1) == [12_100, -1_210])
        await #expect(throws: (any Error).self) {
            try await database.write { connection in
                for _ in 0..<2 {
                    let id = try connection.queryRow("""
                        INSERT INTO settlements (seller_id, period_end, sales, refunds, commission, amount, status, created_at)
                        VALUES (?, 0, 0, 0, 0, 1, 'PENDING', 0) RETURNING id
                        """, seller)?.int64(0) ?? 0
                    try connection.execute("INSERT INTO settlement_entries (entry_id, settlement_id) SELECT min(id), ? FROM ledger_entries", id)
                }
            }
        }
    }

    func refund(_ order: Order, amount: Int64, lines: [OrderLine]?, at time: Double) async throws {
        let balance = PaymentBalance(amount: order.payment.balanceAmount, vat: order.payment.balanceVat)
        let split: CancelSplit
        do {
            split = try balance.cancel(amount: amount, vat: amount == balance.amount ? nil : min(balance.vat, VAT.included(in: amount)))
        } catch {
            return   // an amount §6 refuses (VAT left on an emptied balance): nothing happens, as at the gateway
        }
        _ = try #require(try await orders.claimCancel(payment: order.payment.id, leaseUntil: time + 60, at: time))
        _ = try await orders.recordCancel(payment: order.payment.id, RefundRecord(split: split, reason: "r", lines: lines),
                                          receipt: CancelReceipt(tid: nil, canceledAt: time), by: "system", at: time)
    }

    func settle(at time: Double) async throws {
        #expect(try await settlements.acquireRun(holder: "t", leaseUntil: time + 600, at: time))
        #expect(try await settlements.acquireRun(holder: "other", leaseUntil: time + 600, at: time) == false)
        for seller in try await settlements.eligibleSellers(until: time, minimum: 1000) {
            _ = try await settlements.settle(seller: seller, until: time, minimum: 1000, provider: "MANUAL", holder: "t", at: time)
        }
        try await settlements.releaseRun(holder: "t")
    }

    func checkInvariants(at time: Double) async throws {
        let database = self.database
        let (perOrder, perSeller, doubled, mismatched) = try await database.read { connection in
            let perOrder = try connection.query("""
                SELECT p.balance_amount, coalesce((SELECT sum(e.amount) FROM ledger_entries e WHERE e.order_id = p.order_id
                                                   AND e.type IN ('SALE', 'REFUND')), 0)
                FROM payments p WHERE p.status IN ('DONE', 'PARTIAL_CANCELED', 'CANCELED')
                """).map { (try $0.int64(0), try $0.int64(1)) }
            let perSeller = try connection.query("""
                SELECT seller_id, sum(CASE WHEN type = 'SALE' THEN amount ELSE 0 END),
                       sum(CASE WHEN type = 'REFUND' THEN -amount ELSE 0 END),
                       sum(CASE WHEN type IN ('COMMISSION', 'COMMISSION_REFUND') THEN -amount ELSE 0 END)
                FROM ledger_entries GROUP BY seller_id
                """).map { (UserID(rawValue: try $0.int64(0)), try $0.int64(1) - $0.int64(2) - $0.int64(3)) }
            let doubled = try connection.queryRow(
                "SELECT count(*) FROM (SELECT entry_id FROM settlement_entries GROUP BY entry_id HAVING count(*) > 1) d")?.int(0) ?? -1
            let mismatched = try connection.queryRow("""
                SELECT count(*) FROM settlements s WHERE s.amount <> (SELECT sum(e.amount) FROM settlement_entries se
                    JOIN ledger_entries e ON e.id = se.entry_id WHERE se.settlement_id = s.id)
                """)?.int(0) ?? -1
            return (perOrder, perSeller, doubled, mismatched)
        }
        for (held, ledger) in perOrder { #expect(held == ledger) }
        for (seller, net) in perSeller {
            let balance = try await settlements.balance(seller: seller, at: time)
            #expect(balance.available + balance.pending + balance.paidOut == net, "seller \(seller.rawValue)")
        }
        #expect(doubled == 0 && mismatched == 0)
    }
}

/// SplitMix64, seeded: the same histories on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
