import Gateways
import Marketplace
import HTTPServer

/// `/sandbox/card/...`: the card company as the simulator serves it (docs/API.md §6).
/// `POST /sandbox/card/payments` takes a PAYMENT or CANCEL message; `GET
/// /sandbox/card/messages?managementId=` lists what it received. Public routes: the
/// company trusts a message whose encrypted block opens with the shared key.
enum CardSandboxRoutes {
    static let prefix = "/sandbox/card"

    static func register(on router: inout Router, sandbox: CardSandbox) {
        let answer = Schema.object([
            ("approved", .boolean), ("approvalNumber", .string()), ("approvedAt", .string()), ("code", .string()),
            ("message", .string()),
        ], required: ["approved"])
        router.add(.post, prefix + CardCompany.messagePath, doc: OperationDoc(
            "Card company sandbox: one 450-character PAYMENT or CANCEL message (docs/CARD_MESSAGE.md)", tag: "sandbox",
            body: ("text/plain", .string(minLength: 450, maxLength: 450)), replies: [
                .json(200, "approved {approved, approvalNumber, approvedAt}, or declined {approved: false, code, message}: "
                    + "CARD_DATA_MISMATCH, EXPIRED_CARD, INVALID_CARD, INVALID_AMOUNT, INVALID_VAT, ORIGINAL_NOT_FOUND, "
                    + "CARD_MISMATCH, EXCEEDS_BALANCE, DUPLICATE_MANAGEMENT_ID, DECLINED", answer),
                .json(400, "a malformed message, nothing done: INVALID_LENGTH, INVALID_FIELD, FIELD_TOO_LONG, INVALID_CHARACTER",
                      answer),
                .json(415, "UNSUPPORTED_MEDIA_TYPE: not text/plain", answer),
                .json(500, "SYSTEM_ERROR (fault error500 or timeout): nothing done", answer),
            ])) { request in
            await sandbox.receive(request.body, contentType: request.headers["Content-Type"]).response
        }

        let entry = Schema.object([
            ("managementId", .string()), ("kind", .string(values: ["PAYMENT", "CANCEL"])),
            ("originalManagementId", .nullable(.string())), ("amount", .integer()), ("vat", .integer()),
            ("maskedNumber", .string()), ("installmentMonths", .integer()), ("receivedAt", .string(format: "date-time")),
            ("status", .integer()), ("answer", answer), ("duplicate", .boolean),
        ], required: ["managementId", "kind", "amount", "vat", "maskedNumber", "installmentMonths", "receivedAt", "answer"])
        router.add(.get, prefix + "/messages", doc: OperationDoc(
            "Card company sandbox: the messages it received (masked card number only), oldest first", tag: "sandbox",
            query: [.init(name: "managementId", schema: .string(),
                          description: "only this id's messages and the CANCELs naming it as their original")],
            replies: [.json(200, "the messages", .object([("messages", .array(entry))], required: ["messages"]))])) { request in
            var json = JSONWriter()
            CardSandboxJSON.write(sandbox.messages(managementId: request.query("managementId")), to: &json)
            return Response.json(json.bytes)
        }
    }
}
