import Foundation
import Testing

/// The server binary links FoundationEssentials only (issue #16): no full Foundation, no
/// FoundationNetworking and its libcurl, no ICU. `ldd` on the built binary beside the tests.
@Suite("The server binary's shared libraries")
struct BinaryLinkageTests {
    static let forbidden = ["libcurl", "libicu", "lib_FoundationICU", "libFoundationNetworking", "libFoundation.so", "libFoundationXML"]

    @Test("ldd shows no libcurl, no ICU, no FoundationNetworking, no full Foundation")
    func noFoundationNetworking() throws {
        let binary = ServerProcess.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the server first: \(binary)")
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        ldd.arguments = ["ldd", binary]
        let output = Pipe()
        ldd.standardOutput = output
        ldd.standardError = output
        try ldd.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
        #expect(ldd.terminationStatus == 0, "\(text)")
        let libraries = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(libraries.contains { $0.hasPrefix("libFoundationEssentials") }, "\(text)")
        for name in Self.forbidden {
            #expect(!libraries.contains { $0.hasPrefix(name) }, "\(name) is linked:\n\(text)")
        }
    }
}
