import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `/docs` rendered by headless Chromium against a real server: the DOM lists every operation
/// of `/openapi.json` under its tag, and a screenshot is a real picture. Skipped where Chromium
/// is missing, unless `CI` is set (then it fails): `apt-get install chromium`.
@Suite("/docs in headless Chromium")
struct DocsBrowserTests {
    static let chromium: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let inCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    @Test("the page renders every operation under its tag, and the screenshot is a non-trivial PNG",
          .enabled(if: chromium != nil || inCI, "chromium is not installed (apt-get install chromium); with CI set this test fails instead"))
    func renders() async throws {
        let binary = try #require(Self.chromium, "CI is set but chromium is missing: apt-get install chromium")
        try await offPool {
            let server = try TestServer()
            let work = FileManager.default.temporaryDirectory.appending(path: "docs-browser-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: work) }
            let outcome = Result {
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
                let document = try server.request("GET", "/openapi.json").json()
                let url = "http://127.0.0.1:\(server.port)/docs"
                let dom = try Self.run(binary, ["--dump-dom", url], in: work, output: "dom.html")
                _ = try Self.run(binary, ["--screenshot=\(work.appending(path: "docs.png").path)", "--window-size=1280,2400", url],
                                 in: work, output: "screenshot.log")
                return (document, dom, try Data(contentsOf: work.appending(path: "docs.png")))
            }
            await server.stop()
            let (document, dom, png) = try outcome.get()
            try Self.expectOperationsListed(document, in: dom)
            Self.expectPicture(png, width: 1280, height: 2400)
        }
    }

    /// Every operation's card (`id="op-<operationId>"`) lies inside its tag's section, and the
    /// navigation links to it; the script marked the page rendered with the operation count.
    static func expectOperationsListed(_ document: [String: Any], in dom: String) throws {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [(id: String, tag: String, path: String)] = []
        for (path, methods) in paths {
            for (_, value) in methods {
                let operation = try #require(value as? [String: Any])
                operations.append((try #require(operation["operationId"] as? String), (operation["tags"] as? [String])?.first ?? "", path))
            }
        }
        #expect(dom.contains(#"data-ready="\#(operations.count)""#), "rendered all \(operations.count) operations")
        #expect(!dom.contains(#"class="error""#), "no rendering error")
        // Sections in page order: each tag's range of the DOM.
        let starts = dom.ranges(of: #"<section class="tag" id=""#).map(\.upperBound)
        var sections: [String: Range<String.Index>] = [:]
        for (index, start) in starts.enumerated() {
            let name = String(dom[start...].prefix { $0 != "\"" })
            sections[name] = start..<(index + 1 < starts.count ? starts[index + 1] : dom.endIndex)
        }
        for operation in operations {
            let section = try #require(sections["tag-\(operation.tag)"], "no section for tag \(operation.tag)")
            let card = dom.range(of: #"id="op-\#(operation.id)""#)
            #expect(card.map { section.contains($0.lowerBound) } == true, "\(operation.id) is listed under \(operation.tag)")
            #expect(dom.contains(#"data-path="\#(operation.path)""#), "\(operation.path) is shown")
            #expect(dom.contains(##"href="#op-\##(operation.id)""##), "the navigation links to \(operation.id)")
        }
        // A sample of what the cards hold: the auth badge, a field table, a request example.
        #expect(dom.contains("Bearer token · CUSTOMER") && dom.contains(">Public<"))
        #expect(dom.contains("shippingAddress.zipCode"), "nested request fields are listed")
        #expect(dom.contains(#""email": "minji@example.com""#), "the signup example is shown")
    }

    /// A PNG of the window's size whose bytes say it is no blank page (a blank one of this size is ~12 KB).
    static func expectPicture(_ png: Data, width: Int, height: Int) {
        let bytes = [UInt8](png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG signature")
        guard bytes.count > 24 else { Issue.record("the screenshot is \(bytes.count) bytes"); return }
        let field = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        #expect(field(16) == width && field(20) == height, "the window's size: \(field(16))×\(field(20))")
        #expect(bytes.count > 60_000, "a rendered page, not a blank one: \(bytes.count) bytes")
    }

    /// Runs headless Chromium with its own profile in `directory`; stdout goes to `output` there
    /// (a file, so a large DOM never fills a pipe). Fails after 120 s or on a non-zero exit.
    static func run(_ binary: String, _ arguments: [String], in directory: URL, output: String) throws -> String {
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--no-default-browser-check", "--hide-scrollbars", "--user-data-dir=\(directory.appending(path: "profile").path)",
                     // Lets the page's fetch of /openapi.json and its rendering finish before the dump.
                     "--virtual-time-budget=15000"]
        let (status, stdout, log) = try runToCompletion(binary, flags + arguments, in: directory, output: output)
        #expect(status == 0, "chromium exited \(status): \(log.suffix(2000))")
        return stdout
    }
}
