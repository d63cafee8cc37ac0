import Marketplace
import Testing

struct VATTests {
    @Test("VAT inside an amount is amount / 11 rounded half up", arguments: [
        (Int64(0), Int64(0)), (5, 0), (6, 1), (10, 1), (11, 1), (16, 1), (17, 2), (110, 10), (110_000, 10_000),
        (1_000, 91), (999, 91), (1_000_000_000, 90_909_091), (9_999_999_999, 909_090_909),
    ])
    func included(amount: Int64, vat: Int64) {
        #expect(VAT.included(in: amount) == vat)
    }

    @Test("half up, checked against exact rational rounding for every amount up to 100,000")
    func exhaustive() {
        for amount in Int64(0)...100_000 {
            let quotient = amount / 11, remainder = amount % 11
            // amount / 11 = quotient + remainder / 11; round up when remainder / 11 ≥ 1/2.
            let expected = 2 * remainder >= 11 ? quotient + 1 : quotient
            #expect(VAT.included(in: amount) == expected)
        }
    }

    @Test("an order's VAT is round((total − tax-free lines) / 11)", arguments: [
        (Int64(110_000), Int64(0), Int64(10_000)), (110_000, 110_000, 0), (110_000, 55_000, 5_000),
        (30_000, 12_345, 1_605), (100, 0, 9), (0, 0, 0),
    ])
    func order(total: Int64, taxFree: Int64, vat: Int64) {
        #expect(VAT.ofOrder(total: total, taxFree: taxFree) == vat)
        #expect(PaymentBalance.ofOrder(total: total, taxFree: taxFree) == PaymentBalance(amount: total, vat: vat))
    }
}

struct PaymentBalanceTests {
    static let full = PaymentBalance(amount: 110_000, vat: 10_000)

