import FoundationEssentials
public import Marketplace

/// Kakao Pay's single-payment API as a `PaymentGateway` (docs/API.md §6): `ready`, `approve`,
/// `order` and `cancel` under `/online/v1/payment/`, `Authorization: SECRET_KEY <key>`,
/// JSON bodies. Kakao takes no idempotency key: `approve` is once per `tid` by nature, and a
/// repeat the gateway refuses is settled by asking `order` (see `confirm`).
public struct KakaoPay: PaymentGateway {
    public let provider = PaymentProvider.kakaoPay
    public let access: GatewayAccess
    public let cid: String
    private let authorization: String
    /// Paths on the public base URL where Kakao sends the customer back; `?orderId=` is added.
    public let approvalPath: String
    public let cancelPath: String
    public let failPath: String

    public init(access: GatewayAccess, cid: String, secretKey: String, approvalPath: String = "/payments/kakaopay/approve",
         cancelPath: String = "/payments/kakaopay/cancel", failPath: String = "/payments/kakaopay/fail") {
        self.access = access
        self.cid = cid
        self.authorization = "SECRET_KEY " + secretKey
        self.approvalPath = approvalPath
        self.cancelPath = cancelPath
        self.failPath = failPath
    }

    /// `ready`. A refusal (4xx) is `MarketplaceError.unavailable`: the order cannot be paid
    /// with Kakao Pay now, and nothing was charged.
    public func prepare(_ order: PaymentOrder) async throws -> PaymentPreparation {
        let base = access.publicBaseURL()
        let back = "?orderId=" + URLQuery.escape(order.orderId)
        let request = KakaoPayObjects.ReadyRequest(
            cid: cid, partner_order_id: order.orderId, partner_user_id: String(order.customerId.rawValue),
            item_name: order.orderName, quantity: order.quantity, total_amount: order.amount,
            tax_free_amount: order.taxFreeAmount, vat_amount: order.vat,
            approval_url: base + approvalPath + back, cancel_url: base + cancelPath + back, fail_url: base + failPath + back)
        let reply = try await call("ready", request)
        guard reply.status == 200 else {
            if (400..<500).contains(reply.status) {
                let error = try decode(KakaoPayObjects.ErrorBody.self, reply)
                throw MarketplaceError.unavailable(
                    detail: "Kakao Pay refused to open the payment (\(error.error_code)): \(error.error_message)", retryAfterSeconds: nil)
            }
            throw unexpected(reply)
        }
        let ready = try decode(KakaoPayObjects.ReadyReply.self, reply)
        guard !ready.tid.isEmpty else { throw GatewayError.unreadable("ready answered without a tid") }
        // All three of Kakao's pages reach the client: the PC one, the mobile web one and the app scheme.
        var checkout: [(String, CheckoutValue)] = [("tid", .string(ready.tid)), ("redirectUrl", .string(ready.next_redirect_pc_url))]
        if let mobile = ready.next_redirect_mobile_url { checkout.append(("mobileRedirectUrl", .string(mobile))) }
        if let app = ready.next_redirect_app_url { checkout.append(("appRedirectUrl", .string(app))) }
        return PaymentPreparation(checkout: checkout, tid: ready.tid)
    }

    /// `approve`. When Kakao refuses because the `tid` is already approved (an earlier attempt
    /// whose answer was lost), `order` decides: our approved payment is an approval.
    public func confirm(_ order: PaymentOrder, proof: PaymentProof, idempotencyKey: String) async throws -> ConfirmOutcome {
        guard case .kakaoPay(let tid, let pgToken) = proof else {
            throw GatewayError.unreadable("Kakao Pay confirms only a tid and pg_token")
        }
        let request = KakaoPayObjects.ApproveRequest(cid: cid, tid: tid, partner_order_id: order.orderId,
                                                     partner_user_id: String(order.customerId.rawValue), pg_token: pgToken)
        let reply = try await call("approve", request)
        switch reply.status {
        case 200:
            let approved = try decode(KakaoPayObjects.ApproveReply.self, reply)
            guard approved.tid == tid, approved.partner_order_id == order.orderId, approved.amount.total == order.amount else {
                throw GatewayError.unreadable("approve answered another tid, order or amount than asked")
            }
            let at = approved.approved_at.flatMap(GatewayTime.parse)
            guard let at else { throw GatewayError.unreadable("approve answered without approved_at") }
            return .approved(GatewayApproval(tid: tid, amount: approved.amount.total, approvedAt: at))
        case 400..<500:
            let error = try decode(KakaoPayObjects.ErrorBody.self, reply)
            if error.error_code == KakaoPayCodes.alreadyApproved,
               case .approved(let approval) = try await lookup(order, reference: PaymentReference(orderId: order.orderId, tid: tid)) {
                return .approved(approval)
            }
            return .declined(code: String(error.error_code), message: error.error_message)
        default:
            throw unexpected(reply)
        }
    }

