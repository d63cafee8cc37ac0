import Marketplace
import HTTPServer

/// `/api/v1/admin/{commission-rules,settlements,payouts}` (docs/API.md §11).
enum AdminSettlementRoutes {
    static let tag = "admin-settlements"
    static let payoutSchema = Schema.object([
        ("id", .integer()), ("settlementId", .integer()), ("sellerId", .integer()), ("amount", .integer()), ("provider", .string()),
        ("status", .string(description: "REQUESTED, PAID or FAILED")), ("bankCode", .string()), ("maskedAccountNumber", .string()),
        ("reference", .nullable(.string())), ("failureReason", .nullable(.string())), ("attempts", .integer()),
        ("createdAt", .string(format: "date-time")), ("paidAt", .nullable(.string(format: "date-time"))),
    ])
    static let ruleSchema = Schema.object([
        ("id", .integer()), ("sellerId", .nullable(.integer())), ("category", .nullable(.string())), ("rateBps", .integer()),
        ("createdAt", .string(format: "date-time")),
    ])
    static let payoutNotFound = OperationDoc.Reply.problem(404, "PAYOUT_NOT_FOUND: no payout has this id")
    static let payoutConflict = OperationDoc.Reply.problem(409, "PAYOUT_STATUS_CONFLICT: the payout is not in the status this needs")

