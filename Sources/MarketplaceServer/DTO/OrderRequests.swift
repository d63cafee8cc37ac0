import Marketplace

/// `POST /orders` `{provider, items?, shippingAddress}`.
struct PlaceOrderRequest: Decodable {
    let provider: String?
    let items: [LineRequest]?
    let shippingAddress: AddressRequest?

    struct LineRequest: Decodable {
        let productId: Int64?
        let quantity: Int?

        var form: OrderLineForm { OrderLineForm(productID: productId, quantity: quantity) }
    }

    struct AddressRequest: Decodable {
        let recipient: String?
        let phone: String?
        let address1: String?
        let address2: String?
        let zipCode: String?
    }

    var form: OrderForm {
        OrderForm(provider: provider, items: items?.map(\.form), shippingAddress: shippingAddress.map {
            ShippingAddressForm(recipient: $0.recipient, phone: $0.phone, address1: $0.address1, address2: $0.address2,
                                zipCode: $0.zipCode)
        })
    }
}

/// `POST /orders/{id}/cancel` `{reason, items?}`.
struct CancelOrderRequest: Decodable {
    let reason: String?
    let items: [PlaceOrderRequest.LineRequest]?
}

/// `POST /admin/orders/{id}/status` `{status, trackingNumber?}`.
struct OrderStatusRequest: Decodable {
    let status: String?
    let trackingNumber: String?
}
