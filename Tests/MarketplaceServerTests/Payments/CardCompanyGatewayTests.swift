import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Card company adapter against the card company sandbox")
struct CardCompanyGatewayTests {
    @Test("a PAYMENT is approved and kept with the masked number only; prepare is local")
    func approved() async throws {
        try await withGateways { harness in
            let card = harness.cardCompany()
            let order = GatewayHarness.order(amount: 110_000)
            let preparation = try await card.prepare(order)
            #expect(preparation.tid == nil)
            #expect(preparation.checkout.map(\.0) == ["payUrl", "amount"])
            #expect(preparation.checkout[0].1 == .string(harness.base + "/api/v1/customer/orders/\(order.orderId)/payment/card"))

            let id = GatewayHarness.managementId()
            let details = CardDetails(number: GatewayHarness.card.number, expiry: "1230", cvc: "864", installmentMonths: 3)
            let outcome = try await card.confirm(order, proof: .card(details, managementId: id), idempotencyKey: "k")
            guard case .approved(let approval) = outcome else { Issue.record("not approved: \(outcome)"); return }
            #expect(approval.tid == id && approval.paymentKey == nil && approval.amount == 110_000)
            #expect(abs(approval.approvedAt - Date().timeIntervalSince1970) < 60)

            let reply = try harness.server.request("GET", "/sandbox/card/messages?managementId=" + id)
            #expect(!reply.text.contains(GatewayHarness.card.number))
            let messages = try harness.cardMessages(id)
            #expect(messages.count == 1)
            let kept = try #require(messages.first)
            #expect(kept["managementId"] as? String == id && kept["kind"] as? String == "PAYMENT")
            #expect(kept["originalManagementId"] is NSNull)
            #expect(kept["amount"] as? Int == 110_000 && kept["vat"] as? Int == 10_000 && order.vat == 10_000)
            #expect(kept["maskedNumber"] as? String == "540987*******987")
            #expect(kept["installmentMonths"] as? Int == 3)
            #expect(kept["receivedAt"] is String && kept["duplicate"] as? Bool == false)
            let answer = try #require(kept["answer"] as? [String: Any])
            #expect(answer["approved"] as? Bool == true && (answer["approvalNumber"] as? String)?.count == 8)
            #expect(Set(kept.keys).isDisjoint(with: ["cardNumber", "number", "expiry", "cvc", "encryptedCardData"]))
            #expect(try harness.cardMessages().count == 1)
            #expect(try harness.cardMessages(GatewayHarness.managementId()).isEmpty)
        }
    }

    @Test("bad card fields or amount are a 400 naming each field, and nothing is sent")
    func invalidCard() async throws {
        try await withGateways { harness in
            let card = harness.cardCompany()
            let bad = CardDetails(number: "4111-1111", expiry: "1330", cvc: "12", installmentMonths: 13)
            do {
                _ = try await card.confirm(GatewayHarness.order(amount: 50), proof: .card(bad, managementId: "short"), idempotencyKey: "k")
                Issue.record("an invalid card was sent")
            } catch let MarketplaceError.validation(code, _, issues) {
                #expect(code == "INVALID_REQUEST")
                #expect(issues.map(\.field) == ["cardNumber", "expiry", "cvc", "installmentMonths", "amount", "managementId"])
                #expect(!issues.contains { $0.message.contains("4111") || $0.message.contains("1330") })
            }
            var expired = GatewayHarness.card
            expired.expiry = "0120"
            do {
                _ = try await card.confirm(GatewayHarness.order(), proof: .card(expired, managementId: GatewayHarness.managementId()),
                                           idempotencyKey: "k")
                Issue.record("an expired card was sent")
            } catch let MarketplaceError.validation(_, _, issues) {
                #expect(issues == [FieldIssue(field: "expiry", message: "must not be in the past")])
            }
            #expect(try harness.cardMessages().isEmpty, "nothing reached the card company")
        }
    }

