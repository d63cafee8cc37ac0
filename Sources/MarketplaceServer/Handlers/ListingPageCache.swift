import Marketplace
import Synchronization

/// Rendered listing pages (`GET /api/v1/products`), keyed by the normalized query (page,
/// size, sort, category, folded search) and valid for one catalog generation.
///
/// A handler reads the generation before it looks up or computes a page, and files what it
/// computed under that generation: a page that may predate a write is stale as soon as the
/// write advances the generation, which happens before the write's response is sent.
/// At most `capacity` pages are kept (≈ 5.5 KB each); when full, pages of older generations
/// go first, then an arbitrary one.
final class ListingPageCache: Sendable {
    private struct Entry {
        let generation: UInt64
        let body: [UInt8]
    }

    let capacity: Int
    private let entries = Mutex<[ProductListingQuery: Entry]>([:])

    init(capacity: Int = 1024) { self.capacity = max(1, capacity) }

    /// The page rendered for `query` at `generation`, if kept.
    func body(for query: ProductListingQuery, at generation: UInt64) -> [UInt8]? {
        entries.withLock { entries in
            guard let entry = entries[query], entry.generation == generation else { return nil }
            return entry.body
        }
    }

    /// Keeps `body` as the page for `query` at `generation` (read before it was computed).
    func store(_ body: [UInt8], for query: ProductListingQuery, at generation: UInt64) {
        entries.withLock { entries in
            if let kept = entries[query], kept.generation > generation { return }
            if entries[query] == nil && entries.count >= capacity {
                entries = entries.filter { $0.value.generation >= generation }
                if entries.count >= capacity, let victim = entries.keys.first { entries[victim] = nil }
            }
            entries[query] = Entry(generation: generation, body: body)
        }
    }

    /// How many pages are kept, for tests.
    var count: Int { entries.withLock { $0.count } }
}
