/// Kakao Pay single-payment API bodies (open-api.kakaopay.com `/online/v1/payment/*`),
/// snake_case as Kakao writes them; only what the adapter sends or reads.
enum KakaoPayObjects {
    struct ReadyRequest: Codable, Sendable {
        var cid: String
        var partner_order_id: String
        var partner_user_id: String
        var item_name: String
        var quantity: Int
        var total_amount: Int64
        var tax_free_amount: Int64
        var vat_amount: Int64?
        var approval_url: String
        var cancel_url: String
        var fail_url: String
    }

    struct ReadyReply: Codable, Sendable {
        var tid: String
        var next_redirect_app_url: String?
        var next_redirect_mobile_url: String?
        var next_redirect_pc_url: String
        var android_app_scheme: String?
        var ios_app_scheme: String?
        var created_at: String?
    }

    struct ApproveRequest: Codable, Sendable {
        var cid: String
        var tid: String
        var partner_order_id: String
        var partner_user_id: String
        var pg_token: String
    }

    struct Amount: Codable, Sendable {
        var total: Int64
        var tax_free: Int64
        var vat: Int64
        var point: Int64
        var discount: Int64
        var green_deposit: Int64
    }

    struct ApproveReply: Codable, Sendable {
        var aid: String?
        var tid: String
        var cid: String?
        var partner_order_id: String
        var partner_user_id: String?
        var payment_method_type: String?
        var amount: Amount
        var item_name: String?
        var quantity: Int?
        var created_at: String?
        var approved_at: String?
    }

    struct OrderRequest: Codable, Sendable {
        var cid: String
        var tid: String
    }

    struct OrderReply: Codable, Sendable {
        var tid: String
        var cid: String?
        /// READY, SEND_TMS, OPEN_PAYMENT, SELECT_METHOD, ARS_WAITING, AUTH_PASSWORD, ISSUED_SID,
        /// SUCCESS_PAYMENT, PART_CANCEL_PAYMENT, CANCEL_PAYMENT, FAIL_AUTH_PASSWORD, QUIT_PAYMENT, FAIL_PAYMENT.
        var status: String
        var partner_order_id: String
        var partner_user_id: String?
        var amount: Amount?
        var canceled_amount: Amount?
        var cancel_available_amount: Amount?
        var approved_at: String?
        var canceled_at: String?
    }

    struct CancelRequest: Codable, Sendable {
        var cid: String
        var tid: String
        var cancel_amount: Int64
        var cancel_tax_free_amount: Int64
        var cancel_vat_amount: Int64?
    }

    struct CancelReply: Codable, Sendable {
        var aid: String?
        var tid: String
        var status: String
        var partner_order_id: String?
        var canceled_at: String?
    }

    /// `{"error_code": -780, "error_message": "...", "extras": {...}}`.
    struct ErrorBody: Codable, Sendable {
        var error_code: Int
        var error_message: String
        var extras: [String: String]?
    }
}
