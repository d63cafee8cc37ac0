import Marketplace
import MarketplaceFakes
import Testing

@Suite struct ClientAddressValueTests {
    @Test("an address is kept as reported, cut to 64 scalars so a forwarded value cannot grow a key")
    func cut() {
        #expect(ClientAddress("2001:db8::1").value == "2001:db8::1")
        #expect(ClientAddress(String(repeating: "한", count: 100)).value.unicodeScalars.count == 64)
    }
}
