/// `POST /api/v1/auth/verify-email`.
struct VerifyEmailRequest: Decodable {
    var email: String?
    var code: String?
}
