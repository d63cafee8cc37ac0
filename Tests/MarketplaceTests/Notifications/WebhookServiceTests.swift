import Marketplace
import MarketplaceFakes
import Synchronization
import Testing

@Suite struct WebhookServiceTests {
    let clock = ManualClock()
    let repository = InMemoryWebhookRepository()
    let retries = HookCounter()
    let secrets = HookCounter()
    let seller = Principal(userID: UserID(rawValue: 10), role: .seller)
    let customer = Principal(userID: UserID(rawValue: 20), role: .customer)
    static let schedule = [5, 300, 1800]

    /// The service with a secret maker that numbers its secrets, and a URL check that refuses
    /// anything but `https://` (the real one also runs the network guard).
    var service: WebhookService {
        WebhookService(
            repository: repository, clock: clock,
            makeSecret: { [secrets] in "whsec_" + String(repeating: "A", count: 43) + "\(secrets.next())" },
            checkURL: { url in
                guard url.hasPrefix("https://") else {
                    throw MarketplaceError.unprocessable(code: "WEBHOOK_URL_NOT_ALLOWED", detail: "https only", issues: [])
                }
            },
            retried: { [retries] in _ = retries.next() })
    }

    func create(_ events: [String]? = ["*"], url: String? = "https://example.com/hook", description: String? = nil,
                realm: Role = .seller, by principal: Principal? = nil) async throws -> WebhookEndpoint {
        try await service.create(url: url, events: events, description: description, realm: realm, by: principal ?? seller)
    }

    @Test("at most 10 endpoints per account and realm; the 11th is 409 WEBHOOK_LIMIT_REACHED; other realms and accounts count apart")
    func limit() async throws {
        for _ in 0..<WebhookService.maxEndpoints { _ = try await create() }
        #expect(await thrownCode { _ = try await create() } == "WEBHOOK_LIMIT_REACHED")
        #expect(try await service.list(realm: .seller, by: seller).count == 10)
        _ = try await create(realm: .customer)
        _ = try await create(by: Principal(userID: UserID(rawValue: 11), role: .seller))
        try await service.delete(String(try await service.list(realm: .seller, by: seller)[0].id), realm: .seller, by: seller)
        _ = try await create()
    }

