@testable import Marketplace
import Testing

struct LedgerPlanTests {
    static let seller = UserID(rawValue: 7)

    static func line(_ product: Int64, _ remaining: Int64, rate: Int = 1000) -> LedgerLine {
        LedgerLine(productID: ProductID(rawValue: product), sellerID: seller, rateBps: rate, remaining: remaining)
    }

    @Test("commission is floored: 10 % of 9 is 0, of 19 is 1; 0 and 10000 bps are the edges")
    func commissionEdges() {
        #expect(Commission.of(9, rateBps: 1000) == 0)
        #expect(Commission.of(19, rateBps: 1000) == 1)
        #expect(Commission.of(10_000, rateBps: 1) == 1)
        #expect(Commission.of(9_999, rateBps: 1) == 0)
        #expect(Commission.of(12_345, rateBps: 0) == 0)
        #expect(Commission.of(12_345, rateBps: 10_000) == 12_345)
        #expect(Commission.of(99 * 1_000_000_000, rateBps: 10_000) == 99_000_000_000)
    }

    @Test("the most specific rule wins: seller and category > seller > category > default")
    func ruleSpecificity() {
        let other = UserID(rawValue: 8)
        let rules = [
            CommissionRule(id: 1, sellerID: nil, category: "books", rateBps: 500, createdAt: 0),
            CommissionRule(id: 2, sellerID: Self.seller, category: nil, rateBps: 700, createdAt: 0),
            CommissionRule(id: 3, sellerID: Self.seller, category: "books", rateBps: 300, createdAt: 0),
        ]
        #expect(CommissionRule.rate(seller: Self.seller, category: "books", rules: rules, defaultRateBps: 1000) == 300)
        #expect(CommissionRule.rate(seller: Self.seller, category: "toys", rules: rules, defaultRateBps: 1000) == 700)
        #expect(CommissionRule.rate(seller: other, category: "books", rules: rules, defaultRateBps: 1000) == 500)
        #expect(CommissionRule.rate(seller: other, category: "toys", rules: rules, defaultRateBps: 1000) == 1000)
        #expect(CommissionRule.rate(seller: other, category: "toys", rules: rules.reversed(), defaultRateBps: 1000) == 1000)
        #expect(CommissionRule.rate(seller: Self.seller, category: "books", rules: rules.reversed(), defaultRateBps: 1000) == 300)
    }

    @Test("a sale writes SALE and COMMISSION per line; a free line writes nothing")
    func sale() {
        let entries = LedgerPlan.sale([Self.line(1, 10_005), Self.line(2, 0), Self.line(3, 5, rate: 1000)])
        #expect(entries.map(\.type) == [.sale, .commission, .sale])
        #expect(entries.map(\.amount) == [10_005, -1000, 5])
    }

    @Test("proportional allocation: floors, then the remainder to the largest line")
    func allocation() {
        #expect(LedgerPlan.allocate(100, over: [100, 100, 100]) == [34, 33, 33])
        #expect(LedgerPlan.allocate(100, over: [1, 1, 1]) == [98, 1, 1])   // beyond the total: the excess to the largest
        #expect(LedgerPlan.allocate(10, over: [3000, 7000]) == [3, 7])
        #expect(LedgerPlan.allocate(1, over: [3000, 7000]) == [0, 1])
        #expect(LedgerPlan.allocate(2, over: [1, 1, 1]) == [1, 1, 0])   // the largest holds 1: the rest spills over
        #expect(LedgerPlan.allocate(3, over: [1, 1, 1]) == [1, 1, 1])
        #expect(LedgerPlan.allocate(5, over: [0, 5]) == [0, 5])
        #expect(LedgerPlan.allocate(0, over: [4, 5]) == [0, 0])
        // Products past Int64: 9.9e10 × 9.9e10.
        let big: Int64 = 99_000_000_000
        #expect(LedgerPlan.allocate(big, over: [big, big]) == [big / 2, big / 2])
    }

