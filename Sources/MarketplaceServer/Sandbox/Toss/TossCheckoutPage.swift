import Gateways
import FoundationEssentials
import Marketplace
import HTTPServer

/// What Toss's payment window does in the browser, for the sandbox: a page whose Pay button
/// authorizes the payment and redirects to `successUrl?paymentKey=&orderId=&amount=` (a
/// cancel link goes to `failUrl?code=PAY_PROCESS_CANCELED&message=&orderId=`), and
/// `POST /sandbox/toss/approve` returning what that redirect carries, for scripts.
enum TossCheckoutPage {
    struct Checkout {
        var orderId: String
        var amount: Int64
        var orderName: String
        var taxFreeAmount: Int64
        var successUrl: String
        var failUrl: String
    }

    static func register(on router: inout Router, sandbox: TossSandbox, formTargets: [String]) {
        let prefix = TossSandboxRoutes.prefix
        router.add(.get, prefix + "/checkout", doc: OperationDoc(
            "Toss sandbox: the checkout page (Pay redirects to successUrl)", tag: "sandbox",
            query: checkoutFields.map { .init(name: $0.0, schema: $0.1, required: checkoutRequired.contains($0.0)) },
            replies: [.init(status: 200, description: "an HTML page", contentType: "text/html", schema: .string()),
                      .problem(400, "INVALID_PARAMETER")])) { request in
            let checkout = try read { request.query($0) }
            // Pay posts here and is redirected to successUrl, which (when it is the server's own
            // success page) redirects to payments.returnUrl: both origins are form targets.
            return Response.html(page(checkout), formTargets: [checkout.successUrl] + formTargets)
        }

        router.add(.post, prefix + "/checkout", doc: OperationDoc(
            "Toss sandbox: the checkout page's Pay button (form) → 303 to successUrl", tag: "sandbox",
            body: ("application/x-www-form-urlencoded", .object(checkoutFields, required: checkoutRequired, open: true)),
            replies: [.init(status: 303, description: "to successUrl?paymentKey=&orderId=&amount=", contentType: nil),
                      .problem(400, "INVALID_PARAMETER")])) { request in
            let form = FormBody(request.body)
            let checkout = try read { form[$0] }
            let paymentKey = try sandbox.authorize(orderId: checkout.orderId, orderName: checkout.orderName, amount: checkout.amount,
                                                   taxFreeAmount: checkout.taxFreeAmount)
            let query = URLQuery.encode([("paymentKey", paymentKey), ("orderId", checkout.orderId), ("amount", String(checkout.amount))])
            var response = Response(status: 303)
            response.headers.add("Location", checkout.successUrl + (checkout.successUrl.contains("?") ? "&" : "?") + query)
            return response
        }

        router.add(.post, prefix + "/approve", doc: OperationDoc(
            "Toss sandbox: what the checkout's Pay button does, for scripts", tag: "sandbox",
            body: ("application/json", .object([
                ("orderId", SandboxRules.orderIdSchema), ("amount", .integer(minimum: 1, maximum: Int64.max)), ("orderName", .nullable(.string())),
                ("taxFreeAmount", .nullable(.integer(minimum: 0, description: "at most amount"))),
            ], required: ["orderId", "amount"], open: true)),
            replies: [
                .json(200, "what the success redirect carries", .object([
                    ("paymentKey", .string()), ("orderId", .string()), ("amount", .integer()),
                ], required: ["paymentKey", "orderId", "amount"])),
                .problem(400, "INVALID_REQUEST"),
            ])) { request in
            let body = try request.decodeJSON(ApproveRequest.self, unknownFields: .ignored)
            var issues: [FieldIssue] = []
            if !SandboxRules.isOrderId(body.orderId) { issues.append(.init(field: "orderId", message: "6–64 of [A-Za-z0-9_-]")) }
            if body.amount < 1 { issues.append(.init(field: "amount", message: "at least 1")) }
            let taxFree = body.taxFreeAmount ?? 0
            if taxFree < 0 || taxFree > body.amount { issues.append(.init(field: "taxFreeAmount", message: "0 to amount")) }
            guard issues.isEmpty else { throw MarketplaceError.invalid(issues) }
            let paymentKey = try sandbox.authorize(orderId: body.orderId, orderName: body.orderName ?? body.orderId, amount: body.amount,
                                                   taxFreeAmount: taxFree)
            var json = JSONWriter()
            json.beginObject()
            json.member("paymentKey", paymentKey)
            json.member("orderId", body.orderId)
            json.member("amount", body.amount)
            json.endObject()
            return Response.json(json.bytes)
        }
    }

