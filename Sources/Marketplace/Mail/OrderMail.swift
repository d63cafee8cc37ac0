/// Who an order mail goes to.
public struct MailRecipient: Sendable {
    public let email: EmailAddress
    public let name: String
    public let locale: MailLocale

    public init(email: EmailAddress, name: String, locale: MailLocale) {
        self.email = email
        self.name = name
        self.locale = locale
    }
}

/// The order mails (docs/API.md §10): one per event to the customer, and to each seller
/// with lines in it a new paid order and the cancels of a paid order (their lines only).
public enum OrderMail {
    /// Whether `type` about `order` mails the sellers with lines in it.
    public static func tellsSellers(_ type: EventType, order: Order) -> Bool {
        switch type {
        case .orderPaid: true
        case .orderCanceled, .orderPartiallyCanceled: order.payment.approvedAt != nil
        default: false
        }
    }

    /// The customer's mail about `type`.
    public static func customer(_ type: EventType, order: Order, to recipient: MailRecipient) -> MailMessage {
        let locale = recipient.locale
        let (subject, intro) = customerWords(type, order: order.id.rawValue, locale)
        return compose(kind: type.rawValue, subject: subject, intro: intro, order: order, to: recipient,
                       extra: extraLines(type, order: order, locale))
    }

    /// A seller's mail about `type` (`order` already narrowed to the seller's lines).
    public static func seller(_ type: EventType, order: Order, to recipient: MailRecipient) -> MailMessage {
        let locale = recipient.locale, number = order.id.rawValue
        let subject: String, intro: String
        switch (type, locale) {
        case (.orderPaid, .ko): (subject, intro) = ("[Marketplace] 새 주문 \(number) 결제 완료", "판매하시는 상품의 주문이 결제되었습니다. 배송을 준비해 주세요.")
        case (.orderPaid, .en): (subject, intro) = ("[Marketplace] New paid order \(number)", "An order of your products was paid. Please prepare the shipment.")
        case (_, .ko): (subject, intro) = ("[Marketplace] 주문 \(number)의 상품이 취소되었습니다", "주문에서 판매하시는 상품의 일부 또는 전부가 취소되었습니다.")
        case (_, .en): (subject, intro) = ("[Marketplace] Items of order \(number) were canceled", "Some or all of your lines in this order were canceled.")
        }
        return compose(kind: "seller." + type.rawValue, subject: subject, intro: intro, order: order, to: recipient, extra: [])
    }

    private static func customerWords(_ type: EventType, order: String, _ locale: MailLocale) -> (String, String) {
        switch (type, locale) {
        case (.orderCreated, .ko): ("[Marketplace] 주문 \(order) 접수", "주문을 받았습니다. 결제를 기다리고 있습니다.")
        case (.orderCreated, .en): ("[Marketplace] Order \(order) was placed", "We received your order. It waits for your payment.")
        case (.orderPaid, .ko): ("[Marketplace] 주문 \(order) 결제 완료", "결제가 승인되었습니다.")
        case (.orderPaid, .en): ("[Marketplace] Order \(order) is paid", "Your payment was approved.")
        case (.orderPaymentFailed, .ko): ("[Marketplace] 주문 \(order) 결제 실패", "결제가 완료되지 않았습니다. 청구된 금액은 없습니다.")
        case (.orderPaymentFailed, .en): ("[Marketplace] Payment of order \(order) failed", "The payment did not go through; nothing was charged.")
        case (.orderExpired, .ko): ("[Marketplace] 주문 \(order) 결제 기한 만료", "결제 기한이 지나 주문이 만료되었습니다.")
        case (.orderExpired, .en): ("[Marketplace] Order \(order) expired", "The order was not paid in time and has expired.")
        case (.orderCanceled, .ko): ("[Marketplace] 주문 \(order) 취소", "주문이 취소되었습니다.")
        case (.orderCanceled, .en): ("[Marketplace] Order \(order) was canceled", "Your order was canceled.")
        case (.orderPartiallyCanceled, .ko): ("[Marketplace] 주문 \(order) 일부 취소", "주문의 일부 상품이 취소되었습니다. 나머지 주문은 그대로 진행됩니다.")
        case (.orderPartiallyCanceled, .en): ("[Marketplace] Some items of order \(order) were canceled", "Some items were canceled; the rest of the order stands.")
        case (.orderShipping, .ko): ("[Marketplace] 주문 \(order) 배송 시작", "주문하신 상품이 발송되었습니다.")
        case (.orderShipping, .en): ("[Marketplace] Order \(order) has shipped", "Your order is on its way.")
        case (.orderDelivered, .ko): ("[Marketplace] 주문 \(order) 배송 완료", "주문하신 상품이 배송되었습니다.")
        case (.orderDelivered, .en): ("[Marketplace] Order \(order) was delivered", "Your order was delivered.")
        case (.paymentRefunded, .ko): ("[Marketplace] 주문 \(order) 환불", "결제 금액의 일부 또는 전부가 환불되었습니다.")
        case (.paymentRefunded, .en): ("[Marketplace] A refund was made on order \(order)", "Part or all of your payment was refunded.")
        }
    }

