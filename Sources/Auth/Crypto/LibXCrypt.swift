import CCrypt
import Glibc

/// The libxcrypt calls behind bcrypt: `crypt_gensalt_rn` and the thread-safe `crypt_r`.
enum LibXCrypt {
    /// A `$2b$` setting string for `cost` with 16 salt bytes of the caller's choosing.
    static func bcryptSetting(cost: Int, salt: [UInt8]) throws -> String {
        precondition(salt.count == 16, "bcrypt takes 16 bytes of salt")
        var output = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let result = salt.withUnsafeBufferPointer { rbytes in
            rbytes.withMemoryRebound(to: CChar.self) { rbytes in
                crypt_gensalt_rn("$2b$", UInt(cost), rbytes.baseAddress, Int32(rbytes.count), &output, Int32(output.count))
            }
        }
        guard result != nil else { throw CryptoError(call: "crypt_gensalt_rn", code: errno) }
        let length = output.firstIndex(of: 0) ?? output.count
        return String(decoding: output[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `crypt_r(phrase, setting)`: a full hash string, or an error for an unusable setting.
    ///
    /// `phrase` must hold no NUL (a C string would end there): callers refuse such passwords.
    static func crypt(_ phrase: String, setting: String) throws -> String {
        precondition(!phrase.utf8.contains(0), "a passphrase with NUL would be truncated")
        // struct crypt_data is ~32 KiB: on the heap, zeroed as crypt_r requires on first use.
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer {
            // Wipe the copy of the passphrase and intermediate state crypt_r leaves behind.
            UnsafeMutableRawPointer(data).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<crypt_data>.size)
            data.deallocate()
        }
        UnsafeMutableRawPointer(data).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<crypt_data>.size)
        guard let result = crypt_r(phrase, setting, data) else { throw CryptoError(call: "crypt_r", code: errno) }
        let hash = String(cString: result)
        // On failure libxcrypt returns a "failure token" starting with `*`, never a valid hash.
        guard hash.hasPrefix("$") else { throw CryptoError(call: "crypt_r", code: errno) }
        return hash
    }
}
