import COpenSSL

/// The libcrypto (OpenSSL) calls this module uses: CSPRNG bytes, SHA-256, HMAC-SHA256 and
/// AES-256-GCM.
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

    /// HMAC-SHA256 of `data` under `key` (RFC 2104, `EVP_Q_mac`).
    static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        var length = 0
        // A non-nil pointer even for empty input: libcrypto reads nothing when the length is 0.
        let keyBytes = key.isEmpty ? [0] : key, dataBytes = data.isEmpty ? [0] : data
        let result = keyBytes.withUnsafeBytes { keyPointer in
            dataBytes.withUnsafeBufferPointer { dataPointer in
                mac.withUnsafeMutableBufferPointer { out in
                    EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil, keyPointer.baseAddress, key.count, dataPointer.baseAddress,
                              data.count, out.baseAddress, out.count, &length)
                }
            }
        }
        // Fails only on allocation failure or a broken provider setup.
        precondition(result != nil && length == 32, "EVP_Q_mac(HMAC-SHA256) failed")
        return mac
    }

    /// AES-256-GCM encryption with a 12-byte nonce and no associated data: ciphertext and 16-byte tag.
    static func aes256GCMSeal(key: [UInt8], nonce: [UInt8], plaintext: [UInt8]) throws -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(key.count == 32 && nonce.count == 12, "AES-256-GCM takes a 32-byte key and a 12-byte nonce")
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError(call: "EVP_CIPHER_CTX_new", code: 0) }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, 12, nil) == 1,
              EVP_EncryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw CryptoError(call: "EVP_EncryptInit_ex", code: 0) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written: Int32 = 0, finished: Int32 = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &ciphertext, &written, plaintext, Int32(plaintext.count)) == 1 else {
                throw CryptoError(call: "EVP_EncryptUpdate", code: 0)
            }
        }
        let finalRC = ciphertext.withUnsafeMutableBufferPointer { out in
            EVP_EncryptFinal_ex(context, out.baseAddress! + Int(written), &finished)
        }
        guard finalRC == 1 else { throw CryptoError(call: "EVP_EncryptFinal_ex", code: 0) }
        var tag = [UInt8](repeating: 0, count: 16)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, &tag) == 1 else {
            throw CryptoError(call: "EVP_CIPHER_CTX_ctrl(GET_TAG)", code: 0)
        }
        return (Array(ciphertext.prefix(Int(written + finished))), tag)
    }

    /// AES-256-GCM decryption; nil when the tag does not match (altered data or another key).
    static func aes256GCMOpen(key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws -> [UInt8]? {
        precondition(key.count == 32 && nonce.count == 12 && tag.count == 16, "AES-256-GCM sizes")
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError(call: "EVP_CIPHER_CTX_new", code: 0) }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, 12, nil) == 1,
              EVP_DecryptInit_ex(context, nil, nil, key, nonce) == 1
        else { throw CryptoError(call: "EVP_DecryptInit_ex", code: 0) }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var written: Int32 = 0, finished: Int32 = 0
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &plaintext, &written, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw CryptoError(call: "EVP_DecryptUpdate", code: 0)
            }
        }
        var expectedTag = tag
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, 16, &expectedTag) == 1 else {
            throw CryptoError(call: "EVP_CIPHER_CTX_ctrl(SET_TAG)", code: 0)
        }
        // EVP_DecryptFinal_ex is where GCM checks the tag; failure there means "not authentic".
        let finalRC = plaintext.withUnsafeMutableBufferPointer { out in
            EVP_DecryptFinal_ex(context, out.baseAddress! + Int(written), &finished)
        }
        guard finalRC == 1 else { return nil }
        return Array(plaintext.prefix(Int(written + finished)))
    }
}
