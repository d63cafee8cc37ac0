import Marketplace
import Synchronization

/// Rendered listing pages (`GET /api/v1/products`), keyed by the normalized query (page,
/// size, sort, category, folded search) and valid for one catalog generation.
typealias ListingPageCache = RenderedPageCache<ProductListingQuery>

/// Rendered product pages (`GET /api/v1/products/{id}`), keyed by product id, valid for one
/// catalog generation like listings (a stock move advances it).
typealias ProductPageCache = RenderedPageCache<Int64>

/// Rendered public catalog bytes keyed by what was asked, each valid for one catalog generation.
///
/// A handler reads the generation before it looks up or computes a page, and files what it
/// computed under that generation: a page that may predate a write is stale as soon as the
/// write advances the generation, which happens before the write's response is sent.
/// At most `capacity` pages are kept (a listing page is ≈ 5.5 KB); when full, pages of older generations
/// go first, then an arbitrary one.
final class RenderedPageCache<Key: Hashable & Sendable>: Sendable {
    private struct Entry {
        let generation: UInt64
        let body: [UInt8]
    }

    let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    init(capacity: Int = 1024) { self.capacity = max(1, capacity) }

    /// The page rendered for `query` at `generation`, if kept.
    func body(for query: Key, at generation: UInt64) -> [UInt8]? {
        entries.withLock { entries in
            guard let entry = entries[query], entry.generation == generation else { return nil }
            return entry.body
        }
    }

    /// Keeps `body` as the page for `query` at `generation` (read before it was computed).
    func store(_ body: [UInt8], for query: Key, at generation: UInt64) {
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
