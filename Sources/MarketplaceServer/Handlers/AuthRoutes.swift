import Auth
import Marketplace
import HTTPServer

/// `/api/v1/auth/*` and `/api/v1/me` (API.md §2).
enum AuthRoutes {
    static let tag = "accounts"

    static func register(on router: inout Router, accounts: AccountService, sessions: SessionService) {
        router.add(.post, "/api/v1/auth/signup", doc: OperationDoc(
            "Create a CUSTOMER or SELLER account and mail it a verification code", tag: tag,
            body: ("application/json", .ref("SignupRequest")), replies: [
                .json(201, "the new account, not yet verified", .ref("User")),
                .problem(400, "INVALID_REQUEST: every invalid field is named in errors (ADMIN cannot sign up)"),
                .problem(409, "EMAIL_TAKEN: an account has this email (compared case-insensitively)"),
                .problem(503, "SERVICE_UNAVAILABLE: too many passwords being hashed; see Retry-After"),
            ])) { request in
            let user = try await accounts.signUp(try request.decodeJSON(SignupRequest.self).form)
            return Response.json(UserResponse.body(user), status: 201).noStore()
        }

        router.add(.post, "/api/v1/auth/verify-email", doc: OperationDoc(
            "Verify an email address with the mailed 6-digit code", tag: tag,
            body: ("application/json", .ref("VerifyEmailRequest")), replies: [
                .json(200, "the account, now verified", .ref("User")),
                .problem(400, "INVALID_VERIFICATION_CODE (or INVALID_REQUEST for a malformed body)"),
                .problem(410, "VERIFICATION_CODE_EXPIRED: expired after 10 minutes, or void after 5 wrong tries"),
            ])) { request in
            let body = try request.decodeJSON(VerifyEmailRequest.self)
            let user = try await accounts.verifyEmail(email: body.email, code: body.code)
            return Response.json(UserResponse.body(user)).noStore()
        }

        router.add(.post, "/api/v1/auth/resend-verification", doc: OperationDoc(
            "Mail a new verification code (the same answer whether or not the email is registered)", tag: tag,
            body: ("application/json", .ref("ResendVerificationRequest")), replies: [
                .init(status: 202, description: "accepted; a code is mailed if an unverified account has this email", contentType: nil),
                .problem(400, "INVALID_REQUEST: not an email address"),
            ])) { request in
            try await accounts.resendVerification(email: try request.decodeJSON(ResendVerificationRequest.self).email)
            return Response(status: 202)
        }

        router.add(.post, "/api/v1/auth/login", doc: OperationDoc(
            "Exchange email and password for a bearer token", tag: tag,
            body: ("application/json", .ref("LoginRequest")), replies: [
                .json(200, "a token valid for auth.tokenTtl seconds", .ref("LoginResponse")),
                .problem(401, "INVALID_CREDENTIALS: unknown email or wrong password (indistinguishable)"),
                .problem(403, "EMAIL_NOT_VERIFIED or ACCOUNT_SUSPENDED (told only with the right password)"),
                .problem(429, "TOO_MANY_ATTEMPTS: 5 failures for this email within 15 minutes; see Retry-After"),
                .problem(503, "SERVICE_UNAVAILABLE: too many passwords being checked; see Retry-After"),
            ])) { request in
            let body = try request.decodeJSON(LoginRequest.self)
            let result = try await sessions.logIn(email: body.email, password: body.password)
            return Response.json(LoginResponse.body(result)).noStore()
        }

        router.add(.post, "/api/v1/auth/logout", access: .anyRole, doc: OperationDoc(
            "Revoke the token this request carries", tag: tag, replies: [
                .init(status: 204, description: "revoked; the token answers 401 from now on", contentType: nil),
            ])) { _, principal in
            try await sessions.logOut(principal)
            return Response(status: 204)
        }

        router.add(.get, "/api/v1/me", access: .anyRole, doc: OperationDoc(
            "The account the token belongs to", tag: tag, replies: [
                .json(200, "the caller's account", .ref("User")),
            ])) { _, principal in
            Response.json(UserResponse.body(try await sessions.currentUser(principal)))
        }
    }
}
