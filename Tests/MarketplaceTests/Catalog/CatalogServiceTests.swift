import Marketplace
import MarketplaceFakes
import Testing

struct CatalogServiceTests {
    let products = InMemoryProductRepository()
    let generation = CatalogGeneration()
    let clock = ManualClock()
    var service: CatalogService { CatalogService(products: products, generation: generation, clock: clock) }
    let seller = Principal(userID: UserID(rawValue: 7), role: .seller)
    let other = Principal(userID: UserID(rawValue: 8), role: .seller)

    @Test("creating stores the product for the calling seller at the clock's time and advances the generation")
    func create() async throws {
        let product = try await service.create(ProductFormTests.make(), by: seller)
        #expect(product.sellerID == seller.userID && product.createdAt == 1_700_000_000_000 && product.status == .onSale)
        #expect(generation.current == 1)
    }

    @Test("an invalid product is refused before anything is stored")
    func invalid() async throws {
        await #expect(throws: MarketplaceError.self) { try await service.create(ProductForm(name: ""), by: seller) }
        #expect(products.all.isEmpty && generation.current == 0)
    }

    @Test("only sellers manage products")
    func sellersOnly() async throws {
        let customer = Principal(userID: UserID(rawValue: 9), role: .customer)
        await #expect(throws: MarketplaceError.forbidden(code: "FORBIDDEN_ROLE", detail: "This needs the SELLER role.")) {
            try await service.create(ProductFormTests.make(), by: customer)
        }
    }

    @Test("another seller's product is not found for read, change and delete — even with a bad body")
    func otherSeller() async throws {
        let product = try await service.create(ProductFormTests.make(), by: seller)
        await #expect(throws: CatalogService.notFound) { try await service.product(product.id, by: other) }
        await #expect(throws: CatalogService.notFound) { try await service.update(product.id, with: ProductForm(price: 1), by: other) }
        await #expect(throws: CatalogService.notFound) { try await service.update(product.id, with: ProductForm(price: -1), by: other) }
        await #expect(throws: CatalogService.notFound) { try await service.delete(product.id, by: other) }
        #expect(try await service.product(product.id, by: seller).price == 12_000)
    }

    @Test("a change touches only the given fields; an empty one writes nothing")
    func update() async throws {
        let product = try await service.create(ProductFormTests.make(), by: seller)
        clock.advance(by: 60)
        let updated = try await service.update(product.id, with: ProductForm(stock: 0, status: "HIDDEN"), by: seller)
        #expect(updated.stock == 0 && updated.status == .hidden && updated.name == "Mug" && updated.price == 12_000)
        #expect(updated.updatedAt == product.updatedAt + 60_000 && generation.current == 2)
        #expect(try await service.update(product.id, with: ProductForm(), by: seller) == updated)
        #expect(generation.current == 2)
    }

    @Test("a deleted product is gone for its seller too, and cannot be deleted twice")
    func delete() async throws {
        let product = try await service.create(ProductFormTests.make(), by: seller)
        try await service.delete(product.id, by: seller)
        #expect(generation.current == 2)
        await #expect(throws: CatalogService.notFound) { try await service.product(product.id, by: seller) }
        await #expect(throws: CatalogService.notFound) { try await service.delete(product.id, by: seller) }
        #expect(try await service.list(status: nil, page: PageRequest(), by: seller).totalItems == 0)
    }

    @Test("the seller's list holds hidden products and filters by status")
    func list() async throws {
        _ = try await service.create(ProductFormTests.make(name: "A"), by: seller)
        _ = try await service.create(ProductFormTests.make(name: "B", status: "HIDDEN"), by: seller)
        _ = try await service.create(ProductFormTests.make(name: "C"), by: other)
        #expect(try await service.list(status: nil, page: PageRequest(), by: seller).items.map(\.name) == ["B", "A"])
        #expect(try await service.list(status: .hidden, page: PageRequest(), by: seller).items.map(\.name) == ["B"])
    }
}
