import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md is the repository's contract; these keep it true to what the server serves, in
/// both directions, against a real server's `/openapi.json` (which the frozen route table
/// renders, so it lists exactly the routes served).
@Suite("docs/API.md against /openapi.json")
struct DocsContractTests {
    /// The operations of the served document, and the document itself.
    static func servedOperations() async throws -> (routes: Set<APIDocument.Route>, document: [String: Any]) {
        try await offPool {
            let server = try TestServer()   // the default configuration: sandbox on, no probe routes
            let outcome = Result { try server.request("GET", "/openapi.json") }
            await server.stop()
            let reply = try outcome.get()
            #expect(reply.status == 200)
            let document = try reply.json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var routes = Set<APIDocument.Route>()
            for (path, operations) in paths {
                for method in operations.keys { routes.insert(APIDocument.Route(method, path)) }
            }
            return (routes, document)
        }
    }

    @Test("docs/API.md has sections 1–12 in order, none marked planned (all served), and names routes in each")
    func sectionsParse() throws {
        let document = try APIDocument.load()
        #expect(document.sections.map(\.number) == Array(1...12))
        #expect(document.sections.filter(\.planned).map(\.number) == [])
        for section in document.sections where !section.planned && section.number != 12 {
            #expect(!APIDocument.routes(in: section.text).isEmpty, "§\(section.number) names no route")
        }
        // The parser is not vacuous: the doc names about as many routes as the server serves.
        #expect(document.servedRoutes.count > 80)
    }

    @Test("every operation of /openapi.json is named in docs/API.md, in a section that is not planned")
    func everyServedRouteIsDocumented() async throws {
        let served = try await Self.servedOperations().routes
        let named = try APIDocument.load().servedRoutes
        let missing = served.filter { named[$0] == nil }.sorted()
        #expect(missing.isEmpty, "served but not in docs/API.md (name each as `METHOD /path` in its section): \(missing)")
        #expect(served.count > 80, "the document lists the whole route table: \(served.count)")
    }

    @Test("every route docs/API.md names outside the planned sections is served")
    func everyDocumentedRouteIsServed() async throws {
        let served = try await Self.servedOperations().routes
        let named = try APIDocument.load().servedRoutes
        // HEAD is answered wherever GET is (the router's rule), without an operation of its own.
        let unserved = named.keys.filter { route in
            !served.contains(route) && !(route.method == "HEAD" && served.contains(APIDocument.Route("GET", route.path)))
        }.sorted().map { "\($0) (§\(named[$0]!.map(String.init).joined(separator: ", §")))" }
        #expect(unserved.isEmpty, "docs/API.md names routes the server does not serve: \(unserved)")
    }

    @Test("routes of the planned sections are not served yet (a built one moves out of Planned)")
    func plannedRoutesAreNotServed() async throws {
        let served = try await Self.servedOperations().routes
        let planned = try APIDocument.load().plannedRoutes
        let built = planned.keys.filter(served.contains).sorted()
        #expect(built.isEmpty, "served, yet under a Planned section of docs/API.md: \(built)")
    }

    @Test("request examples in /openapi.json name only fields their schema has, and every required one")
    func examplesFitSchemas() async throws {
        let document = try await Self.servedOperations().document
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func resolve(_ schema: Any?) -> [String: Any] {
            guard let schema = schema as? [String: Any] else { return [:] }
            if let ref = schema["$ref"] as? String { return schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] ?? [:] }
            return schema
        }
        func check(_ value: Any, against schema: Any?, at path: String) {
            let object = resolve(schema)
            if let fields = value as? [String: Any], let properties = object["properties"] as? [String: Any] {
                for (name, field) in fields {
                    #expect(properties[name] != nil, "\(path).\(name) is not in the schema")
                    check(field, against: properties[name], at: "\(path).\(name)")
                }
                for name in object["required"] as? [String] ?? [] { #expect(fields[name] != nil, "\(path) lacks required \(name)") }
            } else if let items = value as? [Any] {
                for (index, item) in items.enumerated() { check(item, against: object["items"], at: "\(path)[\(index)]") }
            }
        }
        var examples = 0
        for (path, operations) in paths {
            for (method, operation) in operations {
                let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                guard let json = content?["application/json"] as? [String: Any], let example = json["example"] else { continue }
                examples += 1
                check(example, against: json["schema"], at: "\(method.uppercased()) \(path)")
            }
        }
        #expect(examples >= 20, "examples found: \(examples)")
        let tags = try #require(document["tags"] as? [[String: Any]])
        #expect(tags.first?["name"] as? String == "accounts", "top-level tags in reading order")
    }
}
