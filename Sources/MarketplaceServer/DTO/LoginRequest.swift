/// `POST /api/v1/auth/login`.
struct LoginRequest: Decodable {
    var email: String?
    var password: String?
}
