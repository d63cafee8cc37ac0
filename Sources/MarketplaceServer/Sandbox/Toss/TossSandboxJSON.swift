import Gateways
/// Toss's `Payment` object as the sandbox writes it (API version 2022-11-16; card details
/// are a fixed test card): every field of the published object reference, with its JSON type,
/// in the order Toss answers; the objects of methods the sandbox does not take (virtual
/// account, transfer, mobile phone, gift certificate, easy pay) and the cash receipt,
/// discount, receipt and checkout links are null. Amounts describe the balance: after cancels
/// `taxFreeAmount` is the tax-free part left, `vat` is round-half-up of the taxable part left
/// over 11, and `suppliedAmount` the rest (all 0 once CANCELED).
enum TossSandboxJSON {
    static func write(_ payment: TossSandboxState.Payment, to json: inout JSONWriter) {
        json.beginObject()
        header(paymentKey: payment.paymentKey, orderId: payment.orderId, orderName: payment.orderName, to: &json)
        json.member("status", payment.status)
        json.member("requestedAt", GatewayTime.korean(payment.requestedAt))
        json.member("approvedAt", GatewayTime.korean(payment.approvedAt))
        json.member("lastTransactionKey", payment.lastTransactionKey)
        json.member("useEscrow", false)
        json.member("cultureExpense", false)
        json.key("card")
        json.beginObject()
        json.member("issuerCode", "4V")
        json.member("acquirerCode", "21")
        json.member("number", "43301234****123*")
        json.member("installmentPlanMonths", 0)
        json.member("isInterestFree", false)
        json.member("interestPayer", nil as String?)
        json.member("approveNo", String(payment.lastTransactionKey.prefix(8)))
        json.member("useCardPoint", false)
        json.member("cardType", "신용")
        json.member("ownerType", "개인")
        json.member("acquireStatus", "READY")
        json.member("amount", payment.totalAmount)
        json.endObject()
        methodObjects(to: &json)
        json.key("cancels")
        if payment.cancels.isEmpty {
            json.null()
        } else {
            json.beginArray()
            for cancel in payment.cancels {
                json.beginObject()
                json.member("transactionKey", cancel.transactionKey)
                json.member("cancelReason", cancel.cancelReason)
                json.member("taxExemptionAmount", 0)
                json.member("canceledAt", GatewayTime.korean(cancel.canceledAt))
                json.member("transferDiscountAmount", 0)
                json.member("easyPayDiscountAmount", 0)
                json.member("receiptKey", nil as String?)
                json.member("cancelAmount", cancel.cancelAmount)
                json.member("taxFreeAmount", cancel.taxFreeAmount)
                json.member("refundableAmount", cancel.refundableAmount)
                json.member("cancelStatus", "DONE")
                json.member("cancelRequestId", nil as String?)
                json.endObject()
            }
            json.endArray()
        }
        json.member("isPartialCancelable", true)
        amounts(total: payment.totalAmount, balance: payment.balanceAmount, taxFree: payment.taxFreeLeft, to: &json)
        json.key("failure"); json.null()
        json.key("metadata"); json.null()
        json.endObject()
    }

    /// A checkout the customer finished but nobody confirmed: `IN_PROGRESS`.
    static func write(pending: TossSandboxState.Authorization, to json: inout JSONWriter) {
        json.beginObject()
        header(paymentKey: pending.paymentKey, orderId: pending.orderId, orderName: pending.orderName, to: &json)
        json.member("status", "IN_PROGRESS")
        json.member("requestedAt", GatewayTime.korean(pending.requestedAt))
        json.member("approvedAt", nil as String?)
        json.member("lastTransactionKey", nil as String?)
        json.member("useEscrow", false)
        json.member("cultureExpense", false)
        json.key("card"); json.null()
        methodObjects(to: &json)
        json.key("cancels"); json.null()
        json.member("isPartialCancelable", true)
        amounts(total: pending.amount, balance: pending.amount, taxFree: pending.taxFreeAmount, to: &json)
        json.key("failure"); json.null()
        json.key("metadata"); json.null()
        json.endObject()
    }

    private static func header(paymentKey: String, orderId: String, orderName: String, to json: inout JSONWriter) {
        json.member("mId", "tosspayments")
        json.member("version", "2022-11-16")
        json.member("paymentKey", paymentKey)
        json.member("type", "NORMAL")
        json.member("orderId", orderId)
        json.member("orderName", orderName)
        json.member("currency", "KRW")
        json.member("method", "카드")
        json.member("country", "KR")
        json.key("easyPay"); json.null()
        json.key("receipt"); json.null()
        json.key("checkout"); json.null()
        json.key("secret"); json.null()
    }

    /// The objects of the methods and extras a card payment leaves null.
    private static func methodObjects(to json: inout JSONWriter) {
        for key in ["virtualAccount", "transfer", "mobilePhone", "giftCertificate", "cashReceipt", "cashReceipts", "discount"] {
            json.key(key); json.null()
        }
    }

    /// Toss's VAT on a taxable amount: a tenth of the supply price, so taxable / 11, rounded half up.
    static func vat(taxable: Int64) -> Int64 { (2 * taxable + 11) / 22 }

    /// `taxFree` is the tax-free part of `balance`; VAT and supply describe the balance.
    private static func amounts(total: Int64, balance: Int64, taxFree: Int64, to json: inout JSONWriter) {
        let vat = vat(taxable: balance - taxFree)
        json.member("totalAmount", total)
        json.member("balanceAmount", balance)
        json.member("suppliedAmount", balance - taxFree - vat)
        json.member("vat", vat)
        json.member("taxFreeAmount", taxFree)
        json.member("taxExemptionAmount", 0)
    }
}
