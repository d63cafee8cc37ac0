import Auth
import Marketplace
import HTTPServer

/// `/api/v1/auth/*` and `/api/v1/me` (docs/API.md §2; the limits of §12, held in the database,
/// keyed by `Request.clientAddress` where they are per address).
enum AuthRoutes {
    static let tag = "accounts"

    static func register(on router: inout Router, accounts: AccountService, sessions: SessionService) {
        router.add(.post, "/api/v1/auth/signup", doc: OperationDoc(
            "Create a CUSTOMER or SELLER account and mail it a verification code", tag: tag,
            body: ("application/json", .ref("SignupRequest")), replies: [
                .json(201, "the new account, not yet verified", .ref("User")),
                .problem(400, "INVALID_REQUEST: every invalid field is named in errors (ADMIN cannot sign up)"),
                .problem(409, "EMAIL_TAKEN: an account has this email (compared case-insensitively)"),
                .problem(429, "RATE_LIMITED: limits.signupsPerHour (10) signups an hour per client address, counted "
                    + "before the work (a refused signup changes nothing; EMAIL_TAKEN counts)").retryAfter("seconds until a slot frees"),
                .problem(503, "SERVICE_UNAVAILABLE: too many passwords being hashed; see Retry-After").retryAfter(),
            ])) { request in
            let form = try request.decodeJSON(SignupRequest.self).form
            let user = try await accounts.signUp(form, from: ClientAddress(request.clientAddress))
            return Response.json(UserResponse.body(user), status: 201).noStore()
        }

        router.add(.post, "/api/v1/auth/verify-email", doc: OperationDoc(
            "Verify an email address with the mailed 6-digit code", tag: tag,
            body: ("application/json", .ref("VerifyEmailRequest")), replies: [
                .json(200, "the account, now verified", .ref("User")),
                .problem(400, "INVALID_VERIFICATION_CODE (or INVALID_REQUEST for a malformed body)"),
                .problem(410, "VERIFICATION_CODE_EXPIRED: expired after 10 minutes, or void after 5 wrong tries (a try is "
                    + "counted before the code is compared, so 5 wrong codes sent at once void it and the rest answer 410)"),
            ])) { request in
            let body = try request.decodeJSON(VerifyEmailRequest.self)
            let user = try await accounts.verifyEmail(email: body.email, code: body.code)
            return Response.json(UserResponse.body(user)).noStore()
        }

        router.add(.post, "/api/v1/auth/resend-verification", doc: OperationDoc(
            "Mail a new verification code (the same answer whether or not the email is registered)", tag: tag,
            body: ("application/json", .ref("ResendVerificationRequest")), replies: [
                .init(status: 202, description: "accepted; a code is mailed if an unverified account has this email. The new code "
                    + "inherits the wrong tries of the unexpired, unvoided code it replaces; an expired or void one is replaced "
                    + "with a fresh 5", contentType: nil),
                .problem(400, "INVALID_REQUEST: not an email address"),
                .problem(429, "RATE_LIMITED: once a minute (limits.resendInterval) and 5 a day (limits.resendsPerDay) per email, "
                    + "counted per email whether or not an account has it").retryAfter("seconds until a resend is allowed"),
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
                .problem(429, "TOO_MANY_ATTEMPTS: 5 attempts for this email from this client address, or 20 from any "
                    + "address, within 15 minutes (limits.login*); an attempt counts before its password is checked and "
                    + "the right password is refused too while locked").retryAfter("seconds until a slot frees"),
                .problem(503, "SERVICE_UNAVAILABLE: too many passwords being checked (not counted as an attempt)").retryAfter(),
            ])) { request in
            let body = try request.decodeJSON(LoginRequest.self)
            let result = try await sessions.logIn(email: body.email, password: body.password, from: ClientAddress(request.clientAddress))
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

        router.add(.patch, "/api/v1/me", access: .anyRole, doc: OperationDoc(
            "Change the caller's name, phone or mail language (ko, en); fields left out keep their values", tag: tag,
            body: ("application/json", .ref("UpdateProfileRequest")), replies: [
                .json(200, "the updated account", .ref("User")),
                .problem(400, "INVALID_REQUEST naming each bad field: name not 1–100, phone not 10–11 digits, locale not ko or en"),
            ])) { request, principal in
            let update = try request.decodeJSON(UpdateProfileRequest.self).validated()
            return Response.json(UserResponse.body(try await sessions.updateProfile(update, of: principal)))
        }
    }
}
