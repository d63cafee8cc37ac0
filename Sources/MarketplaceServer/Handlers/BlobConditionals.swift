import HTTPServer
/// What a GET or HEAD of an immutable object answers, given its validators and the request's
/// conditional and range headers (RFC 9110 §13.2.2 order: If-None-Match, else
/// If-Modified-Since, then Range guarded by If-Range).
enum BlobConditionals {
    enum Outcome: Equatable {
        /// 304 with the ETag.
        case notModified
        /// 200 with every byte.
        case whole
        /// 206 with this byte range.
        case partial(Range<Int>)
        /// 416 with `Content-Range: bytes */size`.
        case unsatisfiable
    }

    static func evaluate(etag: String, lastModified: Int, size: Int, headers: HTTPHeaders) -> Outcome {
        if let noneMatch = headers["If-None-Match"] {
            if matchesAny(noneMatch, etag: etag) { return .notModified }
        } else if let since = headers["If-Modified-Since"].flatMap(HTTPDate.parse), lastModified <= since {
            return .notModified
        }
        guard let range = headers["Range"] else { return .whole }
        if let ifRange = headers["If-Range"], !ifRangeHolds(ifRange, etag: etag, lastModified: lastModified) { return .whole }
        return self.range(range, size: size)
    }

    /// Whether an If-None-Match value (`*` or a list of entity tags) matches, comparing weakly
    /// (RFC 9110 §8.8.3.2: `W/"x"` matches `"x"`). A malformed list matches nothing.
    static func matchesAny(_ value: String, etag: String) -> Bool {
        if value.trimmingOWS() == "*" { return true }
        let wanted = opaque(etag.utf8[...])
        return entityTags(value).contains { opaque($0).elementsEqual(wanted) }
    }

    /// The entity tags of a comma-separated list, each with its `W/` prefix if any.
    static func entityTags(_ value: String) -> [Substring.UTF8View] {
        var tags: [Substring.UTF8View] = []
        var rest = value.utf8[...]
        while true {
            rest = rest.drop { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ",") }
            guard !rest.isEmpty else { return tags }
            let start = rest.startIndex
            if rest.starts(with: "W/".utf8) { rest = rest.dropFirst(2) }
            guard rest.first == UInt8(ascii: "\""), let close = rest.dropFirst().firstIndex(of: UInt8(ascii: "\"")) else { return tags }
            tags.append(Substring(value.utf8[start...close]).utf8)
            rest = rest[rest.index(after: close)...]
        }
    }

    private static func opaque(_ tag: Substring.UTF8View) -> Substring.UTF8View {
        tag.starts(with: "W/".utf8) ? tag.dropFirst(2) : tag
    }

    /// If-Range: a strong ETag match, or the exact Last-Modified date (RFC 9110 §13.1.5).
    static func ifRangeHolds(_ value: String, etag: String, lastModified: Int) -> Bool {
        if value.hasPrefix("\"") || value.hasPrefix("W/") { return value == etag }
        return HTTPDate.parse(value) == lastModified
    }

    /// A `Range` value: one `bytes=a-b`, `bytes=a-` or `bytes=-n`. Several ranges are served
    /// whole (200), as RFC 9110 §14.2 allows, and so is anything malformed or another unit.
    static func range(_ value: String, size: Int) -> Outcome {
        let parts = value.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, parts[0].equalsIgnoringASCIICase("bytes") else { return .whole }
        let specs = parts[1].split(separator: ",").filter { !$0.trimmingOWS().isEmpty }
        guard specs.count == 1 else { return .whole }
        let spec = specs[0].trimmingOWS()
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = String(spec[..<dash]), last = String(spec[spec.index(after: dash)...])
        guard first.utf8.allSatisfy(isDigit), last.utf8.allSatisfy(isDigit), !(first.isEmpty && last.isEmpty) else { return .whole }
        if first.isEmpty {   // the last n bytes
            let count = number(last)
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - count)..<size)
        }
        let start = number(first)
        if !last.isEmpty && number(last) < start { return .whole }   // invalid: ignored
        guard start < size else { return .unsatisfiable }
        let end = last.isEmpty ? size - 1 : min(number(last), size - 1)
        return .partial(start..<(end + 1))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Digits as a number, saturating instead of overflowing.
    private static func number(_ digits: String) -> Int {
        let trimmed = digits.drop { $0 == "0" }
        return trimmed.count > 18 ? Int.max : Int(trimmed) ?? 0
    }
}
