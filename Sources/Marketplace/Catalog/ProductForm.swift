/// A product's fields as a seller sent them, before the rules: every field optional, so that
/// creation can name each missing one and a change can leave absent ones as they are.
public struct ProductForm: Sendable, Equatable {
    /// 1–100 characters, kept in NFC however it was typed (`String.nfc`).
    public var name: String? { didSet { name = name?.nfc } }
    /// 0–5000 characters, in NFC.
    public var description: String? { didSet { description = description?.nfc } }
    /// Whole KRW, 0–1,000,000,000.
    public var price: Int64?
    /// Units, 0–1,000,000.
    public var stock: Int?
    /// 1–50 of `[a-z0-9-]`.
    public var category: String?
    /// VAT-exempt.
    public var taxFree: Bool?
    /// `ON_SALE` or `HIDDEN`, as sent (checked by the rules).
    public var status: String?

    /// Creates a form; nil fields were absent. Text is kept in NFC (`String.nfc`).
    public init(name: String? = nil, description: String? = nil, price: Int64? = nil, stock: Int? = nil,
                category: String? = nil, taxFree: Bool? = nil, status: String? = nil) {
        self.name = name?.nfc
        self.description = description?.nfc
        self.price = price
        self.stock = stock
        self.category = category
        self.taxFree = taxFree
        self.status = status
    }

    /// The product to create; `name`, `price`, `stock` and `category` are required,
    /// `description` defaults to empty, `taxFree` to false and `status` to ON_SALE.
    /// Throws 400 `INVALID_REQUEST` naming every bad field.
    public func validatedNewProduct() throws -> NewProduct {
        var issues: [FieldIssue] = []
        for (field, missing) in [("name", name == nil), ("price", price == nil), ("stock", stock == nil), ("category", category == nil)]
        where missing {
            issues.append(FieldIssue(field: field, message: "is required"))
        }
        issues += Self.issues(of: self)
        guard issues.isEmpty, let name, let price, let stock, let category else {
            throw MarketplaceError.invalid(Self.ordered(issues), detail: "The product is not valid.")
        }
        return NewProduct(name: name, description: description ?? "", price: price, stock: stock, category: category,
                          taxFree: taxFree ?? false, status: parsedStatus ?? .onSale)
    }

    /// The changes to apply: absent fields stay as they are. Throws 400 `INVALID_REQUEST`
    /// naming every bad field.
    public func validatedChanges() throws -> ProductChanges {
        let issues = Self.issues(of: self)
        guard issues.isEmpty else { throw MarketplaceError.invalid(Self.ordered(issues), detail: "The product is not valid.") }
        return ProductChanges(name: name, description: description, price: price, stock: stock, category: category,
                              taxFree: taxFree, status: parsedStatus)
    }

    private var parsedStatus: ProductStatus? { status.flatMap(ProductRules.settableStatus) }

    private static func issues(of form: ProductForm) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if let name = form.name { issues += ProductRules.nameIssues(name) }
        if let description = form.description { issues += ProductRules.descriptionIssues(description) }
        if let price = form.price { issues += ProductRules.priceIssues(price) }
        if let stock = form.stock { issues += ProductRules.stockIssues(stock) }
        if let category = form.category { issues += ProductRules.categoryIssues(category) }
        if let status = form.status { issues += ProductRules.statusIssues(status) }
        return issues
    }

    /// The order fields appear in docs/API.md §3, so that answers are stable.
    public static let fieldOrder = ["name", "description", "price", "stock", "category", "taxFree", "status"]

    /// `issues` sorted by `fieldOrder` (stable within one field); unknown fields last.
    public static func ordered(_ issues: [FieldIssue]) -> [FieldIssue] {
        let rank = { (issue: FieldIssue) in fieldOrder.firstIndex(of: issue.field) ?? fieldOrder.count }
        return issues.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }
}
