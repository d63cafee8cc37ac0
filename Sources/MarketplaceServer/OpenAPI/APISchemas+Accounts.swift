/// Component schemas of accounts and sessions (docs/API.md §2).
extension APISchemas {
    static let roleValues = ["CUSTOMER", "SELLER", "ADMIN"]
    static let statusValues = ["ACTIVE", "SUSPENDED"]

    static let user = Schema.object([
        ("id", .integer(minimum: 1)),
        ("email", .string(format: "email", maxLength: 254)),
        ("name", .string(minLength: 1, maxLength: 100)),
        ("phone", .nullable(.string(pattern: "^[0-9]{10,11}$"))),
        ("role", .string(values: roleValues)),
        ("status", .string(values: statusValues)),
        ("emailVerified", .boolean),
        ("createdAt", .string(format: "date-time")),
        ("locale", .string(values: ["ko", "en"], description: "the language of the account's mail")),
    ], required: ["id", "email", "name", "phone", "role", "status", "emailVerified", "createdAt", "locale"])

    static let loginResponse = Schema.object([
        ("token", .string(minLength: 43, maxLength: 43, description: "opaque bearer token (32 random bytes, base64url); shown once")),
        ("tokenType", .string(values: ["Bearer"])),
        ("expiresAt", .string(format: "date-time")),
        ("user", .ref("User")),
    ], required: ["token", "tokenType", "expiresAt", "user"])

    static let password = Schema.string(minLength: 8, description: "at least 8 characters and at most 72 bytes of UTF-8, no NUL; never truncated")

    static let signupRequest = Schema.object([
        ("email", .string(format: "email", maxLength: 254)),
        ("password", password),
        ("name", .string(minLength: 1, maxLength: 100, pattern: notBlankPattern, description: "not blank, no control characters")),
        ("phone", .string(pattern: "^[0-9]{10,11}$", description: "10 or 11 digits")),
        ("role", .string(values: ["CUSTOMER", "SELLER"], description: "ADMIN cannot sign up")),
    ], required: ["email", "password", "name", "phone", "role"])

    static let verifyEmailRequest = Schema.object([
        ("email", .string(format: "email")),
        ("code", .string(pattern: "^[0-9]{6}$", description: "the 6-digit code from the mail; valid 10 minutes, 5 tries")),
    ], required: ["email", "code"])

    static let resendVerificationRequest = Schema.object([("email", .string(format: "email"))], required: ["email"])

    static let loginRequest = Schema.object([
        ("email", .string(format: "email")), ("password", .string()),
    ], required: ["email", "password"])

    static let updateUserStatusRequest = Schema.object([("status", .string(values: statusValues))], required: ["status"])

    static var accounts: [(String, Schema)] {
        [
            ("User", user), ("UserPage", .page(of: .ref("User"))),
            ("UpdateProfileRequest", .object([
                ("name", .nullable(.string(minLength: 1, maxLength: 100))), ("phone", .nullable(.string(pattern: "^[0-9]{10,11}$"))),
                ("locale", .nullable(.string(values: ["ko", "en"]))),
            ])), ("LoginResponse", loginResponse),
            ("SignupRequest", signupRequest), ("VerifyEmailRequest", verifyEmailRequest),
            ("ResendVerificationRequest", resendVerificationRequest), ("LoginRequest", loginRequest),
            ("UpdateUserStatusRequest", updateUserStatusRequest),
        ]
    }
}
