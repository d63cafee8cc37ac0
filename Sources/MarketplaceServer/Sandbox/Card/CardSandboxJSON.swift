import Marketplace
/// The card company's answers and the kept messages as the sandbox writes them.
enum CardSandboxJSON {
    static func write(_ answer: CardSandboxState.Answer, to json: inout JSONWriter) {
        json.beginObject()
        json.member("approved", answer.approved)
        if answer.approved {
            json.member("approvalNumber", answer.approvalNumber)
            json.member("approvedAt", answer.approvedAt)
        } else {
            json.member("code", answer.code)
            json.member("message", answer.message)
        }
        json.endObject()
    }

    static func write(_ entries: [CardSandboxState.Entry], to json: inout JSONWriter) {
        json.beginObject()
        json.key("messages")
        json.beginArray()
        for entry in entries {
            json.beginObject()
            json.member("managementId", entry.managementId)
            json.member("kind", entry.kind)
            json.member("originalManagementId", entry.originalManagementId)
            json.member("amount", entry.amount)
            json.member("vat", entry.vat)
            json.member("maskedNumber", entry.maskedNumber)
            json.member("installmentMonths", entry.installmentMonths)
            json.member("receivedAt", RFC3339.format(entry.receivedAt))
            json.member("status", entry.status)
            json.key("answer")
            write(entry.answer, to: &json)
            json.member("duplicate", entry.duplicate)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
