import Foundation
import Marketplace
import Storage
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// A real server, a verified seller with a token, and the image steps tests repeat.
struct ImageHarness {
    let auth: AuthHarness
    let sellerID: Int64
    let token: String
    var server: TestServer { auth.server }
    var dataDir: String { server.dataDir }
    var bucketDirectory: String { dataDir + "/blobs/images" }

    static func run<T>(_ body: (ImageHarness) async throws -> T) async throws -> T {
        try await AuthHarness.run { auth in
            let sellerID = try auth.verifiedAccount("seller@example.com", role: "SELLER")
            return try await body(ImageHarness(auth: auth, sellerID: sellerID, token: try auth.token("seller@example.com")))
        }
    }

    /// Another verified account of `role`, logged in: (id, token).
    func account(_ email: String, role: String = "SELLER") throws -> (Int64, String) {
        (try auth.verifiedAccount(email, role: role), try auth.token(email))
    }

    /// A product row inserted straight into the database (the catalog routes are not needed).
    func product(seller: Int64? = nil, status: String = "ON_SALE") async throws -> Int64 {
        let owner = seller ?? sellerID
        return try await server.application.database.write { connection in
            try connection.queryRow("""
                INSERT INTO products (seller_id, name, price, stock, category, status, created_at, updated_at)
                VALUES (?, 'Mug', 12000, 5, 'kitchen', ?, 0, 0) RETURNING id
                """, owner, status)?.int64(0) ?? -1
        }
    }

    func thumbnailKey(_ product: Int64) async throws -> String? {
        try await server.application.database.read { try $0.queryRow("SELECT thumbnail_key FROM products WHERE id = ?", product)?.stringOrNil(0) }
    }

    func imageRows(_ product: Int64) async throws -> Int {
        try await server.application.database.read { try $0.queryRow("SELECT count(*) FROM product_images WHERE product_id = ?", product)?.int(0) ?? -1 }
    }

    // MARK: HTTP

    static func imagesPath(_ product: Int64) -> String { "/api/v1/seller/products/\(product)/images" }

    /// A raw-body upload; `contentType` nil sends none.
    func upload(_ bytes: [UInt8], as contentType: String?, to product: Int64, token: String? = nil) throws -> TestClient.Reply {
        try Self.upload(bytes, as: contentType, to: product, port: server.port, token: token ?? self.token)
    }

    /// The same on any thread: only values cross.
    static func upload(_ bytes: [UInt8], as contentType: String?, to product: Int64, port: Int, token: String) throws -> TestClient.Reply {
        var head = "POST \(imagesPath(product)) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        let client = try TestClient(port: port)
        try client.send(Array(head.utf8) + bytes)
        return try client.read()
    }

    /// A `multipart/form-data` upload with the given parts: (name, filename, content type, bytes).
    func uploadMultipart(_ parts: [(name: String, filename: String?, type: String?, bytes: [UInt8])], to product: Int64,
                         boundary: String = "----x7MarketplaceBoundary") throws -> TestClient.Reply {
        var body: [UInt8] = Array("preamble to ignore\r\n".utf8)
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type = part.type { head += "Content-Type: \(type)\r\n" }
            body += Array((head + "\r\n").utf8) + part.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try upload(body, as: "multipart/form-data; boundary=\"\(boundary)\"", to: product)
    }

    func delete(_ image: Int64, of product: Int64, token: String? = nil) throws -> TestClient.Reply {
        try server.request("DELETE", "\(Self.imagesPath(product))/\(image)", headers: [("Authorization", "Bearer \(token ?? self.token)")])
    }

    /// GET (or HEAD) of a URL the API handed out, by its path.
    func fetch(_ url: String, method: String = "GET", headers: [(String, String)] = []) throws -> TestClient.Reply {
        let path = url.range(of: "/blobs/").map { String(url[$0.lowerBound...]) } ?? url
        return try server.request(method, path, headers: headers)
    }

    // MARK: Files

    /// Files (not directories) under `<dataDir>/tmp/uploads` and the bucket whose names mark temporaries.
    func leftovers() -> [String] {
        let uploads = (try? FileManager.default.contentsOfDirectory(atPath: dataDir + "/tmp/uploads")) ?? []
        let bucket = (FileManager.default.enumerator(atPath: bucketDirectory)?.allObjects as? [String]) ?? []
        return uploads + bucket.filter { ($0.split(separator: "/").last ?? "").hasPrefix(".put-") }
    }

    /// Object files in the bucket (sidecars excluded).
    func objectFiles() -> [String] {
        let all = (FileManager.default.enumerator(atPath: bucketDirectory)?.allObjects as? [String]) ?? []
        return all.filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: bucketDirectory + "/" + path, isDirectory: &isDirectory)
            return !isDirectory.boolValue && !(path.split(separator: "/").last ?? "").hasPrefix(".")
        }.sorted()
    }
}

/// Image bodies: the right magic bytes, then filler.
enum ImageBytes {
    static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static func png(_ size: Int = 2048) -> [UInt8] { pngMagic + filler(size - 8) }
    static func jpeg(_ size: Int = 2048) -> [UInt8] { [0xFF, 0xD8, 0xFF, 0xE0] + filler(size - 4) }
    static func gif(_ size: Int = 2048) -> [UInt8] { Array("GIF89a".utf8) + filler(size - 6) }
    static func webp(_ size: Int = 2048) -> [UInt8] {
        Array("RIFF".utf8) + withUnsafeBytes(of: UInt32(size - 8).littleEndian, Array.init) + Array("WEBPVP8 ".utf8) + filler(size - 16)
    }
    /// A 1×1 GIF of 14 bytes whose MD5 is known: bc4be32fc23f91be8d1d93f61cf61838.
    static let tinyGIF: [UInt8] = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3B]

    /// A 4093-byte block, repeated (cheap in debug builds, even for 10 MiB).
    static func filler(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, count))
        while bytes.count < count { bytes += block.prefix(count - bytes.count) }
        return bytes
    }

    private static let block = (0..<4093).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
}

extension TestClient.Reply {
    var jsonObject: [String: Any] { (try? json()) ?? [:] }
    var int64s: (id: Int64, position: Int64) {
        ((jsonObject["id"] as? NSNumber)?.int64Value ?? -1, (jsonObject["position"] as? NSNumber)?.int64Value ?? -1)
    }
}
