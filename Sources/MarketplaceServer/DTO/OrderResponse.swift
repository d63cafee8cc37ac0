import Marketplace

/// Orders as the API shows them (docs/API.md §5–§6). Sellers get `seller` view: only their lines
/// (the caller filters them), amounts over those lines, and of the payment only its status.
enum OrderResponse {
    enum View { case full, seller }

    static func write(_ order: Order, view: View = .full, into json: inout JSONWriter) {
        let amounts = order.amounts
        json.beginObject()
        json.member("id", order.id.rawValue)
        json.member("customerId", order.customerID.rawValue)
        json.member("status", order.status.rawValue)
        json.key("items")
        json.beginArray()
        for item in order.items {
            json.beginObject()
            json.member("productId", item.productID.rawValue)
            json.member("sellerId", item.sellerID.rawValue)
            json.member("name", item.name)
            json.member("unitPrice", item.unitPrice)
            json.member("quantity", item.quantity)
            json.member("subtotal", item.subtotal)
            json.member("taxFree", item.taxFree)
            json.member("status", item.status.rawValue)
            json.endObject()
        }
        json.endArray()
        json.member("totalAmount", amounts.totalAmount)
        json.member("taxFreeAmount", amounts.taxFreeAmount)
        json.member("vat", amounts.vat)
        json.member("canceledAmount", amounts.canceledAmount)
        json.key("shippingAddress")
        json.beginObject()
        json.member("recipient", order.shippingAddress.recipient)
        json.member("phone", order.shippingAddress.phone)
        json.member("address1", order.shippingAddress.address1)
        json.member("address2", order.shippingAddress.address2)
        json.member("zipCode", order.shippingAddress.zipCode)
        json.endObject()
        json.member("trackingNumber", order.trackingNumber)
        time("createdAt", order.createdAt, &json)
        time("updatedAt", order.updatedAt, &json)
        time("expiresAt", order.expiresAt, &json)
        json.key("payment")
        switch view {
        case .full:
            writePayment(order.payment, into: &json)
        case .seller:
            json.beginObject()
            json.member("status", order.payment.status.rawValue)
            json.endObject()
        }
        json.key("history")
        json.beginArray()
        for entry in order.history {
            json.beginObject()
            json.member("status", entry.status.rawValue)
            time("at", entry.at, &json)
            json.member("by", entry.by)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// `{id, provider, orderId, status, amount, vat, taxFreeAmount, balanceAmount, balanceVat,
    /// paymentKey, tid, card, approvedAt, cancels, attempts, checkout}`.
    static func writePayment(_ payment: Payment, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", payment.id)
        json.member("provider", payment.provider.rawValue)
        json.member("orderId", payment.orderID.rawValue)
        json.member("status", payment.status.rawValue)
        json.member("amount", payment.amount)
        json.member("vat", payment.vat)
        json.member("taxFreeAmount", payment.taxFreeAmount)
        json.member("balanceAmount", payment.balanceAmount)
        json.member("balanceVat", payment.balanceVat)
        json.member("paymentKey", payment.paymentKey)
        json.member("tid", payment.tid)
        json.key("card")
        if let card = payment.card {
            json.beginObject()
            json.member("maskedNumber", card.maskedNumber)
            json.member("expiry", card.expiry)
            json.endObject()
        } else {
            json.null()
        }
        json.key("approvedAt")
        if let approvedAt = payment.approvedAt { json.string(RFC3339.milliseconds(approvedAt)) } else { json.null() }
        json.key("cancels")
        json.beginArray()
        for cancel in payment.cancels {
            json.beginObject()
            json.member("tid", cancel.tid)
            json.member("amount", cancel.amount)
            json.member("vat", cancel.vat)
            json.member("reason", cancel.reason)
            time("canceledAt", cancel.canceledAt, &json)
            json.endObject()
        }
        json.endArray()
        json.member("attempts", payment.attempts)
        json.key("checkout")
        if let checkout = payment.checkout {
            json.beginObject()
            for (name, value) in checkout {
                switch value {
                case .string(let text): json.member(name, text)
                case .int(let number): json.member(name, number)
                }
            }
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }

    private static func time(_ name: String, _ seconds: Double, _ json: inout JSONWriter) {
        json.member(name, time: seconds)   // milliseconds, as everywhere: several changes of one order often fall within one second
    }

    static func body(_ order: Order, view: View = .full) -> [UInt8] {
        var json = JSONWriter(capacity: 1024 + order.items.count * 200)
        write(order, view: view, into: &json)
        return json.bytes
    }

    static func page(_ page: Page<Order>, view: View = .full) -> [UInt8] {
        PageResponse.body(page) { order, json in write(order, view: view, into: &json) }
    }
}
