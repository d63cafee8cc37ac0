import FoundationEssentials
public import Marketplace

/// Toss Payments' v1 API as a `PaymentGateway` (docs/API.md §6).
///
/// - `prepare` needs no call: it hands the client what Toss's checkout needs. With the
///   sandbox, `checkoutUrl` is the sandbox's checkout page; with the real Toss the client
///   opens Toss's JS SDK with `clientKey` and the key is left out.
/// - `confirm` is `POST /v1/payments/confirm` with the order's idempotency key.
/// - `lookup` is `GET /v1/payments/orders/{orderId}`; `cancel` is
///   `POST /v1/payments/{paymentKey}/cancel`.
///
/// Basic auth is base64 of `secretKey:`; the key is never logged.
public struct TossPayments: PaymentGateway {
    public let provider = PaymentProvider.toss
    public let access: GatewayAccess
    public let clientKey: String
    private let authorization: String
    /// Paths on the public base URL where Toss sends the customer back.
    public let successPath: String
    public let failPath: String

    public init(access: GatewayAccess, clientKey: String, secretKey: String, successPath: String = "/payments/toss/success",
         failPath: String = "/payments/toss/fail") {
        self.access = access
        self.clientKey = clientKey
        self.authorization = "Basic " + Data((secretKey + ":").utf8).base64EncodedString()
        self.successPath = successPath
        self.failPath = failPath
    }

