/// Paying the sellers (docs/API.md §11): settlement runs, MANUAL payouts, the sellers' and
/// admins' views, payout accounts and commission rules. Money moves only in the
/// repositories' transactions (see `SettlementStore`); this type checks roles and input.
public struct SettlementService: Sendable {
    public struct Settings: Sendable, Equatable {
        /// `settlement.minimumPayout`: a seller's available balance below it waits for the next run.
        public var minimumPayout: Int64
        /// `settlement.runHour`: the daily run's hour, KST.
        public var runHour: Int
        /// How long a run's lease lasts; a run that dies frees the next one after it.
        public var lease: Double
        /// `payouts.provider`.
        public var provider: String

        public init(minimumPayout: Int64 = 1000, runHour: Int = 3, lease: Double = 600, provider: String = "MANUAL") {
            self.minimumPayout = minimumPayout
            self.runHour = runHour
            self.lease = lease
            self.provider = provider
        }
    }

    let repository: any SettlementRepository
    let rules: any CommissionRuleRepository
    let cipher: any CardCipher
    let clock: any WallClock
    let settings: Settings
    /// This server's name in the run's lease.
    let holder: String

    public init(repository: any SettlementRepository, rules: any CommissionRuleRepository, cipher: any CardCipher,
                clock: any WallClock, settings: Settings, holder: String) {
        self.repository = repository
        self.rules = rules
        self.cipher = cipher
        self.clock = clock
        self.settings = settings
        self.holder = holder
    }

    /// One run over entries available at `until` (default now; not in the future). Holds the
    /// database lease throughout: another run meanwhile, on any server, is 409
    /// `SETTLEMENT_IN_PROGRESS`. Returns the settlements made.
    public func run(until: Double?, by principal: Principal) async throws -> (until: Double, settlements: [Settlement]) {
        try OrderService.requireRole(.admin, principal)
        let now = clock.now()
        let until = until ?? now
        guard until <= now else {
            throw MarketplaceError.invalid([FieldIssue(field: "until", message: "must not be in the future")])
        }
        return (until, try await sweep(until: until, at: now))
    }

    /// `run` with `until` capped at now: a day's end that is still to come means "now".
    public func runCapped(until: Double?, by principal: Principal) async throws -> (until: Double, settlements: [Settlement]) {
        try await run(until: until.map { min($0, clock.now()) }, by: principal)
    }

    /// The run itself (the admin trigger and the daily worker).
    public func sweep(until: Double, at now: Double) async throws -> [Settlement] {
        guard try await repository.acquireRun(holder: holder, leaseUntil: now + settings.lease, at: now) else {
            throw MarketplaceError.conflict(code: "SETTLEMENT_IN_PROGRESS", detail: "Another settlement run is in progress; try again later.")
        }
        var made: [Settlement] = []
        do {
            for seller in try await repository.eligibleSellers(until: until, minimum: settings.minimumPayout) {
                if let settlement = try await repository.settle(seller: seller, until: until, minimum: settings.minimumPayout,
                                                                provider: settings.provider, holder: holder, at: clock.now()) {
                    made.append(settlement)
                }
            }
        } catch {
            try? await repository.releaseRun(holder: holder)
            throw error
        }
        try await repository.releaseRun(holder: holder)
        return made
    }

    /// MANUAL: an admin records the transfer made. 404 `PAYOUT_NOT_FOUND`, 409 `PAYOUT_NOT_REQUESTED`.
    public func complete(payout id: Int64, reference: String?, by principal: Principal) async throws -> Payout {
        try OrderService.requireRole(.admin, principal)
        let reference = reference?.trimmingWhitespace() ?? ""
        guard (1...100).contains(reference.count), !reference.hasControlCharacters else {
            throw MarketplaceError.invalid([FieldIssue(field: "reference", message: "must be 1–100 characters without control characters")])
        }
        return try await changed(id, try await repository.markPaid(payout: id, reference: reference, at: clock.now()), "REQUESTED")
    }

    /// MANUAL: an admin records that the transfer failed; the amount is available again.
    public func fail(payout id: Int64, reason: String?, by principal: Principal) async throws -> Payout {
        try OrderService.requireRole(.admin, principal)
        let reason = reason?.trimmingWhitespace() ?? ""
        guard (1...200).contains(reason.count), !reason.hasControlCharacters else {
            throw MarketplaceError.invalid([FieldIssue(field: "reason", message: "must be 1–200 characters without control characters")])
        }
        return try await changed(id, try await repository.markFailed(payout: id, reason: reason, at: clock.now()), "REQUESTED")
    }

    /// A FAILED payout requested again, to the seller's current VERIFIED account.
    public func retry(payout id: Int64, by principal: Principal) async throws -> Payout {
        try OrderService.requireRole(.admin, principal)
        return try await changed(id, try await repository.retry(payout: id, at: clock.now()), "FAILED (with a VERIFIED payout account)")
    }

    private func changed(_ id: Int64, _ payout: Payout?, _ expected: String) async throws -> Payout {
        if let payout { return payout }
        guard let current = try await repository.payout(id) else {
            throw MarketplaceError.notFound(code: "PAYOUT_NOT_FOUND", detail: "No payout has this id.")
        }
        throw MarketplaceError.conflict(code: "PAYOUT_STATUS_CONFLICT",
                                        detail: "The payout is \(current.status.rawValue); this needs it \(expected).")
    }