    /// The tracking number when shipping; the refund's amounts on a refund.
    private static func extraLines(_ type: EventType, order: Order, _ locale: MailLocale) -> [String] {
        switch type {
        case .orderShipping:
            guard let tracking = order.trackingNumber else { return [] }
            return [(locale == .ko ? "운송장 번호: " : "Tracking number: ") + tracking]
        case .paymentRefunded:
            let refunded = order.payment.amount - order.payment.balanceAmount
            var lines: [String] = []
            if let last = order.payment.cancels.last {
                lines.append((locale == .ko ? "이번 환불 금액: " : "This refund: ") + MailText.won(last.amount, locale))
            }
            lines.append((locale == .ko ? "환불 금액 합계: " : "Refunded in total: ") + MailText.won(refunded, locale))
            lines.append((locale == .ko ? "남은 결제 금액: " : "Payment balance: ") + MailText.won(order.payment.balanceAmount, locale))
            return lines
        default:
            return []
        }
    }

    private static func compose(kind: String, subject: String, intro: String, order: Order, to recipient: MailRecipient,
                                extra: [String]) -> MailMessage {
        let locale = recipient.locale, ko = locale == .ko
        let amounts = order.amounts
        let greeting = ko ? "\(recipient.name) 님, 안녕하세요." : "Hello \(recipient.name),"
        let number = (ko ? "주문 번호: " : "Order number: ") + order.id.rawValue
        let lines = order.items.map { item in
            let canceled = item.status == .canceled ? (ko ? " (취소됨)" : " (canceled)") : ""
            return "\(item.name) × \(item.quantity): \(MailText.won(item.subtotal, locale))\(canceled)"
        }
        var totals = [(ko ? "주문 금액: " : "Order total: ") + MailText.won(amounts.totalAmount, locale)]
        if amounts.canceledAmount > 0 {
            totals.append((ko ? "취소 금액: " : "Canceled: ") + MailText.won(amounts.canceledAmount, locale))
        }
        totals.append((ko ? "결제 금액: " : "Amount due: ") + MailText.won(amounts.due, locale))
        let text = ([greeting, "", intro, "", number] + lines.map { "- " + $0 } + [""] + totals + (extra.isEmpty ? [] : [""] + extra)
            + ["", ko ? "Marketplace를 이용해 주셔서 감사합니다." : "Thank you for shopping with Marketplace.", ""]).joined(separator: "\n")
        let rows = order.items.enumerated().map { index, _ in "<li>\(MailText.escape(lines[index]))</li>" }.joined()
        let html = MailText.page(title: subject, body: """
            <p>\(MailText.escape(greeting))</p>
            <p>\(MailText.escape(intro))</p>
            <p><strong>\(MailText.escape(number))</strong></p>
            <ul>\(rows)</ul>
            <p>\(totals.map(MailText.escape).joined(separator: "<br>"))</p>
            \(extra.isEmpty ? "" : "<p>" + extra.map(MailText.escape).joined(separator: "<br>") + "</p>")
            """, locale: locale)
        return MailMessage(to: recipient.email, subject: subject, body: text, html: html, kind: kind, locale: locale)
    }
}
