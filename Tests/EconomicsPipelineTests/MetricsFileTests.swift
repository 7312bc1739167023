import Foundation
import PipelineModel
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The Prometheus metrics file a run leaves for node_exporter's textfile collector.
@Suite struct MetricsFileTests {
  static let start = Date(timeIntervalSince1970: 1_795_680_000)  // 2026-11-26 06:00 UTC
  static let end = start.addingTimeInterval(42.5)

  static func outcome(_ status: CheckStatus, _ id: String) -> CheckOutcome {
    let failing: Int64 = status == .pass ? 0 : 3
    return CheckOutcome(
      result: CheckResult(
        checkID: id, failing: failing, examined: 100, sampleIDs: [], file: "sql/checks/x.sql"),
      threshold: CheckThreshold(warn: .rows(1), fail: status == .fail ? .rows(1) : .rows(10)))
  }

  static let success = RunMetrics(
    job: "monthly-economics", period: "2026-10", exitStatus: 0, startedAt: start, endedAt: end,
    rowsRead: 78_242,
    checks: [outcome(.pass, "a"), outcome(.pass, "b"), outcome(.warn, "c")],
    money: (Decimal(string: "-23221.74") ?? 0, Decimal(string: "423650.00") ?? 0))

  /// The samples of a file, as `name{labels}` → value.
  static func samples(_ text: String) -> [String: String] {
    var found: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      found[String(parts[0])] = String(parts[1])
    }
    return found
  }

  // MARK: - Content

  @Test func aSuccessfulRunWritesEveryMetricLabelledByJobAndPeriod() throws {
    let text = MetricsFile.render(Self.success, previous: [])
    let labels = #"{job="monthly-economics",period="2026-10"}"#
    let samples = Self.samples(text)
    #expect(samples["metahospital_last_run_success\(labels)"] == "1")
    #expect(samples["metahospital_last_run_exit_status\(labels)"] == "0")
    #expect(samples["metahospital_last_run_start_timestamp_seconds\(labels)"] == "1795680000.000")
    #expect(samples["metahospital_last_run_end_timestamp_seconds\(labels)"] == "1795680042.500")
    #expect(samples["metahospital_last_run_duration_seconds\(labels)"] == "42.500")
    #expect(samples["metahospital_last_run_rows_read\(labels)"] == "78242")
    #expect(
      samples[
        #"metahospital_last_run_checks{job="monthly-economics",period="2026-10",status="pass"}"#]
        == "2")
    #expect(
      samples[
        #"metahospital_last_run_checks{job="monthly-economics",period="2026-10",status="warn"}"#]
        == "1")
    #expect(
      samples[
        #"metahospital_last_run_checks{job="monthly-economics",period="2026-10",status="fail"}"#]
        == "0")
    #expect(samples["metahospital_last_success_timestamp_seconds\(labels)"] == "1795680042.500")
    #expect(samples["metahospital_period_margin_cny\(labels)"] == "-23221.74")
    #expect(samples["metahospital_period_effective_revenue_cny\(labels)"] == "423650")
    // Every family has its HELP and TYPE once, before its samples.
    for family in MetricsFile.families {
      #expect(text.components(separatedBy: "# TYPE \(family.name) gauge\n").count == 2)
      let type = try #require(text.range(of: "# TYPE \(family.name) "))
      let sample = try #require(text.range(of: "\n\(family.name){"))
      #expect(type.lowerBound < sample.lowerBound)
    }
    #expect(text.hasSuffix("\n"))
  }

  @Test func aFailedRunKeepsTheLastSuccessAndThePeriodsMoney() throws {
    let before = MetricsFile.render(Self.success, previous: [])
    let previous = try #require(try? MetricsFile.parse(before))
    let failed = RunMetrics(
      job: "monthly-economics", period: "2026-11", exitStatus: 65,
      startedAt: Self.start.addingTimeInterval(86_400 * 30),
      endedAt: Self.start.addingTimeInterval(86_400 * 30 + 5), rowsRead: 80_000,
      checks: [Self.outcome(.fail, "a")])
    let samples = Self.samples(MetricsFile.render(failed, previous: previous))
    let now = #"{job="monthly-economics",period="2026-11"}"#
    let then = #"{job="monthly-economics",period="2026-10"}"#
    #expect(samples["metahospital_last_run_success\(now)"] == "0")
    #expect(samples["metahospital_last_run_exit_status\(now)"] == "65")
    #expect(samples["metahospital_last_run_rows_read\(now)"] == "80000")
    #expect(
      samples[
        #"metahospital_last_run_checks{job="monthly-economics",period="2026-11",status="fail"}"#]
        == "1")
    #expect(samples["metahospital_last_success_timestamp_seconds\(then)"] == "1795680042.500")
    #expect(samples["metahospital_period_margin_cny\(then)"] == "-23221.74")
    #expect(samples.keys.filter { $0.hasPrefix("metahospital_last_run_success") }.count == 1)
    #expect(samples["metahospital_last_run_success\(then)"] == nil)
  }

  @Test func aJobThatNeverSucceededShowsZeroSoStalenessFires() {
    let failed = RunMetrics(
      job: "yearly-economics", period: "", exitStatus: 78, startedAt: Self.start,
      endedAt: Self.end)
    let samples = Self.samples(MetricsFile.render(failed, previous: []))
    #expect(
      samples[#"metahospital_last_success_timestamp_seconds{job="yearly-economics",period=""}"#]
        == "0")
    // What the run never reached is absent, not zero.
    #expect(!samples.keys.contains { $0.hasPrefix("metahospital_last_run_rows_read") })
    #expect(!samples.keys.contains { $0.hasPrefix("metahospital_last_run_checks") })
    #expect(!samples.keys.contains { $0.hasPrefix("metahospital_period_margin_cny") })
  }

  @Test func otherJobsSeriesInASharedFileAreKept() throws {
    let monthly = try MetricsFile.parse(MetricsFile.render(Self.success, previous: []))
    var yearly = Self.success
    yearly.job = "yearly-economics"
    yearly.period = "2026"
    let both = MetricsFile.render(yearly, previous: monthly)
    let samples = Self.samples(both)
    #expect(
      samples[#"metahospital_last_run_success{job="monthly-economics",period="2026-10"}"#] == "1")
    #expect(samples[#"metahospital_last_run_success{job="yearly-economics",period="2026"}"#] == "1")
    // Still one HELP and TYPE per family.
    #expect(both.components(separatedBy: "# TYPE metahospital_last_run_success ").count == 2)
    // And the monthly job's next run finds the yearly series as they were.
    let again = MetricsFile.render(Self.success, previous: try MetricsFile.parse(both))
    #expect(Self.samples(again) == samples)
  }

  @Test func labelValuesAreEscaped() throws {
    let sample = PrometheusSample(
      name: "metahospital_x", labels: [("job", #"a"b\c"#), ("period", "x\ny")], value: "1")
    #expect(sample.line == #"metahospital_x{job="a\"b\\c",period="x\ny"} 1"#)
    #expect(PrometheusSample(parsing: sample.line) == sample)
  }

  // MARK: - The file

  @Test func theFileIsReplacedWholeAndOnlyWhenItIsOurs() throws {
    try withTemporaryDirectory { folder in
      let path = folder.appending(path: "metahospital-monthly-economics.prom").path
      try MetricsFile.update(at: path, with: Self.success)
      let written = try String(contentsOfFile: path, encoding: .utf8)
      #expect(written == MetricsFile.render(Self.success, previous: []))
      // Nothing else is left in the folder: no temporary file, no lock file.
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: folder.path) == [
          "metahospital-monthly-economics.prom"
        ])
      let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
      #expect(mode == 0o644)

      // A file with a line the tool did not write is left alone.
      let foreign = folder.appending(path: "node.prom").path
      let text = "# my own metric\nnode_custom_thing 3\n"
      try Data(text.utf8).write(to: URL(fileURLWithPath: foreign))
      let error = try #require(throws: MetricsFileError.self) {
        try MetricsFile.update(at: foreign, with: Self.success)
      }
      #expect(error == .foreign(path: foreign, line: 2))
      #expect(error.description.contains("line 2 is not a metahospital metric"))
      #expect(try String(contentsOfFile: foreign, encoding: .utf8) == text)
    }
  }

  @Test func aFolderThatIsNotThereSaysWhatToDo() {
    let error = #expect(throws: MetricsFileError.self) {
      try MetricsFile.update(at: "/nonexistent/metahospital/m.prom", with: Self.success)
    }
    #expect(error?.description.contains("check that its folder exists") == true)
  }

  @Test(
    arguments: [
      ("/var/lib/node/metahospital.prom", nil),
      ("metrics/{job}.prom", nil),
      ("/var/lib/node/metahospital.txt", "must end in .prom"),
      ("", "must name a file"),
      ("/var/lib/node/.prom", "must end in .prom"),
      ("/tmp/a\nb.prom", "line break"),
    ] as [(String, String?)])
  func metricsPathsAreChecked(path: String, problem: String?) {
    let found = MetricsFile.pathProblem(path)
    if let problem {
      #expect(found?.contains(problem) == true, "\(found ?? "nil")")
    } else {
      #expect(found == nil)
    }
  }
}
