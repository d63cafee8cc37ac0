import Foundation

/// docs/API.md read as the route index it is: its `## N. Title` sections, and the routes each
/// names as `METHOD /path` (in backticks, tables or prose). Found from this file's path, so the
/// tests do not depend on the working directory.
struct APIDocument {
    /// One HTTP method on one path, parameters normalized (`/orders/{id}` and `/orders/{orderId}` are one route).
    struct Route: Hashable, Comparable, CustomStringConvertible {
        let method: String
        let path: String

        init(_ method: String, _ path: String) {
            self.method = method.uppercased()
            self.path = path.replacing(#/\{[^}/]*\}/#, with: "{}")
        }

        var description: String { "\(method) \(path)" }
        static func < (a: Route, b: Route) -> Bool { (a.path, a.method) < (b.path, b.method) }
    }

    struct Section {
        /// `1` … `12`.
        let number: Int
        let title: String
        /// Marked "Planned — not served yet": its routes are promises, not served.
        var planned: Bool { title.contains("Planned") }
        let text: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Docs
        .deletingLastPathComponent()  // MarketplaceServerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let url = packageRoot.appending(path: "docs/API.md")

    let sections: [Section]

    init(markdown: String) {
        var sections: [Section] = []
        var current: (number: Int, title: String, lines: [Substring])?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let heading = line.wholeMatch(of: #/## (\d+)\. (.+)/#), let number = Int(heading.1) {
                if let current { sections.append(Section(number: current.number, title: current.title, text: current.lines.joined(separator: "\n"))) }
                current = (number, String(heading.2), [])
            } else if line.hasPrefix("# ") || line.hasPrefix("## ") {
                // A heading that is not a numbered section ends the one before it.
                if let current { sections.append(Section(number: current.number, title: current.title, text: current.lines.joined(separator: "\n"))) }
                current = nil
            } else {
                current?.lines.append(line)
            }
        }
        if let current { sections.append(Section(number: current.number, title: current.title, text: current.lines.joined(separator: "\n"))) }
        self.sections = sections
    }

    static func load() throws -> APIDocument {
        APIDocument(markdown: try String(contentsOf: url, encoding: .utf8))
    }

    /// `{realm}` stands for each realm (docs/API.md, introduction).
    static let realms = ["seller", "customer", "admin"]

    /// Every `METHOD /path` in `text`: the path ends at a space, backtick, `?`, `|`, `,`, `)`
    /// or a sentence's closing period.
    static func routes(in text: String) -> Set<Route> {
        var routes = Set<Route>()
        for match in text.matches(of: #/\b(GET|HEAD|POST|PUT|PATCH|DELETE) (/[A-Za-z0-9_.{}/-]*)/#) {
            var path = String(match.2)
            while path.hasSuffix(".") { path.removeLast() }
            let expanded = path.contains("{realm}") ? realms.map { path.replacing("{realm}", with: $0) } : [path]
            for path in expanded { routes.insert(Route(String(match.1), path)) }
        }
        return routes
    }

    /// What the built sections (all but the planned ones) name.
    var servedRoutes: [Route: [Int]] { routesBySection(planned: false) }
    /// What the planned sections promise.
    var plannedRoutes: [Route: [Int]] { routesBySection(planned: true) }

    private func routesBySection(planned: Bool) -> [Route: [Int]] {
        var result: [Route: [Int]] = [:]
        for section in sections where section.planned == planned {
            for route in Self.routes(in: section.text) { result[route, default: []].append(section.number) }
        }
        return result
    }
}