    @Test("a refund's commission refund keeps commission = floor(remaining × rate / 10000)")
    func commissionRefund() {
        // 10,009 at 10 %: commission 1000; refund 9 → 10,000 left, commission still 1000.
        #expect(LedgerPlan.refund(9, lines: [Self.line(1, 10_009)]).map(\.amount) == [-9])
        // refund 10 more → 9,999 left, commission 999: 1 back.
        #expect(LedgerPlan.refund(10, lines: [Self.line(1, 10_000)]).map(\.amount) == [-10, 1])
        #expect(LedgerPlan.refund(10_000, lines: [Self.line(1, 10_000)]).map(\.amount) == [-10_000, 1000])
    }

    @Test("a customer's cancel refunds its lines first; what exceeds them goes over the rest")
    func cancelFirst() {
        let lines = [Self.line(1, 3500), Self.line(2, 3500)]
        let entries = LedgerPlan.refund(5000, lines: lines, canceled: [ProductID(rawValue: 1): 5000])
        let refunds = entries.filter { $0.type == .refund }
        #expect(refunds.map(\.amount) == [-3500, -1500])
        #expect(refunds.map(\.productID.rawValue) == [1, 2])
    }

    @Test("random refund histories: refunds sum to the gateway's, commission stays floor(remaining × rate)")
    func randomHistories() {
        var generator = ManagementIDTests.SeededGenerator(state: 20)
        for _ in 0..<500 {
            var lines = (1...Int.random(in: 1...5, using: &generator)).map {
                Self.line(Int64($0), Int64.random(in: 0...200_000, using: &generator), rate: Int.random(in: 0...10_000, using: &generator))
            }
            let sold = Dictionary(uniqueKeysWithValues: lines.map { ($0.productID, $0.remaining) })
            var ledger = LedgerPlan.sale(lines)
            var held = lines.reduce(0) { $0 + $1.remaining }
            while held > 0, Bool.random(using: &generator) || held < 10 {
                let amount = Int64.random(in: 1...held, using: &generator)
                var canceled: [ProductID: Int64] = [:]
                if Bool.random(using: &generator), let pick = lines.randomElement(using: &generator) { canceled[pick.productID] = amount }
                let entries = LedgerPlan.refund(amount, lines: lines, canceled: canceled)
                #expect(-entries.filter { $0.type == .refund }.reduce(0) { $0 + $1.amount } == amount)
                ledger += entries
                held -= amount
                for entry in entries where entry.type == .refund {
                    let index = lines.firstIndex { $0.productID == entry.productID }!
                    lines[index].remaining += entry.amount
                    #expect(lines[index].remaining >= 0)
                }
            }
            for line in lines {
                let mine = ledger.filter { $0.productID == line.productID }
                let sales = mine.filter { $0.type == .sale }.reduce(0) { $0 + $1.amount }
                let refunds = mine.filter { $0.type == .refund }.reduce(0) { $0 - $1.amount }
                let commission = mine.filter { [.commission, .commissionRefund].contains($0.type) }.reduce(0) { $0 - $1.amount }
                #expect(sales == sold[line.productID])
                #expect(sales - refunds == line.remaining)
                #expect(commission == Commission.of(line.remaining, rateBps: line.rateBps))
            }
        }
    }
}

struct KSTDayTests {
    @Test("KST days: 2026-12-04 starts at 2026-12-03T15:00Z; invalid dates are refused")
    func days() {
        let day = KSTDay("2026-12-04")
        #expect(day?.start == 1_796_310_000)   // 2026-12-03T15:00:00Z
        #expect(day?.end == 1_796_396_400)
        #expect(KSTDay(containing: 1_796_310_000) == day)
        #expect(KSTDay(containing: 1_796_309_999) == KSTDay("2026-12-03"))
        #expect(KSTDay("2024-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", "2026-01-0a", ""] { #expect(KSTDay(bad) == nil) }
    }
}