    @Test("fault reject is a definite decline, answered again for the same id; a new id is approved")
    func rejected() async throws {
        try await withGateways { harness in
            let card = harness.cardCompany()
            let order = GatewayHarness.order()
            let id = GatewayHarness.managementId()
            try harness.fault("CARD", "confirm", "reject")
            let outcome = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            #expect(outcome == .declined(code: "DECLINED", message: "the card issuer declined the transaction"))
            let again = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            #expect(again == outcome, "the company's first answer for the id")
            guard case .approved = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: GatewayHarness.managementId()),
                                                          idempotencyKey: "k") else {
                Issue.record("a new attempt is not approved"); return
            }
        }
    }

    @Test("error500 and timeout are GatewayErrors and keep nothing; approveThenTimeout keeps the approval for the retry")
    func noAnswer() async throws {
        try await withGateways(gatewayTimeout: 2) { harness in
            let card = harness.cardCompany()
            let patient = harness.cardCompany(patient: true)
            let order = GatewayHarness.order()
            let id = GatewayHarness.managementId()
            try harness.fault("CARD", "confirm", "error500")
            await #expect(throws: GatewayError.unavailable(status: 500)) {
                _ = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            }
            try harness.fault("CARD", "confirm", "timeout")
            await #expect(throws: GatewayError.timeout) {
                _ = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            }
            #expect(try harness.cardMessages().isEmpty)

            try harness.fault("CARD", "confirm", "approveThenTimeout")
            await #expect(throws: GatewayError.timeout) {
                _ = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            }
            guard case .approved(let approval) = try await patient.confirm(order, proof: .card(GatewayHarness.card, managementId: id),
                                                                           idempotencyKey: "k") else {
                Issue.record("the retry is not the kept approval"); return
            }
            #expect(approval.tid == id)
            let messages = try harness.cardMessages(id)
            #expect(messages.map { $0["duplicate"] as? Bool } == [false, true])
            let numbers = messages.map { ($0["answer"] as? [String: Any])?["approvalNumber"] as? String }
            #expect(numbers[0] != nil && numbers[0] == numbers[1], "one approval, answered twice")

            try harness.fault("CARD", "cancel", "error500")
            await #expect(throws: GatewayError.unavailable(status: 500)) {
                _ = try await patient.cancel(GatewayHarness.cardCancel(of: id, amount: 100, vat: 9),
                                             sealedCard: try CardDataBlock.seal(GatewayHarness.card, with: harness.cardCipher))
            }
            try harness.fault("CARD", "confirm", "slow", delayMs: 300)
            let (slow, seconds) = try await elapsed {
                try await patient.confirm(order, proof: .card(GatewayHarness.card, managementId: GatewayHarness.managementId()),
                                          idempotencyKey: "k")
            }
            guard case .approved = slow else { Issue.record("slow is not approved"); return }
            #expect(seconds >= 0.3)
        }
    }

    @Test("partial then full cancel carry their VAT; over the balance is refused; a duplicate PAYMENT is charged once")
    func cancels() async throws {
        try await withGateways { harness in
            let vault = InMemoryCardVault()
            let card = harness.cardCompany(vault: vault)
            let order = GatewayHarness.order(amount: 110_000)
            let id = GatewayHarness.managementId()
            vault.keep(try CardDataBlock.seal(GatewayHarness.card, with: harness.cardCipher), forPayment: id)
            for _ in 0..<2 {   // the same management id twice: one charge
                guard case .approved = try await card.confirm(order, proof: .card(GatewayHarness.card, managementId: id),
                                                              idempotencyKey: "k") else { Issue.record("not approved"); return }
            }
            var other = order
            other.amount = 120_000
            let reused = try await card.confirm(other, proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            #expect(reused == .declined(code: "DUPLICATE_MANAGEMENT_ID", message: "this management id belongs to another transaction"))

            let partialID = GatewayHarness.managementId()
            let partial = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 11_000, vat: 1_000, managementId: partialID))
            #expect(partial.tid == partialID && partial.canceledAt > 0)
            for (amount, vat) in [(Int64(99_001), Int64(0)), (50_000, 9_001)] {
                do {
                    _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: amount, vat: vat))
                    Issue.record("a cancel over the balance went through")
                } catch let MarketplaceError.conflict(code, detail) {
                    #expect(code == "NOT_CANCELABLE_AMOUNT" && detail.contains("EXCEEDS_BALANCE"))
                }
            }
            // Emptying the balance must take the remaining VAT.
            await #expect(throws: MarketplaceError.conflict(
                code: "NOT_CANCELABLE_AMOUNT",
                detail: "The card company refused the cancel (INVALID_VAT): a cancel of the whole balance must take the remaining VAT (9000)")) {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 99_000, vat: 8_000))
            }
            let fullID = GatewayHarness.managementId()
            let full = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 99_000, vat: 9_000, managementId: fullID))
            #expect(full.tid == fullID)
            // The second PAYMENT message took nothing: the balance is empty now.
            await #expect(throws: MarketplaceError.self) { _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 1, vat: 0)) }

            let messages = try harness.cardMessages(id)
            let approved = messages.filter { ($0["answer"] as? [String: Any])?["approved"] as? Bool == true }
            #expect(approved.map { $0["kind"] as? String } == ["PAYMENT", "PAYMENT", "CANCEL", "CANCEL"])
            #expect(approved.map { $0["vat"] as? Int } == [10_000, 10_000, 1_000, 9_000])
            #expect(approved.map { $0["amount"] as? Int } == [110_000, 110_000, 11_000, 99_000])
            #expect(approved[2]["originalManagementId"] as? String == id && approved[2]["managementId"] as? String == partialID)
            #expect(approved[1]["duplicate"] as? Bool == true)
            #expect(approved.allSatisfy { $0["installmentMonths"] as? Int == 0 && $0["maskedNumber"] as? String == "540987*******987" })
        }
    }

    @Test("a CANCEL of an id the company never approved is ORIGINAL_NOT_FOUND; no card on record sends nothing")
    func unknownOriginal() async throws {
        try await withGateways { harness in
            let vault = InMemoryCardVault()
            let card = harness.cardCompany(vault: vault)
            let never = GatewayHarness.managementId()
            vault.keep(try CardDataBlock.seal(GatewayHarness.card, with: harness.cardCipher), forPayment: never)
            do {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: never, amount: 15_000, vat: 1_364))
                Issue.record("a cancel of nothing went through")
            } catch let MarketplaceError.conflict(code, _) {
                #expect(code == "ORIGINAL_NOT_FOUND")
            }
            // A declined PAYMENT is not an original either.
            let declined = GatewayHarness.managementId()
            vault.keep(try CardDataBlock.seal(GatewayHarness.card, with: harness.cardCipher), forPayment: declined)
            try harness.fault("CARD", "confirm", "reject")
            _ = try await card.confirm(GatewayHarness.order(), proof: .card(GatewayHarness.card, managementId: declined), idempotencyKey: "k")
            await #expect(throws: MarketplaceError.conflict(
                code: "ORIGINAL_NOT_FOUND",
                detail: "The card company refused the cancel (ORIGINAL_NOT_FOUND): no approved payment has the original management id")) {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: declined, amount: 15_000, vat: 1_364))
            }
            let before = try harness.cardMessages().count
            let unrecorded = GatewayHarness.managementId()
            await #expect(throws: MarketplaceError.self) {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: unrecorded, amount: 100, vat: 0))
            }
            await #expect(throws: MarketplaceError.self, "the application's adapter has no vault yet") {
                _ = try await harness.server.application.payments.gateways[.card]!
                    .cancel(GatewayHarness.cardCancel(of: never, amount: 100, vat: 0))
            }
            #expect(try harness.cardMessages().count == before, "nothing sent without a card")
            await #expect(throws: MarketplaceError.self, "no inquiry message") {
                _ = try await card.lookup(GatewayHarness.order(), reference: .init(orderId: "o", tid: never))
            }
        }
    }

    @Test("a cancel with another card is CARD_MISMATCH")
    func otherCard() async throws {
        try await withGateways { harness in
            let card = harness.cardCompany()
            let id = GatewayHarness.managementId()
            _ = try await card.confirm(GatewayHarness.order(), proof: .card(GatewayHarness.card, managementId: id), idempotencyKey: "k")
            let other = CardDetails(number: "4000123412341234", expiry: "0131", cvc: "111", installmentMonths: 0)
            do {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 100, vat: 9),
                                          sealedCard: try CardDataBlock.seal(other, with: harness.cardCipher))
                Issue.record("another card's cancel went through")
            } catch let MarketplaceError.conflict(code, detail) {
                #expect(code == "NOT_CANCELABLE_PAYMENT" && detail.contains("CARD_MISMATCH"))
            }
        }
    }
}

