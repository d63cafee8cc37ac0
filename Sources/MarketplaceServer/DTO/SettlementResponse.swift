import HTTPServer
import Marketplace

/// JSON and CSV of docs/API.md §11: entries, settlements, payouts, balances, accounts, rules.
/// Account numbers appear only masked; times are RFC 3339 UTC.
enum SettlementResponse {
    static func time(_ seconds: Double?) -> String? { seconds.map(RFC3339.milliseconds) }

    static func entry(_ entry: LedgerEntry, _ json: inout JSONWriter) {
        json.beginObject()
        json.member("id", entry.id)
        json.member("sellerId", entry.sellerID.rawValue)
        json.member("orderId", entry.orderID.rawValue)
        json.member("productId", entry.productID.rawValue)
        json.member("type", entry.type.rawValue)
        json.member("amount", entry.amount)
        json.member("availableAt", time(entry.availableAt))
        json.key("settlementId")
        if let id = entry.settlementID { json.int(id) } else { json.null() }
        json.member("createdAt", time(entry.createdAt) ?? "")
        json.endObject()
    }

    static func settlement(_ settlement: Settlement, entries: [LedgerEntry]? = nil, _ json: inout JSONWriter) {
        json.beginObject()
        json.member("id", settlement.id)
        json.member("sellerId", settlement.sellerID.rawValue)
        json.member("periodEnd", time(settlement.periodEnd) ?? "")
        json.member("sales", settlement.sales)
        json.member("refunds", settlement.refunds)
        json.member("commission", settlement.commission)
        json.member("amount", settlement.amount)
        json.member("status", settlement.status.rawValue)
        json.key("payoutId")
        if let id = settlement.payoutID { json.int(id) } else { json.null() }
        json.member("createdAt", time(settlement.createdAt) ?? "")
        json.member("paidAt", time(settlement.paidAt))
        if let entries {
            json.key("entries")
            json.beginArray()
            for item in entries { entry(item, &json) }
            json.endArray()
        }
        json.endObject()
    }

    static func payout(_ payout: Payout, _ json: inout JSONWriter) {
        json.beginObject()
        json.member("id", payout.id)
        json.member("settlementId", payout.settlementID)
        json.member("sellerId", payout.sellerID.rawValue)
        json.member("amount", payout.amount)
        json.member("provider", payout.provider)
        json.member("status", payout.status.rawValue)
        json.member("bankCode", payout.bankCode)
        json.member("maskedAccountNumber", payout.maskedAccountNumber)
        json.member("reference", payout.reference)
        json.member("failureReason", payout.failureReason)
        json.member("attempts", payout.attempts)
        json.member("createdAt", time(payout.createdAt) ?? "")
        json.member("paidAt", time(payout.paidAt))
        json.endObject()
    }

    static func rule(_ rule: CommissionRule, _ json: inout JSONWriter) {
        json.beginObject()
        json.member("id", rule.id)
        json.key("sellerId")
        if let seller = rule.sellerID { json.int(seller.rawValue) } else { json.null() }
        json.member("category", rule.category)
        json.member("rateBps", rule.rateBps)
        json.member("createdAt", time(rule.createdAt) ?? "")
        json.endObject()
    }

    static func account(_ account: PayoutAccount) -> [UInt8] {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.member("bankCode", account.bankCode)
        json.member("maskedAccountNumber", account.maskedAccountNumber)
        json.member("holderName", account.holderName)
        json.member("businessNumber", account.businessNumber)
        json.member("status", account.status.rawValue)
        json.endObject()
        return json.bytes
    }

    static func one(_ write: (inout JSONWriter) -> Void) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        write(&json)
        return json.bytes
    }

    /// Whether the client asked for CSV (`Accept: text/csv`).
    static func wantsCSV(_ request: Request) -> Bool {
        request.headers["Accept"]?.lowercased().contains("text/csv") ?? false
    }

    /// RFC 4180 text: a header row, CRLF line ends; no field here needs quoting but names are quoted anyway.
    static func csv(header: [String], rows: [[String]]) -> Response {
        var text = header.joined(separator: ",") + "\r\n"
        for row in rows { text += row.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacing("\"", with: "\"\"") + "\"" : $0 }
            .joined(separator: ",") + "\r\n" }
        return Response(status: 200, headers: HTTPHeaders([("Content-Type", "text/csv; charset=utf-8"), ("Cache-Control", "no-store")]),
                        body: Array(text.utf8))
    }

    static func entriesCSV(_ entries: [LedgerEntry]) -> Response {
        csv(header: ["id", "sellerId", "orderId", "productId", "type", "amount", "availableAt", "settlementId", "createdAt"],
            rows: entries.map { e in
                [String(e.id), String(e.sellerID.rawValue), e.orderID.rawValue, String(e.productID.rawValue), e.type.rawValue,
                 String(e.amount), time(e.availableAt) ?? "", e.settlementID.map(String.init) ?? "", time(e.createdAt) ?? ""]
            })
    }

    static func settlementsCSV(_ settlements: [Settlement]) -> Response {
        csv(header: ["id", "sellerId", "periodEnd", "sales", "refunds", "commission", "amount", "status", "payoutId", "createdAt", "paidAt"],
            rows: settlements.map { s in
                [String(s.id), String(s.sellerID.rawValue), time(s.periodEnd) ?? "", String(s.sales), String(s.refunds),
                 String(s.commission), String(s.amount), s.status.rawValue, s.payoutID.map(String.init) ?? "",
                 time(s.createdAt) ?? "", time(s.paidAt) ?? ""]
            })
    }
}

/// `PUT /seller/payout-account`, `POST /admin/commission-rules`, `POST /admin/settlements/run`,
/// `POST /admin/payouts/{id}/complete` and `/fail`.
struct PayoutAccountRequest: Decodable {
    let bankCode: String?
    let accountNumber: String?
    let holderName: String?
    let businessNumber: String?
}

struct CommissionRuleRequest: Decodable {
    let sellerId: Int64?
    let category: String?
    let rateBps: Int?
}

struct SettlementRunRequest: Decodable {
    let until: String?
}

struct PayoutChangeRequest: Decodable {
    let reference: String?
    let reason: String?
}
