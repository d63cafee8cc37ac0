import Gateways
import Marketplace

/// A simulator of Kakao Pay's single-payment API (docs/API.md §6): `ready`, `approve`, `order`
/// and `cancel` under `/online/v1/payment/`, `Authorization: SECRET_KEY <key>`, the
/// configured `cid` only, errors as `{error_code, error_message, extras}`. A `tid` is
/// approved at most once, and only with the `pg_token` its checkout issued.
final class KakaoPaySandbox: Sendable {
    let store: SandboxStore<KakaoPaySandboxState>
    let faults: SandboxFaults
    private let expectedAuthorization: String
    private let cid: String
    private let clock: any WallClock
    /// The base of `next_redirect_*_url` (the server's public base URL, read per call).
    private let publicBaseURL: @Sendable () -> String

    init(directory: String, secretKey: String, cid: String, faults: SandboxFaults, clock: any WallClock,
         publicBaseURL: @escaping @Sendable () -> String) throws {
        store = try SandboxStore(directory: directory, name: "kakaopay", empty: KakaoPaySandboxState())
        self.faults = faults
        self.cid = cid
        self.clock = clock
        self.publicBaseURL = publicBaseURL
        expectedAuthorization = "SECRET_KEY " + secretKey
    }

    func isAuthorized(_ header: String?) -> Bool { header == expectedAuthorization }

    static let unauthorized = error(401, KakaoPayCodes.unauthorized, "invalid secret key")
    static let internalError = error(500, -500, "internal server error; please retry")

    // MARK: The API

    func ready(_ body: [UInt8]) async -> SandboxReply {
        await faulted(.ready, reject: Self.error(400, KakaoPayCodes.approvalFailure, "payment ready failed")) {
            self.update { state in self.ready(body, in: &state) }
        }
    }

    func approve(_ body: [UInt8]) async -> SandboxReply {
        await faulted(.confirm, reject: Self.error(400, KakaoPayCodes.approvalFailure, "approval failure",
                                                   extras: [("method_result_code", "8008"),
                                                            ("method_result_message", "card declined: limit exceeded")])) {
            self.update { state in self.approve(body, in: &state) }
        }
    }

    func order(_ body: [UInt8]) async -> SandboxReply {
        await faulted(.lookup, reject: Self.error(400, KakaoPayCodes.invalidParameter, "order lookup refused")) {
            guard let json = SandboxJSON(body), let tid = json.string("tid"), json.string("cid") == self.cid else {
                return Self.error(400, KakaoPayCodes.invalidParameter, "cid and tid are required")
            }
            return self.store.read { state in
                guard let payment = state.payments[tid] else { return Self.error(400, KakaoPayCodes.unknownTid, "tid not found") }
                return .json(200) { KakaoPaySandboxJSON.write(order: payment, to: &$0) }
            }
        }
    }

    func cancel(_ body: [UInt8]) async -> SandboxReply {
        await faulted(.cancel, reject: Self.error(400, KakaoPayCodes.notCancelable, "cancel failure")) {
            self.update { state in self.cancel(body, in: &state) }
        }
    }

    // MARK: Checkout (what Kakao's payment page does)

    enum CheckoutResult: Equatable {
        case pgToken(String, approvalUrl: String)
        case quit(cancelUrl: String)
        case unknownTid
        case notPending(status: String)
    }

    /// The customer authenticated (`AUTH_PASSWORD`): a `pg_token` for `approve`. Asking again
    /// before approval returns the same token.
    func authenticate(tid: String) throws -> CheckoutResult {
        try store.update { state in
            guard var payment = state.payments[tid] else { return .unknownTid }
            switch payment.status {
            case "READY":
                let token = SandboxIDs.make("", length: 20)
                payment.status = "AUTH_PASSWORD"
                payment.pgToken = token
                state.payments[tid] = payment
                return .pgToken(token, approvalUrl: payment.approvalUrl)
            case "AUTH_PASSWORD":
                return .pgToken(payment.pgToken ?? "", approvalUrl: payment.approvalUrl)
            default:
                return .notPending(status: payment.status)
            }
        }
    }

