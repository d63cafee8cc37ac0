import Marketplace
import MarketplaceFakes
import Testing

@Suite struct PageTests {
    @Test("total pages round up, and an empty list has none", arguments: [(0, 20, 0), (1, 20, 1), (20, 20, 1), (21, 20, 2), (143, 20, 8)])
    func totalPages(_ total: Int, _ size: Int, _ pages: Int) {
        #expect(Page<Int>(items: [], request: PageRequest(page: 1, size: size), totalItems: total).totalPages == pages)
    }

    @Test("the offset skips whole pages")
    func offset() {
        #expect(PageRequest(page: 3, size: 20).offset == 40)
    }
}
