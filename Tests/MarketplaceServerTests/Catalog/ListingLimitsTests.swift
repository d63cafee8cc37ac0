import Foundation
import Testing
@testable import MarketplaceServer
import TestHTTP

/// The listing's declared limits hold (`/openapi.json` declares `category` maxLength 50 and
/// `q` maxLength 100, counted in code points as JSON Schema counts them): one over is 400
/// INVALID_PARAMETER naming the parameter; at the limit the listing answers.
@Suite("Listing parameter limits")
struct ListingLimitsTests {
    @Test("category over 50 and q over 100 characters are refused; at the limit they are read")
    func limits() async throws {
        try await CatalogHarness.run { catalog in
            let fifty = String(repeating: "a", count: 50), hundred = String(repeating: "가", count: 100)
            let atLimit = try catalog.get("/api/v1/products?category=\(fifty)&q=\(hundred.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(atLimit.status == 200, "\(atLimit.text)")
            let category = try catalog.get("/api/v1/products?category=\(fifty)b")
            #expect(category.status == 400 && category.code == "INVALID_PARAMETER" && category.fields == ["category"], "\(category.text)")
            let search = try catalog.get("/api/v1/products?q=\(hundred)가".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(search.status == 400 && search.fields == ["q"], "\(search.text)")
            let both = try catalog.get("/api/v1/products?category=\(fifty)b&q=\(String(repeating: "x", count: 101))&size=0")
            #expect(both.status == 400 && Set(both.fields) == ["category", "q", "size"], "every bad parameter is named: \(both.text)")
        }
    }
}
