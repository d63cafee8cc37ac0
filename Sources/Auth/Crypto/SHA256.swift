/// SHA-256 from libcrypto for the other modules (request fingerprints); never hand-written.
public enum SHA256 {
    /// The lowercase hex SHA-256 of `parts` concatenated.
    public static func hex(_ parts: [[UInt8]]) -> String {
        Hex.encode(LibCrypto.sha256(parts: parts))
    }
}

