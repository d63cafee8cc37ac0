/// Settlements, payouts, balances and the run's lease (docs/API.md §11). Every method is one
/// transaction unless it says otherwise.
public protocol SettlementRepository: Sendable {
    /// Takes the run's lease (one row in the database, so one run across every server) until
    /// `leaseUntil`; false while another holder's lease is live.
    func acquireRun(holder: String, leaseUntil: Double, at time: Double) async throws -> Bool
    /// Gives the lease back (only if `holder` holds it).
    func releaseRun(holder: String) async throws

    /// Sellers with a VERIFIED payout account whose unsettled entries available at `until`
    /// (and created by then) sum to at least `minimum`.
    func eligibleSellers(until: Double, minimum: Int64) async throws -> [UserID]

    /// For one seller, in ONE transaction: checks `holder` still holds the lease, sums the
    /// seller's unsettled entries available at `until`, and if the sum is ≥ `minimum` writes
    /// the settlement, its entries (each in at most one settlement: a primary key) and its
    /// REQUESTED payout with the seller's payout account as of now. nil: skipped.
    func settle(seller: UserID, until: Double, minimum: Int64, provider: String, holder: String,
                at time: Double) async throws -> Settlement?

    /// REQUESTED → PAID (payout and settlement), with the provider's or admin's reference.
    /// nil when the payout is not REQUESTED (or absent).
    func markPaid(payout id: Int64, reference: String?, at time: Double) async throws -> Payout?
    /// REQUESTED → FAILED: the amount counts as available again.
    func markFailed(payout id: Int64, reason: String, at time: Double) async throws -> Payout?
    /// FAILED → REQUESTED with `attempts + 1` and the seller's current VERIFIED account; nil
    /// when the payout is not FAILED or the seller has no VERIFIED account.
    func retry(payout id: Int64, at time: Double) async throws -> Payout?

    func payout(_ id: Int64) async throws -> Payout?
    func payouts(status: Payout.Status?, page: PageRequest) async throws -> Page<Payout>
    func settlement(_ id: Int64) async throws -> Settlement?
    func settlements(seller: UserID?, status: Settlement.Status?, page: PageRequest) async throws -> Page<Settlement>
    /// The entries a settlement holds, by id.
    func entries(ofSettlement id: Int64) async throws -> [LedgerEntry]

    /// The seller's balance at `time`.
    func balance(seller: UserID, at time: Double) async throws -> SellerBalance
    /// The seller's entries created in [from, to), of `type` if given, newest first.
    func ledger(seller: UserID, from: Double?, to: Double?, type: LedgerEntryType?, page: PageRequest) async throws -> Page<LedgerEntry>

    /// Stores (replaces) the seller's payout account; `sealedAccountNumber` is the cipher's output.
    func savePayoutAccount(_ account: PayoutAccount, sealedAccountNumber: String, at time: Double) async throws
    func payoutAccount(seller: UserID) async throws -> PayoutAccount?

    /// The period end of the last daily run; nil before the first.
    func lastDailyRun() async throws -> Double?
    /// Records a daily run's period end (moves forward only).
    func recordDailyRun(until: Double) async throws
}
