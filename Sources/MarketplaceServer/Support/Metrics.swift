import Synchronization
import HTTPServer

/// Request counters and latency histograms for `GET /metrics` (Prometheus text format 0.0.4).
final class Metrics: Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0

        mutating func record(_ seconds: Double) {
            if let slot = Metrics.bounds.firstIndex(where: { seconds <= $0 }) { buckets[slot] += 1 }
            count += 1
            sum += seconds
        }
    }

    private struct State {
        var requests: [Key: Int] = [:]
        var latency: [String: Histogram] = [:]
    }

    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    private let state = Mutex(State())

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Key(route: route, method: method, status: status), default: 0] += 1
            // Mutated in place through the subscript: no copy of the buckets per request.
            state.latency[route, default: Histogram(buckets: Array(repeating: 0, count: Self.bounds.count))].record(seconds)
        }
    }

    /// A gauge family others contribute (orders by status, webhook deliveries by result);
    /// `type` "counter" for a total that only grows (requests refused by the rate limit).
    struct Gauge: Sendable {
        let name: String
        let help: String
        let samples: [(labels: [(String, String)], value: Int)]
        var type = "gauge"
    }

    func render(gauges: [Gauge] = []) -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP http_requests_total HTTP requests by route, method and status.\n# TYPE http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response.\n# TYPE http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            var cumulative = 0
            for (index, bound) in Self.bounds.enumerated() {
                cumulative += histogram.buckets[index]
                out += "http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(histogram.count)\n"
            out += "http_request_duration_seconds_sum{\(label)} \(histogram.sum)\n"
            out += "http_request_duration_seconds_count{\(label)} \(histogram.count)\n"
        }
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) \(gauge.type)\n"
            for sample in gauge.samples {
                let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
                out += labels.isEmpty ? "\(gauge.name) \(sample.value)\n" : "\(gauge.name){\(labels)} \(sample.value)\n"
            }
        }
        return out
    }

    private static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }
}