    static func register(on router: inout Router, settlements: SettlementService) {
        router.add(.get, "/api/v1/admin/commission-rules", access: .role(.admin), doc: OperationDoc(
            "Every commission rule, oldest first", tag: tag, replies: [.json(200, "the rules", .object([("items", .array(ruleSchema))]))])
        ) { _, principal in
            let rules = try await settlements.listRules(by: principal)
            return Response.json(SettlementResponse.one { json in
                json.beginObject()
                json.key("items")
                json.beginArray()
                for rule in rules { SettlementResponse.rule(rule, &json) }
                json.endArray()
                json.endObject()
            }).noStore()
        }

        router.add(.post, "/api/v1/admin/commission-rules", bodyLimit: CartRoutes.bodyLimit, access: .role(.admin), doc: OperationDoc(
            "Add a commission rule for a seller, a category or both; applies to lines paid from now on", tag: tag,
            body: ("application/json", .object([
                ("sellerId", .nullable(.integer(minimum: 1))), ("category", .nullable(.string(minLength: 1, maxLength: 50))),
                ("rateBps", .integer(minimum: 0, maximum: 10_000)),
            ], required: ["rateBps"])), replies: [
                .json(201, "the rule", ruleSchema), .problem(400, "INVALID_REQUEST: rateBps missing or outside 0–10000, bad category"),
                .problem(404, "SELLER_NOT_FOUND: sellerId names no seller"),
                .problem(409, "COMMISSION_RULE_EXISTS: a rule for this seller and category exists"),
            ])) { request, principal in
            let body = try request.decodeJSON(CommissionRuleRequest.self)
            let rule = try await settlements.createRule(sellerID: body.sellerId, category: body.category, rateBps: body.rateBps,
                                                        by: principal)
            return Response.json(SettlementResponse.one { SettlementResponse.rule(rule, &$0) }, status: 201).noStore()
        }

        router.add(.delete, "/api/v1/admin/commission-rules/{id}", access: .role(.admin), doc: OperationDoc(
            "Remove a commission rule (lines already paid keep their rate)", tag: tag, replies: [
                .init(status: 204, description: "deleted", contentType: nil), .problem(404, "COMMISSION_RULE_NOT_FOUND"),
            ])) { request, principal in
            try await settlements.deleteRule(Int64(request.parameters["id"] ?? "") ?? 0, by: principal)
            return Response(status: 204)
        }

        router.add(.post, "/api/v1/admin/settlements/run", bodyLimit: CartRoutes.bodyLimit, access: .role(.admin), doc: OperationDoc(
            "Run a settlement now over the entries available by the end of `until` (a KST day, default today; never past now)",
            tag: tag, body: ("application/json", .object([("until", .nullable(.string(format: "date")))])), replies: [
                .json(202, "the run's end and the settlements it made, whose payouts are requested", .object([
                    ("periodEnd", .string(format: "date-time")), ("settlements", .array(SellerSettlementRoutes.settlementSchema)),
                ])),
                .problem(400, "INVALID_REQUEST: until is not YYYY-MM-DD"),
                .problem(409, "SETTLEMENT_IN_PROGRESS: another run holds the lease (on any server)"),
            ]).optionalBody()) { request, principal in
            let body = request.body.isEmpty ? SettlementRunRequest(until: nil) : try request.decodeJSON(SettlementRunRequest.self)
            var until: Double?
            if let text = body.until {
                guard let day = KSTDay(text) else {
                    throw MarketplaceError.invalid([FieldIssue(field: "until", message: "must be a date YYYY-MM-DD (KST)")])
                }
                until = day.end
            }
            let run = try await settlements.runCapped(until: until, by: principal)
            return Response.json(SettlementResponse.one { json in
                json.beginObject()
                json.member("periodEnd", SettlementResponse.time(run.until) ?? "")
                json.key("settlements")
                json.beginArray()
                for settlement in run.settlements { SettlementResponse.settlement(settlement, &json) }
                json.endArray()
                json.endObject()
            }, status: 202).noStore()
        }

        router.add(.get, "/api/v1/admin/settlements", access: .role(.admin), doc: OperationDoc(
            "Every settlement, newest first", tag: tag, query: OperationDoc.paging(maxSize: SellerSettlementRoutes.maxPageSize) + [
                OperationDoc.Parameter(name: "status", schema: .string(values: ["PENDING", "PAID", "FAILED"])),
                OperationDoc.Parameter(name: "sellerId", schema: .integer(minimum: 1)),
            ], replies: [.json(200, "a page of settlements", .page(of: SellerSettlementRoutes.settlementSchema)),
                         SellerSettlementRoutes.csvReply, SellerSettlementRoutes.pagingProblem])) { request, principal in
            let seller = try request.query("sellerId").flatMap { $0.isEmpty ? nil : $0 }.map { text -> Int64 in
                guard let id = Int64(text), id > 0 else { throw HTTPError.invalidParameter("sellerId", "must be a positive whole number") }
                return id
            }
            let page = try await settlements.adminSettlements(seller: seller, status: try request.enumQuery("status", as: Settlement.Status.self),
                                                              page: try request.pageRequest(maxSize: SellerSettlementRoutes.maxPageSize),
                                                              by: principal)
            if SettlementResponse.wantsCSV(request) { return SettlementResponse.settlementsCSV(page.items) }
            return Response.json(PageResponse.body(page) { SettlementResponse.settlement($0, &$1) }).noStore()
        }

        router.add(.get, "/api/v1/admin/payouts", access: .role(.admin), doc: OperationDoc(
            "Every payout, newest first", tag: tag, query: OperationDoc.paging(maxSize: SellerSettlementRoutes.maxPageSize) + [
                OperationDoc.Parameter(name: "status", schema: .string(values: ["REQUESTED", "PAID", "FAILED"])),
            ], replies: [.json(200, "a page of payouts", .page(of: payoutSchema)), SellerSettlementRoutes.pagingProblem])
        ) { request, principal in
            let page = try await settlements.adminPayouts(status: try request.enumQuery("status", as: Payout.Status.self),
                                                          page: try request.pageRequest(maxSize: SellerSettlementRoutes.maxPageSize),
                                                          by: principal)
            return Response.json(PageResponse.body(page) { SettlementResponse.payout($0, &$1) }).noStore()
        }

        for (action, summary, field) in [("complete", "MANUAL: record the transfer made (REQUESTED → PAID)", "reference"),
                                         ("fail", "MANUAL: record that the transfer failed (REQUESTED → FAILED; the amount is available again)", "reason"),
                                         ("retry", "Request a FAILED payout again, to the seller's current VERIFIED account", "")] {
            router.add(.post, "/api/v1/admin/payouts/{id}/\(action)", bodyLimit: CartRoutes.bodyLimit, access: .role(.admin), doc: OperationDoc(
                summary, tag: tag, body: field.isEmpty ? nil : ("application/json", .object([(field, .string(minLength: 1, maxLength: field == "reference" ? 100 : 200))],
                                                                                            required: [field])),
                replies: [.json(200, "the payout", payoutSchema), .problem(400, "INVALID_REQUEST: \(field.isEmpty ? "a malformed body" : field + " missing or too long")"),
                          payoutNotFound, payoutConflict])) { request, principal in
                let id = Int64(request.parameters["id"] ?? "") ?? 0
                let body = request.body.isEmpty ? PayoutChangeRequest(reference: nil, reason: nil)
                    : try request.decodeJSON(PayoutChangeRequest.self)
                let payout: Payout
                switch action {
                case "complete": payout = try await settlements.complete(payout: id, reference: body.reference, by: principal)
                case "fail": payout = try await settlements.fail(payout: id, reason: body.reason, by: principal)
                default: payout = try await settlements.retry(payout: id, by: principal)
                }
                return Response.json(SettlementResponse.one { SettlementResponse.payout(payout, &$0) }).noStore()
            }
        }
    }
}
