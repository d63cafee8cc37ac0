import HTTPServer
/// `GET /docs`: a page of our own that renders `/openapi.json` as a reference (operations by
/// tag, parameters, bodies, responses, examples), with its script and stylesheet served beside
/// it. No third-party script, style or font: the page loads only what these routes serve.
enum DocsRoutes {
    static let pagePath = "/docs"
    static let scriptPath = "/docs/app.js"
    static let stylePath = "/docs/app.css"

    /// What the page may load: its own script, stylesheet and `/openapi.json`, nothing inline,
    /// never framed. (docs/API.md §12 asks the same of every HTML page; the shared helper for the
    /// others arrives separately, so these routes set the headers themselves.)
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]

    static func register(on router: inout Router) {
        let assets: [(path: String, summary: String, contentType: String, body: [UInt8])] = [
            (pagePath, "This API's reference: an HTML page that renders /openapi.json, operations grouped by tag",
             "text/html; charset=utf-8", Array(DocsPage.html.utf8)),
            (scriptPath, "The /docs page's script (ours; it fetches /openapi.json and renders it)",
             "text/javascript; charset=utf-8", Array(DocsScript.source.utf8)),
            (stylePath, "The /docs page's stylesheet", "text/css; charset=utf-8", Array(DocsStyle.source.utf8)),
        ]
        for asset in assets {
            let mediaType = String(asset.contentType.prefix { $0 != ";" })
            router.add(.get, asset.path, doc: OperationDoc(asset.summary, tag: "operations", replies: [
                .init(status: 200, description: "Content-Security-Policy limits it to this server's own script, style and /openapi.json",
                      contentType: mediaType, schema: .string()),
            ])) { _ in
                var response = Response(status: 200, body: asset.body)
                response.headers.add("Content-Type", asset.contentType)
                // Rebuilt with the server: revalidate, but the bytes are small.
                response.headers.add("Cache-Control", "no-cache")
                for (name, value) in securityHeaders { response.headers.add(name, value) }
                return response
            }
        }
    }
}
