import Marketplace
@testable import Storage
import Testing

/// The outbox on an in-memory database: an event lives and dies with its change's transaction,
/// and the dispatcher's fan-out is idempotent.
struct EventOutboxTests {
    static let encoder = OrderEventEncoder(full: { Array("full:\($0.items.count)".utf8) },
                                           seller: { Array("seller:\($0.items.count)".utf8) })

    @Test("an event appended in a transaction that rolls back is gone with the change; a committed one stays")
    func atomic() async throws {
        let context = try await OrderStoreTests()
        let orders = OrderStore(database: context.database, events: Self.encoder)
        let order = try await orders.place(context.draft(1))
        let outbox = EventOutbox(encoder: Self.encoder)
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await context.database.write { connection in
                _ = try connection.execute("UPDATE orders SET status = 'PAID' WHERE id = ?", order.id.rawValue)
                try outbox.append(NewEvent(.orderPaid, order: order, at: 200), on: connection)
                throw Boom()
            }
        }
        let rows = try await context.database.read { connection in
            try connection.query("SELECT type, payload FROM events ORDER BY seq").map { (try $0.string(0), try $0.blob(1)) }
        }
        #expect(rows.map(\.0) == ["order.created"])
        #expect(rows.first?.1 == Array("full:1".utf8))
        let sellerViews = try await context.database.read { try $0.queryRow("SELECT count(*) FROM event_seller_payloads")?.int(0) }
        #expect(sellerViews == 1)
        #expect(try await orders.expire(order.id, at: 1_000))
        let dispatch = EventDispatch(database: context.database)
        let first = try await dispatch.dispatch(limit: 100, at: 1_001)
        #expect(first.events == 2)
        #expect(try await dispatch.dispatch(limit: 100, at: 1_002).events == 0)
        let feed = try await context.database.read { try $0.query("SELECT type FROM notifications ORDER BY id").map { try $0.string(0) } }
        #expect(feed == ["order.created", "order.expired"])
    }
}
