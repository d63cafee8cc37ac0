/// A libcrypto or libxcrypt call failed; carries the call's name, never its inputs.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed.
    public let call: String
    /// Its `errno`, or 0 when the library does not set one.
    public let code: Int32

    /// A one-line summary.
    public var description: String { "\(call) failed (errno \(code))" }
}
