import COpenSSL

/// SHA-256 or MD5 fed as bytes stream by (a body checked piece by piece as it is read from
/// disk), through libcrypto's EVP interface; never hand-written.
public struct StreamDigest: ~Copyable {
    private let context: OpaquePointer
    private let length: Int

    /// SHA-256 (`x-amz-content-sha256`, aws-chunked chunks).
    public static func sha256() -> StreamDigest { StreamDigest(EVP_sha256(), length: 32) }
    /// MD5 (`Content-MD5`, ETags): to name contents as S3 does, not for security.
    public static func md5() -> StreamDigest { StreamDigest(EVP_md5(), length: 16) }

    private init(_ type: OpaquePointer?, length: Int) {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        // Fails only on allocation failure or a broken provider setup.
        precondition(EVP_DigestInit_ex(context, type, nil) == 1, "EVP_DigestInit_ex failed")
        self.context = context
        self.length = length
    }

    deinit { EVP_MD_CTX_free(context) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// The digest of everything fed so far.
    public consuming func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var written: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &written) == 1 && Int(written) == length, "EVP_DigestFinal_ex failed")
        return Array(digest[0..<length])
    }

    /// Lowercase hex of `finish()`.
    public consuming func finishHex() -> String { Hex.encode(finish()) }
}
