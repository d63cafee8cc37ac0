/// What an account may do; each role has its own realm of routes (`/api/v1/seller/**`, …).
public enum Role: String, Sendable, CaseIterable, Hashable {
    case customer = "CUSTOMER"
    case seller = "SELLER"
    case admin = "ADMIN"
}
