import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The hot JSON path must be byte-exact JSON: what `JSONSerialization` reads back from it is
/// exactly what was written.
struct JSONWriterTests {
    static let tricky = [
        "", "plain", "quote \" inside", "back\\slash", "\\\"", "slash / stays", "line\nfeed\r\n", "tab\tform\u{0C}back\u{08}",
        "nul \u{0} and \u{1F} and \u{7F}", "emoji 😀👩‍👩‍👧", "한국어 상품 \"특가\"", "é vs e\u{301}", "\u{2028}\u{2029}",
        "12\" Pan", String(repeating: "가\"", count: 300),
    ]

    @Test("strings round-trip through JSONSerialization", arguments: tricky)
    func strings(text: String) throws {
        var json = JSONWriter()
        json.beginArray()
        json.string(text)
        json.endArray()
        let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String]
        #expect(decoded == [text])
    }

    @Test("integers, including the extremes, are written as JSONSerialization reads them",
          arguments: [Int64.min, -1_000_000_001, -1, 0, 7, 10, 1_000_000_000, Int64.max])
    func integers(value: Int64) throws {
        var json = JSONWriter()
        json.beginArray()
        json.int(value)
        json.endArray()
        #expect(String(decoding: json.bytes, as: UTF8.self) == "[\(value)]")
    }

    @Test("timestamps of Unix milliseconds match RFC3339.format over four centuries")
    func timestamps() {
        var millis: Int64 = -2_208_988_800_000   // 1900-01-01
        while millis < 10_000_000_000_000 {       // 2286
            var bytes: [UInt8] = []
            RFC3339.appendQuoted(millis: millis, to: &bytes)
            let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
            let expected = RFC3339.format(Double(seconds), millis: Int(millis - seconds * 1000))
            #expect(String(decoding: bytes, as: UTF8.self) == "\"\(expected)\"", "\(millis)")
            millis += (86_400 * 37 + 3_671) * 1000 + 7   // steps through every month, leap days, times of day and fractions
        }
        var bytes: [UInt8] = []
        RFC3339.appendQuoted(millis: -1, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "\"1969-12-31T23:59:59.999Z\"")
    }

    @Test("a listing page decodes to the products it was rendered from")
    func listingPage() throws {
        let names = Self.tricky.filter { !$0.isEmpty }
        let products = names.enumerated().map { index, name in
            ProductSummary(id: ProductID(rawValue: Int64(index + 1)), sellerID: UserID(rawValue: 9), name: name,
                           price: Int64(index) * 1000, stock: index % 2, category: "home", taxFree: index % 3 == 0,
                           status: .onSale, thumbnailKey: index % 2 == 0 ? "images/p/\(index).png" : nil,
                           createdAt: 1_750_000_000_000 + Int64(index) * 1000)
        }
        let baseURL = PublicBaseURL()
        baseURL.set(configured: "https://shop.example", host: "", port: 0)
        let body = ProductResponse.page(Page(items: products, request: PageRequest(page: 2, size: 20), totalItems: 41),
                                        baseURL: baseURL)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(page["totalPages"] as? Int == 3 && page["page"] as? Int == 2)
        let items = try #require(page["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["name"] as? String } == names)
        #expect(items[0]["thumbnailUrl"] as? String == "https://shop.example/blobs/images/p/0.png" && items[1]["thumbnailUrl"] is NSNull)
        #expect(items[1]["createdAt"] as? String == "2025-06-15T15:06:41.000Z" && items[1]["soldOut"] as? Bool == false)
    }
}
