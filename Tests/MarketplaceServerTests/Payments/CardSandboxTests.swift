import Gateways
import Foundation
import Glibc
import Marketplace
import Testing
import Auth
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Card company sandbox: raw messages, persistence, no card in clear")
struct CardSandboxTests {
    @Test("a malformed message is a 400 decline naming the problem; not text/plain is 415; nothing is kept")
    func malformed() async throws {
        try await withGateways { harness in
            let valid = try harness.paymentMessage()
            let cases: [(String, String, String)] = [
                (String(valid.dropLast()), "INVALID_LENGTH", "449 bytes"),
                ("_446PAYMENT", "INVALID_LENGTH", "11 bytes"),
                (valid.replacingOccurrences(of: "PAYMENT   ", with: "REFUND    "), "INVALID_FIELD", "dataKind"),
                (String(valid.prefix(55)) + "13" + String(valid.dropFirst(57)), "INVALID_FIELD", "installmentMonths"),
                (String(valid.prefix(63)) + "    11 000" + String(valid.dropFirst(73)), "INVALID_FIELD", "amount"),
                (String(valid.dropLast()) + "é", "INVALID_CHARACTER", "outside printable ASCII"),
            ]
            for (text, code, words) in cases {
                let reply = try harness.postCardMessage(text)
                #expect(reply.status == 400, "\(code)")
                let body = try reply.json()
                #expect(body["approved"] as? Bool == false && body["code"] as? String == code, "\(reply.text)")
                #expect((body["message"] as? String)?.contains(words) == true, "\(reply.text)")
            }
            let json = try harness.postCardMessage(valid, contentType: "application/json")
            let jsonCode = try json.json()["code"] as? String
            #expect(json.status == 415 && jsonCode == "UNSUPPORTED_MEDIA_TYPE")
            #expect(try harness.cardMessages().isEmpty)
            let accepted = try harness.postCardMessage(valid, contentType: "text/plain; charset=us-ascii")
            let approved = try accepted.json()["approved"] as? Bool
            #expect(accepted.status == 200 && approved == true, "\(accepted.text)")
        }
    }

    @Test("business declines are 200: another key's block, card data that differs, an expired card, an amount out of range")
    func declines() async throws {
        try await withGateways { harness in
            let otherKey = try AESGCMCardCipher(key: Array(repeating: 9, count: 32))
            var expired = GatewayHarness.card
            expired.expiry = "0120"
            let mismatched = try CardMessage.payment(
                managementId: GatewayHarness.managementId(), card: GatewayHarness.card, amount: 1_000, vat: 91,
                encryptedCardData: try CardDataBlock.seal(expired, with: harness.cardCipher)).encoded()
            let cases: [(String, String)] = [
                (try harness.paymentMessage(cipher: otherKey), "CARD_DATA_MISMATCH"),
                (mismatched, "CARD_DATA_MISMATCH"),
                (try harness.paymentMessage(expired), "EXPIRED_CARD"),
                (try harness.paymentMessage(amount: 99, vat: 9), "INVALID_AMOUNT"),
                (try harness.paymentMessage(amount: 1_000_000_001, vat: 0), "INVALID_AMOUNT"),
                (try harness.paymentMessage(amount: 1_000, vat: 1_001), "INVALID_VAT"),
            ]
            for (text, code) in cases {
                let reply = try harness.postCardMessage(text)
                #expect(reply.status == 200)
                let body = try reply.json()
                #expect(body["approved"] as? Bool == false && body["code"] as? String == code, "\(reply.text)")
                #expect(body["message"] is String && body["approvalNumber"] == nil)
            }
            #expect(try harness.cardMessages().count == cases.count, "declines are kept with their answer")
        }
    }

