import HTTPServer

/// The engine carries the router's match from `plan(for:)` to `respond(to:plan:)` untyped;
/// only `Responder` makes plans, so the match is always there.
extension RoutePlan {
    init(bodyLimit: Int, readsBody: Bool, match: RouteMatch, spoolDirectory: String? = nil) {
        self.init(bodyLimit: bodyLimit, readsBody: readsBody, context: match, spoolDirectory: spoolDirectory)
    }

    var match: RouteMatch { context as! RouteMatch }
}
