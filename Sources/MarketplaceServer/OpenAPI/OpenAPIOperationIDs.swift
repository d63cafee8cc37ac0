/// The `operationId` of every route, by `METHOD /path` as routed: readable camelCase names a
/// generated client turns into its method names (`listProducts`, `confirmTossPayment`).
/// A route missing here (a test's probe) gets one derived from its method and path.
enum OpenAPIOperationIDs {
    static func id(_ method: String, _ pattern: String) -> String {
        named["\(method) \(pattern)"] ?? derived(method, pattern)
    }

    /// `GET /probe/{id}/slow` → `getProbeIdSlow`.
    static func derived(_ method: String, _ pattern: String) -> String {
        let words = pattern.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber } }.filter { !$0.isEmpty }
        return method.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static let named: [String: String] = [:]
}
