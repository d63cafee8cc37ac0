import Foundation
import Testing
@testable import MarketplaceServer
import TestHTTP

/// The Toss sandbox answers what Toss's published Payment object reference describes, its
/// amounts describe the balance after cancels, and its state is a journal appended per call.
@Suite("Toss sandbox: the Payment object, amounts after cancels, the journal")
struct TossSandboxFidelityTests {
    /// Posts to the sandbox's API with its Basic auth.
    private func call(_ harness: GatewayHarness, _ path: String, _ body: String) throws -> TestClient.Reply {
        try harness.server.request("POST", "/sandbox/toss/v1/payments" + path,
                                   headers: [harness.tossAuthorization, ("Content-Type", "application/json")], body: body)
    }

    private func confirmed(_ harness: GatewayHarness, amount: Int64, taxFree: Int64) throws -> (String, [String: Any], String) {
        let orderId = "fid_" + UUID().uuidString.prefix(12).lowercased()
        let approve = try harness.server.request("POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
                                                 body: #"{"orderId":"\#(orderId)","amount":\#(amount),"taxFreeAmount":\#(taxFree)}"#)
        let paymentKey = try #require(try approve.json()["paymentKey"] as? String)
        let reply = try call(harness, "/confirm", #"{"paymentKey":"\#(paymentKey)","orderId":"\#(orderId)","amount":\#(amount)}"#)
        #expect(reply.status == 200, "\(reply.text)")
        return (paymentKey, try reply.json(), reply.text)
    }

    private func amounts(_ payment: [String: Any]) -> [Int] {
        ["balanceAmount", "taxFreeAmount", "vat", "suppliedAmount"].map { payment[$0] as? Int ?? -1 }
    }

    @Test("every field of the reference, with its JSON type and nulls")
    func paymentObject() async throws {
        try await withGateways { harness in
            let (_, payment, text) = try confirmed(harness, amount: 15_000, taxFree: 0)
            let strings = ["mId", "version", "paymentKey", "type", "orderId", "orderName", "currency", "method", "country", "status",
                           "requestedAt", "approvedAt", "lastTransactionKey"]
            for key in strings { #expect(payment[key] is String, "\(key)") }
            for key in ["useEscrow", "cultureExpense", "isPartialCancelable"] {
                #expect(text.contains("\"\(key)\":false") || text.contains("\"\(key)\":true"), "\(key) is a boolean")
            }
            for key in ["totalAmount", "balanceAmount", "suppliedAmount", "vat", "taxFreeAmount", "taxExemptionAmount"] {
                #expect(payment[key] is Int, "\(key)")
            }
            for key in ["virtualAccount", "transfer", "mobilePhone", "giftCertificate", "cashReceipt", "cashReceipts", "discount",
                        "cancels", "secret", "easyPay", "receipt", "checkout", "failure", "metadata"] {
                #expect(payment.keys.contains(key) && payment[key] is NSNull, "\(key) is present and null")
            }
            let card = try #require(payment["card"] as? [String: Any])
            for key in ["issuerCode", "acquirerCode", "number", "approveNo", "cardType", "ownerType", "acquireStatus"] {
                #expect(card[key] is String, "card.\(key)")
            }
            #expect(card["amount"] as? Int == 15_000 && card["installmentPlanMonths"] as? Int == 0)
            #expect(text.contains(#""isInterestFree":false"#) && text.contains(#""useCardPoint":false"#))
            #expect(card.keys.contains("interestPayer") && card["interestPayer"] is NSNull)
            #expect(amounts(payment) == [15_000, 0, 1_364, 13_636])
        }
    }

    @Test("after a partial and a full cancel, taxFreeAmount, vat and suppliedAmount describe the balance")
    func amountsAfterCancels() async throws {
        try await withGateways { harness in
            let (paymentKey, payment, _) = try confirmed(harness, amount: 33_000, taxFree: 3_000)
            #expect(amounts(payment) == [33_000, 3_000, 2_727, 27_273])   // 30,000 / 11 = 2,727.27 → 2,727
            let partial = try call(harness, "/\(paymentKey)/cancel", #"{"cancelReason":"one mug","cancelAmount":11000,"taxFreeAmount":1000}"#)
            #expect(partial.status == 200, "\(partial.text)")
            // 22,000 left, 2,000 of it tax-free: 20,000 / 11 = 1,818.18 → 1,818.
            #expect(amounts(try partial.json()) == [22_000, 2_000, 1_818, 18_182])
            #expect(try partial.json()["status"] as? String == "PARTIAL_CANCELED")
            let cancel = try #require((try partial.json()["cancels"] as? [[String: Any]])?.first)
            for key in ["cancelAmount", "taxFreeAmount", "taxExemptionAmount", "refundableAmount", "transferDiscountAmount",
                        "easyPayDiscountAmount"] {
                #expect(cancel[key] is Int, "cancels[].\(key)")
            }
            // Cancelling more taxable money than is left is refused and changes nothing.
            let tooTaxable = try call(harness, "/\(paymentKey)/cancel", #"{"cancelReason":"x","cancelAmount":21000,"taxFreeAmount":0}"#)
            #expect(try tooTaxable.status == 403 && tooTaxable.json()["code"] as? String == "NOT_CANCELABLE_AMOUNT")
            let full = try call(harness, "/\(paymentKey)/cancel", #"{"cancelReason":"the rest"}"#)
            #expect(full.status == 200, "\(full.text)")
            #expect(amounts(try full.json()) == [0, 0, 0, 0])
            #expect(try full.json()["status"] as? String == "CANCELED")
            #expect((try full.json()["cancels"] as? [[String: Any]])?.last?["taxFreeAmount"] as? Int == 2_000,
                    "the last cancel takes the tax-free remainder")
        }
    }

    @Test("a confirm appends to the journal and leaves what was written; a torn last line is dropped at start")
    func journal() async throws {
        let dataDir = NSTemporaryDirectory() + "marketplace-journal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let path = dataDir + "/sandbox/toss.journal"
        let paymentKey = try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            let (first, _, _) = try confirmed(harness, amount: 1_000, taxFree: 0)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            _ = try confirmed(harness, amount: 2_000, taxFree: 0)
            let after = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(after.count > before.count && after.prefix(before.count) == before, "appended, not rewritten")
            return first
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"k":"x","t":"payments","v":{"paym"#.utf8))
        try handle.close()
        try await withGateways(configure: { $0.storage.dataDir = dataDir }) { harness in
            let reply = try harness.server.request("GET", "/sandbox/toss/v1/payments/\(paymentKey)", headers: [harness.tossAuthorization])
            #expect(try reply.status == 200 && reply.json()["status"] as? String == "DONE", "\(reply.text)")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "compacted without the torn line")
        }
    }

    @Test("tosspayments-python-server-sdk confirms, looks up and cancels against the sandbox; every field it reads is there")
    func pythonSDK() async throws {
        try await withGateways { harness in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = ServerProcess.packageRoot.appending(path: "scripts/toss_sdk_check.py").path()
            process.arguments = ["python3", script, harness.base + "/sandbox/toss", harness.server.application.config.payments.toss.secretKey]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains(#""problems": []"#), "\(text)")
        }
    }
}
