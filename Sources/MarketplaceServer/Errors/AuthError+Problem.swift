import Auth
import Marketplace

extension AuthError {
    /// RFC 9110 §11.6.1: every 401 carries a challenge; docs/API.md §1 names it `Bearer`.
    static let challenge = ("WWW-Authenticate", "Bearer")

    var problem: Problem {
        switch self {
        case .invalidCredentials:
            Problem(status: 401, code: "INVALID_CREDENTIALS", detail: "The email or password is not correct.", headers: [Self.challenge])
        case .emailNotVerified:
            Problem(status: 403, code: "EMAIL_NOT_VERIFIED", detail: "Verify the email address with the mailed code first.")
        case .accountSuspended:
            Problem(status: 403, code: "ACCOUNT_SUSPENDED", detail: "This account is suspended.")
        case .tooManyAttempts(let seconds):
            Problem(status: 429, code: "TOO_MANY_ATTEMPTS", detail: "Too many failed logins for this email; try again in \(seconds) seconds.",
                    headers: [("Retry-After", String(seconds))])
        case .rateLimited(let scope, let seconds):
            Problem(status: 429, code: "RATE_LIMITED", detail: "\(Self.limitedAction(scope)); try again in \(seconds) seconds.",
                    headers: [("Retry-After", String(seconds))])
        case .invalidVerificationCode:
            Problem(status: 400, code: "INVALID_VERIFICATION_CODE", detail: "The verification code is not correct.")
        case .verificationCodeExpired(let voided):
            Problem(status: 410, code: "VERIFICATION_CODE_EXPIRED",
                    detail: voided ? "The code was tried too many times and is void; request a new one."
                                   : "The code has expired; request a new one.")
        case .unauthenticated:
            Problem(status: 401, code: "UNAUTHORIZED", detail: "A valid bearer token is required.", headers: [Self.challenge])
        case .forbiddenRole(let role):
            Problem(status: 403, code: "FORBIDDEN_ROLE", detail: "This needs an account of role \(role.rawValue).")
        }
    }

    /// Says which limit was hit, the same for every email (registered or not).
    private static func limitedAction(_ scope: RateLimitKey.Scope) -> String {
        switch scope {
        case .signup: "Too many signups from this address"
        case .resendVerification: "A verification code was requested for this email too recently or too often"
        }
    }
}
