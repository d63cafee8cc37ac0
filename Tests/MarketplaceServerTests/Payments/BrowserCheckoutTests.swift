import Foundation
import Testing
@testable import MarketplaceServer
import TestHTTP

/// Headless Chromium walks the Toss sandbox's checkout as a customer does: the checkout page,
/// Pay, the success redirect (which confirms the payment itself), the shop's return URL; the
/// order ends PAID. Screenshots of the checkout and the return page go to the test's temporary
/// directory. Skipped where Chromium is missing, unless `CI` is set (then it fails).
@Suite("The Toss checkout in headless Chromium")
struct BrowserCheckoutTests {
    @Test("from the checkout page to payments.returnUrl: the order is PAID",
          .enabled(if: DocsBrowserTests.chromium != nil || DocsBrowserTests.inCI,
                   "chromium is not installed (apt-get install chromium); with CI set this test fails instead"))
    func walk() async throws {
        let binary = try #require(DocsBrowserTests.chromium, "CI is set but chromium is missing: apt-get install chromium")
        let work = FileManager.default.temporaryDirectory.appending(path: "browser-checkout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ServerProcess.packageRoot.appending(path: "scripts/browser_checkout.py").path(), binary, work.path()]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let returnUrl = try Self.readLine(output.fileHandleForReading)
        #expect(returnUrl.hasPrefix("http://127.0.0.1:"))
        try await PaymentsHarness.run(configure: { $0.payments.returnUrl = returnUrl }) { harness in
            let order = try harness.place([(try harness.product("백자 머그컵", price: 12_000), 2)])
            let id = try #require(order["id"] as? String)
            let checkout = try #require((order.payment["checkout"] as? [String: Any])?["checkoutUrl"] as? String)
            input.fileHandleForWriting.write(Data((checkout + "\n").utf8))
            let result = try Self.readLine(output.fileHandleForReading, timeout: 90)
            let walked = try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any], "\(result)")
            let returned = try #require(walked["returned"] as? String)
            #expect(returned.hasPrefix(returnUrl + "?"), "\(walked)")
            #expect(returned.contains("orderId=\(id)") && returned.contains("status=PAID"), "\(returned)")
            #expect(try harness.order(id).status == "PAID")
            for path in walked["screenshots"] as? [String] ?? [] {
                let png = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 2_000, "\(path): \(png.count) bytes")
            }
            #expect((walked["screenshots"] as? [String])?.count == 2, "screenshots in \(work.path())")
        }
        process.waitUntilExit()
    }

    /// One line of the script's output (it prints a line per step), within `timeout` seconds.
    static func readLine(_ handle: FileHandle, timeout: Double = 20) throws -> String {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let byte = try handle.read(upToCount: 1), let first = byte.first else { break }
            if first == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(first)
        }
        throw TestClient.Failure.malformed("no line from the browser script: \(String(decoding: bytes, as: UTF8.self))")
    }
}
