import TestHTTP
import Foundation
import Glibc

/// The Python consumer (`webhook_consumer.py`) on 127.0.0.1: verifies every delivery with
/// the PyPI `standardwebhooks` package and records it; the test reads the records.
final class WebhookConsumer {
    let process = Process()
    let directory: URL
    let port: Int
    private var secrets: [String: String] = [:]

    static let script = ServerProcess.packageRoot.appending(path: "bench/webhook_consumer.py").path()

    struct Record {
        let name: String
        let verified: Bool
        let id: String
        let type: String
        let orderID: String
        let customerID: Int
        let sellers: [Int]
        let status: Int
        let at: Double
        let json: [String: Any]
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "webhook-consumer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: directory.appending(path: "secrets.json"))
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, directory.appending(path: "secrets.json").path(),
                             directory.appending(path: "out.jsonl").path(), directory.appending(path: "port").path()]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var port: Int?
        while port == nil, Date() < deadline {
            port = (try? String(contentsOf: directory.appending(path: "port"), encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(20_000) }
        }
        guard let port else { throw Failure.notStarted }
        self.port = port
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    enum Failure: Error { case notStarted, timeout(String) }

    /// The URL of endpoint `name`.
    func url(_ name: String) -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// Tells the consumer the secret of `name`.
    func secret(_ secret: String, for name: String) throws {
        secrets[name] = secret
        try JSONSerialization.data(withJSONObject: secrets).write(to: directory.appending(path: "secrets.json.tmp"))
        _ = rename(directory.appending(path: "secrets.json.tmp").path(), directory.appending(path: "secrets.json").path())
    }

    /// The secret registered for `name`.
    func secretOf(_ name: String) -> String? { secrets[name] }

    /// Every request received so far.
    func records() -> [Record] {
        guard let text = try? String(contentsOf: directory.appending(path: "out.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Record(name: json["name"] as? String ?? "", verified: json["verified"] as? Bool ?? false,
                          id: json["id"] as? String ?? "", type: json["type"] as? String ?? "", orderID: json["orderId"] as? String ?? "",
                          customerID: json["customerId"] as? Int ?? 0, sellers: json["sellers"] as? [Int] ?? [],
                          status: json["status"] as? Int ?? 0, at: json["at"] as? Double ?? 0, json: json)
        }
    }

    /// Waits until `done` holds for the records (or throws with what arrived).
    @discardableResult
    func wait(timeout: Double = 20, until done: ([Record]) -> Bool) async throws -> [Record] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let records = records()
            if done(records) { return records }
            guard Date() < deadline else {
                throw Failure.timeout(records.map { "\($0.name) \($0.type) \($0.orderID) \($0.status) \($0.verified)" }.joined(separator: "; "))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
