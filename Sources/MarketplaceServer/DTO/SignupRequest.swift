import Marketplace

/// `POST /api/v1/auth/signup`. Fields are optional so that the domain names every missing
/// or invalid one at once; a wrong JSON type still fails decoding, naming the field.
struct SignupRequest: Decodable {
    var email: String?
    var password: String?
    var name: String?
    var phone: String?
    var role: String?

    var form: SignupForm { SignupForm(email: email, password: password, name: name, phone: phone, role: role) }
}