    @Test("payments and balances survive a restart on the same data directory")
    func persistence() async throws {
        let dataDir = NSTemporaryDirectory() + "marketplace-card-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let id = GatewayHarness.managementId()
        let sealed = try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            let order = GatewayHarness.order(amount: 22_000)
            guard case .approved = try await harness.cardCompany().confirm(order, proof: .card(GatewayHarness.card, managementId: id),
                                                                           idempotencyKey: "k") else {
                Issue.record("not approved"); return ""
            }
            let sealed = try CardDataBlock.seal(GatewayHarness.card, with: harness.cardCipher)
            _ = try await harness.cardCompany().cancel(GatewayHarness.cardCancel(of: id, amount: 2_000, vat: 182), sealedCard: sealed)
            return sealed
        }
        #expect(FileManager.default.fileExists(atPath: dataDir + "/sandbox/card.journal"))
        try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            #expect(try harness.cardMessages(id).count == 2)
            let card = harness.cardCompany()
            await #expect(throws: MarketplaceError.self, "20,000 left, not 20,001") {
                _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 20_001, vat: 0), sealedCard: sealed)
            }
            _ = try await card.cancel(GatewayHarness.cardCancel(of: id, amount: 20_000, vat: 2_000 - 182), sealedCard: sealed)
            let again = try await card.confirm(GatewayHarness.order(amount: 22_000), proof: .card(GatewayHarness.card, managementId: id),
                                               idempotencyKey: "k")
            guard case .approved = again else { Issue.record("the kept answer is gone: \(again)"); return }
        }
    }

    @Test("the card number, expiry and CVC never reach the data directory or the log in clear")
    func noClearCard() async throws {
        let logPath = NSTemporaryDirectory() + "marketplace-card-log-" + UUID().uuidString
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let logger = Logger(minimum: .debug, fd: fd, background: false)
        let server = try TestServer(configure: { $0.log.level = "debug" }, logger: logger)
        let harness = GatewayHarness(server: server)
        let dataDir = server.application.config.storage.dataDir
        let card = GatewayHarness.card
        do {
            let vault = InMemoryCardVault()
            let gateway = harness.cardCompany(vault: vault)
            let id = GatewayHarness.managementId()
            vault.keep(try CardDataBlock.seal(card, with: harness.cardCipher), forPayment: id)
            _ = try await gateway.confirm(GatewayHarness.order(amount: 30_000), proof: .card(card, managementId: id), idempotencyKey: "k")
            _ = try await gateway.cancel(GatewayHarness.cardCancel(of: id, amount: 10_000, vat: 909))
            _ = try? await gateway.cancel(GatewayHarness.cardCancel(of: GatewayHarness.managementId(), amount: 100, vat: 9))
            var expired = card
            expired.expiry = "0120"
            _ = try harness.postCardMessage(try harness.paymentMessage(expired))
            _ = try harness.postCardMessage(String(try harness.paymentMessage().dropLast()))
            _ = try harness.postCardMessage(try harness.paymentMessage(), contentType: "application/json")
            _ = try harness.cardMessages()
            logger.flush()

            // What would give the card away: the number, and expiry and CVC side by side as in
            // the message (`…0987    00 1230864`) or the sealed plaintext (`…|1230|864`).
            let secrets = [card.number, card.expiry + card.cvc, "|" + card.expiry + "|" + card.cvc, "0120" + card.cvc]
            var files = 0
            let enumerator = try #require(FileManager.default.enumerator(atPath: dataDir))
            while let relative = enumerator.nextObject() as? String {
                let path = dataDir + "/" + relative
                guard let bytes = FileManager.default.contents(atPath: path) else { continue }
                files += 1
                for secret in secrets {
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(relative) holds card data in clear")
                }
            }
            // On the PostgreSQL run the database is not in the data directory.
            #expect(files >= (TestPostgres.isActive ? 1 : 2), "the database and sandbox/card.journal were searched")
            let kept = try #require(FileManager.default.contents(atPath: dataDir + "/sandbox/card.journal"))
            let keys = try kept.split(separator: UInt8(ascii: "\n")).reduce(into: Set<String>()) { keys, line in
                keys.formUnion(Self.keys(in: try JSONSerialization.jsonObject(with: Data(line))))
            }
            #expect(keys.isDisjoint(with: ["number", "cardNumber", "expiry", "cvc", "encryptedCardData", "card"]), "\(keys)")
            #expect(String(decoding: kept, as: UTF8.self).contains("540987*******987"))

            let log = try String(contentsOfFile: logPath, encoding: .utf8)
            #expect(log.contains("/sandbox/card/payments"), "the requests were logged")
            for secret in secrets { #expect(!log.contains(secret), "the log holds card data in clear") }
        } catch {
            Issue.record(error)
        }
        // Stop first, close after: the server logs while stopping, and a closed descriptor's
        // number is soon reused by another test's socket, which would receive those lines.
        await server.stop()
        close(fd)
    }

    /// Every object key anywhere in a parsed JSON value.
    private static func keys(in value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(in: $1.value)) }
        }
        if let array = value as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(keys(in: $1)) } }
        return []
    }
}
