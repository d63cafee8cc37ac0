/// Whether an account may act; a suspended one cannot log in and its tokens stop working.
public enum UserStatus: String, Sendable, CaseIterable, Hashable {
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
}
