import Marketplace
import Testing

@Suite("VAT and order amounts (§6)")
struct OrderAmountsTests {
    @Test("VAT is round(taxable / 11), half up", arguments: [
        (Int64(0), Int64(0)), (5, 0), (6, 1), (11, 1), (16, 1), (17, 2), (99_999, 9_091), (110_000, 10_000),
    ])
    func vat(taxable: Int64, expected: Int64) {
        #expect(VAT.included(in: taxable) == expected)
    }

    static func item(_ product: Int64, price: Int64, quantity: Int, taxFree: Bool = false,
                     status: OrderItemStatus = .ordered) -> OrderItem {
        OrderItem(productID: ProductID(rawValue: product), sellerID: UserID(rawValue: 1), name: "P\(product)", unitPrice: price,
                  quantity: quantity, taxFree: taxFree, status: status)
    }

    @Test("totals count every line; the amount due, its tax-free part and VAT count the ORDERED lines only")
    func amounts() {
        let amounts = OrderAmounts([
            Self.item(1, price: 11_000, quantity: 2),
            Self.item(2, price: 5_000, quantity: 1, taxFree: true),
            Self.item(1, price: 11_000, quantity: 1, status: .canceled),
            Self.item(3, price: 3_000, quantity: 1, taxFree: true, status: .canceled),
        ])
        #expect(amounts.totalAmount == 41_000)
        #expect(amounts.taxFreeAmount == 8_000)
        #expect(amounts.vat == 3_000)
        #expect(amounts.canceledAmount == 14_000)
        #expect(amounts.due == 27_000)
        #expect(amounts.dueTaxFree == 5_000)
        #expect(amounts.dueVat == 2_000)
    }
}

@Suite("Order rules")
struct OrderRulesTests {
    static let address = ShippingAddressForm(recipient: " Kim ", phone: "010-1234-5678", address1: "Seoul", address2: "",
                                             zipCode: "04524")

    @Test("a valid form yields the provider, the lines and a normalized address")
    func valid() throws {
        let (provider, lines, address) = try OrderRules.validate(OrderForm(
            provider: "TOSS", items: [OrderLineForm(productID: 3, quantity: 2)], shippingAddress: Self.address))
        #expect(provider == .toss)
        #expect(lines == [OrderLine(productID: ProductID(rawValue: 3), quantity: 2)])
        #expect(address.recipient == "Kim" && address.phone == "01012345678" && address.address2 == nil)
    }

    @Test("every bad field is named: provider, duplicate products, quantities, over 50 lines, the address")
    func invalid() {
        let lines = (1...51).map { OrderLineForm(productID: Int64($0), quantity: 1) } + [OrderLineForm(productID: 1, quantity: 100)]
        #expect {
            try OrderRules.validate(OrderForm(provider: "toss", items: lines, shippingAddress: nil))
        } throws: { error in
            guard case let MarketplaceError.validation(_, _, issues) = error else { return false }
            return issues.map(\.field) == ["provider", "items", "items[51].productId", "items[51].quantity", "shippingAddress"]
        }
    }

    @Test("tracking numbers are 1–50 letters, digits and hyphens", arguments: [
        ("CJ-1234", true), ("", false), ("a b", false), (String(repeating: "9", count: 50), true), (String(repeating: "9", count: 51), false),
    ])
    func trackingNumbers(text: String, valid: Bool) {
        #expect(OrderRules.isTrackingNumber(text) == valid)
    }

    @Test("order ids are ord_ + 22 base62 characters, valid by the contract's pattern, and differ")
    func orderIDs() {
        let ids = (0..<1000).map { _ in OrderID.random().rawValue }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.count == 26 && $0.hasPrefix("ord_") && OrderID.isValid($0) })
        #expect(OrderID(rawValue: "short") == nil)
        #expect(OrderID(rawValue: "has space1") == nil)
        #expect(OrderID(rawValue: String(repeating: "a", count: 65)) == nil)
    }

    @Test("order statuses move only along the contract's arrows")
    func transitions() {
        #expect(OrderStatus.pendingPayment.canMove(to: .expired))
        #expect(OrderStatus.paid.canMove(to: .shipping))
        #expect(OrderStatus.shipping.canMove(to: .delivered))
        #expect(!OrderStatus.pendingPayment.canMove(to: .shipping))
        #expect(!OrderStatus.delivered.canMove(to: .shipping))
        #expect(!OrderStatus.expired.canMove(to: .pendingPayment))
    }
}