    public func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        let base = access.publicBaseURL()
        let successUrl = base + successPath
        let failUrl = base + failPath
        let customerKey = "customer-\(order.customerId.rawValue)"
        var checkout: [(String, CheckoutValue)] = [
            ("clientKey", .string(clientKey)), ("orderId", .string(order.orderId)), ("orderName", .string(order.orderName)),
            ("amount", .int(order.amount)), ("customerKey", .string(customerKey)),
        ]
        if access.sandbox {
            let query = URLQuery.encode([
                ("orderId", order.orderId), ("amount", String(order.amount)), ("orderName", order.orderName),
                ("customerKey", customerKey), ("taxFreeAmount", String(order.taxFreeAmount)),
                ("successUrl", successUrl), ("failUrl", failUrl),
            ])
            checkout.append(("checkoutUrl", .string(base + "/sandbox/toss/checkout?" + query)))
        }
        checkout.append(("successUrl", .string(successUrl)))
        checkout.append(("failUrl", .string(failUrl)))
        return PaymentPreparation(checkout: checkout)
    }

    public func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        guard case .toss(let paymentKey, let amount) = proof else {
            throw GatewayError.unreadable("Toss Payments confirms only a Toss paymentKey")
        }
        let body = try JSONEncoder().encode(ConfirmBody(paymentKey: paymentKey, orderId: order.orderId, amount: amount))
        let reply = try await call("POST", "/v1/payments/confirm", body: body, idempotencyKey: idempotencyKey)
        switch reply.status {
        case 200:
            let payment = try decode(TossPaymentObject.self, reply)
            guard payment.status == "DONE" else { throw GatewayError.unreadable("confirm answered status \(payment.status)") }
            return .approved(try approval(payment, for: order, paymentKey: paymentKey))
        case 400..<500:
            let error = try decode(TossErrorBody.self, reply)
            if error.code == "ALREADY_PROCESSED_PAYMENT" {
                // The key may be ours, approved by an earlier attempt whose answer was lost:
                // Toss's own record decides; anything but our approved payment is a refusal.
                if let payment = try await payment(paymentKey: paymentKey), ["DONE", "PARTIAL_CANCELED"].contains(payment.status),
                   payment.orderId == order.orderId, payment.totalAmount == order.amount {
                    return .approved(try approval(payment, for: order, paymentKey: paymentKey))
                }
                return .declined(code: error.code, message: error.message)
            }
            if reply.status == 409 || reply.status == 429 {
                // IDEMPOTENT_REQUEST_PROCESSING / TOO_MANY_REQUESTS: no verdict yet.
                throw GatewayError.unavailable(status: reply.status)
            }
            return .declined(code: error.code, message: error.message)
        default:
            throw unexpected(reply)
        }
    }

    public func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        let reply = try await call("GET", "/v1/payments/orders/" + URLQuery.escapePath(order.orderId))
        switch reply.status {
        case 200:
            let payment = try decode(TossPaymentObject.self, reply)
            guard payment.orderId == order.orderId else { throw GatewayError.unreadable("lookup answered another orderId") }
            switch payment.status {
            case "DONE", "PARTIAL_CANCELED": return .approved(try approval(payment, for: order, paymentKey: payment.paymentKey))
            case "CANCELED", "ABORTED", "EXPIRED": return .failed(code: payment.status)
            // READY, IN_PROGRESS, WAITING_FOR_DEPOSIT: authenticated at most, nothing charged yet.
            default: return .notFound
            }
        case 404:
            return .notFound
        default:
            throw unexpected(reply)
        }
    }

    public func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        guard let paymentKey = cancellation.reference.paymentKey else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT", detail: "The payment has no Toss paymentKey.")
        }
        let body = try JSONEncoder().encode(CancelBody(cancelReason: cancellation.reason, cancelAmount: cancellation.amount,
                                                       taxFreeAmount: cancellation.taxFreeAmount))
        let reply = try await call("POST", "/v1/payments/\(URLQuery.escapePath(paymentKey))/cancel", body: body,
                                   idempotencyKey: cancellation.idempotencyKey)
        switch reply.status {
        case 200:
            let payment = try decode(TossPaymentObject.self, reply)
            guard payment.paymentKey == paymentKey, let last = payment.cancels?.last else {
                throw GatewayError.unreadable("cancel answered without the cancel")
            }
            return CancelReceipt(tid: last.transactionKey, canceledAt: GatewayTime.parse(last.canceledAt) ?? 0)
        case 400..<500 where reply.status != 409 && reply.status != 429:
            let error = try decode(TossErrorBody.self, reply)
            throw MarketplaceError.conflict(code: error.code, detail: "Toss Payments refused the cancel: \(error.message)")
        default:
            throw unexpected(reply)
        }
    }

    /// `GET /v1/payments/{paymentKey}`; nil when Toss knows no such payment.
    public func payment(paymentKey: String) async throws -> TossPaymentObject? {
        let reply = try await call("GET", "/v1/payments/" + URLQuery.escapePath(paymentKey))
        if reply.status == 404 { return nil }
        guard reply.status == 200 else { throw unexpected(reply) }
        return try decode(TossPaymentObject.self, reply)
    }

    private struct ConfirmBody: Encodable {
        let paymentKey: String
        let orderId: String
        let amount: Int64
    }

    private struct CancelBody: Encodable {
        let cancelReason: String
        let cancelAmount: Int64
        let taxFreeAmount: Int64
    }

    private func call(_ method: String, _ path: String, body: Data? = nil,
                      idempotencyKey: String? = nil) async throws -> OutboundResponse {
        var headers = [("Authorization", authorization)]
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        return try await access.client.send(method, access.baseURL() + path, headers: headers, json: body)
    }

    private func approval(_ payment: TossPaymentObject, for order: PaymentOrder, paymentKey: String) throws -> GatewayApproval {
        guard payment.orderId == order.orderId, payment.totalAmount == order.amount, payment.paymentKey == paymentKey else {
            throw GatewayError.unreadable("Toss answered another orderId, amount or paymentKey than asked")
        }
        guard let approvedAt = payment.approvedAt.flatMap(GatewayTime.parse) else {
            throw GatewayError.unreadable("an approved payment without approvedAt")
        }
        return GatewayApproval(paymentKey: payment.paymentKey, amount: payment.totalAmount, approvedAt: approvedAt,
                               balanceAmount: payment.balanceAmount)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ reply: OutboundResponse) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(reply.body)) } catch {
            throw GatewayError.unreadable("Toss answered \(reply.status) with a body that is not \(T.self)")
        }
    }

    private func unexpected(_ reply: OutboundResponse) -> GatewayError {
        reply.status >= 500 || reply.status == 409 || reply.status == 429
            ? .unavailable(status: reply.status) : .unreadable("Toss answered \(reply.status) unexpectedly")
    }
}
