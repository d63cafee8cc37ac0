import Marketplace
import HTTPServer

extension Request {
    /// `page` (1-based, default 1) and `size` (default 20, 1…`maxSize`) per docs/API.md §1;
    /// anything else is 400 `INVALID_PARAMETER`.
    func pageRequest(maxSize: Int) throws -> PageRequest {
        let page = try integerQuery("page", default: 1, range: 1...1_000_000)
        let size = try integerQuery("size", default: 20, range: 1...maxSize)
        return PageRequest(page: page, size: size)
    }

    /// A whole-number query parameter within `range`, or `fallback` when absent or empty.
    func integerQuery(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(name), !text.isEmpty else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError.invalidParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An enumerated query parameter, or nil when absent or empty (`?role=` filters nothing).
    func enumQuery<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = query(name), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            throw HTTPError.invalidParameter(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
