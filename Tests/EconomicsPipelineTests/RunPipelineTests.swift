import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient
import ReportRendering
import TestSupport
import Testing

// MARK: - Fixtures

/// Scratch databases migrated and seeded with 2026 at scale 0.01 (200,000 virtual visits, 2–3 s).
enum SeededDatabase {
  /// 0.01, or `METAHOSPITAL_TEST_SCALE` (e.g. 0.1 to check the ledger's invariants on ten times
  /// the data: `METAHOSPITAL_TEST_SCALE=0.1 swift test --filter RunPipelineTests`).
  static let scale =
    ProcessInfo.processInfo.environment["METAHOSPITAL_TEST_SCALE"].flatMap {
      Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))
    } ?? Decimal(1) / 100
  /// Virtual visits and meta-hospital staff the generator writes at `scale` (rounded as it does).
  static var virtualVisits: Int64 {
    Int64(
      truncating: NSDecimalNumber(decimal: (20_000_000 * scale).rounded(scale: 0, mode: .plain)))
  }
  static var metaStaff: Int64 {
    Int64(truncating: NSDecimalNumber(decimal: (800 * scale).rounded(scale: 0, mode: .plain)))
  }
  static let defaultSeed: Int64 = 20_240_101
  static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
  static let scenario = Repository.path("Pipelines/scenarios/paper-2024.yaml")

  /// Applies the project's migrations.
  static func migrate(_ url: String) throws -> PostgresConnection {
    let connection = try TestDatabase.connect(url)
    try Migrator(folder: Repository.path("sql/migrations"), logger: TestDatabase.quietLogger)
      .migrate(on: connection)
    return connection
  }

  /// Seeds 2026 at scale 0.01.
  static func seed(_ connection: PostgresConnection, seed: Int64 = defaultSeed) throws {
    _ = try Seeder(logger: TestDatabase.quietLogger).seed(
      Seeder.Request(
        year: 2026, scale: scale, seed: seed, timeZone: shanghai, scenarioPath: scenario,
        sqlPath: Repository.path("sql/seed/synthetic.sql")),
      on: connection)
  }

  /// A fresh database, migrated and seeded, for `body`.
  static func with<T>(_ body: (String) throws -> T) throws -> T {
    try TestDatabase.withScratchDatabase { url in
      try seed(migrate(url))
      return try body(url)
    }
  }
}

extension PostgresConnection {
  /// The first column of the first row.
  func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) throws -> T {
    let rows = try self.query(query)
    return try #require(rows.first).decode(T.self, at: 0)
  }
}

/// Runs a shipped job (`Pipelines/<job>.yaml`) or a job file at an absolute path, in-process.
func runJob(
  _ job: String, period: String, url: String, out: URL, hooks: RunPipeline.Hooks = .init()
) throws -> RunPipeline.Outcome {
  let path = job.hasPrefix("/") ? job : Repository.path("Pipelines/\(job).yaml")
  return try RunPipeline(logger: TestDatabase.quietLogger).run(
    RunPipeline.Request(
      jobPath: path, period: period, outputDirectory: out.path,
      database: DatabaseSettings.resolve(flag: url, environment: [:]), root: Repository.root),
    hooks: hooks)
}

/// Every file of a folder with its bytes.
func snapshot(_ folder: URL) throws -> [String: Data] {
  var files: [String: Data] = [:]
  for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
    files[name] = try Data(contentsOf: folder.appending(path: name))
  }
  return files
}

/// The `metric → value` pairs of a `summary.csv` (or any CSV whose first two columns are an id
/// and a value).
func csvValues(_ file: URL) throws -> [String: String] {
  let text = try String(contentsOf: file, encoding: .utf8)
  var values: [String: String] = [:]
  for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    values[fields[0]] = fields.count > 1 ? fields[1] : ""
  }
  return values
}

/// Money as the CSV files write it: two decimals, half away from zero.
enum NumberFormatForTests {
  static func fen(_ value: Decimal) -> String {
    var source = value
    var rounded = Decimal()
    NSDecimalRound(&rounded, &source, 2, .plain)
    let text = "\(rounded)"
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    return String(parts[0]) + "." + fraction + String(repeating: "0", count: 2 - fraction.count)
  }
}

// MARK: - Suite