    /// The customer left the payment page.
    func quit(tid: String) throws -> CheckoutResult {
        try store.update { state in
            guard var payment = state.payments[tid] else { return .unknownTid }
            guard payment.status == "READY" || payment.status == "AUTH_PASSWORD" else { return .notPending(status: payment.status) }
            payment.status = "QUIT_PAYMENT"
            state.payments[tid] = payment
            return .quit(cancelUrl: payment.cancelUrl)
        }
    }

    func payment(tid: String) -> KakaoPaySandboxState.Payment? {
        store.read { $0.payments[tid] }
    }

    // MARK: The rules

    private func ready(_ body: [UInt8], in state: inout KakaoPaySandboxState) -> SandboxReply {
        guard let json = SandboxJSON(body), let cid = json.string("cid"), let orderId = json.string("partner_order_id"),
              let userId = json.string("partner_user_id"), let itemName = json.string("item_name"),
              let quantity = json.int("quantity"), let total = json.int("total_amount"), let taxFree = json.int("tax_free_amount"),
              let approvalUrl = json.string("approval_url"), let cancelUrl = json.string("cancel_url"),
              let failUrl = json.string("fail_url") else {
            return Self.error(400, KakaoPayCodes.invalidParameter, "required parameters are missing or malformed")
        }
        guard cid == self.cid else { return Self.error(400, KakaoPayCodes.invalidParameter, "invalid cid") }
        guard total > 0, quantity > 0, taxFree >= 0, taxFree <= total,
              [approvalUrl, cancelUrl, failUrl].allSatisfy(SandboxRules.isWebURL) else {
            return Self.error(400, KakaoPayCodes.invalidParameter, "invalid amount, quantity or URL")
        }
        let vat = json.int("vat_amount") ?? (2 * (total - taxFree) + 11) / 22
        let tid = SandboxIDs.make("T", length: 20, upper: true)
        let payment = KakaoPaySandboxState.Payment(
            tid: tid, cid: cid, partnerOrderId: orderId, partnerUserId: userId, itemName: itemName, quantity: Int(quantity),
            total: total, taxFree: taxFree, vat: vat, approvalUrl: approvalUrl, cancelUrl: cancelUrl, failUrl: failUrl,
            status: "READY", createdAt: clock.now())
        state.payments[tid] = payment
        let redirect = publicBaseURL() + KakaoPaySandboxRoutes.prefix + "/redirect?tid=" + tid
        return .json(200) { json in
            json.beginObject()
            json.member("tid", tid)
            json.member("tms_result", false)
            json.member("created_at", GatewayTime.koreanLocal(payment.createdAt))
            json.member("next_redirect_pc_url", redirect)
            json.member("next_redirect_mobile_url", redirect + "&device=mobile")
            json.member("next_redirect_app_url", redirect + "&device=app")
            json.member("android_app_scheme", "kakaotalk://kakaopay/pg?url=" + URLQuery.escape(redirect))
            json.member("ios_app_scheme", "kakaotalk://kakaopay/pg?url=" + URLQuery.escape(redirect))
            json.endObject()
        }
    }

    private func approve(_ body: [UInt8], in state: inout KakaoPaySandboxState) -> SandboxReply {
        guard let json = SandboxJSON(body), let cid = json.string("cid"), let tid = json.string("tid"),
              let orderId = json.string("partner_order_id"), let userId = json.string("partner_user_id"),
              let pgToken = json.string("pg_token") else {
            return Self.error(400, KakaoPayCodes.invalidParameter, "required parameters are missing")
        }
        guard cid == self.cid else { return Self.error(400, KakaoPayCodes.invalidParameter, "invalid cid") }
        guard var payment = state.payments[tid] else { return Self.error(400, KakaoPayCodes.unknownTid, "tid not found") }
        guard payment.partnerOrderId == orderId, payment.partnerUserId == userId else {
            return Self.error(400, KakaoPayCodes.orderMismatch, "partner_order_id or partner_user_id does not match the tid")
        }
        switch payment.status {
        case "AUTH_PASSWORD": break
        case "READY": return Self.error(400, KakaoPayCodes.notAuthenticated, "the customer has not authenticated the payment")
        case "SUCCESS_PAYMENT", "PART_CANCEL_PAYMENT", "CANCEL_PAYMENT":
            return Self.error(400, KakaoPayCodes.alreadyApproved, "the payment is already approved")
        default: return Self.error(400, KakaoPayCodes.approvalFailure, "the payment is \(payment.status)")
        }
        guard payment.pgToken == pgToken else { return Self.error(400, KakaoPayCodes.tokenMismatch, "invalid pg_token") }
        let now = clock.now()
        let aid = SandboxIDs.make("A", length: 20, upper: true)
        payment.status = "SUCCESS_PAYMENT"
        payment.approvedAt = now
        payment.actions.append(.init(aid: aid, type: "PAYMENT", amount: payment.total, at: now))
        state.payments[tid] = payment
        return .json(200) { KakaoPaySandboxJSON.write(approval: payment, aid: aid, to: &$0) }
    }

