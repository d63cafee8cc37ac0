import Marketplace
import HTTPServer

/// `/api/v1/seller/{balance,ledger,settlements,payout-account}` (docs/API.md §11).
enum SellerSettlementRoutes {
    static let tag = "seller-settlements"
    static let maxPageSize = 100
    static let entrySchema = Schema.object([
        ("id", .integer()), ("sellerId", .integer()), ("orderId", .string()), ("productId", .integer()),
        ("type", .string(description: "SALE, COMMISSION, REFUND or COMMISSION_REFUND")), ("amount", .integer(description: "KRW, signed")),
        ("availableAt", .nullable(.string(format: "date-time"))), ("settlementId", .nullable(.integer())),
        ("createdAt", .string(format: "date-time")),
    ])
    static let settlementSchema = Schema.object([
        ("id", .integer()), ("sellerId", .integer()), ("periodEnd", .string(format: "date-time")), ("sales", .integer()),
        ("refunds", .integer()), ("commission", .integer()), ("amount", .integer()), ("status", .string(description: "PENDING, PAID or FAILED")),
        ("payoutId", .nullable(.integer())), ("createdAt", .string(format: "date-time")), ("paidAt", .nullable(.string(format: "date-time"))),
    ])
    static let csvReply = OperationDoc.Reply(status: 200, description: "with Accept: text/csv, the same rows as CSV", contentType: "text/csv")
    static let pagingProblem = OperationDoc.Reply.problem(400, "INVALID_REQUEST: page or size out of range, or a malformed filter")

    static func register(on router: inout Router, settlements: SettlementService) {
        router.add(.get, "/api/v1/seller/balance", access: .role(.seller), doc: OperationDoc(
            "The caller's balance: pending (on hold or being paid out), available, paid out", tag: tag, replies: [
                .json(200, "the balance and the next daily run", .object([
                    ("pending", .integer()), ("available", .integer()), ("paidOut", .integer()),
                    ("nextSettlementAt", .string(format: "date-time")),
                ])),
            ])) { _, principal in
            let balance = try await settlements.balance(by: principal)
            var json = JSONWriter(capacity: 128)
            json.beginObject()
            json.member("pending", balance.pending)
            json.member("available", balance.available)
            json.member("paidOut", balance.paidOut)
            json.member("nextSettlementAt", SettlementResponse.time(settlements.nextRunAt()) ?? "")
            json.endObject()
            return Response.json(json.bytes).noStore()
        }

        router.add(.get, "/api/v1/seller/ledger", access: .role(.seller), doc: OperationDoc(
            "The caller's ledger entries, newest first", tag: tag, query: OperationDoc.paging(maxSize: maxPageSize) + [
                OperationDoc.Parameter(name: "from", schema: .string(format: "date"), description: "first KST day (YYYY-MM-DD)"),
                OperationDoc.Parameter(name: "to", schema: .string(format: "date"), description: "last KST day, inclusive"),
                OperationDoc.Parameter(name: "type", schema: .string(values: ["SALE", "COMMISSION", "REFUND", "COMMISSION_REFUND"])),
            ], replies: [.json(200, "a page of entries", .page(of: entrySchema)), csvReply, pagingProblem])) { request, principal in
            let page = try await settlements.ledger(from: try day(request, "from")?.start, to: try day(request, "to")?.end,
                                                    type: try request.enumQuery("type", as: LedgerEntryType.self),
                                                    page: try request.pageRequest(maxSize: maxPageSize), by: principal)
            if SettlementResponse.wantsCSV(request) { return SettlementResponse.entriesCSV(page.items) }
            return Response.json(PageResponse.body(page) { SettlementResponse.entry($0, &$1) }).noStore()
        }

        router.add(.get, "/api/v1/seller/settlements", access: .role(.seller), doc: OperationDoc(
            "The caller's settlements, newest first", tag: tag, query: OperationDoc.paging(maxSize: maxPageSize),
            replies: [.json(200, "a page of settlements", .page(of: settlementSchema)), csvReply, pagingProblem])) { request, principal in
            let page = try await settlements.sellerSettlements(page: try request.pageRequest(maxSize: maxPageSize), by: principal)
            if SettlementResponse.wantsCSV(request) { return SettlementResponse.settlementsCSV(page.items) }
            return Response.json(PageResponse.body(page) { SettlementResponse.settlement($0, &$1) }).noStore()
        }

        router.add(.get, "/api/v1/seller/settlements/{id}", access: .role(.seller), doc: OperationDoc(
            "One of the caller's settlements with its entries", tag: tag, replies: [
                .json(200, "the settlement with entries", settlementSchema), csvReply,
                .problem(404, "SETTLEMENT_NOT_FOUND: no settlement of the caller has this id"),
            ])) { request, principal in
            guard let id = Int64(request.parameters["id"] ?? "") else {
                throw MarketplaceError.notFound(code: "SETTLEMENT_NOT_FOUND", detail: "No settlement of yours has this id.")
            }
            let (settlement, entries) = try await settlements.sellerSettlement(id, by: principal)
            if SettlementResponse.wantsCSV(request) { return SettlementResponse.entriesCSV(entries) }
            return Response.json(SettlementResponse.one { SettlementResponse.settlement(settlement, entries: entries, &$0) }).noStore()
        }

        router.add(.put, "/api/v1/seller/payout-account", bodyLimit: CartRoutes.bodyLimit, access: .role(.seller), doc: OperationDoc(
            "Set the caller's payout account; the number is stored encrypted and answered masked", tag: tag,
            body: ("application/json", .object([
                ("bankCode", .string(pattern: "^[0-9]{3}$")), ("accountNumber", .string(pattern: "^[0-9]{6,20}$")),
                ("holderName", .string(minLength: 1, maxLength: 50)), ("businessNumber", .nullable(.string(pattern: "^[0-9]{10}$"))),
            ], required: ["bankCode", "accountNumber", "holderName"])), replies: [
                .json(200, "the account, masked", .object([
                    ("bankCode", .string()), ("maskedAccountNumber", .string()), ("holderName", .string()),
                    ("businessNumber", .nullable(.string())), ("status", .string(description: "PENDING, VERIFIED or REJECTED")),
                ])),
                .problem(400, "INVALID_REQUEST: a field breaks the rules above"),
            ])) { request, principal in
            let body = try request.decodeJSON(PayoutAccountRequest.self)
            let account = try await settlements.savePayoutAccount(bankCode: body.bankCode, accountNumber: body.accountNumber,
                                                                  holderName: body.holderName, businessNumber: body.businessNumber,
                                                                  by: principal)
            return Response.json(SettlementResponse.account(account)).noStore()
        }
    }

    /// A `YYYY-MM-DD` (KST) query parameter; 400 when malformed.
    static func day(_ request: Request, _ name: String) throws -> KSTDay? {
        guard let text = request.query(name) else { return nil }   // present but empty: malformed
        guard let day = KSTDay(text) else { throw HTTPError.invalidParameter(name, "must be a date YYYY-MM-DD (KST)") }
        return day
    }
}
