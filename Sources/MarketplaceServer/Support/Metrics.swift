import Synchronization
import HTTPServer

/// Request counters and latency histograms for `GET /metrics` (Prometheus text format 0.0.4),
/// gateway call latencies, and the families others contribute at scrape time.
final class Metrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    /// A gateway call: `provider` (TOSS, KAKAOPAY, CARD), `operation` (prepare, confirm,
    /// lookup, cancel) and `outcome` (see `InstrumentedGateway`).
    struct GatewayKey: Hashable, Sendable {
        let provider: String
        let operation: String
        let outcome: String
    }

    private struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0

        init(bounds: Int) { buckets = Array(repeating: 0, count: bounds) }

        mutating func record(_ seconds: Double, bounds: [Double]) {
            if let slot = bounds.firstIndex(where: { seconds <= $0 }) { buckets[slot] += 1 }
            count += 1
            sum += seconds
        }
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var latency: [String: Histogram] = [:]
        var gateway: [GatewayKey: Histogram] = [:]
    }

    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Gateway calls cross a network: from 5 ms to the longest `payments.gatewayTimeout` worth telling apart.
    static let gatewayBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    private let state = Mutex(State())

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Key(route: route, method: method, status: status), default: 0] += 1
            // Mutated in place through the subscript: no copy of the buckets per request.
            state.latency[route, default: Histogram(bounds: Self.bounds.count)].record(seconds, bounds: Self.bounds)
        }
    }

    func recordGateway(_ key: GatewayKey, seconds: Double) {
        state.withLock { state in
            state.gateway[key, default: Histogram(bounds: Self.gatewayBounds.count)].record(seconds, bounds: Self.gatewayBounds)
        }
    }

    /// A family others contribute (orders by status, webhook deliveries by status): `type`
    /// "gauge", or "counter" for a total that only grows (its name ends in `_total`).
    struct Gauge: Sendable {
        let name: String
        let help: String
        let samples: [(labels: [(String, String)], value: Double)]
        var type = "gauge"

        init(name: String, help: String, samples: [(labels: [(String, String)], value: Double)], type: String = "gauge") {
            self.name = name
            self.help = help
            self.samples = samples
            self.type = type
        }

        init(name: String, help: String, samples: [(labels: [(String, String)], value: Int)], type: String = "gauge") {
            self.init(name: name, help: help, samples: samples.map { ($0.labels, Double($0.value)) }, type: type)
        }
    }

    func render(gauges: [Gauge] = []) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP http_requests_total HTTP requests by route, method and status.\n# TYPE http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response.\n# TYPE http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            Self.write(histogram, "http_request_duration_seconds", label: "route=\"\(Self.escape(route))\"", bounds: Self.bounds, into: &out)
        }
        out += "# HELP gateway_request_duration_seconds Payment gateway calls by provider, operation and outcome.\n"
            + "# TYPE gateway_request_duration_seconds histogram\n"
        for (key, histogram) in snapshot.gateway.sorted(by: { ($0.key.provider, $0.key.operation, $0.key.outcome) < ($1.key.provider, $1.key.operation, $1.key.outcome) }) {
            let label = "provider=\"\(key.provider)\",operation=\"\(key.operation)\",outcome=\"\(key.outcome)\""
            Self.write(histogram, "gateway_request_duration_seconds", label: label, bounds: Self.gatewayBounds, into: &out)
        }
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) \(gauge.type)\n"
            for sample in gauge.samples {
                let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
                let value = Self.format(sample.value)
                out += labels.isEmpty ? "\(gauge.name) \(value)\n" : "\(gauge.name){\(labels)} \(value)\n"
            }
        }
        return out
    }

    private static func write(_ histogram: Histogram, _ name: String, label: String, bounds: [Double], into out: inout String) {
        var cumulative = 0
        for (index, bound) in bounds.enumerated() {
            cumulative += histogram.buckets[index]
            out += "\(name)_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
        }
        out += "\(name)_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
        out += "\(name)_sum{\(label)} \(histogram.sum)\n"
        out += "\(name)_count{\(label)} \(histogram.count)\n"
    }

    /// Whole numbers without a fraction (`3`, not `3.0`); others as Swift prints them.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }
}
