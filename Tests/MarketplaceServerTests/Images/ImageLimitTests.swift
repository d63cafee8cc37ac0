import Foundation
import Synchronization
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct ImageLimitTests {
    @Test("the 11th image is 409 IMAGE_LIMIT_REACHED and leaves no blob behind")
    func eleventh() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            for index in 0..<10 {
                #expect(try harness.upload(ImageBytes.png(1000 + index), as: "image/png", to: product).status == 201)
            }
            expectProblem(try harness.upload(ImageBytes.png(), as: "image/png", to: product), status: 409, code: "IMAGE_LIMIT_REACHED")
            #expect(harness.objectFiles().count == 10 && harness.leftovers().isEmpty)
        }
    }

    @Test("concurrent uploads never make more than 10 images, and the losers' blobs are removed")
    func concurrent() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            for index in 0..<7 { #expect(try harness.upload(ImageBytes.png(900 + index), as: "image/png", to: product).status == 201) }
            // Eight clients at once, each on its own thread and connection.
            let port = harness.server.port, token = harness.token
            let statuses = Mutex<[Int]>([])
            onThreads(8) { index in
                let status = (try? ImageHarness.upload(ImageBytes.gif(50_000 + index), as: "image/gif", to: product, port: port, token: token))?.status
                statuses.withLock { $0.append(status ?? -1) }
            }
            let all = statuses.withLock { $0 }
            #expect(all.filter { $0 == 201 }.count == 3, "\(all)")
            #expect(all.filter { $0 == 409 }.count == 5, "\(all)")
            #expect(try await harness.imageRows(product) == 10)
            #expect(harness.objectFiles().count == 10 && harness.leftovers().isEmpty)
        }
    }

    @Test("a body over 10 MiB is 413: at once when Content-Length says so, and when a chunked body grows past it")
    func tooLarge() async throws {
        try await ImageHarness.run { harness in
            let product = try await harness.product()
            let path = ImageHarness.imagesPath(product)
            let declared = try harness.server.client()
            try declared.send("POST \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(harness.token)\r\nContent-Type: image/png\r\nContent-Length: \((10 << 20) + 1)\r\n\r\n")
            expectProblem(try declared.read(timeout: 2), status: 413, code: "PAYLOAD_TOO_LARGE")   // no body was sent

            let chunked = try harness.server.client()
            try chunked.send("POST \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(harness.token)\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = ImageBytes.png(1 << 20)
            for _ in 0..<11 { try? chunked.send(Array("100000\r\n".utf8) + chunk + Array("\r\n".utf8)) }
            try? chunked.send("0\r\n\r\n")
            expectProblem(try chunked.read(), status: 413, code: "PAYLOAD_TOO_LARGE")

            // Exactly 10 MiB is accepted.
            #expect(try harness.upload(ImageBytes.png(10 << 20), as: "image/png", to: product).status == 201)
            #expect(try await harness.imageRows(product) == 1)
            #expect(harness.leftovers().isEmpty)
        }
    }
}