/// `metahospital run` in-process against the private PostgreSQL, on seeded scratch databases.
@Suite struct RunPipelineTests {
  static let reportFiles = [
    "assumptions.csv", "bridge.csv", "checks.csv", "report.md", "report.xlsx", "restatements.csv",
    "revenue.csv", "sensitivity.csv", "summary.csv", "trend.csv", "variance.csv",
  ]

  // MARK: - The yearly run equals what was generated

  @Test func yearlyRunEqualsTheGeneratedData() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2026")
        let outcome = try runJob("yearly-economics", period: "2026", url: url, out: out)
        let db = try TestDatabase.connect(url)
        let ledger = outcome.ledger

        // Activity and money: exactly the source rows.
        let money = ledger.financials
        #expect(
          try db.value(Int64.self, "SELECT count(*) FROM hospital.visits WHERE channel = 'virtual'")
            == ledger.virtualVisits)
        #expect(ledger.virtualVisits == SeededDatabase.virtualVisits)  // 20 M × scale
        #expect(
          try db.value(
            Decimal.self, "SELECT sum(amount) FROM hospital.charges WHERE channel = 'virtual'")
            == money.grossRevenueCNY)
        // (25 + 125) CNY a visit
        #expect(money.grossRevenueCNY == 150 * Decimal(ledger.virtualVisits))
        #expect(
          try db.value(
            Decimal.self,
            "SELECT sum(amount) - sum(coalesce(acquisition_cost, 0)) FROM hospital.charges WHERE channel = 'virtual'"
          ) == money.effectiveRevenueCNY)
        // Drugs at cost.
        #expect(money.effectiveRevenueCNY == 25 * Decimal(ledger.virtualVisits))
        #expect(
          try db.value(
            Decimal.self,
            "SELECT sum(p.cost) FROM hospital.payroll AS p JOIN hospital.staff AS s USING (staff_id) WHERE s.unit = 'meta'"
          ) == money.staffCostCNY)
        // 800 × scale people.
        #expect(money.staffCostCNY == Decimal(SeededDatabase.metaStaff * 300_000))

        // Energy: every device in service all year at rated power; metered follows the
        // generator's 45 % load (75 % in 8 opening hours, 30 % in 16 others, noise ±5 points).
        let ratedKW = try db.value(
          Decimal.self,
          "SELECT sum(device_count * rated_watts::numeric) / 1000 FROM hospital.devices")
        #expect(ledger.itNameplateKWh == ratedKW * 8760)
        #expect(ledger.nameplateKWh == ratedKW * 8760 * 2)  // facility factor 2
        #expect(ledger.electricityCostCNY == ratedKW * 8760 * 2 / 2)  // at 0.5 CNY/kWh
        let load = (ledger.meteredKWh / ledger.nameplateKWh).doubleValue
        #expect(abs(load - 0.45) <= 0.01, "metered/nameplate = \(load)")

        // A whole year: the annualized figures are the ledger's, to the cent.
        #expect(outcome.actual.annualizationFactor == 1)
        #expect(outcome.actual.annual == money)

        // Clean data: every check examined rows and found nothing.
        #expect(outcome.checks.count == 13)
        for check in outcome.checks {
          #expect(check.status == .pass && check.result.failing == 0, "\(check.line)")
          #expect(check.result.examined > 0, "\(check.line)")
        }

        // The files.
        #expect(
          try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            == [ReportFolderMarker.fileName] + Self.reportFiles)
        // CSV lines end in CRLF (RFC 4180).
        let summary = try String(contentsOf: out.appending(path: "summary.csv"), encoding: .utf8)
          .components(separatedBy: "\r\n").dropLast()
        #expect(summary.first == "metric,value,unit,source,note")
        #expect(
          summary.contains("period_virtual_visits,\(SeededDatabase.virtualVisits),visits,data,"))
        #expect(
          summary.contains("annual_visits,\(SeededDatabase.virtualVisits),visits/year,data,"))
        let variance = try String(contentsOf: out.appending(path: "variance.csv"), encoding: .utf8)
        #expect(variance.hasPrefix("driver,unit,plan,actual,difference,difference_pct,source\r\n"))
        let checks = try String(contentsOf: out.appending(path: "checks.csv"), encoding: .utf8)
        #expect(checks.components(separatedBy: "\r\n").dropLast().count == 14)
        #expect(outcome.summaryLine.hasPrefix("yearly-economics 2026: "))
        #expect(outcome.summaryLine.hasSuffix("report \(out.path)/report.md"))

        // The run history: one succeeded row whose outputs are the files' SHA-256.
        let runs = try db.query(
          "SELECT run_id::text AS id, status, job, period, finished_at IS NOT NULL AS finished, rows_read, outputs::text AS outputs FROM pipeline.runs"
        )
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(try run.decode(String.self, "id") == outcome.runID)
        #expect(try run.decode(String.self, "status") == "succeeded")
        #expect(try run.decode(String.self, "job") == "yearly-economics")
        #expect(try run.decode(String.self, "period") == "2026")
        #expect(try run.decode(Bool.self, "finished"))
        #expect(try run.decode(Int64.self, "rows_read") > SeededDatabase.virtualVisits)
        let outputs =
          try JSONSerialization.jsonObject(
            with: Data(try run.decode(String.self, "outputs").utf8)) as? [String: String]
        #expect(outputs?.keys.sorted() == Self.reportFiles)
        for (name, data) in try snapshot(out) where name != ReportFolderMarker.fileName {
          #expect(outputs?[name] == SHA256.hex(data), "\(name)")
        }
      }
    }
  }

  // MARK: - Twelve months add up to the year

  @Test func twelveMonthlyRunsAddUpToTheYearlyRun() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let year = try runJob(
          "yearly-economics", period: "2026", url: url, out: folder.appending(path: "2026")
        ).ledger
        let months = try Period.year(2026).months.map { month in
          try runJob(
            "monthly-economics", period: month.description, url: url,
            out: folder.appending(path: month.description)
          ).ledger
        }
        func total(_ figure: (PeriodLedger) -> Decimal) -> Decimal {
          months.map(figure).reduce(0, +)
        }
        // Counts, money and energy: exactly. Amortization, depreciation and contracts are rounded
        // to the fen cumulatively per item (sql/extract/capital.sql, contracts.sql), and energy is
        // summed in numeric per local day, so the months add up to their year to the fen.
        #expect(months.map(\.virtualVisits).reduce(0, +) == year.virtualVisits)
        #expect(months.map(\.offlineVisits).reduce(0, +) == year.offlineVisits)
        let lines: [(String, (PeriodLedger) -> Decimal)] = [
          ("registration", \.registrationRevenueCNY), ("drug sales", \.passThroughSalesCNY),
          ("markup", \.passThroughMarkupCNY), ("offline revenue", \.offlineRevenueCNY),
          ("staff", \.staffCostCNY), ("IT nameplate kWh", \.itNameplateKWh),
          ("facility nameplate kWh", \.nameplateKWh), ("electricity", \.electricityCostCNY),
          ("metered kWh", \.meteredKWh), ("metered electricity", \.meteredElectricityCostCNY),
          ("software", \.softwareAmortizationCNY), ("model", \.modelAmortizationCNY),
          ("hardware", \.hardwareDepreciationCNY), ("contracts", \.otherServicesCNY),
          ("gross revenue", { $0.financials.grossRevenueCNY }),
          ("effective revenue", { $0.financials.effectiveRevenueCNY }),
          ("total cost", { $0.financials.totalCostCNY }), ("margin", { $0.financials.marginCNY }),
        ]
        for (name, line) in lines {
          #expect(total(line) == line(year), "\(name): \(total(line)) vs \(line(year))")
          // The generator sells drugs at zero markup; every other line holds money.
          #expect((line(year) != 0) == (name != "markup"), "\(name)")
        }
      }
    }
  }

  // MARK: - Annualized = ledger × days in year ÷ days

  @Test func aMonthsAnnualizedFiguresAreItsLedgerTimesDaysInYearOverDays() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2026-02")
        let actual = try runJob("monthly-economics", period: "2026-02", url: url, out: out).actual
        let factor = Decimal(365) / Decimal(28)
        #expect(actual.annualizationFactor == factor)
        let period = actual.period
        let annual = actual.annual
        let pairs: [(String, Decimal, Decimal)] = [
          ("visits", period.visits, annual.visits),
          ("effective revenue", period.effectiveRevenueCNY, annual.effectiveRevenueCNY),
          ("gross revenue", period.grossRevenueCNY, annual.grossRevenueCNY),
          ("staff", period.staffCostCNY, annual.staffCostCNY),
          ("electricity", period.electricityCostCNY, annual.electricityCostCNY),
          ("total cost", period.totalCostCNY, annual.totalCostCNY),
          ("margin", period.marginCNY, annual.marginCNY),
          ("net cash flow", period.netCashFlowCNY, annual.netCashFlowCNY),
        ]
        for (name, p, a) in pairs {
          #expect(a == p * factor, "\(name)")
        }
        // summary.csv carries the same figures, to the fen.
        let summary = try csvValues(out.appending(path: "summary.csv"))
        func fen(_ value: Decimal) -> String { NumberFormatForTests.fen(value) }
        #expect(summary["period_margin_cny"] == fen(period.marginCNY))
        #expect(summary["annual_margin_cny"] == fen(period.marginCNY * factor))
        #expect(summary["annual_total_cost_cny"] == fen(period.totalCostCNY * factor))
        #expect(summary["effective_revenue_cny"] == fen(period.effectiveRevenueCNY * factor))
      }
    }
  }

  // MARK: - Reruns

  @Test func rerunReplacesTheReportWithTheSameBytes() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2026-10")
        let first = try runJob("monthly-economics", period: "2026-10", url: url, out: out)
        let before = try snapshot(out)
        let second = try runJob("monthly-economics", period: "2026-10", url: url, out: out)
        let after = try snapshot(out)
        #expect(first.runID != second.runID)
        #expect(after.keys.sorted() == [ReportFolderMarker.fileName] + Self.reportFiles)
        // The folder is marked as the second run's report.
        #expect(ReportFolderMarker.read(in: out)?.runID == second.runID)
        for name in Self.reportFiles where name != "report.md" && name != "report.xlsx" {
          #expect(after[name] == before[name], "\(name)")
        }
        // The workbook names its run and the time its report was generated; its tables are
        // the same.
        let workbooks = try [before, after].map {
          try WorkbookTests.dump(try #require($0["report.xlsx"]))
        }
        #expect(workbooks[0].properties.keywords?.contains(first.runID) == true)
        #expect(workbooks[1].properties.keywords?.contains(second.runID) == true)
        #expect(
          workbooks[0].sheets.dropFirst().map { $0.cells.map { [$0.ref, $0.value, $0.format] } }
            == workbooks[1].sheets.dropFirst().map {
              $0.cells.map { [$0.ref, $0.value, $0.format] }
            }
        )
        // report.md differs only in the line with the run id and the time it was generated, and
        // in what the SQL files read: the second run reuses every month the first one read.
        func lines(_ data: Data?) -> [String] {
          String(decoding: data ?? Data(), as: UTF8.self).components(separatedBy: "\n")
        }
        let old = lines(before["report.md"])
        let new = lines(after["report.md"])
        #expect(old.count == new.count)
        let changed = zip(old, new).filter { $0 != $1 }
        let reads = changed.filter { $0.0.hasPrefix("| ") && $0.0.contains("| `sql/") }
        #expect(reads.count == 17)  // the 13 extraction files and the 4 monthly check files
        for (was, now) in reads {
          #expect(was.contains(" | 0 | "), "\(was)")  // reused nothing the first time
          #expect(now.contains("| 0 | "), "\(now)")  // read nothing the second time
        }
        let others = changed.filter { !($0.0.hasPrefix("| ") && $0.0.contains("| `sql/")) }
        #expect(others.count == 1)
        #expect(others.first?.0.contains("run `\(first.runID)`, generated ") == true)
        #expect(others.first?.1.contains("run `\(second.runID)`, generated ") == true)
        // Nothing left beside the report (no temporary folders).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["2026-10"])
        let statuses = try TestDatabase.connect(url).query(
          "SELECT status FROM pipeline.runs ORDER BY started_at"
        ).map { try $0.decode(String.self, "status") }
        #expect(statuses == ["succeeded", "succeeded"])
      }
    }
  }

  @Test func aRunClosesAnAbandonedRunOfTheSameJobAndPeriod() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        // A run whose process died: 'running' with no outcome, and one of another period.
        for period in ["2026-10", "2026-09"] {
          _ = try db.execute(
            """
            INSERT INTO pipeline.runs (job, period, status, tool_version)
            VALUES ('monthly-economics', \(period), 'running', 'test')
            """)
        }
        _ = try runJob(
          "monthly-economics", period: "2026-10", url: url, out: folder.appending(path: "out"))
        let rows = try db.query(
          "SELECT period, status, coalesce(error, '') AS error FROM pipeline.runs ORDER BY started_at"
        ).map {
          (
            try $0.decode(String.self, "period"), try $0.decode(String.self, "status"),
            try $0.decode(String.self, "error")
          )
        }
        #expect(rows.count == 3)
        #expect(rows[0].0 == "2026-10" && rows[0].1 == "failed" && rows[0].2.hasPrefix("abandoned"))
        #expect(rows[1].0 == "2026-09" && rows[1].1 == "running")
        #expect(rows[2].0 == "2026-10" && rows[2].1 == "succeeded")
      }
    }
  }

  // MARK: - Concurrency

  @Test func aSecondRunWhileTheFirstHoldsTheLockExits75AndTouchesNothing() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        let inProcessOut = folder.appending(path: "in-process")
        let binaryOut = folder.appending(path: "binary")
        var hookRan = false
        let hooks = RunPipeline.Hooks(whileLocked: {
          hookRan = true
          #expect(try db.value(Int64.self, "SELECT count(*) FROM pipeline.runs") == 1)

          let error = try #require(throws: RunError.self) {
            try runJob("monthly-economics", period: "2026-10", url: url, out: inProcessOut)
          }
          #expect(error == .locked(job: "monthly-economics", period: "2026-10"))
          #expect(error.exitStatus.rawValue == 75)

          var environment = ProcessInfo.processInfo.environment
          environment["DATABASE_URL"] = nil
          environment["METAHOSPITAL_LOG_LEVEL"] = "warning"
          let binary = try TestSupport.run(
            try TestPaths.metahospitalBinary(),
            [
              "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url",
              url, "--out", binaryOut.path,
            ], environment: environment, currentDirectory: Repository.root)
          #expect(binary.status == 75, "stderr: \(binary.stderr)")
          #expect(binary.stdout.isEmpty)
          #expect(
            binary.stderr.contains(
              "another run of job 'monthly-economics' for period 2026-10 is in progress"))

          // Touched nothing: no run recorded, no folder.
          #expect(try db.value(Int64.self, "SELECT count(*) FROM pipeline.runs") == 1)
          #expect(!FileManager.default.fileExists(atPath: inProcessOut.path))
          #expect(!FileManager.default.fileExists(atPath: binaryOut.path))
        })
        let outcome = try runJob(
          "monthly-economics", period: "2026-10", url: url, out: folder.appending(path: "first"),
          hooks: hooks)
        #expect(hookRan)
        #expect(
          try db.value(String.self, "SELECT string_agg(status, ',') FROM pipeline.runs")
            == "succeeded")
        #expect(
          try db.value(String.self, "SELECT run_id::text FROM pipeline.runs") == outcome.runID)

        // The lock is released with the run: the same job and period runs again.
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: inProcessOut)
      }
    }
  }

  // MARK: - Failures leave the previous report

  @Test func databaseLostBeforeWritingLeavesThePreviousReportIntact() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2026-10")
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: out)
        let before = try snapshot(out)

        let admin = try TestDatabase.connect(url)
        var terminated = 0
        let hooks = RunPipeline.Hooks(afterExtraction: {
          terminated = try admin.value(
            Int.self,
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int
            FROM pg_stat_activity
            WHERE datname = current_database() AND application_name LIKE 'metahospital run%'
            """)
        })
        let error = try #require(throws: PostgresError.self) {
          try runJob("monthly-economics", period: "2026-10", url: url, out: out, hooks: hooks)
        }
        #expect(terminated == 1)
        #expect(error.code == .connection || error.code == .server, "\(error)")
        #expect(try snapshot(out) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["2026-10"])
        // The failure is recorded on a fresh connection.
        let failed = try admin.query(
          "SELECT error FROM pipeline.runs WHERE status = 'failed' AND finished_at IS NOT NULL")
        #expect(failed.count == 1)
      }
    }
  }

  @Test func aFailingCheckStopsTheRunRecordsItAndKeepsThePreviousReport() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2026-10")
        _ = try runJob("monthly-economics", period: "2026-10", url: url, out: out)
        let before = try snapshot(out)

        // A visit loaded twice: duplicate_visit_ids fails at 1 row.
        let db = try TestDatabase.connect(url)
        let visitID = try db.value(
          Int64.self,
          """
          SELECT min(visit_id) FROM hospital.visits
          WHERE started_at >= '2026-10-01 00:00+08' AND started_at < '2026-11-01 00:00+08'
          """)
        try db.execute(
          "INSERT INTO hospital.visits SELECT * FROM hospital.visits WHERE visit_id = \(visitID)")

        let error = try #require(throws: RunError.self) {
          try runJob("monthly-economics", period: "2026-10", url: url, out: out)
        }
        #expect(error.exitStatus.rawValue == 65)
        guard case .checksFailed(let lines) = error else {
          Issue.record("expected checksFailed, got \(error)")
          return
        }
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("FAIL duplicate_visit_ids: 1 of ") == true)
        #expect(lines.first?.contains("visit \(visitID)") == true)
        #expect(try snapshot(out) == before)

        let runs = try db.query(
          "SELECT status, error, finished_at IS NOT NULL AS finished FROM pipeline.runs ORDER BY started_at"
        )
        #expect(try runs.map { try $0.decode(String.self, "status") } == ["succeeded", "failed"])
        let failed = try #require(runs.last)
        #expect(try failed.decode(Bool.self, "finished"))
        let text = try failed.decode(String.self, "error")
        #expect(text.contains("data-quality checks failed"))
        #expect(text.contains("duplicate_visit_ids"))
      }
    }
  }

  // MARK: - Each data-quality check fires

  /// One broken row (or day) per check in October 2026. Ids below the seeded ones (which start
  /// at 2026 × 10^10) so they come first among a check's sample ids.
  static let breakage = """
    INSERT INTO hospital.visits (visit_id, channel, department_id, started_at, duration_seconds)
    VALUES (9000000001, 'virtual', 1, '2026-10-15 10:00+08', NULL),
           (9000000002, 'virtual', 1, '2026-10-15 10:00+08', 600),
           (9000000002, 'virtual', 1, '2026-10-15 10:00+08', 600),
           (9000000003, 'virtual', 1, '2026-09-29 10:00+08', 600),
           (9000000004, 'virtual', 999, '2026-10-15 11:00+08', 600);
    INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, acquisition_cost, charged_at)
    VALUES (9000000011, 'virtual', 9000000002, 'registration', NULL, NULL, '2026-10-15 10:10+08'),
           (9000000012, 'virtual', 9000000002, 'registration', -25, NULL, '2026-10-15 10:10+08'),
           (9000000013, 'virtual', 9999999999, 'registration', 25, NULL, '2026-10-15 10:10+08'),
           (9000000014, 'virtual', 9000000003, 'registration', 25, NULL, '2026-10-02 10:00+08'),
           (9000000015, 'virtual', 9000000002, 'drug', 10, 10, '2026-10-15 10:10+08'),
           (9000000015, 'virtual', 9000000002, 'drug', 10, 10, '2026-10-15 10:10+08'),
           (9000000016, 'virtual', 9000000002, 'drug', 12, NULL, '2026-10-15 10:10+08');
    UPDATE hospital.device_utilization SET utilization_pct = 150
    WHERE device_id = (SELECT min(device_id) FROM hospital.devices)
      AND hour_start = '2026-10-15 10:00+08';
    DELETE FROM hospital.charges WHERE visit_id IN (
      SELECT visit_id FROM hospital.visits
      WHERE channel = 'virtual' AND started_at >= '2026-10-20 00:00+08' AND started_at < '2026-10-21 00:00+08');
    DELETE FROM hospital.visits
    WHERE channel = 'virtual' AND started_at >= '2026-10-20 00:00+08' AND started_at < '2026-10-21 00:00+08';
    DELETE FROM hospital.device_utilization
    WHERE hour_start >= '2026-10-21 00:00+08' AND hour_start < '2026-10-22 00:00+08';
    UPDATE hospital.electricity_tariffs SET effective_from = '2026-10-25' WHERE effective_from = '2026-01-01';
    """

  @Test func eachCheckFiresOnARowMadeToBreakIt() throws {
    try SeededDatabase.with { url in
      try withTemporaryDirectory { folder in
        let db = try TestDatabase.connect(url)
        try db.simpleExecute(Self.breakage)
        let device = try db.value(Int32.self, "SELECT min(device_id) FROM hospital.devices")

        // The monthly job whose checks only warn, so the run reports every check instead of stopping.
        let shipped = try String(
          contentsOfFile: Repository.path("Pipelines/monthly-economics.yaml"), encoding: .utf8)
        let tolerant =
          shipped.components(separatedBy: "\n")
          .filter { !$0.hasPrefix("    ") || !$0.contains(": {") }
          .map { $0 == "  thresholds:" ? "  default: { warn: 1 }" : $0 }
          .map {
            $0.hasPrefix("scenario:") ? "scenario: \(SeededDatabase.scenario)" : $0
          }
          .joined(separator: "\n")
        let job = folder.appending(path: "checks-only.yaml")
        try Data(tolerant.utf8).write(to: job)

        let outcome = try runJob(
          job.path, period: "2026-10", url: url, out: folder.appending(path: "out"))
        let results = Dictionary(
          outcome.checks.map { ($0.result.checkID, $0.result) }, uniquingKeysWith: { a, _ in a })
        let expected: [(check: String, failing: Int64, sample: String)] = [
          ("visits_missing_duration", 1, "visit 9000000001"),
          ("charges_missing_amount", 1, "charge 9000000011"),
          ("negative_charge_amounts", 1, "charge 9000000012"),
          ("charges_without_visit", 1, "charge 9000000013"),
          ("charges_outside_visit_period", 1, "charge 9000000014"),
          ("duplicate_visit_ids", 1, "visit 9000000002"),
          ("duplicate_charge_ids", 1, "charge 9000000015"),
          ("drugs_missing_cost", 1, "charge 9000000016"),
          ("utilization_out_of_range", 1, "device \(device) at 2026-10-15 10:00"),
          ("visits_unknown_department", 1, "visit 9000000004"),
          ("days_without_visits", 1, "2026-10-20"),
          ("days_without_telemetry", 1, "2026-10-21"),
          ("days_without_tariff", 24, "2026-10-01"),  // 1–24 October
        ]
        #expect(Set(results.keys) == Set(expected.map(\.check)))
        for (check, failing, sample) in expected {
          let result = try #require(results[check], "\(check)")
          #expect(result.failing == failing, "\(check)")
          #expect(result.examined >= failing, "\(check)")
          #expect(result.sampleIDs.first == sample, "\(check): \(result.sampleIDs)")
          #expect(result.sampleIDs.count <= 5, "\(check)")
        }
      }
    }
  }

  // MARK: - Seeding

  /// Row counts, money, and a digest of the visits' rows.
  struct Fingerprint: Equatable {
    var counts: [Int64]
    var money: [Decimal]
    /// Summed as numeric: a double sum depends on the order PostgreSQL adds the rows in.
    var meteredKWh: Decimal
    var visitsDigest: String
  }

  static func fingerprint(_ db: PostgresConnection) throws -> Fingerprint {
    let tables = [
      "visits", "charges", "admissions", "surgeries", "staff", "payroll", "devices",
      "device_utilization", "storage_written", "network_peaks", "capital_items",
      "service_contracts", "electricity_tariffs", "departments",
    ]
    return Fingerprint(
      counts: try tables.map {
        try db.value(Int64.self, "SELECT count(*) FROM hospital.\(unsafeSQL: $0)")
      },
      money: [
        try db.value(Decimal.self, "SELECT sum(amount) FROM hospital.charges"),
        try db.value(Decimal.self, "SELECT sum(cost) FROM hospital.payroll"),
        try db.value(Decimal.self, "SELECT sum(amount) FROM hospital.capital_items"),
        try db.value(Decimal.self, "SELECT sum(annual_amount) FROM hospital.service_contracts"),
      ],
      meteredKWh: try db.value(
        Decimal.self, "SELECT sum(energy_kwh::numeric) FROM hospital.device_utilization"),
      visitsDigest: try db.value(
        String.self,
        """
        SELECT md5(string_agg(concat_ws(',', visit_id, channel, department_id, started_at, duration_seconds), ';'
                              ORDER BY visit_id))
        FROM hospital.visits
        """))
  }

  @Test func seedingAgainReplacesTheYearAndTheSameSeedGivesTheSameData() throws {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      try SeededDatabase.seed(db)
      let first = try Self.fingerprint(db)
      // Plus a quarter as many offline.
      #expect(first.counts[0] == SeededDatabase.virtualVisits * 5 / 4)

      try SeededDatabase.seed(db)
      let again = try Self.fingerprint(db)
      #expect(again.counts == first.counts)
      #expect(again.money == first.money)
      #expect(again.visitsDigest == first.visitsDigest)
      #expect(again.meteredKWh == first.meteredKWh)

      // Another seed moves rows but not totals: amounts vary in pairs around their means.
      try SeededDatabase.seed(db, seed: 7)
      let other = try Self.fingerprint(db)
      #expect(other.counts == first.counts)
      #expect(other.money == first.money)
      #expect(other.visitsDigest != first.visitsDigest)
    }
  }
}
