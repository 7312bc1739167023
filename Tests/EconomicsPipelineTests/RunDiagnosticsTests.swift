import Foundation
import Logging
import PipelineModel
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The warnings a run logs are the diagnostics it returns, one for one, with their details as
/// the log line's metadata: on the hand-made data, then after the data changed under recorded
/// months (a September visit, a device of no planned class, October's payroll gone), with a job
/// whose config warns and which takes the scenario's staff cost where the data has none.
@Suite struct RunDiagnosticsTests {
  /// Every diagnostic logged at its level, with its details in the metadata, in order.
  static func expectLogged(_ diagnostics: [Diagnostic], in log: InMemoryLog) {
    let logged = log.entries.filter { $0.level >= .notice && $0.level != .info }.filter {
      ![
        "run succeeded", "change tracking is off: every month read again",
      ].contains($0.message)
    }
    #expect(logged.map(\.message) == diagnostics.map(\.message))
    for (entry, diagnostic) in zip(logged, diagnostics) {
      #expect(entry.level == (diagnostic.severity == .note ? .notice : .warning))
      for (key, value) in diagnostic.details {
        #expect(entry.metadata[key] == value, "\(diagnostic.message): \(key)")
      }
    }
  }

  @Test func whatARunWarnsOfIsLoggedAndReturned() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        let log = InMemoryLog()
        let first = try PeriodMemoryExactnessTests.run(
          "job-month.yaml", "2025-10", url: url, out: out, log: log)
        Self.expectLogged(first.diagnostics, in: log)
        #expect(first.diagnostics.allSatisfy { $0.severity == .warning && $0.subject == .data })
        // Telemetry, storage writes and network peaks stop on 20 October; four checks warn; the
        // switches are in no planned class.
        #expect(
          first.diagnostics.filter { $0.message == "data stops before the period's end" }
            .map { $0.details["coverage.source"] } == [
              "telemetry", "storage writes", "network peaks",
            ])
        #expect(first.diagnostics.filter { $0.message == "data-quality check" }.count == 4)
        #expect(
          first.diagnostics.filter { $0.message == "device model in no planned class" }
            .map { $0.details["device.model"] } == ["Core switch X1"])

        let db = try PostgresConnection(url, logger: TestDatabase.quietLogger)
        try db.simpleExecute(
          """
          INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts, capacity_pb, purchase_price, in_service_on, retired_on)
            VALUES (6, 'gpu', 'AMD Instinct MI300X', 1, 750, NULL, 100000.00, '2025-10-01', NULL);
          DELETE FROM hospital.payroll WHERE period_month = '2025-10-01';
          INSERT INTO hospital.visits (visit_id, channel, department_id, started_at, duration_seconds)
            VALUES (950, 'virtual', 1, '2025-09-15 10:00+08', 600);
          """, origin: "test")
        let job = try PeriodMemoryExactnessTests.variant(
          "job-month.yaml", in: folder,
          replacing: [
            "    drugs_missing_cost: { warn: 1 }": "    drugs_missing_cost: { warn: 2, fail: 2 }",
            "revenue:\n": "fallbacks: { staff_cost: scenario }\nrevenue:\n",
          ], name: "job-month.yaml")
        let second = InMemoryLog()
        let changed = try PeriodMemoryExactnessTests.run(
          job, "2025-10", url: url, out: out, log: second)
        Self.expectLogged(changed.diagnostics, in: second)
        let config = changed.diagnostics.filter { $0.subject == .config }
        #expect(
          config.map(\.description) == [
            "\(job):56:33: warning: checks.thresholds.drugs_missing_cost.warn: `warn: 2` is at or above `fail: 2`, so the check fails before it ever warns; lower `warn` below `fail`, or drop it"
          ])
        #expect(
          changed.diagnostics.filter { $0.message == "restated month" }
            .map { $0.details["restatement.month"] } == ["2025-09", "2025-10"])
        #expect(
          changed.diagnostics.first { $0.message == "restated month" }?
            .details["restatement.figures"] == "virtual_visits")
        #expect(
          changed.diagnostics.filter { $0.message == "device model in no planned class" }
            .map { $0.details["device.model"] } == ["AMD Instinct MI300X", "Core switch X1"])
        let fallback = changed.diagnostics.filter { $0.severity == .note }
        #expect(fallback.map(\.message) == ["scenario fallback"])
        #expect(fallback.first?.details["ledger.line"] == "staff_cost")
        #expect(!changed.diagnostics.contains { $0.message == "no data" }, "the fallback fills it")
      }
    }
  }
}
