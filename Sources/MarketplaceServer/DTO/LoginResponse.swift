import Marketplace
import Auth

/// `{token, tokenType: "Bearer", expiresAt, user}`: the only place a token is ever shown.
enum LoginResponse {
    static func body(_ result: LoginResult) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.member("token", result.token.value)
        json.member("tokenType", "Bearer")
        json.member("expiresAt", time: result.expiresAt)
        json.key("user")
        UserResponse.write(result.user, into: &json)
        json.endObject()
        return json.bytes
    }
}
