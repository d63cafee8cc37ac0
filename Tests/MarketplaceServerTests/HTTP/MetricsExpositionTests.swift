import Foundation
import Storage
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// `/metrics` read by a real Prometheus exposition parser (PyPI `prometheus-client`'s
/// `text_string_to_metric_families`, installed by `.ci/run`): every family docs/API.md §8
/// names is there with its type and label names, and the values follow the tables.
@Suite("/metrics through prometheus_client's parser")
struct MetricsExpositionTests {
    /// A family as the parser saw it: its type, the label names of its samples (histograms'
    /// `le` aside) and its samples' values by `name{label=value,…}` (labels sorted).
    struct Family {
        let type: String
        let labels: Set<String>
        let samples: [String: Double]
    }

    static let parser = #"""
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(open(sys.argv[1]).read()):
            labels, samples = set(), {}
            for s in family.samples:
                labels |= {k for k in s.labels if k != "le"}
                key = s.name + "{" + ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) + "}"
                samples[key] = s.value
            out[family.name] = {"type": family.type, "labels": sorted(labels), "samples": samples}
        print(json.dumps(out))
        """#

    /// Scrapes `/metrics` and parses it with prometheus_client.
    static func scrape(_ server: TestServer) throws -> [String: Family] {
        let reply = try server.request("GET", "/metrics")
        #expect(reply.status == 200)
        let directory = FileManager.default.temporaryDirectory.appending(path: "metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(reply.text.utf8).write(to: directory.appending(path: "metrics.txt"))
        try Data(parser.utf8).write(to: directory.appending(path: "parse.py"))
        let run = try runToCompletion("/usr/bin/env", ["python3", "parse.py", "metrics.txt"], in: directory, timeout: 60)
        #expect(run.status == 0, "the parser refused the exposition: \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
        return json.mapValues { family in
            Family(type: family["type"] as? String ?? "", labels: Set(family["labels"] as? [String] ?? []),
                   samples: (family["samples"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue })
        }
    }

    /// Family name (as the parser names it: counters without `_total`) → type and label names.
    static let expected: [(String, String, Set<String>)] = [
        ("http_requests", "counter", ["route", "method", "status"]),
        ("http_request_duration_seconds", "histogram", ["route"]),
        ("gateway_request_duration_seconds", "histogram", ["provider", "operation", "outcome"]),
        ("marketplace_orders", "gauge", ["status"]),
        ("marketplace_payments", "gauge", ["status"]),
        ("marketplace_payments_awaiting_recovery", "gauge", []),
        ("marketplace_payments_awaiting_recovery_oldest_age_seconds", "gauge", []),
        ("webhook_deliveries", "gauge", ["status"]),
        ("storage_write_transactions", "counter", []),
        ("storage_writes", "counter", []),
        ("storage_write_retries", "counter", []),
        ("storage_writes_waiting", "gauge", []),
        ("http_requests_rate_limited", "counter", []),
        ("rate_limit_tracked_clients", "gauge", []),
        ("process_cpu_seconds", "counter", []),
        ("process_resident_memory_bytes", "gauge", []),
        ("process_virtual_memory_bytes", "gauge", []),
        ("process_open_fds", "gauge", []),
        ("process_max_fds", "gauge", []),
        ("process_start_time_seconds", "gauge", []),
        ("marketplace_build_info", "gauge", ["version", "swift"]),
    ]

    @Test("every family has its type and labels; orders, payments and gateway calls follow a paid order")
    func familiesAndValues() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 10_000, stock: 5)
            _ = try pay.paid([(product, 1)])
            _ = try pay.place([(product, 1)])   // a second order, still PENDING_PAYMENT
            let families = try Self.scrape(pay.server)
            for (name, type, labels) in Self.expected {
                let family = families[name]
                #expect(family?.type == type, "\(name): type \(family?.type ?? "absent"), expected \(type)")
                #expect(family?.labels == labels, "\(name): labels \(family?.labels.sorted() ?? []), expected \(labels.sorted())")
            }
            let orders = try #require(families["marketplace_orders"]).samples
            #expect(orders["marketplace_orders{status=PAID}"] == 1)
            #expect(orders["marketplace_orders{status=PENDING_PAYMENT}"] == 1)
            #expect(orders["marketplace_orders{status=DELIVERED}"] == 0, "every status is a sample, zero included")
            let payments = try #require(families["marketplace_payments"]).samples
            #expect(payments["marketplace_payments{status=DONE}"] == 1)
            #expect(payments["marketplace_payments{status=READY}"] == 1)
            let gateway = try #require(families["gateway_request_duration_seconds"]).samples
            #expect(gateway["gateway_request_duration_seconds_count{operation=confirm,outcome=success,provider=TOSS}"] == 1,
                    "\(gateway.keys.sorted())")
            #expect(families["marketplace_payments_awaiting_recovery"]?.samples["marketplace_payments_awaiting_recovery{}"] == 0)
            let build = try #require(families["marketplace_build_info"]).samples
            #expect(build.count == 1 && build.values.first == 1)
            let process = families.mapValues { $0.samples.values.first ?? -1 }
            #expect(process["process_resident_memory_bytes"] ?? 0 > 1_000_000)
            #expect(process["process_open_fds"] ?? 0 > 2)
            #expect(process["process_max_fds"] ?? 0 >= process["process_open_fds"] ?? 0)
            #expect(process["process_cpu_seconds"] ?? 0 > 0)
            let started = process["process_start_time_seconds"] ?? 0
            #expect(abs(started - Date().timeIntervalSince1970) < 3600, "start time \(started) is about now")
        }
    }

    @Test("payments awaiting recovery: the count and the oldest one's age, cached for 5 seconds")
    func awaitingRecovery() async throws {
        try await PaymentsHarness.run { pay in
            let product = try pay.product(price: 10_000, stock: 5)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            let before = try Self.scrape(pay.server)
            #expect(before["marketplace_payments_awaiting_recovery"]?.samples.values.first == 0)
            // An UNKNOWN payment created 120 s ago, its next attempt far off (the worker leaves it).
            let now = Int64(pay.clock.now() * 1000)
            try await pay.server.application.database.write { connection in
                _ = try connection.execute("""
                    UPDATE payments SET status = 'UNKNOWN', created_at = ?, next_attempt_at = ? WHERE order_id = ?
                    """, now - 120_000, now + 86_400_000, id)
            }
            let cached = try Self.scrape(pay.server)
            #expect(cached["marketplace_payments_awaiting_recovery"]?.samples.values.first == 0, "within 5 s the last read stands")
            pay.clock.advance(by: 6)
            let after = try Self.scrape(pay.server)
            #expect(after["marketplace_payments_awaiting_recovery"]?.samples.values.first == 1)
            #expect(after["marketplace_payments_awaiting_recovery_oldest_age_seconds"]?.samples.values.first == 126)
            #expect(after["marketplace_payments"]?.samples["marketplace_payments{status=UNKNOWN}"] == 1)
        }
    }
}
