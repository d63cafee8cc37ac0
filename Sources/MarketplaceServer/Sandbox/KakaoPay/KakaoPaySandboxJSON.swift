import Gateways
/// Kakao Pay's answers as the sandbox writes them (times in Korean time without an offset).
enum KakaoPaySandboxJSON {
    typealias Payment = KakaoPaySandboxState.Payment

    static func write(approval payment: Payment, aid: String, to json: inout JSONWriter) {
        json.beginObject()
        common(payment, to: &json)
        json.member("aid", aid)
        amount("amount", total: payment.total, taxFree: payment.taxFree, vat: payment.vat, to: &json)
        json.key("card_info"); json.null()
        json.key("payload"); json.null()
        json.endObject()
    }

    static func write(order payment: Payment, to json: inout JSONWriter) {
        json.beginObject()
        common(payment, to: &json)
        json.member("status", payment.status)
        json.member("canceled_at", payment.canceledAt.map(GatewayTime.koreanLocal))
        amount("amount", total: payment.total, taxFree: payment.taxFree, vat: payment.vat, to: &json)
        amount("canceled_amount", total: payment.canceledTotal, taxFree: payment.canceledTaxFree, vat: payment.canceledVat, to: &json)
        let open = payment.status == "SUCCESS_PAYMENT" || payment.status == "PART_CANCEL_PAYMENT"
        amount("cancel_available_amount", total: open ? payment.total - payment.canceledTotal : 0,
               taxFree: open ? payment.taxFree - payment.canceledTaxFree : 0, vat: open ? payment.vat - payment.canceledVat : 0,
               to: &json)
        json.key("payment_action_details")
        json.beginArray()
        for action in payment.actions {
            json.beginObject()
            json.member("aid", action.aid)
            json.member("approved_at", GatewayTime.koreanLocal(action.at))
            json.member("amount", action.amount)
            json.member("point_amount", 0)
            json.member("discount_amount", 0)
            json.member("green_deposit", 0)
            json.member("payment_action_type", action.type)
            json.member("payload", "")
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    static func write(cancel payment: Payment, aid: String, amount canceled: Int64, taxFree: Int64, vat: Int64,
                      to json: inout JSONWriter) {
        json.beginObject()
        common(payment, to: &json)
        json.member("aid", aid)
        json.member("status", payment.status)
        json.member("canceled_at", payment.canceledAt.map(GatewayTime.koreanLocal))
        amount("amount", total: payment.total, taxFree: payment.taxFree, vat: payment.vat, to: &json)
        amount("approved_cancel_amount", total: canceled, taxFree: taxFree, vat: vat, to: &json)
        amount("canceled_amount", total: payment.canceledTotal, taxFree: payment.canceledTaxFree, vat: payment.canceledVat, to: &json)
        amount("cancel_available_amount", total: payment.total - payment.canceledTotal, taxFree: payment.taxFree - payment.canceledTaxFree,
               vat: payment.vat - payment.canceledVat, to: &json)
        json.key("payload"); json.null()
        json.endObject()
    }

    private static func common(_ payment: Payment, to json: inout JSONWriter) {
        json.member("tid", payment.tid)
        json.member("cid", payment.cid)
        json.member("partner_order_id", payment.partnerOrderId)
        json.member("partner_user_id", payment.partnerUserId)
        json.member("payment_method_type", "MONEY")
        json.member("item_name", payment.itemName)
        json.member("item_code", "")
        json.member("quantity", payment.quantity)
        json.member("created_at", GatewayTime.koreanLocal(payment.createdAt))
        json.member("approved_at", payment.approvedAt.map(GatewayTime.koreanLocal))
    }

    private static func amount(_ name: String, total: Int64, taxFree: Int64, vat: Int64, to json: inout JSONWriter) {
        json.key(name)
        json.beginObject()
        json.member("total", total)
        json.member("tax_free", taxFree)
        json.member("vat", vat)
        json.member("point", 0)
        json.member("discount", 0)
        json.member("green_deposit", 0)
        json.endObject()
    }
}
