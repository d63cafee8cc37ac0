/// A counted attempt's row, so its claimer can settle it.
public struct AttemptID: RawRepresentable, Hashable, Sendable {
    /// The row id.
    public let rawValue: Int64

    /// Wraps a row id.
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

/// The answer to claiming a slot under a limit, BEFORE the work it counts runs (docs/API.md §12:
/// N requests at once never get more than the limit's worth of checked answers).
public enum AttemptClaim: Sendable, Equatable {
    /// Counted; the work may run.
    case claimed(AttemptID)
    /// Refused, nothing recorded: no slot frees before `until` (seconds since the Unix epoch).
    case refused(until: Double)
}
