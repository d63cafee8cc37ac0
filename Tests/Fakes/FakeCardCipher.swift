public import Marketplace

/// A stand-in for `AESGCMCardCipher` in domain tests. It is NOT encryption: sealing
/// prefixes a marker and reverses the bytes, so tests can see that data went through it.
public struct FakeCardCipher: CardCipher {
    private static let marker: [UInt8] = [0xCA, 0xFE]

    public init() {}

    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] { Self.marker + plaintext.reversed() }

    public func open(_ sealed: [UInt8]) throws -> [UInt8] {
        guard sealed.starts(with: Self.marker) else { throw CardCipherError.authenticationFailed }
        return sealed.dropFirst(Self.marker.count).reversed()
    }

    public func fingerprint(cardNumber: String) -> String { "fake:" + String(cardNumber.reversed()) }
}
