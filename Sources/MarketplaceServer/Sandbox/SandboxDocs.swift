/// OpenAPI schemas of the sandboxes' gateway shapes (open objects: the real gateways add fields).
enum SandboxDocs {
    static let idempotencyKey = OperationDoc.Parameter(name: "Idempotency-Key", schema: .string(minLength: 1, maxLength: 300),
                                                       description: "the same key gets the same answer")

    static let tossError = Schema.object([("code", .string()), ("message", .string())], required: ["code", "message"])

    static let tossConfirm = Schema.object([
        ("paymentKey", .string()), ("orderId", .string()), ("amount", .integer(minimum: 1)),
    ], required: ["paymentKey", "orderId", "amount"], open: true)

    static let tossCancel = Schema.object([
        ("cancelReason", .string()), ("cancelAmount", .integer(minimum: 1)), ("taxFreeAmount", .integer(minimum: 0)),
    ], required: ["cancelReason"], open: true)

    static let tossPayment = Schema.object([
        ("paymentKey", .string()), ("orderId", .string()), ("orderName", .string()),
        ("status", .string(values: ["READY", "IN_PROGRESS", "WAITING_FOR_DEPOSIT", "DONE", "CANCELED", "PARTIAL_CANCELED",
                                    "ABORTED", "EXPIRED"])),
        ("totalAmount", .integer()), ("balanceAmount", .integer()), ("suppliedAmount", .integer()), ("vat", .integer()),
        ("taxFreeAmount", .integer()), ("requestedAt", .string()), ("approvedAt", .nullable(.string())), ("method", .string()),
        ("useEscrow", .boolean), ("cultureExpense", .boolean), ("isPartialCancelable", .boolean),
        ("taxExemptionAmount", .integer()),
        ("card", .nullable(.object([
            ("amount", .integer()), ("issuerCode", .string()), ("acquirerCode", .string()), ("number", .string()),
            ("installmentPlanMonths", .integer()), ("isInterestFree", .boolean), ("interestPayer", .nullable(.string())),
            ("approveNo", .string()), ("useCardPoint", .boolean), ("cardType", .string()), ("ownerType", .string()),
            ("acquireStatus", .string()),
        ], open: true))),
        ("cancels", .nullable(.array(.object([], open: true)))),
    ], required: ["paymentKey", "orderId", "status", "totalAmount", "balanceAmount", "suppliedAmount", "vat", "taxFreeAmount",
                  "useEscrow", "cultureExpense", "card", "cancels"], open: true)

    static let kakaoError = Schema.object([
        ("error_code", .integer()), ("error_message", .string()), ("extras", .object([], open: true)),
    ], required: ["error_code", "error_message"])

    static let kakaoObject = Schema.object([], open: true)
}
