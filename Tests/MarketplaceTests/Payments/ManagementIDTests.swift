@testable import Marketplace
import Testing

struct ManagementIDTests {
    /// SplitMix64, so that ids drawn in tests are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("an id is the UTC date then 12 characters of 0-9A-Z, 20 in all")
    func format() {
        var generator = SeededGenerator(state: 1)
        let id = ManagementID.make(at: 1_796_211_000, using: &generator)   // 2026-12-02 11:30 UTC
        #expect(id.rawValue.count == 20)
        #expect(id.rawValue.hasPrefix("20261202"))
        #expect(id.rawValue.dropFirst(8).allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) })
    }

    @Test("the date is the UTC date, at day boundaries too", arguments: [
        (1_764_547_199.0, "20251130"), (1_764_547_200.0, "20251201"), (946_684_800.0, "20000101"),
        (1_709_208_000.0, "20240229"), (-1.0, "19691231"), (0.0, "19700101"),
    ])
    func dates(time: Double, prefix: String) {
        #expect(ManagementID.make(at: time).rawValue.hasPrefix(prefix))
    }

    @Test("the same seed draws the same id; the system generator draws distinct ids")
    func randomness() {
        var a = SeededGenerator(state: 42), b = SeededGenerator(state: 42)
        #expect(ManagementID.make(at: 0, using: &a) == ManagementID.make(at: 0, using: &b))
        let ids = Set((0..<1000).map { _ in ManagementID.make(at: 1_796_211_000) })
        #expect(ids.count == 1000)
    }

    @Test("the random part uses the whole alphabet")
    func alphabet() {
        var generator = SeededGenerator(state: 7)
        var seen = Set<Character>()
        for _ in 0..<500 { seen.formUnion(ManagementID.make(at: 0, using: &generator).rawValue.dropFirst(8)) }
        #expect(seen.count == 36)
    }

    @Test("parsing accepts only 20 characters of 0-9A-Z", arguments: [
        ("20261202ABCDEFGHIJKL", true), ("20261202ABCDEFGHIJK", false), ("20261202ABCDEFGHIJKLM", false),
        ("20261202abcdefghijkl", false), ("20261202ABCDEFGHIJ L", false), ("20261202ABCDEFGHIJKÉ", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((ManagementID(rawValue: text) != nil) == valid)
    }
}
