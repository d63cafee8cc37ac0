import HTTPServer
extension Response {
    /// The same response marked `Cache-Control: no-store`: it holds a token or personal data
    /// (RFC 6749 §5.1 asks this of token responses; docs/API.md §2 of authenticated ones).
    func noStore() -> Response {
        var response = self
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
