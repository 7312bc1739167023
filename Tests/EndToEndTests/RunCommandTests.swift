import Foundation
import PostgresClient
import TestSupport
import Testing

/// `metahospital seed`, `run` and `validate`, run as the built binary from the repository root.
@Suite struct RunCommandTests {
  // MARK: - Running the binary

  /// Runs the binary in the repository root, with no `DATABASE_URL` and warnings only.
  static func metahospitalInRoot(_ arguments: [String]) throws -> ProcessOutput {
    var environment = ProcessInfo.processInfo.environment
    environment["DATABASE_URL"] = nil
    environment["METAHOSPITAL_LOG_LEVEL"] = "warning"
    return try run(
      TestPaths.metahospitalBinary(), arguments, environment: environment,
      currentDirectory: TestPaths.repositoryRoot)
  }

  // MARK: - Seed, then run

  @Test func seedThenRunAMonthPrintsOneLineAndWritesTheReport() throws {
    try TestDatabase.withScratchDatabase { url in
      try withTemporaryDirectory { folder in
        let migrate = try Self.metahospitalInRoot(["migrate", "--database-url", url])
        #expect(migrate.status == 0, "stderr: \(migrate.stderr)")

        let seed = try Self.metahospitalInRoot(["seed", "--year", "2026", "--database-url", url])
        #expect(seed.status == 0, "stderr: \(seed.stderr)")
        #expect(seed.stdout.hasPrefix("seed: year 2026 at scale 0.01 (seed 20240101): "))

        // The run as cron runs it: a login of the reporting role (sql/roles/reporting.sql),
        // with a password that no output may show.
        try TestDatabase.withLogin(.reporting, on: url) { reporter, password in
          let out = folder.appending(path: "2026-10").path
          let arguments = [
            "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url",
            reporter, "--out", out,
          ]
          let result = try Self.metahospitalInRoot(arguments)
          #expect(!result.stdout.contains(password) && !result.stderr.contains(password))
          #expect(result.status == 0, "stderr: \(result.stderr)")
          let lines = result.stdout.split(separator: "\n")
          #expect(lines.count == 1)
          #expect(result.stdout.hasPrefix("monthly-economics 2026-10: "))
          #expect(result.stdout.hasSuffix("report \(out)/report.md\n"))
          #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
              ".metahospital-report", "assumptions.csv", "bridge.csv", "checks.csv", "report.md",
              "report.xlsx", "restatements.csv", "revenue.csv", "sensitivity.csv", "summary.csv",
              "trend.csv", "variance.csv",
            ])
          let report = try String(contentsOfFile: "\(out)/report.md", encoding: .utf8)
          #expect(report.hasPrefix("# Meta-hospital economics: monthly-economics, 2026-10"))
          // The history and the report name the build as --version does: version and commit.
          let version = try Self.metahospitalInRoot(["--version"]).stdout
          let build = String(
            version.dropFirst("metahospital ".count).trimmingCharacters(in: .newlines))
          #expect(build.hasPrefix("0.") && build.contains("(commit "), "\(version)")
          let recorded = try TestDatabase.connect(url).query(
            "SELECT tool_version FROM pipeline.runs WHERE status = 'succeeded'"
          ).map { try $0.decode(String.self, "tool_version") }
          #expect(recorded == [build])
          #expect(report.contains("metahospital \(build), run "))
          let before = try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.md"))

          // A visit loaded twice fails duplicate_visit_ids: 65, and the report stays.
          try TestDatabase.connect(url).execute(
            """
            INSERT INTO hospital.visits
            SELECT * FROM hospital.visits
            WHERE started_at >= '2026-10-01 00:00+08' AND started_at < '2026-11-01 00:00+08'
            ORDER BY visit_id LIMIT 1
            """)
          let failed = try Self.metahospitalInRoot(arguments)
          #expect(failed.status == 65, "stderr: \(failed.stderr)")
          #expect(failed.stdout.isEmpty)
          #expect(failed.stderr.contains("FAIL duplicate_visit_ids"))
          #expect(failed.stderr.contains("the previous report was left as it was"))
          #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/report.md")) == before)
          #expect(!failed.stderr.contains(password))
        }
      }
    }
  }

  // MARK: - Refusals before the database

  @Test func aPeriodOfAnotherGrainExits64NamingTheGrain() throws {
    let result = try Self.metahospitalInRoot([
      "run", "Pipelines/monthly-economics.yaml", "--period", "2026", "--database-url",
      "host=/nonexistent/metahospital-e2e dbname=x",
    ])
    #expect(result.status == 64, "stderr: \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("period 2026 is a year"))
    #expect(result.stderr.contains("reports by month"))
    #expect(result.stderr.contains("YYYY-MM"))
  }

  @Test func aMalformedPeriodExits64() throws {
    let result = try Self.metahospitalInRoot([
      "run", "Pipelines/monthly-economics.yaml", "--period", "2026-13",
    ])
    #expect(result.status == 64, "stderr: \(result.stderr)")
    #expect(result.stderr.contains("'2026-13'"))
  }

  @Test func aBrokenJobFileExits78WithFileLineAndColumn() throws {
    let job = "Tests/EconomicsPipelineTests/Fixtures/broken-jobs/bad-grain.yaml"
    let result = try Self.metahospitalInRoot([
      "run", job, "--period", "2026-10", "--database-url", "host=/nonexistent/metahospital-e2e",
    ])
    #expect(result.status == 78, "stderr: \(result.stderr)")
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("\(job):4:8: error: grain: must be one of `month`"))
  }

  @Test func anUnreachableDatabaseExits69WithoutThePassword() throws {
    let secret = "Run-E2e-Secret-Pa55"
    try withTemporaryDirectory { folder in
      let out = folder.appending(path: "never").path
      let result = try Self.metahospitalInRoot([
        "run", "Pipelines/monthly-economics.yaml", "--period", "2026-10", "--database-url",
        "postgresql://u:\(secret)@/x?host=%2Fnonexistent%2Fmetahospital-e2e", "--out", out,
      ])
      #expect(result.status == 69, "stderr: \(result.stderr)")
      #expect(result.stderr.contains("/nonexistent/metahospital-e2e"))
      #expect(!result.stderr.contains(secret))
      #expect(!result.stdout.contains(secret))
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }

  // MARK: - validate

  @Test func validateChecksEverythingUnderPipelines() throws {
    let result = try Self.metahospitalInRoot(["validate"])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(
      result.stdout == "validate: 10 files valid (3 jobs, 5 scenarios, 2 language files)\n")
  }

  @Test func validateReportsABrokenJob() throws {
    let job = "Tests/EconomicsPipelineTests/Fixtures/broken-jobs/unknown-key.yaml"
    let result = try Self.metahospitalInRoot(["validate", "Pipelines/monthly-economics.yaml", job])
    #expect(result.status == 78)
    #expect(
      result.stderr.contains(
        "\(job):29:1: error: ouptut: unknown key `ouptut`; did you mean `output`?"))
  }
}