    /// `order` by the `tid` from `ready`. Without a tid, or for a tid Kakao does not know,
    /// nothing was charged: `.notFound`. Statuses before approval (READY … AUTH_PASSWORD)
    /// are `.notFound` too: approving may still succeed.
    public func lookup(_ order: PaymentOrder, reference: PaymentReference) async throws -> PaymentLookup {
        guard let tid = reference.tid else { return .notFound }
        let reply = try await call("order", KakaoPayObjects.OrderRequest(cid: cid, tid: tid))
        switch reply.status {
        case 200:
            let found = try decode(KakaoPayObjects.OrderReply.self, reply)
            guard found.tid == tid, found.partner_order_id == order.orderId else {
                throw GatewayError.unreadable("order answered another tid or order")
            }
            switch found.status {
            case "SUCCESS_PAYMENT", "PART_CANCEL_PAYMENT":
                guard let amount = found.amount, amount.total == order.amount,
                      let at = found.approved_at.flatMap(GatewayTime.parse) else {
                    throw GatewayError.unreadable("an approved payment without its amount or approved_at")
                }
                return .approved(GatewayApproval(tid: tid, amount: amount.total, approvedAt: at,
                                                 balanceAmount: found.cancel_available_amount?.total))
            case "CANCEL_PAYMENT", "FAIL_AUTH_PASSWORD", "QUIT_PAYMENT", "FAIL_PAYMENT":
                return .failed(code: found.status)
            default:
                return .notFound
            }
        case 400..<500:
            let error = try decode(KakaoPayObjects.ErrorBody.self, reply)
            if error.error_code == KakaoPayCodes.unknownTid { return .notFound }
            throw GatewayError.unreadable("order refused (\(error.error_code))")
        default:
            throw unexpected(reply)
        }
    }

    public func cancel(_ cancellation: PaymentCancellation) async throws -> CancelReceipt {
        guard let tid = cancellation.reference.tid else {
            throw MarketplaceError.conflict(code: "NOT_CANCELABLE_PAYMENT", detail: "The payment has no Kakao Pay tid.")
        }
        let request = KakaoPayObjects.CancelRequest(cid: cid, tid: tid, cancel_amount: cancellation.amount,
                                                    cancel_tax_free_amount: cancellation.taxFreeAmount,
                                                    cancel_vat_amount: cancellation.vat)
        let reply = try await call("cancel", request)
        switch reply.status {
        case 200:
            let canceled = try decode(KakaoPayObjects.CancelReply.self, reply)
            guard canceled.tid == tid else { throw GatewayError.unreadable("cancel answered another tid") }
            return CancelReceipt(tid: canceled.aid, canceledAt: canceled.canceled_at.flatMap(GatewayTime.parse) ?? 0)
        case 400..<500 where reply.status != 429:
            let error = try decode(KakaoPayObjects.ErrorBody.self, reply)
            let code = error.error_code == KakaoPayCodes.cancelAmount ? "NOT_CANCELABLE_AMOUNT" : "NOT_CANCELABLE_PAYMENT"
            throw MarketplaceError.conflict(code: code,
                                            detail: "Kakao Pay refused the cancel (\(error.error_code)): \(error.error_message)")
        default:
            throw unexpected(reply)
        }
    }

    private func call(_ operation: String, _ body: some Encodable) async throws -> OutboundResponse {
        try await access.client.send("POST", access.baseURL() + "/online/v1/payment/" + operation,
                                     headers: [("Authorization", authorization)], json: try JSONEncoder().encode(body))
    }

    private func decode<T: Decodable>(_ type: T.Type, _ reply: OutboundResponse) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(reply.body)) } catch {
            throw GatewayError.unreadable("Kakao Pay answered \(reply.status) with a body that is not \(T.self)")
        }
    }

    private func unexpected(_ reply: OutboundResponse) -> GatewayError {
        reply.status >= 500 || reply.status == 429 ? .unavailable(status: reply.status)
            : .unreadable("Kakao Pay answered \(reply.status) unexpectedly")
    }
}
