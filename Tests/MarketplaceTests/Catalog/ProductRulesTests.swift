import Marketplace
import Testing

struct ProductRulesTests {
    @Test("names are 1–100 characters, not blank, without control characters", arguments: [
        ("Mug", true), (String(repeating: "가", count: 100), true), (String(repeating: "a", count: 101), false),
        ("", false), ("   ", false), ("Tab\there", false), ("12\" Pan", true),
    ])
    func names(name: String, valid: Bool) {
        #expect(ProductRules.nameIssues(name).isEmpty == valid)
    }

    @Test("descriptions are 0–5000 characters, line breaks allowed", arguments: [
        ("", true), ("line\nbreak\ttab", true), (String(repeating: "é", count: 5000), true),
        (String(repeating: "x", count: 5001), false), ("nul\u{0}", false),
    ])
    func descriptions(text: String, valid: Bool) {
        #expect(ProductRules.descriptionIssues(text).isEmpty == valid)
    }

    @Test("prices are 0–1,000,000,000 KRW", arguments: [(Int64(0), true), (1_000_000_000, true), (-1, false), (1_000_000_001, false)])
    func prices(price: Int64, valid: Bool) {
        #expect(ProductRules.priceIssues(price).isEmpty == valid)
    }

    @Test("stock is 0–1,000,000", arguments: [(0, true), (1_000_000, true), (-1, false), (1_000_001, false)])
    func stocks(stock: Int, valid: Bool) {
        #expect(ProductRules.stockIssues(stock).isEmpty == valid)
    }

    @Test("categories are 1–50 of [a-z0-9-]", arguments: [
        ("books", true), ("home-garden-2", true), (String(repeating: "a", count: 50), true), ("", false),
        (String(repeating: "a", count: 51), false), ("Books", false), ("books_1", false), ("책", false), ("a b", false),
    ])
    func categories(category: String, valid: Bool) {
        #expect(ProductRules.categoryIssues(category).isEmpty == valid)
    }

    @Test("sellers may set ON_SALE or HIDDEN, nothing else", arguments: [
        ("ON_SALE", true), ("HIDDEN", true), ("DELETED", false), ("on_sale", false), ("", false),
    ])
    func statuses(status: String, valid: Bool) {
        #expect(ProductRules.statusIssues(status).isEmpty == valid)
    }
}

struct ProductFormTests {
    static func make(name: String? = "Mug", description: String? = nil, price: Int64? = 12_000, stock: Int? = 5,
                     category: String? = "home", taxFree: Bool? = nil, status: String? = nil) -> ProductForm {
        ProductForm(name: name, description: description, price: price, stock: stock, category: category, taxFree: taxFree,
                    status: status)
    }

    static func fields(_ body: () throws -> Void) -> [String] {
        do { try body() } catch let MarketplaceError.validation(_, _, issues) { return issues.map(\.field) } catch {}
        return []
    }

    @Test("a new product gets an empty description, taxFree false and status ON_SALE by default")
    func defaults() throws {
        let product = try Self.make().validatedNewProduct()
        #expect(product == NewProduct(name: "Mug", description: "", price: 12_000, stock: 5, category: "home", taxFree: false,
                                      status: .onSale))
    }

    @Test("a new product names every missing required field")
    func missing() {
        let form = ProductForm()
        #expect(Self.fields { _ = try form.validatedNewProduct() } == ["name", "price", "stock", "category"])
    }

    @Test("every bad field is named at once, in the contract's order")
    func everyBadField() {
        let form = Self.make(name: "", description: String(repeating: "x", count: 5001), price: -1, stock: 2_000_000,
                             category: "Bad!", status: "DELETED")
        let expected = ["name", "description", "price", "stock", "category", "status"]
        #expect(Self.fields { _ = try form.validatedNewProduct() } == expected)
        #expect(Self.fields { _ = try form.validatedChanges() } == expected)
    }

    @Test("changes keep absent fields nil, and an empty form changes nothing")
    func changes() throws {
        let changes = try ProductForm(price: 900, status: "HIDDEN").validatedChanges()
        #expect(changes == ProductChanges(price: 900, status: .hidden))
        #expect(try ProductForm().validatedChanges().isEmpty)
    }
}
