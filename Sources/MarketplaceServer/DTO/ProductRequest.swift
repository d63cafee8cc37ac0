import Marketplace

/// The body of `POST` and `PATCH /api/v1/seller/products…`: any subset of the product's
/// fields. A field that is `null` or of the wrong JSON type is collected as an issue rather
/// than thrown, so one answer names every bad field; absent fields stay nil.
struct ProductRequest: Decodable {
    private(set) var form = ProductForm()
    private(set) var issues: [FieldIssue] = []

    enum Field: String, CodingKey {
        case name, description, price, stock, category, taxFree, status
    }

    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: Field.self)   // not an object: 400 "must be a JSON object"
        form.name = read(body, .name, "a string")
        form.description = read(body, .description, "a string")
        form.price = read(body, .price, "an integer")
        form.stock = read(body, .stock, "an integer")
        form.category = read(body, .category, "a string")
        form.taxFree = read(body, .taxFree, "true or false")
        form.status = read(body, .status, "a string")
    }

    private mutating func read<T: Decodable>(_ body: KeyedDecodingContainer<Field>, _ field: Field, _ expected: String) -> T? {
        guard body.contains(field) else { return nil }
        if (try? body.decodeNil(forKey: field)) == true {
            issues.append(FieldIssue(field: field.rawValue, message: "must not be null"))
            return nil
        }
        guard let value = try? body.decode(T.self, forKey: field) else {
            issues.append(FieldIssue(field: field.rawValue, message: "must be \(expected)"))
            return nil
        }
        return value
    }

    /// The form for the service, or 400 `INVALID_REQUEST` naming the mistyped fields together
    /// with every other field the rules refuse (for a new product when `creating`).
    func validForm(creating: Bool) throws -> ProductForm {
        guard !issues.isEmpty else { return form }
        let mistyped = Set(issues.map(\.field))
        var all = issues
        do {
            if creating { _ = try form.validatedNewProduct() } else { _ = try form.validatedChanges() }
        } catch MarketplaceError.validation(_, _, let more) {
            all += more.filter { !mistyped.contains($0.field) }
        }
        throw MarketplaceError.invalid(ProductForm.ordered(all), detail: "The product is not valid.")
    }
}
