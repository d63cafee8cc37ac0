public import Marketplace

/// The account flows' refusals; the HTTP layer maps each to its status and stable code.
public enum AuthError: Error, Sendable, Equatable {
    /// 401 `INVALID_CREDENTIALS`: unknown email or wrong password, indistinguishably.
    case invalidCredentials
    /// 403 `EMAIL_NOT_VERIFIED`.
    case emailNotVerified
    /// 403 `ACCOUNT_SUSPENDED`.
    case accountSuspended
    /// 429 `TOO_MANY_ATTEMPTS`, with `Retry-After`: the email is locked out of logins for now.
    case tooManyAttempts(retryAfterSeconds: Int)
    /// 429 `RATE_LIMITED`, with `Retry-After`: too many signups from this address, or
    /// verification resends to this email.
    case rateLimited(RateLimitKey.Scope, retryAfterSeconds: Int)
    /// 400 `INVALID_VERIFICATION_CODE`: wrong code, or no code pending for that email.
    case invalidVerificationCode
    /// 410 `VERIFICATION_CODE_EXPIRED`: expired, or voided by too many wrong tries.
    case verificationCodeExpired(voided: Bool)
    /// 401 `UNAUTHORIZED` with `WWW-Authenticate: Bearer`: no usable token.
    case unauthenticated
    /// 403 `FORBIDDEN_ROLE`: a valid token of another role than the realm's.
    case forbiddenRole(required: Role)
}
