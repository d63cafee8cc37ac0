import COpenSSL

/// MD5 through libcrypto's EVP interface, fed as bytes stream by: the ETag S3 gives
/// single-part objects. Not for security, only to name contents as S3 clients expect.
struct MD5: ~Copyable {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        // Fails only on allocation failure or a broken provider setup.
        precondition(EVP_DigestInit_ex(context, EVP_md5(), nil) == 1, "EVP_DigestInit_ex(MD5) failed")
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "EVP_DigestUpdate(MD5) failed")
    }

    /// The 16-byte digest of everything fed so far.
    consuming func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 16, "EVP_DigestFinal_ex(MD5) failed")
        return Array(digest[0..<16])
    }

    /// The digest of `bytes` in one call (`EVP_Digest` with `EVP_md5`).
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let rc = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_md5(), nil) }
        precondition(rc == 1 && length == 16, "EVP_Digest(MD5) failed")
        return Array(digest[0..<16])
    }

    /// `"<lowercase hex>"`: the quoted form S3 and HTTP use.
    static func etag(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        for byte in digest { text += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }
}
