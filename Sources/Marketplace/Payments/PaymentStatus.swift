/// Where a payment stands (docs/API.md §6): `READY → IN_PROGRESS → DONE | ABORTED | UNKNOWN`;
/// `UNKNOWN → DONE | ABORTED`; `DONE → PARTIAL_CANCELED → CANCELED`; `READY → EXPIRED`.
/// ABORTED also ends an unpaid order canceled by its customer (nothing was charged and
/// nothing will be). IN_PROGRESS carries a lease; IN_PROGRESS and UNKNOWN are settled by
/// `SweepWorker.paymentRecovery`.
public enum PaymentStatus: String, Sendable, CaseIterable {
    case ready = "READY"
    case inProgress = "IN_PROGRESS"
    case done = "DONE"
    case aborted = "ABORTED"
    case unknown = "UNKNOWN"
    case partialCanceled = "PARTIAL_CANCELED"
    case canceled = "CANCELED"
    case expired = "EXPIRED"
}
