import Marketplace

/// Toss Payments (API.md §5–§6). `prepare` is local: Toss needs no server call before the
/// customer pays, so the checkout data is built from config — `clientKey`, the order's id,
/// name, amount and customer, and where the checkout page and the redirects are:
/// - `checkoutUrl`: `<payments.toss.baseUrl, else <publicBaseUrl>/sandbox/toss>/checkout?orderId=&amount=&orderName=&successUrl=&failUrl=`
/// - `successUrl` / `failUrl`: `<publicBaseUrl>/payments/toss/success` and `…/fail`.
///
/// Issue #6 replaces this file with the real v1 client (confirm, lookup, cancel).
struct TossPayments: PaymentGateway {
    let clientKey: String
    /// nil: the sandbox on this server.
    let baseURL: String?
    let publicBaseURL: PublicBaseURL

    var provider: PaymentProvider { .toss }

    func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        let base = publicBaseURL.value
        let successURL = "\(base)/payments/toss/success"
        let failURL = "\(base)/payments/toss/fail"
        let checkoutBase = baseURL ?? "\(base)/sandbox/toss"
        let query = [
            ("orderId", order.orderId), ("amount", String(order.amount)), ("orderName", order.orderName),
            ("successUrl", successURL), ("failUrl", failURL),
        ].map { "\($0)=\(URLQuery.encode($1))" }.joined(separator: "&")
        return PaymentPreparation(checkout: [
            ("clientKey", .string(clientKey)),
            ("orderId", .string(order.orderId)),
            ("orderName", .string(order.orderName)),
            ("amount", .int(order.amount)),
            ("customerKey", .string("customer-\(order.customerId.rawValue)")),
            ("checkoutUrl", .string("\(checkoutBase)/checkout?\(query)")),
            ("successUrl", .string(successURL)),
            ("failUrl", .string(failURL)),
        ])
    }

    // Issue #6: the real Toss v1 client.
    func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        throw GatewayError.unavailable(status: 501)
    }

    // Issue #6.
    func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        throw GatewayError.unavailable(status: 501)
    }

    // Issue #6.
    func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        throw GatewayError.unavailable(status: 501)
    }
}

/// Percent-encoding of a query value (RFC 3986: everything but unreserved characters).
enum URLQuery {
    static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
