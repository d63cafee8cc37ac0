import Marketplace

/// Component schemas of carts, orders and payments (docs/API.md §4–§6).
extension APISchemas {
    static let quantity = Schema.integer(minimum: 1, maximum: 99)
    static let orderID = Schema.string(minLength: 6, maxLength: 64, pattern: "^[A-Za-z0-9_-]{6,64}$")
    static let money = Schema.integer(minimum: 0, description: "whole KRW")
    static let time = Schema.string(format: "date-time")

    static let cart = Schema.object([
        ("items", .array(.object([
            ("productId", .integer(minimum: 1)), ("name", .string()), ("price", money), ("quantity", quantity),
            ("subtotal", money),
            ("available", .boolean),
            ("thumbnailUrl", .nullable(.string(format: "uri"))),
        ], required: ["productId", "name", "price", "quantity", "subtotal", "available", "thumbnailUrl"]),
        maxItems: OrderRules.maxCartLines)),
        ("totalQuantity", .integer(minimum: 0, description: "units of the available lines (ON_SALE, stock covers the quantity)")),
        ("totalPrice", .integer(minimum: 0, description: "whole KRW, the available lines only")),
    ], required: ["items", "totalQuantity", "totalPrice"])

    static let addCartItemRequest = Schema.object([("productId", .integer(minimum: 1)), ("quantity", quantity)],
                                                  required: ["productId", "quantity"])
    static let setCartItemRequest = Schema.object([("quantity", quantity)], required: ["quantity"])

    static let orderLine = Schema.object([("productId", .integer(minimum: 1)), ("quantity", quantity)],
                                         required: ["productId", "quantity"])

    static let shippingAddress = Schema.object([
        ("recipient", .string(minLength: 1, maxLength: 50, pattern: notBlankPattern)),
        ("phone", .string(pattern: "^[0-9-]+$", description: "10–11 digits; hyphens are removed")),
        ("address1", .string(minLength: 1, maxLength: 200, pattern: notBlankPattern)),
        ("address2", .nullable(.string(maxLength: 200, pattern: noControlPattern))),
        ("zipCode", .string(pattern: "^[0-9]{5}$")),
    ], required: ["recipient", "phone", "address1", "address2", "zipCode"])

    static let placeOrderRequest = Schema.object([
        ("provider", .string(values: PaymentProvider.allCases.map(\.rawValue))),
        ("items", .array(.ref("OrderLineRequest"), minItems: 1, maxItems: OrderRules.maxOrderLines)),
        ("shippingAddress", .ref("ShippingAddress")),
    ], required: ["provider", "shippingAddress"])

    static let cancelOrderRequest = Schema.object([
        ("reason", .string(minLength: 1, maxLength: 200, pattern: notBlankPattern)),
        ("items", .array(.ref("OrderLineRequest"), minItems: 1, maxItems: OrderRules.maxOrderLines)),
    ], required: ["reason"])

    static let orderStatusRequest = Schema.object([
        ("status", .string(values: ["SHIPPING", "DELIVERED"])),
        ("trackingNumber", .string(minLength: 1, maxLength: 50, pattern: "^[A-Za-z0-9-]{1,50}$",
                                   description: "required for SHIPPING")),
    ], required: ["status"])

    static let orderItem = Schema.object([
        ("productId", .integer(minimum: 1)), ("sellerId", .integer(minimum: 1)),
        ("name", .string(description: "snapshot at ordering time")), ("unitPrice", money), ("quantity", quantity),
        ("subtotal", money), ("taxFree", .boolean), ("status", .string(values: OrderItemStatus.allCases.map(\.rawValue))),
    ], required: ["productId", "sellerId", "name", "unitPrice", "quantity", "subtotal", "taxFree", "status"])

    static let historyEntry = Schema.object([
        ("status", .string(values: OrderStatus.allCases.map(\.rawValue))),
        ("at", time),
        ("by", .string(pattern: "^(system|(customer|seller|admin):[0-9]+)$",
                       description: "who made the change: customer:<id>, admin:<id>, or system (expiry and other workers)")),
    ], required: ["status", "at", "by"])

