import Marketplace
import HTTPServer

/// Turns an image upload request into an `ImageUpload`: a raw body with an image
/// `Content-Type`, or `multipart/form-data` whose part named `file` is the image. Only the
/// first bytes are read into memory; the rest stays in the spooled file for the blob store.
enum ImageUploadReader {
    static func read(_ request: Request) async throws -> ImageUpload {
        let contentType = request.headers["Content-Type"]
        guard let spooled = request.spooled, spooled.size > 0 else {
            return ImageUpload(declaredType: contentType ?? "", magic: [], size: 0, source: .bytes([]))
        }
        let header = HeaderParameters(contentType ?? "")
        guard header.essence == "multipart/form-data" else {
            let magic = try await SpooledFile.run { try SpooledFile.bytes(spooled.path, at: 0, count: ImageFormat.magicLength) }
            return ImageUpload(declaredType: contentType ?? "", magic: magic, size: spooled.size, source: .movingFile(path: spooled.path))
        }
        let boundary = header["boundary"] ?? ""
        let part = try await SpooledFile.run { try filePart(of: spooled.path, boundary: boundary) }
        let magic = try await SpooledFile.run {
            try SpooledFile.bytes(spooled.path, at: part.content.lowerBound, count: min(ImageFormat.magicLength, part.content.count))
        }
        // A part without a type (or the generic one) is judged by its magic bytes alone.
        let declared = part.contentType.flatMap { HeaderParameters($0).essence == "application/octet-stream" ? nil : $0 }
        return ImageUpload(declaredType: declared, magic: magic, size: part.content.count,
                           source: .file(path: spooled.path, range: part.content))
    }

    /// The first part named `file`, scanning no further than its end.
    static func filePart(of path: String, boundary: String) throws -> MultipartScanner.Part {
        do {
            var scanner = try MultipartScanner(boundary: boundary)
            try SpooledFile.forEachChunk(path) { chunk in
                try scanner.feed(chunk)
                return !scanner.parts.contains { $0.name == "file" } && !scanner.isComplete
            }
            if let part = scanner.parts.first(where: { $0.name == "file" }) { return part }
            _ = try scanner.finish()
            throw HTTPError.invalidBody("The multipart body has no part named file.", field: "file")
        } catch let error as MultipartScanner.Malformed {
            throw HTTPError.invalidBody(error.reason)
        }
    }
}
