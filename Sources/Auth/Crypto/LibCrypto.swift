import COpenSSL

/// The libcrypto (OpenSSL) calls this module uses: CSPRNG bytes and SHA-256.
enum LibCrypto {
    /// `count` bytes from OpenSSL's CSPRNG (`RAND_bytes`).
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let rc = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard rc == 1 else { throw CryptoError(call: "RAND_bytes", code: 0) }
        return bytes
    }

    /// The SHA-256 digest of `bytes` (`EVP_Digest` with `EVP_sha256`).
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let rc = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest only fails on allocation failure or a broken provider setup.
        precondition(rc == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return Array(digest[0..<32])
    }

    /// The SHA-256 digest of `parts` concatenated, fed one by one (no joined copy).
    static func sha256(parts: [[UInt8]]) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        defer { EVP_MD_CTX_free(context) }
        // These fail only on allocation failure or a broken provider setup.
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(SHA-256) failed")
        for part in parts where !part.isEmpty {
            let rc = part.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
            precondition(rc == 1, "EVP_DigestUpdate(SHA-256) failed")
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "EVP_DigestFinal_ex(SHA-256) failed")
        return Array(digest[0..<32])
    }

    /// Whether two byte strings are equal, in time that depends only on their length.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }
}
