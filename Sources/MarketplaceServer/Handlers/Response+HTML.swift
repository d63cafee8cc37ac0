import HTTPServer
extension Response {
    /// A `text/html` page with the headers of docs/API.md §12. Every page the server produces is
    /// built here (and `SecurityHeaders` adds the default policy to any HTML that is not), so
    /// none can be framed (clickjacking of a Pay button), sniffed, run injected markup, or leak
    /// its query (payment keys, tokens) to another site through `Referer`.
    ///
    /// `formTargets`: URLs that a form on the page ends up at. A form that posts here and is
    /// answered with a redirect to a merchant's `successUrl` on another origin needs that
    /// origin in `form-action`: Chromium checks the directive on the redirect too.
    static func html(_ document: String, status: Int = 200, formTargets: [String] = []) -> Response {
        var response = Response(status: status, headers: HTTPHeaders([
            ("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
        ]), body: Array(document.utf8))
        response.headers.set("Content-Security-Policy", SecurityHeaders.htmlPolicy(formTargets: formTargets))
        SecurityHeaders.apply(to: &response)
        return response
    }
}

/// The security headers of every response (docs/API.md §12), in one place.
enum SecurityHeaders {
    /// Pages load nothing (no script, style, image or frame: they are plain markup), may not be
    /// framed, keep relative URLs to this origin, and post forms here or to `formTargets`.
    /// A page that someday needs an inline style or script adds its `'sha256-…'` here, not
    /// `'unsafe-inline'`.
    static func htmlPolicy(formTargets: [String] = []) -> String {
        var formAction = ["'self'"]
        for origin in formTargets.compactMap(origin(of:)) where !formAction.contains(origin) { formAction.append(origin) }
        return "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action " + formAction.joined(separator: " ")
    }

    /// `X-Content-Type-Options: nosniff` on every response (a blob, a problem, a page: none is
    /// to be read as anything but its Content-Type); on HTML also `Referrer-Policy:
    /// no-referrer` and, unless the page set its own, the default `Content-Security-Policy`.
    static func apply(to response: inout Response) {
        response.headers.set("X-Content-Type-Options", "nosniff")
        guard let type = response.headers["Content-Type"], type.lowercased().hasPrefix("text/html") else { return }
        if response.headers["Content-Security-Policy"] == nil { response.headers.set("Content-Security-Policy", htmlPolicy()) }
        response.headers.set("Referrer-Policy", "no-referrer")
    }

    /// `https://shop.example:8443` of an http(s) URL, as a CSP source; nil for anything else
    /// (nothing of a URL that is not a plain origin reaches the policy, so no `;` can end a
    /// directive early).
    static func origin(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty, authority.utf8.allSatisfy({ byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || ".-:[]".utf8.contains(byte)
        }) else { return nil }
        return scheme + "://" + authority.lowercased()
    }
}
