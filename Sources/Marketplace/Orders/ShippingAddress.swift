/// Where an order goes. Checked by `OrderRules.shippingAddress`.
public struct ShippingAddress: Sendable, Equatable {
    /// 1–50 characters.
    public var recipient: String
    /// 10–11 digits (hyphens are removed).
    public var phone: String
    /// 1–200 characters.
    public var address1: String
    /// 0–200 characters; nil when absent.
    public var address2: String?
    /// 5 digits (Korean postal code).
    public var zipCode: String

    public init(recipient: String, phone: String, address1: String, address2: String?, zipCode: String) {
        self.recipient = recipient
        self.phone = phone
        self.address1 = address1
        self.address2 = address2
        self.zipCode = zipCode
    }
}
