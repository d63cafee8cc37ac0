import Marketplace

/// A user as the API shows it (docs/API.md §2): never a hash, a token or a code.
enum UserResponse {
    static func write(_ user: User, into json: inout JSONWriter) {
        json.beginObject()
        json.member("id", user.id.rawValue)
        json.member("email", user.email)
        json.member("name", user.name)
        json.member("phone", user.phone)
        json.member("role", user.role.rawValue)
        json.member("status", user.status.rawValue)
        json.member("emailVerified", user.emailVerified)
        json.member("createdAt", time: user.createdAt)
        json.member("locale", user.locale.rawValue)
        json.endObject()
    }

    static func body(_ user: User) -> [UInt8] {
        var json = JSONWriter()
        write(user, into: &json)
        return json.bytes
    }
}
