/// The limits and checks of carts, orders and cancels (docs/API.md §4–§5).
public enum OrderRules {
    /// Units of one product per line (cart and order).
    public static let quantityRange = 1...99
    /// Lines in one order.
    public static let maxOrderLines = 50
    /// Lines in one cart.
    public static let maxCartLines = 100
    /// A cancel's `reason`.
    public static let reasonLength = 1...200
    /// A tracking number: 1–50 of `[A-Za-z0-9-]`.
    public static let trackingNumberLength = 1...50

    /// The provider, lines and address of `form`, or 400 `INVALID_REQUEST` naming every bad field.
    /// Lines: 1–50 distinct products (a product may appear once), each 1–99 units.
    public static func validate(_ form: OrderForm) throws -> (PaymentProvider, [OrderLine]?, ShippingAddress) {
        var issues: [FieldIssue] = []
        let provider = form.provider.flatMap(PaymentProvider.init(rawValue:))
        if provider == nil {
            issues.append(FieldIssue(field: "provider", message: "must be TOSS, KAKAOPAY or CARD"))
        }
        var lines: [OrderLine]?
        if let items = form.items {
            let (valid, more) = self.lines(items, field: "items", maxLines: maxOrderLines, quantities: quantityRange)
            lines = valid
            issues += more
        }
        var address: ShippingAddress?
        if let form = form.shippingAddress {
            let (valid, more) = shippingAddress(form)
            address = valid
            issues += more
        } else {
            issues.append(FieldIssue(field: "shippingAddress", message: "is required"))
        }
        guard issues.isEmpty, let provider, let address else { throw MarketplaceError.invalid(issues, detail: "The order is not valid.") }
        return (provider, lines, address)
    }

    /// `{productId, quantity}` lines: 1…`maxLines` distinct products, quantities in `quantities`.
    public static func lines(_ items: [OrderLineForm], field: String, maxLines: Int,
                             quantities: ClosedRange<Int>) -> ([OrderLine], [FieldIssue]) {
        var issues: [FieldIssue] = []
        if items.isEmpty { issues.append(FieldIssue(field: field, message: "must hold at least one line")) }
        if items.count > maxLines { issues.append(FieldIssue(field: field, message: "must hold at most \(maxLines) lines")) }
        var seen = Set<Int64>()
        var lines: [OrderLine] = []
        for (index, item) in items.enumerated() {
            let prefix = "\(field)[\(index)]"
            if let id = item.productID, id > 0 {
                if !seen.insert(id).inserted {
                    issues.append(FieldIssue(field: "\(prefix).productId", message: "names a product listed earlier"))
                }
            } else {
                issues.append(FieldIssue(field: "\(prefix).productId", message: "must be a positive product id"))
            }
            if let quantity = item.quantity, quantities.contains(quantity) {} else {
                issues.append(FieldIssue(field: "\(prefix).quantity",
                                         message: "must be a whole number from \(quantities.lowerBound) to \(quantities.upperBound)"))
            }
            if let id = item.productID, let quantity = item.quantity {
                lines.append(OrderLine(productID: ProductID(rawValue: id), quantity: quantity))
            }
        }
        return (lines, issues)
    }

    static func shippingAddress(_ form: ShippingAddressForm) -> (ShippingAddress?, [FieldIssue]) {
        var issues: [FieldIssue] = []
        func text(_ value: String?, _ field: String, _ range: ClosedRange<Int>, required: Bool = true) -> String? {
            guard let value else {
                if required { issues.append(FieldIssue(field: "shippingAddress.\(field)", message: "is required")) }
                return nil
            }
            let trimmed = value.trimmingWhitespace().nfc
            if !range.contains(trimmed.count) || trimmed.hasControlCharacters {
                issues.append(FieldIssue(field: "shippingAddress.\(field)",
                                         message: "must be \(range.lowerBound)–\(range.upperBound) characters without control characters"))
                return nil
            }
            return trimmed
        }
        let recipient = text(form.recipient, "recipient", 1...50)
        let address1 = text(form.address1, "address1", 1...200)
        let address2 = text(form.address2, "address2", 0...200, required: false)
        var phone: String?
        if let raw = form.phone {
            let digits = raw.filter { $0 != "-" }
            if (10...11).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                phone = digits
            } else {
                issues.append(FieldIssue(field: "shippingAddress.phone", message: "must be 10–11 digits (hyphens allowed)"))
            }
        } else {
            issues.append(FieldIssue(field: "shippingAddress.phone", message: "is required"))
        }
        var zip: String?
        if let raw = form.zipCode {
            if raw.count == 5, raw.allSatisfy({ $0.isASCII && $0.isNumber }) { zip = raw } else {
                issues.append(FieldIssue(field: "shippingAddress.zipCode", message: "must be 5 digits"))
            }
        } else {
            issues.append(FieldIssue(field: "shippingAddress.zipCode", message: "is required"))
        }
        guard issues.isEmpty, let recipient, let address1, let phone, let zip else { return (nil, issues) }
        return (ShippingAddress(recipient: recipient, phone: phone, address1: address1,
                                address2: address2.flatMap { $0.isEmpty ? nil : $0 }, zipCode: zip), [])
    }

    /// Whether `text` is a valid tracking number.
    public static func isTrackingNumber(_ text: String) -> Bool {
        trackingNumberLength.contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D }
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whether any scalar is a control character (NUL, newlines and tabs included): free texts
    /// we store (reasons, descriptions) refuse them, and PostgreSQL's text cannot hold NUL.
    var hasControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
