/// `POST /orders` as the client sent it, before the rules (`OrderRules.validate`).
public struct OrderForm: Sendable {
    public var provider: String?
    /// nil: order the whole cart.
    public var items: [OrderLineForm]?
    public var shippingAddress: ShippingAddressForm?

    public init(provider: String?, items: [OrderLineForm]?, shippingAddress: ShippingAddressForm?) {
        self.provider = provider
        self.items = items
        self.shippingAddress = shippingAddress
    }
}

/// One `{productId, quantity}` of a request.
public struct OrderLineForm: Sendable, Equatable {
    public var productID: Int64?
    public var quantity: Int?

    public init(productID: Int64?, quantity: Int?) {
        self.productID = productID
        self.quantity = quantity
    }
}

/// A shipping address as sent.
public struct ShippingAddressForm: Sendable {
    public var recipient: String?
    public var phone: String?
    public var address1: String?
    public var address2: String?
    public var zipCode: String?

    public init(recipient: String?, phone: String?, address1: String?, address2: String?, zipCode: String?) {
        self.recipient = recipient
        self.phone = phone
        self.address1 = address1
        self.address2 = address2
        self.zipCode = zipCode
    }
}

/// A validated request for `quantity` units of a product.
public struct OrderLine: Sendable, Equatable {
    public let productID: ProductID
    public let quantity: Int

    public init(productID: ProductID, quantity: Int) {
        self.productID = productID
        self.quantity = quantity
    }
}

/// What `OrderRepository.place` writes: everything known before reading the products.
public struct OrderDraft: Sendable {
    public let id: OrderID
    public let paymentID: String
    public let customerID: UserID
    public let provider: PaymentProvider
    /// Distinct products, any order (the repository reserves them as given).
    public let lines: [OrderLine]
    public let shippingAddress: ShippingAddress
    public let createdAt: Double
    public let expiresAt: Double
    public let by: String

    public init(id: OrderID, paymentID: String, customerID: UserID, provider: PaymentProvider, lines: [OrderLine],
                shippingAddress: ShippingAddress, createdAt: Double, expiresAt: Double, by: String) {
        self.id = id
        self.paymentID = paymentID
        self.customerID = customerID
        self.provider = provider
        self.lines = lines
        self.shippingAddress = shippingAddress
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.by = by
    }
}
