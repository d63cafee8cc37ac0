import Marketplace
/// The sandboxes' tiny HTML pages.
enum SandboxHTML {
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body>
        \(body)
        </body>
        </html>
        """
    }
}