    private func cancel(_ body: [UInt8], in state: inout KakaoPaySandboxState) -> SandboxReply {
        guard let json = SandboxJSON(body), let cid = json.string("cid"), let tid = json.string("tid"),
              let amount = json.int("cancel_amount"), let taxFree = json.int("cancel_tax_free_amount") else {
            return Self.error(400, KakaoPayCodes.invalidParameter, "cid, tid, cancel_amount and cancel_tax_free_amount are required")
        }
        guard cid == self.cid else { return Self.error(400, KakaoPayCodes.invalidParameter, "invalid cid") }
        guard var payment = state.payments[tid] else { return Self.error(400, KakaoPayCodes.unknownTid, "tid not found") }
        guard payment.status == "SUCCESS_PAYMENT" || payment.status == "PART_CANCEL_PAYMENT" else {
            return Self.error(400, KakaoPayCodes.notCancelable, "the payment is \(payment.status), not cancelable")
        }
        let left = payment.total - payment.canceledTotal
        let taxFreeLeft = payment.taxFree - payment.canceledTaxFree
        let vatLeft = payment.vat - payment.canceledVat
        let vat = json.int("cancel_vat_amount") ?? (amount == left ? vatLeft : min(vatLeft, (2 * (amount - taxFree) + 11) / 22))
        guard amount > 0, taxFree >= 0, vat >= 0, amount <= left, taxFree <= taxFreeLeft, vat <= vatLeft, taxFree <= amount else {
            return Self.error(400, KakaoPayCodes.cancelAmount, "the cancel amount exceeds what can be canceled")
        }
        let now = clock.now()
        let aid = SandboxIDs.make("A", length: 20, upper: true)
        payment.canceledTotal += amount
        payment.canceledTaxFree += taxFree
        payment.canceledVat += vat
        payment.canceledAt = now
        payment.status = payment.canceledTotal == payment.total ? "CANCEL_PAYMENT" : "PART_CANCEL_PAYMENT"
        payment.actions.append(.init(aid: aid, type: "CANCEL", amount: amount, at: now))
        state.payments[tid] = payment
        return .json(200) { KakaoPaySandboxJSON.write(cancel: payment, aid: aid, amount: amount, taxFree: taxFree, vat: vat, to: &$0) }
    }

    // MARK: Plumbing

    /// Applies an armed fault around `body` (which does the operation).
    private func faulted(_ operation: SandboxFaults.Operation, reject: SandboxReply,
                         _ body: @Sendable () -> SandboxReply) async -> SandboxReply {
        let fault = faults.take(.kakaoPay, operation)
        switch fault?.mode {
        case .error500?: return Self.internalError
        case .reject?: return reject
        case .timeout?:
            await faults.delay(for: fault)
            return Self.internalError
        case .slow?:
            await faults.delay(for: fault)
            return body()
        case .approveThenTimeout?:
            let reply = body()
            await faults.delay(for: fault)
            return reply
        case nil: return body()
        }
    }

    private func update(_ body: (inout KakaoPaySandboxState) -> SandboxReply) -> SandboxReply {
        (try? store.update(body)) ?? Self.internalError
    }

    static func error(_ status: Int, _ code: Int, _ message: String, extras: [(String, String)] = []) -> SandboxReply {
        .json(status) { json in
            json.beginObject()
            json.member("error_code", code)
            json.member("error_message", message)
            json.key("extras")
            json.beginObject()
            for (name, value) in extras { json.member(name, value) }
            json.endObject()
            json.endObject()
        }
    }
}
