import HTTPServer
/// Request body examples of `/openapi.json`, by `METHOD /path` as routed: each is written as
/// the `example` of the operation's JSON body, which `/docs` shows. Every example is one the
/// server accepts in the flow of README's quick start (ids and tokens aside).
enum OpenAPIExamples {
    static let requests: [String: String] = common.merging(webhooks) { first, _ in first }

    private static let common: [String: String] = [
        "POST /api/v1/auth/signup": #"""
            {"email": "minji@example.com", "password": "correct-horse-1", "name": "Kim Minji", "phone": "01012345678", "role": "CUSTOMER"}
            """#,
        "POST /api/v1/auth/verify-email": #"{"email": "minji@example.com", "code": "608703"}"#,
        "POST /api/v1/auth/resend-verification": #"{"email": "minji@example.com"}"#,
        "POST /api/v1/auth/login": #"{"email": "minji@example.com", "password": "correct-horse-1"}"#,
        "PATCH /api/v1/admin/users/{id}": #"{"status": "SUSPENDED"}"#,
        "POST /api/v1/seller/products": #"""
            {"name": "Celadon mug", "description": "Glazed stoneware, 350 ml", "price": 12000, "stock": 40, "category": "kitchen", "taxFree": false, "status": "ON_SALE"}
            """#,
        "PATCH /api/v1/seller/products/{id}": #"{"price": 11000, "stock": 35}"#,
        "POST /api/v1/customer/cart/items": #"{"productId": 42, "quantity": 2}"#,
        "PATCH /api/v1/customer/cart/items/{productId}": #"{"quantity": 3}"#,
        "POST /api/v1/customer/orders": #"""
            {"provider": "TOSS", "shippingAddress": {"recipient": "Kim Minji", "phone": "010-1234-5678", "address1": "1 Sejong-daero, Jung-gu, Seoul", "address2": "Apt 1203", "zipCode": "04524"}}
            """#,
        "POST /api/v1/customer/orders/{id}/payment/confirm": #"{"paymentKey": "tpk_3bq9RkQp1Lw7Yx2ZtK8s", "amount": 24000}"#,
        "POST /api/v1/customer/orders/{id}/payment/card": #"""
            {"cardNumber": "1234567890123456", "expiry": "1230", "cvc": "777", "installmentMonths": 0}
            """#,
        "POST /api/v1/customer/orders/{id}/cancel": #"{"reason": "Ordered one too many", "items": [{"productId": 42, "quantity": 1}]}"#,
        "POST /api/v1/admin/orders/{id}/status": #"{"status": "SHIPPING", "trackingNumber": "CJ-1234567890"}"#,
        "POST /api/v1/admin/payments/{id}/cancel": #"{"amount": 12000, "reason": "Damaged in transit"}"#,
        "POST /sandbox/toss/approve": #"{"orderId": "ord_EFano0Fwy7bItHf3a0yWj8", "amount": 24000}"#,
        "POST /sandbox/kakaopay/approve": #"{"tid": "T1234567890123456789"}"#,
        "POST /sandbox/faults": #"{"provider": "TOSS", "operation": "confirm", "mode": "approveThenTimeout", "count": 1}"#,
    ]

    /// The same in every realm.
    private static let webhooks: [String: String] = Dictionary(uniqueKeysWithValues: ["seller", "customer", "admin"].flatMap { realm in
        [
            ("POST /api/v1/\(realm)/webhooks", #"""
                {"url": "https://hooks.example.com/marketplace", "events": ["order.paid", "order.shipping", "order.delivered"], "description": "Shipping notices"}
                """#),
            ("PATCH /api/v1/\(realm)/webhooks/{id}", #"{"enabled": true}"#),
        ]
    })
}
