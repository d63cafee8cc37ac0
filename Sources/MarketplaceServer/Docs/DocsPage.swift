/// The `/docs` HTML shell: a header with the filter box, the navigation and the content, both
/// filled by `/docs/app.js` from `/openapi.json`. Nothing inline (the CSP allows no inline
/// script or style); without JavaScript it points at the JSON document.
enum DocsPage {
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Marketplace API reference</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="\(DocsRoutes.stylePath)">
        <script src="\(DocsRoutes.scriptPath)" defer></script>
        </head>
        <body>
        <header class="top">
        <span class="brand">Marketplace API</span><span id="version"></span>
        <input id="filter" type="search" placeholder="Filter: path, method, summary…" aria-label="Filter operations">
        <a href="/openapi.json">openapi.json</a>
        </header>
        <div class="layout">
        <nav id="nav" aria-label="Operations"></nav>
        <main id="content">
        <p class="loading">Loading /openapi.json…</p>
        <noscript><p>This page renders <a href="/openapi.json">/openapi.json</a> with its own script; the document itself is plain JSON.</p></noscript>
        </main>
        </div>
        </body>
        </html>

        """
}
