/// Deterministic demo products for `seed-demo` and benchmarks: the same seed and sellers
/// always give the same products. About 5 % HIDDEN, 5 % out of stock, 10 % tax-free; ten
/// categories; names English or Korean with repeats (so `sort=name` needs its id
/// tie-break), 2 % ending in an inch size with a `"` (JSON escaping); prices in 100 KRW
/// steps (ties for the price orders); created during 2025, in whole seconds.
public struct DemoCatalog: Sendable {
    /// The ten demo categories.
    public static let categories = ["electronics", "books", "home", "garden", "toys",
                                    "sports", "fashion", "beauty", "grocery", "automotive"]
    static let adjectives = ["Compact", "Deluxe", "Classic", "Portable", "Rugged",
                             "Smart", "Vintage", "Eco", "Premium", "Everyday"]
    static let nouns = ["Lamp", "Backpack", "Kettle", "Headphones", "Notebook",
                        "Drill", "Jacket", "Blender", "Puzzle", "Bottle"]
    static let adjectivesKorean = ["무선", "휴대용", "프리미엄", "클래식", "스마트", "미니", "대용량", "친환경", "빈티지", "데일리"]
    static let nounsKorean = ["스피커", "텀블러", "백팩", "전기포트", "노트", "드릴", "자켓", "블렌더", "퍼즐", "물병"]
    /// 2025-01-01T00:00:00Z in Unix seconds.
    static let start: Int64 = 1_735_689_600

    private let sellers: [UserID]
    private var random: SplitMix64

    /// A generator over `sellers` (at least one), seeded with `seed`.
    public init(sellers: [UserID], seed: UInt64 = 20_261_123) {
        precondition(!sellers.isEmpty, "demo products need a seller")
        self.sellers = sellers
        random = SplitMix64(seed: seed)
    }

    /// The next `count` products.
    public mutating func next(_ count: Int) -> [ProductImport] {
        (0..<count).map { _ in next() }
    }

    /// The next product.
    public mutating func next() -> ProductImport {
        let seller = sellers[pick(sellers.count)]
        let category = Self.categories[pick(Self.categories.count)]
        var name = chance(0.3)
            ? "\(Self.adjectivesKorean[pick(10)]) \(Self.nounsKorean[pick(10)]) \(1 + pick(300))"
            : "\(Self.adjectives[pick(10)]) \(Self.nouns[pick(10)]) \(1 + pick(300))"
        if chance(0.02) { name += " \([13, 15, 17, 24, 27][pick(5)])\"" }
        let product = NewProduct(
            name: name,
            description: "\(name): from our \(category) range, tested for everyday use and shipped within \(1 + pick(5)) days.",
            price: Int64(10 + pick(5000)) * 100,
            stock: chance(0.05) ? 0 : 1 + pick(500),
            category: category,
            taxFree: chance(0.1),
            status: chance(0.05) ? .hidden : .onSale)
        let created = Self.start + Int64(pick(365 * 86_400))
        return ProductImport(seller: seller, product: product, createdAt: created * 1000)
    }

    private mutating func pick(_ upperBound: Int) -> Int { Int(random.next() % UInt64(upperBound)) }
    private mutating func chance(_ probability: Double) -> Bool { Double(random.next() >> 11) * 0x1p-53 < probability }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform, which
/// the standard library's generators do not promise.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
