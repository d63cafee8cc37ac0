import Foundation
import Marketplace
import Storage
import Testing

@Suite struct FileMailerTests {
    struct FixedClock: WallClock {
        func now() -> Double { 1_715_074_200.25 }   // Tue, 07 May 2024 09:30:00 +0000
    }

    @Test("each delivered message becomes one RFC 5322 .eml file with CRLF lines, and no temporary file is left")
    func writesMessage() async throws {
        try await TemporaryDirectory.with { directory in
            let mailer = try FileMailer(dataDirectory: directory, clock: FixedClock())
            let to = try #require(EmailAddress("kim@example.com"))
            let first = RFC5322Message.render(.init(to: to.value, subject: "Your code: 123456", text: "Hello 김,\nYour code is 123456.\n",
                                                    html: nil), from: "Marketplace <no-reply@example.com>",
                                              date: FixedClock().now(), messageID: "mail_1@example.com")
            let results = await mailer.deliver([OutgoingMail(id: "mail_1", from: "no-reply@example.com", to: to.value, bytes: first)])
            #expect(results == [.sent])
            try await mailer.writeMessage(Array("Subject: Second\r\n\r\nAgain\r\n".utf8))
            let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/mail/outbox").sorted()
            #expect(names.count == 2 && names.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
            let text = try String(contentsOfFile: directory + "/mail/outbox/" + names[0], encoding: .utf8)
            let (head, body) = try #require(text.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
            #expect(head.contains("Date: Tue, 07 May 2024 09:30:00 +0000\r\n"))
            #expect(head.contains("To: <kim@example.com>\r\n"))
            #expect(head.contains("Subject: Your code: 123456\r\n"))
            #expect(head.contains("Message-ID: <") && head.contains("MIME-Version: 1.0"))
            #expect(head.contains("Content-Type: text/plain; charset=utf-8"))
            #expect(head.contains("Content-Transfer-Encoding: base64"))
            let decoded = Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")).map { String(decoding: $0, as: UTF8.self) }
            #expect(decoded == "Hello 김,\r\nYour code is 123456.\r\n")
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        }
    }
}

private extension Array where Element == String {
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