    @Test("12 parallel creates on an empty account: exactly 10 are stored")
    func parallelLimit() async throws {
        let codes = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<12 { group.addTask { [self] in await thrownCode { _ = try await create() } } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(codes.count { $0 == nil } == 10 && codes.count { $0 == "WEBHOOK_LIMIT_REACHED" } == 2)
        #expect(try await service.list(realm: .seller, by: seller).count == 10)
    }

    @Test("events: [\"*\"] or a non-empty list of distinct known types; anything else is 400 and stores nothing",
          arguments: [[], ["*", "order.paid"], ["order.paid", "order.paid"], ["order.unknown"], ["ORDER.PAID"]] as [[String]])
    func badEvents(_ events: [String]) async throws {
        #expect(await thrownCode { _ = try await create(events) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await create(nil) } == "INVALID_REQUEST")
        #expect(try await service.list(realm: .seller, by: seller).isEmpty)
    }

    @Test("an endpoint gets only the events it lists; changing its list changes what it gets next")
    func eventFilter() async throws {
        let paidOnly = try await create(["order.paid", "order.shipping"])
        let all = try await create()
        let order = "ord_123456"
        let delivered = repository.dispatch(event: "evt_1", type: .orderCreated, order: order, customer: customer.userID,
                                            sellers: [seller.userID], at: clock.now())
        #expect(delivered.map(\.endpointID) == [all.id])
        let paid = repository.dispatch(event: "evt_2", type: .orderPaid, order: order, customer: customer.userID,
                                       sellers: [seller.userID], at: clock.now())
        #expect(paid.map(\.endpointID) == [paidOnly.id, all.id])
        _ = try await service.update(String(paidOnly.id), WebhookEndpointChange(events: ["order.created"]), realm: .seller, by: seller)
        let next = repository.dispatch(event: "evt_3", type: .orderCreated, order: order, customer: customer.userID,
                                       sellers: [seller.userID], at: clock.now())
        #expect(Set(next.map(\.endpointID)) == [paidOnly.id, all.id])
        #expect(await thrownCode {
            _ = try await service.update(String(all.id), WebhookEndpointChange(events: ["nope"]), realm: .seller, by: seller)
        } == "INVALID_REQUEST")
        #expect(try await service.endpoint(String(all.id), realm: .seller, by: seller).events == ["*"])
    }

    @Test("the secret is the one made for it, kept and shown with the endpoint; a URL or description the rules refuse stores nothing")
    func secretsAndValidation() async throws {
        let endpoint = try await create(description: "orders")
        #expect(endpoint.secret.hasPrefix("whsec_") && endpoint.enabled && endpoint.disabledReason == nil)
        let second = try await create()
        #expect(second.secret != endpoint.secret)
        #expect(try await service.endpoint(String(endpoint.id), realm: .seller, by: seller).secret == endpoint.secret)
        #expect(await thrownCode { _ = try await create(url: "http://example.com") } == "WEBHOOK_URL_NOT_ALLOWED")
        #expect(await thrownCode { _ = try await create(url: nil) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await create(description: String(repeating: "d", count: 201)) } == "INVALID_REQUEST")
        #expect(await thrownCode { _ = try await create(description: "tab\there") } == "INVALID_REQUEST")
        #expect(await thrownCode {
            _ = try await service.update(String(endpoint.id), WebhookEndpointChange(url: "ftp://x"), realm: .seller, by: seller)
        } == "WEBHOOK_URL_NOT_ALLOWED")
        #expect(try await service.list(realm: .seller, by: seller).count == 2)
        // A failing secret source stores nothing either.
        let broken = WebhookService(repository: repository, clock: clock, makeSecret: { throw NoEntropy() }, checkURL: { _ in })
        do {
            _ = try await broken.create(url: "https://x.example", events: ["*"], description: nil, realm: .seller, by: seller)
            Issue.record("a failing secret source must fail the create")
        } catch is NoEntropy {}
        #expect(try await service.list(realm: .seller, by: seller).count == 2)
    }

    @Test("another account's or realm's endpoint is 404 for every verb")
    func ownership() async throws {
        let endpoint = try await create()
        let id = String(endpoint.id)
        let other = Principal(userID: UserID(rawValue: 99), role: .seller)
        #expect(await thrownCode { _ = try await service.endpoint(id, realm: .seller, by: other) } == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { _ = try await service.endpoint(id, realm: .customer, by: seller) } == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { _ = try await service.update(id, WebhookEndpointChange(enabled: false), realm: .seller, by: other) }
            == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { try await service.delete(id, realm: .seller, by: other) } == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { _ = try await service.attempts(id, page: PageRequest(), realm: .seller, by: other) } == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { try await service.retry(id, attempt: "1", realm: .seller, by: other) } == "WEBHOOK_NOT_FOUND")
        #expect(await thrownCode { _ = try await service.endpoint("abc", realm: .seller, by: seller) } == "WEBHOOK_NOT_FOUND")
    }

    @Test("retrying an attempt makes its delivery due now and wakes the worker; unknown or another endpoint's attempts are 404")
    func retry() async throws {
        let endpoint = try await create()
        let other = try await create(["order.shipping"])
        let delivery = try #require(repository.dispatch(event: "evt_1", type: .orderPaid, order: "ord_123456",
                                                        customer: customer.userID, sellers: [seller.userID], at: clock.now())
            .first { $0.endpointID == endpoint.id })
        for _ in 0...Self.schedule.count { _ = repository.record(.failed(status: 500), of: delivery.id, schedule: Self.schedule, at: clock.now()) }
        let attempts = try await service.attempts(String(endpoint.id), page: PageRequest(), realm: .seller, by: seller)
        #expect(attempts.items.map(\.attempt) == [4, 3, 2, 1], "newest first")
        #expect(attempts.items.first?.status == .failed && repository.due(at: clock.now() + 100_000).isEmpty)

        clock.advance(by: 60)
        try await service.retry(String(endpoint.id), attempt: String(attempts.items[2].id), realm: .seller, by: seller)
        #expect(retries.value == 1)
        #expect(repository.due(at: clock.now()).map(\.id) == [delivery.id])
        #expect(await thrownCode { try await service.retry(String(other.id), attempt: String(attempts.items[0].id), realm: .seller, by: seller) }
            == "DELIVERY_NOT_FOUND")
        #expect(await thrownCode { try await service.retry(String(endpoint.id), attempt: "999", realm: .seller, by: seller) }
            == "DELIVERY_NOT_FOUND")
        #expect(retries.value == 1)
    }

    @Test("a 410 disables the endpoint with its reason and stops its pending deliveries; PATCH enabled:true turns it back on")
    func goneDisables() async throws {
        let endpoint = try await create()
        let first = try #require(repository.dispatch(event: "evt_1", type: .orderPaid, order: "ord_123456", customer: customer.userID,
                                                     sellers: [seller.userID], at: clock.now()).first)
        let second = try #require(repository.dispatch(event: "evt_2", type: .orderShipping, order: "ord_123456",
                                                      customer: customer.userID, sellers: [seller.userID], at: clock.now()).first)
        repository.record(.gone, of: first.id, schedule: Self.schedule, at: clock.now())
        let disabled = try await service.endpoint(String(endpoint.id), realm: .seller, by: seller)
        #expect(!disabled.enabled && disabled.disabledReason == "the endpoint answered 410 Gone")
        #expect(repository.deliveries.map(\.status) == [.failed, .failed] && repository.due(at: clock.now()).isEmpty)
        #expect(repository.dispatch(event: "evt_3", type: .orderDelivered, order: "ord_123456", customer: customer.userID,
                                    sellers: [seller.userID], at: clock.now()).isEmpty, "a disabled endpoint gets no new deliveries")

        let enabled = try await service.update(String(endpoint.id), WebhookEndpointChange(enabled: true), realm: .seller, by: seller)
        #expect(enabled.enabled && enabled.disabledReason == nil)
        let attempt = try #require(try await service.attempts(String(endpoint.id), page: PageRequest(), realm: .seller, by: seller).items.first)
        try await service.retry(String(endpoint.id), attempt: String(attempt.id), realm: .seller, by: seller)
        #expect(repository.due(at: clock.now()).map(\.id) == [first.id], "only the retried delivery comes back")
        #expect(repository.deliveries.first { $0.id == second.id }?.status == .failed)
    }

    @Test("the feed: one entry per event of the customer's orders, unread filter, mark read; others' entries are 404")
    func feed() async throws {
        for (index, type) in [EventType.orderCreated, .orderPaid, .orderPaid].enumerated() {
            repository.dispatch(event: "evt_\(index < 2 ? index : 1)", type: type, order: "ord_123456", customer: customer.userID,
                                sellers: [], at: clock.now())
        }
        let page = try await service.feed(unreadOnly: false, page: PageRequest(), by: customer)
        #expect(page.items.map(\.type) == ["order.paid", "order.created"] && page.totalItems == 2)
        #expect(page.items[0].title == "Order ord_123456 is now PAID")
        let read = try await service.markRead(String(page.items[0].id), by: customer)
        #expect(read.read)
        #expect(try await service.markRead(String(page.items[0].id), by: customer) == read, "again: no change")
        #expect(try await service.feed(unreadOnly: true, page: PageRequest(), by: customer).items.map(\.type) == ["order.created"])
        let stranger = Principal(userID: UserID(rawValue: 21), role: .customer)
        #expect(await thrownCode { _ = try await service.markRead(String(page.items[1].id), by: stranger) } == "NOTIFICATION_NOT_FOUND")
        #expect(try await service.feed(unreadOnly: false, page: PageRequest(), by: stranger).items.isEmpty)
    }
}

struct NoEntropy: Error {}

/// A thread-safe counter for the service's hooks.
final class HookCounter: Sendable {
    private let count = Mutex(0)
    /// Counts one more and returns the new count.
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
    var value: Int { count.withLock { $0 } }
}