    static func expectNotCancelable(_ balance: PaymentBalance, amount: Int64, vat: Int64? = nil,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let split = try balance.cancel(amount: amount, vat: vat)
            Issue.record("accepted \(split)", sourceLocation: sourceLocation)
        } catch {
            guard case .conflict(let code, _) = error else {
                Issue.record("wrong error \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(code == "NOT_CANCELABLE_AMOUNT", sourceLocation: sourceLocation)
        }
    }

    @Test("a partial cancel's VAT defaults to round(amount / 11)")
    func partialDefault() throws {
        let split = try Self.full.cancel(amount: 50_000)
        #expect(split == CancelSplit(amount: 50_000, vat: 4_545, remaining: PaymentBalance(amount: 60_000, vat: 5_455)))
        #expect(!split.remaining.isEmpty)
    }

    @Test("a cancel that empties the balance takes all the remaining VAT")
    func emptyingTakesRest() throws {
        let first = try Self.full.cancel(amount: 50_000)
        let second = try first.remaining.cancel(amount: 60_000)
        #expect(second.vat == 5_455)
        #expect(second.remaining == PaymentBalance(amount: 0, vat: 0))
        #expect(second.remaining.isEmpty)
    }

    @Test("a full cancel of a fresh payment refunds everything")
    func fullCancel() throws {
        #expect(try Self.full.cancel(amount: 110_000) == CancelSplit(amount: 110_000, vat: 10_000, remaining: PaymentBalance(amount: 0, vat: 0)))
    }

    @Test("an explicit VAT is used as given when the rules allow it")
    func explicitVAT() throws {
        #expect(try Self.full.cancel(amount: 50_000, vat: 0).remaining == PaymentBalance(amount: 60_000, vat: 10_000))
        #expect(try Self.full.cancel(amount: 1, vat: 1).remaining == PaymentBalance(amount: 109_999, vat: 9_999))
        #expect(try Self.full.cancel(amount: 110_000, vat: 10_000).remaining.isEmpty)
    }

    @Test("more than the balance is refused")
    func overBalance() {
        Self.expectNotCancelable(Self.full, amount: 110_001)
        Self.expectNotCancelable(PaymentBalance(amount: 0, vat: 0), amount: 1)
    }

    @Test("more VAT than the balance's is refused, given or defaulted")
    func overVAT() {
        Self.expectNotCancelable(Self.full, amount: 100, vat: 10_001)
        // A tax-free payment has no VAT to give back, so the default round(amount / 11) is too much.
        Self.expectNotCancelable(PaymentBalance(amount: 10_000, vat: 0), amount: 5_000)
        #expect(throws: Never.self) { try PaymentBalance(amount: 10_000, vat: 0).cancel(amount: 5_000, vat: 0) }
        // The default of an emptying cancel is the remaining VAT, which always fits.
        #expect(throws: Never.self) { try PaymentBalance(amount: 10_000, vat: 0).cancel(amount: 10_000) }
    }

    @Test("emptying the balance while VAT remains is refused")
    func vatLeftBehind() {
        Self.expectNotCancelable(Self.full, amount: 110_000, vat: 9_999)
        Self.expectNotCancelable(Self.full, amount: 110_000, vat: 0)
    }

    @Test("an amount below 1 or a negative VAT is a 400 naming the field", arguments: [
        (Int64(0), Int64?.none, ["amount"]), (-5, nil, ["amount"]), (100, -1, ["vat"]), (0, -1, ["amount", "vat"]),
    ])
    func invalid(amount: Int64, vat: Int64?, fields: [String]) {
        do {
            _ = try Self.full.cancel(amount: amount, vat: vat)
            Issue.record("accepted")
        } catch {
            guard case .validation(let code, _, let issues) = error else { Issue.record("wrong error \(error)"); return }
            #expect(code == "INVALID_REQUEST")
            #expect(issues.map(\.field) == fields)
        }
    }

    @Test("the smallest cancels: 1 KRW, and the last 1 KRW")
    func smallest() throws {
        let one = try Self.full.cancel(amount: 1)
        #expect(one.vat == 0)
        let almost = try Self.full.cancel(amount: 109_999)
        #expect(almost.vat == 10_000)   // round(109_999 / 11) = 10_000: all VAT gone, 1 KRW left
        let last = try almost.remaining.cancel(amount: 1)
        #expect(last == CancelSplit(amount: 1, vat: 0, remaining: PaymentBalance(amount: 0, vat: 0)))
    }

    @Test("for every amount, a default cancel either follows the rules or is refused for a stated reason")
    func propertyDefaults() throws {
        for total in [Int64(100), 101, 110, 1_000, 9_999, 110_000] {
            for taxFree in [Int64(0), total / 3, total] {
                let balance = PaymentBalance.ofOrder(total: total, taxFree: taxFree)
                for amount in Int64(1)...(total + 2) {
                    let defaultVAT = amount == balance.amount ? balance.vat : VAT.included(in: amount)
                    let refused = amount > balance.amount || defaultVAT > balance.vat
                    if refused {
                        Self.expectNotCancelable(balance, amount: amount)
                        continue
                    }
                    let split = try balance.cancel(amount: amount)
                    #expect(split.amount == amount && split.vat == defaultVAT)
                    #expect(split.remaining.amount + split.amount == balance.amount)
                    #expect(split.remaining.vat + split.vat == balance.vat)
                    #expect(split.remaining.amount >= 0 && split.remaining.vat >= 0)
                    #expect(!(split.remaining.amount == 0 && split.remaining.vat != 0))
                }
            }
        }
    }

    @Test("cancels in any number of steps never refund more than was paid and end with nothing left")
    func propertySequences() throws {
        for step in [Int64(1), 7, 11, 999, 10_000, 36_667, 55_000] {
            var balance = Self.full
            var refunded: Int64 = 0, refundedVAT: Int64 = 0
            while !balance.isEmpty {
                let amount = min(step, balance.amount)
                guard let split = try? balance.cancel(amount: amount) else {
                    // Only possible when the default VAT outruns the balance VAT: take the rest at once.
                    #expect(VAT.included(in: amount) > balance.vat)
                    let rest = try balance.cancel(amount: balance.amount)
                    refunded += rest.amount
                    refundedVAT += rest.vat
                    balance = rest.remaining
                    break
                }
                refunded += split.amount
                refundedVAT += split.vat
                balance = split.remaining
            }
            #expect(refunded == 110_000 && refundedVAT == 10_000)
            #expect(balance == PaymentBalance(amount: 0, vat: 0))
        }
    }

    @Test("every explicit VAT from 0 to the balance VAT + 1, for a few amounts")
    func propertyExplicit() throws {
        let balance = PaymentBalance(amount: 1_100, vat: 100)
        for amount in [Int64(1), 550, 1_099, 1_100] {
            for vat in Int64(0)...101 {
                let allowed = vat <= balance.vat && !(amount == balance.amount && vat != balance.vat)
                if allowed {
                    #expect(try balance.cancel(amount: amount, vat: vat).remaining == PaymentBalance(amount: 1_100 - amount, vat: 100 - vat))
                } else {
                    Self.expectNotCancelable(balance, amount: amount, vat: vat)
                }
            }
        }
    }
}
