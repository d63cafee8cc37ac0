import Marketplace

/// `PATCH /api/v1/me`: `{"name"?, "phone"?, "locale"?: "ko" | "en"}`.
struct UpdateProfileRequest: Decodable {
    var name: String?
    var phone: String?
    var locale: String?

    func validated() throws -> ProfileUpdate { try ProfileUpdate(name: name, phone: phone, locale: locale) }
}
