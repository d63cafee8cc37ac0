import Gateways
import Foundation
import Marketplace
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The sealed cards a payment repository would keep, in memory.
final class InMemoryCardVault: CardVault {
    private let blocks = Mutex<[String: String]>([:])

    func keep(_ sealed: String, forPayment managementId: String) { blocks.withLock { $0[managementId] = sealed } }

    func sealedCard(forPayment managementId: String) async throws -> String? { blocks.withLock { $0[managementId] } }
}

extension GatewayHarness {
    /// A test card: valid through December 2030.
    static let card = CardDetails(number: "5409876543210987", expiry: "1230", cvc: "864", installmentMonths: 0)

    var cardCipher: any CardCipher { server.application.payments.cardCipher }

    /// The application's CARD adapter with `vault` (the application's has none on record);
    /// `patient` gives it a 10 s client, for calls around a faulted one.
    func cardCompany(vault: any CardVault = InMemoryCardVault(), patient: Bool = false) -> CardCompany {
        let registered = server.application.payments.adapters[.card] as! CardCompany
        let access = registered.access
        return CardCompany(access: patient ? GatewayAccess(baseURL: access.baseURL, publicBaseURL: access.publicBaseURL,
                                                           sandbox: access.sandbox, client: try! OutboundHTTPClient.gateway(timeoutSeconds: 10))
                                           : access,
                           cipher: cardCipher, vault: vault, clock: SystemClock())
    }

    /// A fresh management id.
    static func managementId() -> String { ManagementID.make(at: Date().timeIntervalSince1970).rawValue }

    /// A cancel of the CARD payment `original`.
    static func cardCancel(of original: String, amount: Int64, vat: Int64, managementId: String? = nil) -> PaymentCancellation {
        PaymentCancellation(reference: PaymentReference(orderId: "ord_card", tid: original), amount: amount, vat: vat,
                            taxFreeAmount: 0, reason: "test", managementId: managementId ?? GatewayHarness.managementId(),
                            idempotencyKey: "c")
    }

    /// `GET /sandbox/card/messages[?managementId=]`.
    func cardMessages(_ managementId: String? = nil) throws -> [[String: Any]] {
        let reply = try server.request("GET", "/sandbox/card/messages" + (managementId.map { "?managementId=" + $0 } ?? ""))
        #expect(reply.status == 200, "\(reply.text)")
        return try #require(try reply.json()["messages"] as? [[String: Any]])
    }

    /// Posts a raw message to the card sandbox.
    func postCardMessage(_ text: String, contentType: String = "text/plain") throws -> TestClient.Reply {
        try server.request("POST", "/sandbox/card/payments", headers: [("Content-Type", contentType)], body: text)
    }

    /// An encoded PAYMENT of `card`, sealed with the application's key.
    func paymentMessage(_ card: CardDetails = GatewayHarness.card, id: String = GatewayHarness.managementId(), amount: Int64 = 11_000,
                        vat: Int64 = 1_000, cipher: (any CardCipher)? = nil) throws -> String {
        try CardMessage.payment(managementId: id, card: card, amount: amount, vat: vat,
                                encryptedCardData: try CardDataBlock.seal(card, with: cipher ?? cardCipher)).encoded()
    }
}
