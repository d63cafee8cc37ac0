import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("POST /auth/signup") struct SignupTests {
    @Test("a customer or seller signs up: 201 with the user, unverified, and no secret in it", arguments: ["CUSTOMER", "SELLER"])
    func created(_ role: String) async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.signUp("Kim@Example.com", role: role)
            #expect(reply.status == 201)
            let user = try reply.json()
            #expect(Set(user.keys) == ["id", "email", "name", "phone", "role", "status", "emailVerified", "createdAt", "locale"])
            #expect(user["email"] as? String == "Kim@Example.com")
            #expect(user["role"] as? String == role && user["status"] as? String == "ACTIVE")
            #expect(user["emailVerified"] as? Bool == false)
            #expect((user["createdAt"] as? String)?.hasSuffix("Z") == true)
            #expect(!reply.text.contains("$2b$") && !reply.text.contains(AuthHarness.password))
        }
    }

    @Test("each bad field is named in errors (the value is a JSON literal)", arguments: [
        ("email", #""not-an-email""#), ("password", #""short""#), ("name", #""""#), ("phone", #""010 1234 5678""#), ("phone", #""010--1234-5678""#),
        ("phone", #""123456789""#), ("role", #""ADMIN""#), ("role", #""OWNER""#), ("email", "42"), ("password", "true"),
        ("name", "null"), ("role", "[]"),
    ])
    func badField(_ field: String, _ literal: String) async throws {
        try await AuthHarness.run { harness in
            var body = AuthHarness.signupBody(email: "kim@example.com")
            body[field] = nil
            let raw = String(AuthHarness.encode(body).dropLast()) + #","\#(field)":\#(literal)}"#
            let reply = try harness.request("POST", "/api/v1/auth/signup", raw: raw)
            #expect(reply.status == 400)
            #expect(reply.code == "INVALID_REQUEST")
            #expect(reply.fields == [field])
            #expect(reply.header("Content-Type") == "application/problem+json")
        }
    }

    @Test("all missing fields are named at once")
    func allMissing() async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.post("/api/v1/auth/signup", [:])
            #expect(reply.status == 400)
            #expect(Set(reply.fields) == ["email", "password", "name", "phone", "role"])
        }
    }

    @Test("malformed JSON or a body that is not an object is INVALID_REQUEST", arguments: ["{", "[]", "\"x\"", ""])
    func malformed(_ raw: String) async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.request("POST", "/api/v1/auth/signup", raw: raw)
            #expect(reply.status == 400 && reply.code == "INVALID_REQUEST")
        }
    }

    @Test("an email taken in any letter case is 409 EMAIL_TAKEN")
    func emailTaken() async throws {
        try await AuthHarness.run { harness in
            #expect(try harness.signUp("kim@example.com").status == 201)
            let again = try harness.signUp("KIM@Example.COM", role: "SELLER")
            #expect(again.status == 409 && again.code == "EMAIL_TAKEN")
        }
    }

    @Test("an admin cannot sign up, and nothing is created")
    func noAdmins() async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.signUp("root@example.com", role: "ADMIN")
            #expect(reply.status == 400 && reply.fields == ["role"])
            #expect(try harness.signUp("root@example.com").status == 201)
        }
    }

    @Test("the 72-byte edge: 72 bytes accepted, 73 refused; Hangul counts 3 bytes each; NUL refused", arguments: [
        (String(repeating: "p", count: 72), 201), (String(repeating: "p", count: 73), 400),
        (String(repeating: "한", count: 24), 201), (String(repeating: "한", count: 25), 400),
        (String(repeating: "한", count: 24) + "p", 400), ("password\u{0}1", 400),
    ])
    func passwordBytes(_ password: String, _ status: Int) async throws {
        try await AuthHarness.run { harness in
            let reply = try harness.signUp("kim@example.com", password: password)
            #expect(reply.status == status)
            if status == 400 { #expect(reply.fields == ["password"]) }
        }
    }

    @Test("a 72-byte Hangul password logs in, and one more byte of it does not (never truncated)")
    func longPasswordLogsIn() async throws {
        try await AuthHarness.run { harness in
            let password = String(repeating: "한", count: 24)
            try harness.verifiedAccount("kim@example.com", password: password)
            #expect(try harness.logIn("kim@example.com", password: password).status == 200)
            #expect(try harness.logIn("kim@example.com", password: password + "x").status == 401)
        }
    }
}
