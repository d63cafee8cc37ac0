import FoundationEssentials
import Marketplace
import HTTPServer

/// `POST /sandbox/faults` and `DELETE /sandbox/faults` (docs/API.md §6): arm or clear the faults
/// every sandbox consults.
enum SandboxFaultRoutes {
    static func register(on router: inout Router, faults: SandboxFaults) {
        let faultFields: [(String, Schema)] = [
            ("provider", .string(values: PaymentProvider.allCases.map(\.rawValue))),
            ("operation", .string(values: SandboxFaults.Operation.allCases.map(\.rawValue))),
            ("mode", .string(values: SandboxFaults.Mode.allCases.map(\.rawValue))),
            ("count", .integer(minimum: 1, maximum: 1000)),
            ("delayMs", .integer(minimum: 0, maximum: 60_000, description: "for slow; default 1000")),
        ]
        // The request may send delayMs null (the default); the answer always names it.
        let requestFields = faultFields.map { $0.0 == "delayMs" ? ($0.0, Schema.nullable($0.1)) : $0 }
        let faultRequired = ["provider", "operation", "mode", "count"]
        let fault = Schema.object(faultFields, required: faultRequired)
        router.add(.post, "/sandbox/faults", doc: OperationDoc(
            "Sandbox: make the next count calls of one gateway operation fail one way", tag: "sandbox",
            // Unknown fields are ignored, as everywhere under /sandbox.
            body: ("application/json", .object(requestFields, required: faultRequired, open: true)), replies: [
                .json(200, "the armed fault (it replaces one armed for the same provider and operation)", fault),
                .problem(400, "INVALID_REQUEST"),
            ])) { request in
            let armed = try parse(request.body)
            faults.arm(armed)
            var json = JSONWriter()
            json.beginObject()
            json.member("provider", armed.provider.rawValue)
            json.member("operation", armed.operation.rawValue)
            json.member("mode", armed.mode.rawValue)
            json.member("count", armed.count)
            json.member("delayMs", armed.delayMs)
            json.endObject()
            return Response.json(json.bytes)
        }

        router.add(.delete, "/sandbox/faults", doc: OperationDoc(
            "Sandbox: clear every armed fault", tag: "sandbox",
            replies: [.init(status: 204, description: "cleared", contentType: nil)])) { _ in
            faults.clear()
            return Response(status: 204)
        }
    }

    private struct Body: Decodable {
        let provider: String?
        let operation: String?
        let mode: String?
        let count: Int?
        let delayMs: Int?
    }

    static func parse(_ bytes: [UInt8]) throws -> SandboxFaults.Fault {
        guard !bytes.isEmpty else { throw HTTPError.invalidBody("This route needs a JSON body.") }
        let body = try JSONDecoder().decode(Body.self, from: Data(bytes))
        var issues: [FieldIssue] = []
        let provider = body.provider.flatMap(PaymentProvider.init(rawValue:))
        if provider == nil { issues.append(.init(field: "provider", message: "one of TOSS, KAKAOPAY, CARD")) }
        let operation = body.operation.flatMap(SandboxFaults.Operation.init(rawValue:))
        if operation == nil { issues.append(.init(field: "operation", message: "one of confirm, cancel, lookup, ready")) }
        if provider == .toss && operation == .ready {
            issues.append(.init(field: "operation", message: "Toss has no ready call: prepare is local"))
        }
        let mode = body.mode.flatMap(SandboxFaults.Mode.init(rawValue:))
        if mode == nil { issues.append(.init(field: "mode", message: "one of timeout, error500, reject, approveThenTimeout, slow")) }
        if !(1...1000).contains(body.count ?? 0) { issues.append(.init(field: "count", message: "a whole number from 1 to 1000")) }
        if let delay = body.delayMs, !(0...60_000).contains(delay) {
            issues.append(.init(field: "delayMs", message: "0 to 60000 milliseconds"))
        }
        guard issues.isEmpty, let provider, let operation, let mode, let count = body.count else {
            throw MarketplaceError.invalid(issues, detail: "The fault is not valid.")
        }
        return SandboxFaults.Fault(provider: provider, operation: operation, mode: mode, count: count, delayMs: body.delayMs ?? 1000)
    }
}