    public func adminPayouts(status: Payout.Status?, page: PageRequest, by principal: Principal) async throws -> Page<Payout> {
        try OrderService.requireRole(.admin, principal)
        return try await repository.payouts(status: status, page: page)
    }

    public func adminSettlements(seller: Int64?, status: Settlement.Status?, page: PageRequest,
                                 by principal: Principal) async throws -> Page<Settlement> {
        try OrderService.requireRole(.admin, principal)
        return try await repository.settlements(seller: seller.map(UserID.init(rawValue:)), status: status, page: page)
    }

    public func balance(by principal: Principal) async throws -> SellerBalance {
        try OrderService.requireRole(.seller, principal)
        return try await repository.balance(seller: principal.userID, at: clock.now())
    }

    /// The next daily run after now: `runHour`:00 KST (UTC+9, no daylight saving).
    public func nextRunAt() -> Double {
        let kst = clock.now() + 9 * 3600
        let today = (kst / 86_400).rounded(.down) * 86_400 + Double(settings.runHour) * 3600
        return (today > kst ? today : today + 86_400) - 9 * 3600
    }

    public func ledger(from: Double?, to: Double?, type: LedgerEntryType?, page: PageRequest,
                       by principal: Principal) async throws -> Page<LedgerEntry> {
        try OrderService.requireRole(.seller, principal)
        return try await repository.ledger(seller: principal.userID, from: from, to: to, type: type, page: page)
    }

    public func sellerSettlements(page: PageRequest, by principal: Principal) async throws -> Page<Settlement> {
        try OrderService.requireRole(.seller, principal)
        return try await repository.settlements(seller: principal.userID, status: nil, page: page)
    }

    /// One of the caller's settlements with its entries. 404 `SETTLEMENT_NOT_FOUND` (also another seller's).
    public func sellerSettlement(_ id: Int64, by principal: Principal) async throws -> (Settlement, [LedgerEntry]) {
        try OrderService.requireRole(.seller, principal)
        guard let settlement = try await repository.settlement(id), settlement.sellerID == principal.userID else {
            throw MarketplaceError.notFound(code: "SETTLEMENT_NOT_FOUND", detail: "No settlement of yours has this id.")
        }
        return (settlement, try await repository.entries(ofSettlement: id))
    }

    /// `PUT /seller/payout-account`: the number sealed with the card cipher, masked in the
    /// answer. MANUAL: VERIFIED at once (the operator checks the account when paying).
    public func savePayoutAccount(bankCode: String?, accountNumber: String?, holderName: String?, businessNumber: String?,
                                  by principal: Principal) async throws -> PayoutAccount {
        try OrderService.requireRole(.seller, principal)
        let issues = PayoutAccount.issues(bankCode: bankCode, accountNumber: accountNumber, holderName: holderName,
                                          businessNumber: businessNumber)
        guard issues.isEmpty, let bankCode, let accountNumber, let holderName else {
            throw MarketplaceError.invalid(issues, detail: "The payout account is not valid.")
        }
        let account = PayoutAccount(sellerID: principal.userID, bankCode: bankCode, maskedAccountNumber: PayoutAccount.mask(accountNumber),
                                    holderName: holderName.trimmingWhitespace(), businessNumber: businessNumber, status: .verified)
        let sealed = Base64.encode(try cipher.seal(Array(accountNumber.utf8)))
        try await repository.savePayoutAccount(account, sealedAccountNumber: sealed, at: clock.now())
        return account
    }

    public func listRules(by principal: Principal) async throws -> [CommissionRule] {
        try OrderService.requireRole(.admin, principal)
        return try await rules.list()
    }

    /// 400 for a rate outside 0–10000 or a malformed category; 409 `COMMISSION_RULE_EXISTS`.
    public func createRule(sellerID: Int64?, category: String?, rateBps: Int?, by principal: Principal) async throws -> CommissionRule {
        try OrderService.requireRole(.admin, principal)
        var issues: [FieldIssue] = []
        if !(rateBps.map { (0...Commission.maximumRateBps).contains($0) } ?? false) {
            issues.append(FieldIssue(field: "rateBps", message: "is required: 0–10000"))
        }
        if let category, !ProductRules.isCategory(category) {
            issues.append(FieldIssue(field: "category", message: "must be 1–50 of a-z, 0-9 and -"))
        }
        if let sellerID, sellerID < 1 { issues.append(FieldIssue(field: "sellerId", message: "must be a seller's id")) }
        guard issues.isEmpty, let rateBps else { throw MarketplaceError.invalid(issues, detail: "The commission rule is not valid.") }
        guard let rule = try await rules.create(sellerID: sellerID.map(UserID.init(rawValue:)), category: category, rateBps: rateBps,
                                                at: clock.now()) else {
            throw MarketplaceError.conflict(code: "COMMISSION_RULE_EXISTS", detail: "A rule for this seller and category exists; delete it first.")
        }
        return rule
    }

    public func deleteRule(_ id: Int64, by principal: Principal) async throws {
        try OrderService.requireRole(.admin, principal)
        guard try await rules.delete(id) else {
            throw MarketplaceError.notFound(code: "COMMISSION_RULE_NOT_FOUND", detail: "No commission rule has this id.")
        }
    }
}
