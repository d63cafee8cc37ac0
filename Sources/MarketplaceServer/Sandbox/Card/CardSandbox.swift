import Gateways
import Marketplace

/// A simulator of the card company (docs/API.md §6, docs/CARD_MESSAGE.md): it takes one 450-character
/// PAYMENT or CANCEL message as `text/plain` and answers JSON.
///
/// - A message that does not parse (length, layout, field kinds) → 400
///   `{approved: false, code, message}` with the parser's code (`INVALID_LENGTH`,
///   `INVALID_FIELD`, …) naming the field; nothing is kept. Not `text/plain` → 415.
/// - Business declines are 200 `{approved: false, …}`: `CARD_DATA_MISMATCH` (the encrypted
///   block does not open with the shared key or holds another card), `EXPIRED_CARD`,
///   `INVALID_CARD`, `INVALID_AMOUNT` (a PAYMENT outside 100 – 1,000,000,000 KRW, a CANCEL
///   under 1), `INVALID_VAT` (VAT above the amount, or a CANCEL that empties the balance but
///   leaves VAT), `ORIGINAL_NOT_FOUND` (a CANCEL of no approved PAYMENT), `CARD_MISMATCH`
///   (another card than the PAYMENT's), `EXCEEDS_BALANCE` (amount or VAT above what is left),
///   `DUPLICATE_MANAGEMENT_ID` (an id reused for another request), `DECLINED` (fault `reject`).
/// - A management id seen before with the same request gets its first answer again: a
///   retried PAYMENT is never charged twice, a retried CANCEL never refunds twice.
/// - Faults (`provider: CARD`): `confirm` hits PAYMENT messages, `cancel` CANCEL messages.
///   `error500` and `timeout` keep nothing (the message never reached the company).
final class CardSandbox: Sendable {
    let store: SandboxStore<CardSandboxState>
    let faults: SandboxFaults
    private let cipher: any CardCipher
    private let clock: any WallClock

    init(directory: String, cipher: any CardCipher, faults: SandboxFaults, clock: any WallClock) throws {
        store = try SandboxStore(directory: directory, name: "card", empty: CardSandboxState())
        self.cipher = cipher
        self.faults = faults
        self.clock = clock
    }

    typealias Answer = CardSandboxState.Answer

    static let systemError = reply(500, .decline("SYSTEM_ERROR", "internal error; the message was not processed"))

    /// Answers one posted message.
    func receive(_ body: [UInt8], contentType: String?) async -> SandboxReply {
        guard let contentType, contentType.lowercased().hasPrefix("text/plain") else {
            return Self.reply(415, .decline("UNSUPPORTED_MEDIA_TYPE", "the message must be sent as text/plain"))
        }
        let message: CardMessage
        do { message = try CardMessage(parsing: String(decoding: body, as: UTF8.self)) } catch {
            return Self.reply(400, .decline(error.code, error.description))
        }
        let fault = faults.take(.card, message.kind == .payment ? .confirm : .cancel)
        switch fault?.mode {
        case .error500?: return Self.systemError
        case .timeout?:
            await faults.delay(for: fault)
            return Self.systemError
        case .reject?:
            return process(message, forced: .decline("DECLINED", "the card issuer declined the transaction"))
        case .slow?:
            await faults.delay(for: fault)
            return process(message)
        case .approveThenTimeout?:
            let reply = process(message)
            await faults.delay(for: fault)
            return reply
        case nil: return process(message)
        }
    }

    /// Every message kept, or those of one management id (its own, or the CANCELs naming it as original).
    func messages(managementId: String?) -> [CardSandboxState.Entry] {
        store.read { state in
            guard let managementId else { return state.messages.entries }
            return state.messages.entries.filter { $0.managementId == managementId || $0.originalManagementId == managementId }
        }
    }

    // MARK: The rules

