import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Toss sandbox fault injection, seen through the adapter")
struct TossFaultTests {
    @Test("reject declines with REJECT_CARD_PAYMENT; the next confirm, unfaulted, approves")
    func reject() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            try harness.fault("TOSS", "confirm", "reject")
            let proof = PaymentProof.toss(paymentKey: paymentKey, amount: order.amount)
            let outcome = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "a")
            guard case .declined(let code, _) = outcome else { Issue.record("not declined: \(outcome)"); return }
            #expect(code == "REJECT_CARD_PAYMENT")
            guard case .approved = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "b") else {
                Issue.record("the fault outlived its count"); return
            }
        }
    }

    @Test("error500 is unavailable(500) and charges nothing, count times")
    func error500() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            try harness.fault("TOSS", "confirm", "error500", count: 2)
            let proof = PaymentProof.toss(paymentKey: paymentKey, amount: order.amount)
            for _ in 0..<2 {
                await #expect(throws: GatewayError.unavailable(status: 500)) {
                    _ = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "k")
                }
            }
            #expect(try await harness.toss.lookup(order, reference: .init(orderId: order.orderId)) == .notFound)
            guard case .approved = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "k") else {
                Issue.record("a retry with the same key after 500s did not approve"); return
            }
        }
    }

    @Test("timeout: no answer within the gateway timeout (2 s), nothing charged")
    func timeout() async throws {
        try await withGateways(gatewayTimeout: 2) { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            try harness.fault("TOSS", "confirm", "timeout")
            let (result, seconds) = await elapsed {
                await #expect(throws: GatewayError.timeout) {
                    _ = try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: order.amount), idempotencyKey: "k")
                }
            }
            _ = result
            #expect(seconds >= 1.9 && seconds < 3, "gave up after \(seconds) s")
            #expect(try await harness.patientToss.lookup(order, reference: .init(orderId: order.orderId)) == .notFound)
        }
    }

    @Test("approveThenTimeout: the caller times out, but lookup shows the approval and a retry with the key replays it")
    func approveThenTimeout() async throws {
        try await withGateways(gatewayTimeout: 2) { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            try harness.fault("TOSS", "confirm", "approveThenTimeout")
            let proof = PaymentProof.toss(paymentKey: paymentKey, amount: order.amount)
            await #expect(throws: GatewayError.timeout) {
                _ = try await harness.toss.confirm(order, proof: proof, idempotencyKey: "k")
            }
            guard case .approved(let approval) = try await harness.patientToss.lookup(order, reference: .init(orderId: order.orderId)) else {
                Issue.record("the approval is not visible"); return
            }
            #expect(approval.paymentKey == paymentKey && approval.amount == order.amount)
            guard case .approved = try await harness.patientToss.confirm(order, proof: proof, idempotencyKey: "k") else {
                Issue.record("the re-confirm did not replay the approval"); return
            }
        }
    }

    @Test("slow answers normally after delayMs, within the timeout")
    func slow() async throws {
        try await withGateways { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            try harness.fault("TOSS", "confirm", "slow", delayMs: 400)
            let (outcome, seconds) = try await elapsed {
                try await harness.toss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: order.amount), idempotencyKey: "k")
            }
            guard case .approved = outcome else { Issue.record("not approved: \(outcome)"); return }
            #expect(seconds >= 0.35, "answered after \(seconds) s")
        }
    }

    @Test("lookup and cancel faults")
    func lookupAndCancel() async throws {
        try await withGateways(gatewayTimeout: 2) { harness in
            let order = GatewayHarness.order()
            let paymentKey = try harness.tossCheckout(order)
            _ = try await harness.patientToss.confirm(order, proof: .toss(paymentKey: paymentKey, amount: order.amount), idempotencyKey: "k")
            try harness.fault("TOSS", "lookup", "error500")
            await #expect(throws: GatewayError.unavailable(status: 500)) {
                _ = try await harness.patientToss.lookup(order, reference: .init(orderId: order.orderId))
            }
            let reference = PaymentReference(orderId: order.orderId, paymentKey: paymentKey)
            try harness.fault("TOSS", "cancel", "approveThenTimeout")
            await #expect(throws: GatewayError.timeout) {
                _ = try await harness.toss.cancel(.init(reference: reference, amount: 1_000, vat: 91, taxFreeAmount: 0, reason: "x",
                                                        idempotencyKey: "c1"))
            }
            let balance = harness.sandbox.toss.store.read { $0.payments[paymentKey]?.balanceAmount }
            #expect(balance == 14_000, "the cancel happened although nobody heard")
            try harness.fault("TOSS", "cancel", "reject")
            do {
                _ = try await harness.patientToss.cancel(.init(reference: reference, amount: 1_000, vat: 91, taxFreeAmount: 0, reason: "x",
                                                        idempotencyKey: "c2"))
                Issue.record("the rejected cancel went through")
            } catch let MarketplaceError.conflict(code, _) {
                #expect(code == "NOT_CANCELABLE_PAYMENT")
            }
        }
    }
}
