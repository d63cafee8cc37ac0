/// The groups of `/openapi.json` (each route's `OperationDoc.tag`) in reading order, with what
/// each holds and where docs/API.md describes it. `/docs` lists the operations in this order;
/// a tag missing here still appears, after these, without a description.
enum OpenAPITags {
    static let all: [(name: String, description: String)] = [
        ("accounts", "Sign up, verify the email with the mailed code, log in for a bearer token, log out (docs/API.md §2)."),
        ("catalog", "Public: the products on sale, one product with its images, the categories (§3)."),
        ("seller-catalog", "A seller's own products, hidden ones included: create, list, change, soft-delete (§3)."),
        ("seller-products", "A seller's product images: upload (raw or multipart, at most 10 MiB and 10 per product) and delete (§3)."),
        ("blobs", "Stored objects (product images): ETag, Last-Modified, conditional and single-range requests (§3)."),
        ("s3", "The blob directory over the Amazon S3 REST API, path-style, Signature V4; bodies and errors are S3's XML, "
            + "so each operation points to docs/API.md §9 and the Amazon S3 API Reference instead of a schema (§9)."),
        ("cart", "The customer's cart, with live prices and availability (§4)."),
        ("orders", "The customer's orders: place (stock reserved all or nothing), pay (confirm, card), list, cancel (§5, §6)."),
        ("payments-redirects", "Pages the payment gateways send the customer's browser back to (§6)."),
        ("seller-orders", "Orders holding the seller's products, showing only the seller's lines (§5)."),
        ("admin-orders", "Every order; moving a paid order to SHIPPING and DELIVERED (§5)."),
        ("admin-payments", "A payment by id or card management id; refunds (§6)."),
        ("seller-settlements", "A seller's balance, ledger, settlements (JSON or CSV) and payout account (§11)."),
        ("admin-settlements", "Commission rules, settlement runs, settlements and MANUAL payouts (§11)."),
        ("admin", "Accounts: list, suspend, reinstate (§2)."),
        ("admin-mail", "The mail queue: every mail with its status, attempts and last error; retry (§10)."),
        ("notifications", "The in-app feeds: a customer's, one entry per change of its orders (§7); a seller's, new paid orders and cancels of its lines (§10)."),
        ("webhooks", "Signed webhook endpoints in every realm, and their delivery attempts (§7)."),
        ("operations", "Health, readiness, Prometheus metrics, this document and the /docs page (§8)."),
        ("sandbox", "Gateway simulators (Toss Payments, Kakao Pay, the card company) and fault injection, with sandbox.enabled (§6)."),
    ]
}
