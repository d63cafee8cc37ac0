import Marketplace

/// `PATCH /api/v1/admin/users/{id}`: `{"status": "ACTIVE" | "SUSPENDED"}`.
struct UpdateUserStatusRequest: Decodable {
    var status: String?

    /// The requested status, or 400 naming `status`.
    func validated() throws -> UserStatus {
        guard let status else { throw MarketplaceError.invalid([FieldIssue(field: "status", message: "is required")]) }
        guard let parsed = UserStatus(rawValue: status) else {
            throw MarketplaceError.invalid([FieldIssue(field: "status", message: "must be ACTIVE or SUSPENDED")])
        }
        return parsed
    }
}