    static let checkout = Schema.object([
        ("clientKey", .string()), ("orderId", orderID), ("orderName", .string()), ("amount", money),
        ("customerKey", .string()), ("checkoutUrl", .string(format: "uri")), ("successUrl", .string(format: "uri")),
        ("failUrl", .string(format: "uri")), ("tid", .string()), ("redirectUrl", .string(format: "uri")),
        ("mobileRedirectUrl", .string(format: "uri")), ("appRedirectUrl", .string()),
    ], open: true)

    static let payment = Schema.object([
        ("id", .string()), ("provider", .string(values: PaymentProvider.allCases.map(\.rawValue))), ("orderId", orderID),
        ("status", .string(values: PaymentStatus.allCases.map(\.rawValue))),
        ("amount", .integer(minimum: 0, description: "what the order's ORDERED lines come to (lowered by a partial cancel before payment)")),
        ("vat", money), ("taxFreeAmount", money),
        ("balanceAmount", .integer(minimum: 0, description: "what is held or charged and not refunded: the amount while READY, 0 once EXPIRED or ABORTED")),
        ("balanceVat", money),
        ("paymentKey", .nullable(.string())), ("tid", .nullable(.string())),
        ("card", .nullable(.object([("maskedNumber", .string()), ("expiry", .string(pattern: "^[0-9]{4}$"))],
                                   required: ["maskedNumber", "expiry"]))),
        ("approvedAt", .nullable(time)),
        ("cancels", .array(.object([
            ("tid", .nullable(.string())), ("amount", money), ("vat", money), ("reason", .string()), ("canceledAt", time),
        ], required: ["tid", "amount", "vat", "reason", "canceledAt"]))),
        ("attempts", .integer(minimum: 0, description: "gateway attempts: 1 for the confirm, +1 per recovery attempt")),
        ("checkout", .nullable(.ref("PaymentCheckout"))),
    ], required: ["id", "provider", "orderId", "status", "amount", "vat", "taxFreeAmount", "balanceAmount", "balanceVat",
                  "paymentKey", "tid", "card", "approvedAt", "cancels", "attempts", "checkout"])

    static func order(payment: Schema, amountsNote: String) -> Schema {
        .object([
            ("id", orderID), ("customerId", .integer(minimum: 1)),
            ("status", .string(values: OrderStatus.allCases.map(\.rawValue))),
            ("items", .array(.ref("OrderItem"), minItems: 1)),
            ("totalAmount", .integer(minimum: 0, description: "every line as placed, \(amountsNote)")),
            ("taxFreeAmount", .integer(minimum: 0, description: "the taxFree lines within totalAmount")),
            ("vat", .integer(minimum: 0, description: "round((totalAmount - taxFreeAmount) / 11), half up")),
            ("canceledAmount", .integer(minimum: 0, description: "the CANCELED lines")),
            ("shippingAddress", .ref("ShippingAddress")),
            ("trackingNumber", .nullable(.string())),
            ("createdAt", time), ("updatedAt", time),
            ("expiresAt", .string(format: "date-time", description: "an unpaid order becomes EXPIRED then (orders.paymentTimeout)")),
            ("payment", payment),
            ("history", .array(.ref("OrderHistoryEntry"), minItems: 1)),
        ], required: ["id", "customerId", "status", "items", "totalAmount", "taxFreeAmount", "vat", "canceledAmount",
                      "shippingAddress", "trackingNumber", "createdAt", "updatedAt", "expiresAt", "payment", "history"])
    }

    static var orders: [(String, Schema)] {
        [
            ("Cart", cart), ("AddCartItemRequest", addCartItemRequest), ("SetCartItemRequest", setCartItemRequest),
            ("OrderLineRequest", orderLine), ("ShippingAddress", shippingAddress), ("PlaceOrderRequest", placeOrderRequest),
            ("CancelOrderRequest", cancelOrderRequest), ("OrderStatusRequest", orderStatusRequest),
            ("OrderItem", orderItem), ("OrderHistoryEntry", historyEntry), ("PaymentCheckout", checkout), ("Payment", payment),
            ("Order", order(payment: .ref("Payment"), amountsNote: "canceled ones included")),
            ("OrderPage", .page(of: .ref("Order"))),
            ("SellerOrder", order(
                payment: .object([("status", .string(values: PaymentStatus.allCases.map(\.rawValue)))], required: ["status"]),
                amountsNote: "over the seller's lines only (other sellers' lines are not shown); payment shows its status only")),
            ("SellerOrderPage", .page(of: .ref("SellerOrder"))),
        ]
    }
}