@Suite("Card company answers are read strictly")
struct CardCompanyAnswerTests {
    @Test("approvals and declines", arguments: [
        (200, #"{"approved":true,"approvalNumber":"12345678","approvedAt":"2026-12-02T21:00:00+09:00"}"#,
         CardCompanyAnswer.Decision.approved(approvalNumber: "12345678", approvedAt: 1_796_212_800)),
        (200, #"{"approved":false,"code":"EXPIRED_CARD","message":"expiry must not be in the past"}"#,
         .declined(code: "EXPIRED_CARD", message: "expiry must not be in the past")),
        (400, #"{"approved":false,"code":"INVALID_LENGTH","message":"the message is 449 bytes, not 450"}"#,
         .declined(code: "INVALID_LENGTH", message: "the message is 449 bytes, not 450")),
    ])
    func decisions(status: Int, body: String, decision: CardCompanyAnswer.Decision) throws {
        #expect(try CardCompanyAnswer.decide(Data(body.utf8), status: status) == decision)
    }

    @Test("anything else is no answer", arguments: [
        (200, ""), (200, "{}"), (200, "[]"), (200, #"{"approved":1,"approvalNumber":"1","approvedAt":"2026-12-02T21:00:00+09:00"}"#),
        (200, #"{"approved":true,"approvedAt":"2026-12-02T21:00:00+09:00"}"#),
        (200, #"{"approved":true,"approvalNumber":"","approvedAt":"2026-12-02T21:00:00+09:00"}"#),
        (200, #"{"approved":true,"approvalNumber":"1","approvedAt":"yesterday"}"#),
        (400, #"{"approved":true,"approvalNumber":"1","approvedAt":"2026-12-02T21:00:00+09:00"}"#),
        (200, #"{"approved":false,"message":"no code"}"#), (200, #"{"approved":false,"code":"","message":"x"}"#),
        (200, #"{"approved":false,"code":"X"}"#),
    ])
    func unreadable(status: Int, body: String) {
        #expect(throws: GatewayError.self) { try CardCompanyAnswer.decide(Data(body.utf8), status: status) }
    }
}
