import Gateways
import Marketplace
import HTTPServer

/// `/sandbox/kakaopay/...`: Kakao Pay's single-payment API as the simulator serves it, the
/// page `next_redirect_pc_url` opens, and `POST /sandbox/kakaopay/approve {tid}` → `{pgToken}`
/// for scripts (docs/API.md §6). Public routes: they check Kakao's own `SECRET_KEY` header.
enum KakaoPaySandboxRoutes {
    static let prefix = "/sandbox/kakaopay"

    static func register(on router: inout Router, sandbox: KakaoPaySandbox, formTargets: [String] = []) {
        let operations: [(String, String, @Sendable (KakaoPaySandbox, [UInt8]) async -> SandboxReply)] = [
            ("ready", "open a payment: {cid, partner_order_id, partner_user_id, item_name, quantity, total_amount, tax_free_amount, "
                + "vat_amount?, approval_url, cancel_url, fail_url} → {tid, next_redirect_pc_url, …}", { await $0.ready($1) }),
            ("approve", "approve it: {cid, tid, partner_order_id, partner_user_id, pg_token} → {aid, tid, amount, approved_at, …}",
             { await $0.approve($1) }),
            ("order", "its state: {cid, tid} → {tid, status, amount, canceled_amount, cancel_available_amount, …}",
             { await $0.order($1) }),
            ("cancel", "cancel all or part: {cid, tid, cancel_amount, cancel_tax_free_amount, cancel_vat_amount?} → {status, …}",
             { await $0.cancel($1) }),
        ]
        for (name, summary, run) in operations {
            router.add(.post, prefix + "/online/v1/payment/" + name, doc: OperationDoc(
                "Kakao Pay sandbox: " + summary, tag: "sandbox", headers: [
                    .init(name: "Authorization", schema: .string(), required: true, description: "SECRET_KEY <secret key>"),
                ], body: ("application/json", SandboxDocs.kakaoObject), replies: [
                    .json(200, "Kakao Pay's answer", SandboxDocs.kakaoObject),
                    .json(400, "error_code -2 (parameters), -701, -702, -703, -706, -721, -725, -726, -780", SandboxDocs.kakaoError),
                    .json(401, "error_code -401: wrong secret key", SandboxDocs.kakaoError),
                ])) { request in
                guard sandbox.isAuthorized(request.headers["Authorization"]) else { return KakaoPaySandbox.unauthorized.response }
                return await run(sandbox, request.body).response
            }
        }

        router.add(.post, prefix + "/approve", doc: OperationDoc(
            "Kakao Pay sandbox: the customer approves on Kakao's page, for scripts", tag: "sandbox",
            body: ("application/json", .object([("tid", .string())], required: ["tid"])), replies: [
                .json(200, "the pg_token the approval redirect carries", .object([("pgToken", .string())], required: ["pgToken"])),
                .problem(400, "INVALID_REQUEST"), .problem(404, "TID_NOT_FOUND"), .problem(409, "PAYMENT_NOT_PENDING"),
            ])) { request in
            let body = try request.decodeJSON(ApproveRequest.self, unknownFields: .ignored)
            switch try sandbox.authenticate(tid: body.tid) {
            case .pgToken(let token, _):
                var json = JSONWriter()
                json.beginObject()
                json.member("pgToken", token)
                json.endObject()
                return Response.json(json.bytes)
            case .unknownTid, .quit: throw MarketplaceError.notFound(code: "TID_NOT_FOUND", detail: "No payment has this tid.")
            case .notPending(let status):
                throw MarketplaceError.conflict(code: "PAYMENT_NOT_PENDING", detail: "The payment is \(status).")
            }
        }

        KakaoPayRedirectPage.register(on: &router, sandbox: sandbox, formTargets: formTargets)
    }

    private struct ApproveRequest: Decodable { let tid: String }
}