    /// The checkout's fields, as query parameters (GET) or form fields (POST); unknown ones are ignored.
    private static let checkoutFields: [(String, Schema)] = [
        ("orderId", SandboxRules.orderIdSchema), ("amount", .integer(minimum: 1, maximum: Int64.max)), ("orderName", .string()),
        ("customerKey", .string()),
        ("taxFreeAmount", .string(description: "whole KRW, clamped to 0…amount; anything but a whole number reads as 0")),
        ("successUrl", SandboxRules.webURLSchema), ("failUrl", SandboxRules.webURLSchema),
    ]
    private static let checkoutRequired = ["orderId", "amount", "successUrl", "failUrl"]

    private struct ApproveRequest: Decodable {
        let orderId: String
        let amount: Int64
        let orderName: String?
        let taxFreeAmount: Int64?
    }

    private static func read(_ value: (String) -> String?) throws -> Checkout {
        guard let orderId = value("orderId"), SandboxRules.isOrderId(orderId) else {
            throw HTTPError.invalidParameter("orderId", "6–64 of [A-Za-z0-9_-]")
        }
        guard let amount = value("amount").flatMap({ Int64($0) }), amount >= 1 else {
            throw HTTPError.invalidParameter("amount", "a whole number of KRW, at least 1")
        }
        let taxFree = value("taxFreeAmount").flatMap { Int64($0) } ?? 0
        guard let successUrl = value("successUrl"), SandboxRules.isWebURL(successUrl) else {
            throw HTTPError.invalidParameter("successUrl", "an http or https URL")
        }
        guard let failUrl = value("failUrl"), SandboxRules.isWebURL(failUrl) else {
            throw HTTPError.invalidParameter("failUrl", "an http or https URL")
        }
        return Checkout(orderId: orderId, amount: amount, orderName: value("orderName") ?? orderId,
                        taxFreeAmount: min(max(taxFree, 0), amount), successUrl: successUrl, failUrl: failUrl)
    }

    private static func page(_ checkout: Checkout) -> String {
        let e = SandboxHTML.escape
        let cancel = checkout.failUrl + (checkout.failUrl.contains("?") ? "&" : "?")
            + URLQuery.encode([("code", "PAY_PROCESS_CANCELED"), ("message", "The customer canceled the payment."),
                               ("orderId", checkout.orderId)])
        let hidden = [("orderId", checkout.orderId), ("amount", String(checkout.amount)), ("orderName", checkout.orderName),
                      ("taxFreeAmount", String(checkout.taxFreeAmount)), ("successUrl", checkout.successUrl),
                      ("failUrl", checkout.failUrl)]
            .map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\(e($0.1))\">" }.joined(separator: "\n      ")
        return SandboxHTML.document(title: "Toss Payments sandbox", body: """
            <h1>Toss Payments (sandbox)</h1>
            <p>Order <code>\(e(checkout.orderId))</code>: \(e(checkout.orderName))</p>
            <p><strong>\(checkout.amount) KRW</strong></p>
            <form method="post" action="\(TossSandboxRoutes.prefix)/checkout">
              \(hidden)
              <button type="submit">Pay</button>
            </form>
            <p><a href="\(e(cancel))">Cancel payment</a></p>
            """)
    }
}