    private func process(_ message: CardMessage, forced: Answer? = nil) -> SandboxReply {
        let now = clock.now()
        let result = try? store.update { state -> Answer in
            var transaction = CardSandboxState.Transaction(
                kind: message.kind.rawValue, originalManagementId: message.originalManagementId, amount: message.amount,
                vat: message.vat, installmentMonths: message.card.installmentMonths,
                cardFingerprint: cipher.fingerprint(cardNumber: message.card.number), answer: .decline("", ""))
            let answer: Answer
            var duplicate = false
            if let first = state.transactions[message.managementId] {
                duplicate = true
                answer = first.isSame(as: transaction) ? first.answer
                    : .decline("DUPLICATE_MANAGEMENT_ID", "this management id belongs to another transaction")
            } else {
                answer = forced ?? decide(message, transaction, now: now, in: &state)
                transaction.answer = answer
                state.transactions[message.managementId] = transaction
            }
            state.messages.append(CardSandboxState.Entry(
                managementId: message.managementId, kind: message.kind.rawValue, originalManagementId: message.originalManagementId,
                amount: message.amount, vat: message.vat, maskedNumber: MaskedCard.mask(message.card.number),
                installmentMonths: message.card.installmentMonths, receivedAt: now, status: 200, answer: answer,
                duplicate: duplicate))
            return answer
        }
        guard let result else { return Self.systemError }
        return Self.reply(200, result)
    }

    /// The company's decision on a new message; an approved CANCEL lowers its PAYMENT's balance.
    private func decide(_ message: CardMessage, _ transaction: CardSandboxState.Transaction, now: Double,
                        in state: inout CardSandboxState) -> Answer {
        guard (try? message.encryptedCardMatches(with: cipher)) == true else {
            return .decline("CARD_DATA_MISMATCH", "the encrypted card data does not match the card fields")
        }
        guard message.vat <= message.amount else { return .decline(CardCompanyAnswer.invalidVat, "the VAT exceeds the amount") }
        switch message.kind {
        case .payment:
            let issues = CardRules.issues(for: message.card, now: now)
            if !issues.isEmpty {
                let expired = issues.contains { $0.field == "expiry" && $0.message == "must not be in the past" }
                return .decline(expired ? "EXPIRED_CARD" : "INVALID_CARD", Self.describe(issues))
            }
            if !CardRules.amountIssues(message.amount).isEmpty {
                return .decline("INVALID_AMOUNT", "a payment must be from 100 to 1000000000 KRW")
            }
        case .cancel:
            let originalId = message.originalManagementId ?? ""
            guard var original = state.transactions[originalId], original.kind == CardMessage.Kind.payment.rawValue,
                  original.answer.approved else {
                return .decline(CardCompanyAnswer.originalNotFound, "no approved payment has the original management id")
            }
            guard original.cardFingerprint == transaction.cardFingerprint else {
                return .decline("CARD_MISMATCH", "the card is not the original payment's card")
            }
            guard message.amount >= 1 else { return .decline("INVALID_AMOUNT", "a cancel must be at least 1 KRW") }
            let left = original.amount - original.canceledAmount
            let vatLeft = original.vat - original.canceledVat
            guard message.amount <= left, message.vat <= vatLeft else {
                return .decline(CardCompanyAnswer.exceedsBalance, "the cancel exceeds the balance (\(left) KRW, VAT \(vatLeft))")
            }
            guard message.amount < left || message.vat == vatLeft else {
                return .decline(CardCompanyAnswer.invalidVat, "a cancel of the whole balance must take the remaining VAT (\(vatLeft))")
            }
            original.canceledAmount += message.amount
            original.canceledVat += message.vat
            state.transactions[originalId] = original
        }
        return .approval(number: SandboxIDs.digits(8), at: GatewayTime.korean(now))
    }

    private static func describe(_ issues: [FieldIssue]) -> String {
        issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
    }

    static func reply(_ status: Int, _ answer: Answer) -> SandboxReply {
        .json(status) { CardSandboxJSON.write(answer, to: &$0) }
    }
}
