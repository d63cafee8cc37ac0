import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Replays the 119 raw requests of `Tests/Fixtures/llhttp/http1-requests.json` (llhttp's strict
/// fixtures, vendored with their MIT license `LICENSE-llhttp`) against the live server: every
/// `error` case is refused (400, 413, 414, 431, 501, 505) or its connection closed, never
/// answered by a handler; every `ok` case is parsed and answered by the router (404, 405, 200)
/// or, for a method or version this server does not serve, 501/505 — never as malformed.
@Suite struct ConformanceReplayTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let raw: [UInt8]
        let expectError: Bool
        let completeMessages: Int
        var testDescription: String { "\(expectError ? "error" : "ok"): \(name)" }
        var isHead: Bool { raw.starts(with: Array("HEAD ".utf8)) }
    }

    static let refusals: Set<Int> = [400, 413, 414, 431, 501, 505]
    static let malformed: Set<Int> = [400, 408, 413, 414, 431]

    /// The vendored fixture, found from this file (not the working directory).
    static let fixture: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Conformance
        .deletingLastPathComponent()  // MarketplaceServerTests
        .deletingLastPathComponent()  // Tests
        .appending(path: "Fixtures/llhttp/http1-requests.json")

    /// The cases, or why they could not be read (a missing or unreadable file fails the suite, never skips it).
    static let loaded: Result<[Case], FixtureError> = {
        guard let data = try? Data(contentsOf: fixture) else { return .failure(.missing(fixture.path)) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["cases"] as? [[String: Any]]
        else { return .failure(.unreadable(fixture.path)) }
        return .success(list.enumerated().map { index, item in
            Case(name: "#\(index + 1) \(item["name"] as? String ?? "")",
                 raw: Array(Data(base64Encoded: item["raw"] as? String ?? "") ?? Data()),
                 expectError: (item["expect"] as? String) == "error",
                 completeMessages: item["completeMessages"] as? Int ?? 0)
        })
    }()

    enum FixtureError: Error, CustomStringConvertible {
        case missing(String), unreadable(String)
        var description: String {
            switch self {
            case .missing(let path): "the llhttp fixture is missing at \(path)"
            case .unreadable(let path): "the llhttp fixture at \(path) is not {\"cases\": [...]}"
            }
        }
    }

    static var cases: [Case] { (try? loaded.get()) ?? [] }

    @Test("the vendored fixture file holds all 119 cases, and its license is beside it")
    func fixtureLoaded() throws {
        let cases = try Self.loaded.get()
        #expect(cases.count == 119)
        #expect(cases.allSatisfy { !$0.raw.isEmpty }, "every case has its raw bytes")
        let license = try String(contentsOf: Self.fixture.deletingLastPathComponent().appending(path: "LICENSE-llhttp"), encoding: .utf8)
        #expect(license.contains("Permission is hereby granted"), "llhttp's MIT license travels with its fixtures")
    }

    /// Adds `Host: localhost` after every request line when the case has no Host at all
    /// (the fixtures are pipelines of several messages in places).
    static func withHost(_ raw: [UInt8]) -> [UInt8] {
        let text = String(decoding: raw, as: UTF8.self)
        if text.lowercased().contains("\nhost:") || Array(text.utf8) != raw { return raw }
        let requestLine = #/(?m)^[A-Z][A-Z-]* \S+ (HTTP|RTSP|ICE)/\d\.\d\r\n/#
        var result: [UInt8] = []
        var cursor = text.startIndex
        for match in text.matches(of: requestLine) {
            result += Array(text[cursor..<match.range.upperBound].utf8) + Array("Host: localhost\r\n".utf8)
            cursor = match.range.upperBound
        }
        if cursor == text.startIndex, let newline = raw.firstIndex(of: 10) {
            // No well-formed request line (the case is about that): after the first line.
            return Array(raw[...newline]) + Array("Host: localhost\r\n".utf8) + Array(raw[(newline + 1)...])
        }
        return result + Array(text[cursor...].utf8)
    }

    @Test("each case is judged right", arguments: ConformanceReplayTests.cases)
    func replay(_ testCase: Case) async throws {
        let server = try TestServer()
        let outcome = Result { try exchange(testCase, port: server.port) }
        await server.stop()
        let (statuses, closed) = try outcome.get()

        if testCase.expectError {
            let handled = statuses.prefix(testCase.completeMessages)
            let after = statuses.dropFirst(testCase.completeMessages)
            #expect(handled.allSatisfy { !Self.refusals.contains($0) }, "complete messages before the error are answered: \(statuses)")
            #expect(after.allSatisfy(Self.refusals.contains), "after the error only refusals: \(statuses)")
            #expect(!after.isEmpty || closed, "refused or closed: \(statuses), closed \(closed)")
            #expect(after.count <= 1, "nothing is answered after a refusal: \(statuses)")
        } else {
            #expect(!statuses.isEmpty, "answered")
            #expect(statuses.allSatisfy { !Self.malformed.contains($0) }, "not judged malformed: \(statuses)")
            let expected = testCase.name.contains("Content-Length reset") ? 1 : testCase.completeMessages
            #expect(statuses.count == expected, "one answer per complete message: \(statuses)")
        }
    }

    /// Sends the case and collects the statuses that come back, and whether the server closed.
    private func exchange(_ testCase: Case, port: Int) throws -> ([Int], Bool) {
        var bytes = Self.withHost(testCase.raw)
        // The fixtures end where llhttp's test ended the stream; a message whose head is
        // still open gets its final CRLF so that the server can answer it.
        let tail = String(decoding: bytes.suffix(4), as: UTF8.self)
        if !testCase.expectError, tail.hasSuffix("\r\n"), tail != "\r\n\r\n" { bytes += Array("\r\n".utf8) }
        if testCase.name.contains("Content-Length reset when no body is received") {
            // llhttp counts two messages; under RFC 9112 §6.3 the 123 declared body bytes
            // are still due (the second "request" is body), so send them and expect one answer.
            bytes += Array(repeating: UInt8(ascii: "x"), count: 123 - 43)
        }
        let client = try TestClient(port: port)
        try client.send(bytes)

        var statuses: [Int] = []
        var closed = false
        while true {
            do {
                statuses.append(try client.read(timeout: 0.6, head: testCase.isHead).status)
            } catch TestClient.Failure.closed {
                closed = true
                break
            } catch {
                break   // quiet: nothing more is coming
            }
        }
        if !closed && testCase.expectError {
            // The rest of the message never comes: at the end of the stream the server must
            // close without handing the incomplete request to anyone.
            client.shutdownWrite()
            closed = client.closes(within: 2)
        }
        return (statuses, closed)
    }
}
