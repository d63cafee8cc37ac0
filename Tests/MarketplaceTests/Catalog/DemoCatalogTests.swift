import Marketplace
import Testing

struct DemoCatalogTests {
    static let sellers = (1...5).map { UserID(rawValue: Int64($0)) }

    @Test("the same seed gives the same products")
    func deterministic() {
        var first = DemoCatalog(sellers: Self.sellers)
        var second = DemoCatalog(sellers: Self.sellers)
        #expect(first.next(500) == second.next(500))
    }

    @Test("about 5 % hidden, 5 % out of stock, 10 % tax-free; ten categories; repeated names; some quotes; all valid")
    func shape() throws {
        var demo = DemoCatalog(sellers: Self.sellers)
        let products = demo.next(10_000)
        let share = { (test: (ProductImport) -> Bool) in Double(products.count(where: test)) / Double(products.count) }
        #expect((0.04...0.06).contains(share { $0.product.status == .hidden }))
        #expect((0.04...0.06).contains(share { $0.product.stock == 0 }))
        #expect((0.08...0.12).contains(share { $0.product.taxFree }))
        #expect(Set(products.map(\.product.category)).count == 10)
        #expect(Set(products.map(\.product.name)).count < products.count)
        #expect(products.contains { $0.product.name.contains("\"") })
        #expect(products.contains { $0.product.name.unicodeScalars.contains { $0.value >= 0xAC00 } })
        for entry in products.prefix(500) {
            let product = entry.product
            let form = ProductForm(name: product.name, description: product.description, price: product.price,
                                   stock: product.stock, category: product.category, taxFree: product.taxFree,
                                   status: product.status.rawValue)
            #expect(try form.validatedNewProduct() == product)
            #expect(entry.createdAt % 1000 == 0)
        }
    }
}
