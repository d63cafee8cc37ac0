/// `POST /api/v1/auth/resend-verification`.
struct ResendVerificationRequest: Decodable {
    var email: String?
}
