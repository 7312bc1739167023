import Foundation
import PipelineModel
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The `reporting` views (migration 007) as a BI tool reads them: a login of `metahospital_bi`
/// (`sql/roles/bi.sql`) on the hand-made dataset, against the CSV files of the runs that recorded
/// what the views show, and the README's dashboard queries.
@Suite struct ReportingViewsTests {
  /// A CSV file (RFC 4180, as the reports write them) as rows keyed by the header's fields.
  static func csvRecords(_ file: URL) throws -> [[String: String]] {
    let text = try String(contentsOf: file, encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text).makeIterator()
    while let character = iterator.next() {
      if quoted {
        if character == "\"" {
          quoted = false
        } else {
          field.append(character)
        }
      } else if character == "\"" {
        if !field.isEmpty { field.append("\"") }
        quoted = true
      } else if character == "," {
        row.append(field)
        field = ""
      } else if character == "\r\n" || character == "\n" {
        row.append(field)
        rows.append(row)
        (row, field) = ([], "")
      } else {
        field.append(character)
      }
    }
    guard let header = rows.first else { return [] }
    return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  /// Every row of `query` as column → text (nil for NULL).
  static func records(_ session: PostgresConnection, _ query: PostgresQuery) throws
    -> [[String: String?]]
  {
    let rows = try session.query(query)
    return rows.map { row in
      Dictionary(zip(rows.columns.names, row.values), uniquingKeysWith: { first, _ in first })
    }
  }

  /// Whether two decimal texts are the same number (`2912.4` and `2912.400000`).
  static func same(_ a: String??, _ b: String?) -> Bool {
    guard let a = a ?? nil, let b else { return (a ?? nil) == nil && (b ?? "").isEmpty }
    return HandMadeDataTests.decimal(a) == HandMadeDataTests.decimal(b)
  }

  /// The hand-made dataset with the BI role's login, for `body(owner URL, BI session)`.
  static func withBI<T>(_ body: (String, PostgresConnection) throws -> T) throws -> T {
    try HandMadeDataTests.withDataset { url in
      try TestDatabase.withLogin(.bi, on: url) { bi, _ in
        try body(url, try TestDatabase.connect(bi))
      }
    }
  }

  // MARK: - The months

  @Test func theLatestFiguresOfEachMonthAreThoseOfTheRunsFiles() throws {
    try Self.withBI { url, bi in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        let outcome = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        let months = try Self.records(
          bi,
          """
          SELECT to_char(month, 'YYYY-MM') AS month_text, * FROM reporting.month_figures
          WHERE job = 'handmade-monthly' ORDER BY month
          """)
        #expect(
          months.map { $0["month_text"] ?? nil }
            == (1...10).map { "2025-\($0 < 10 ? "0" : "")\($0)" })
        for month in months {
          #expect(month["run_id"] == outcome.runID)
          #expect(month["month_closed"] == "t")
          #expect(month["restated"] == "f")
        }

        // October, the run's own month: every figure as summary.csv gives it.
        let summary = try csvValues(out.appending(path: "summary.csv"))
        let october = try #require(months.last)
        for column in [
          "virtual_visits", "registration_revenue_cny", "other_kept_revenue_cny", "drug_sales_cny",
          "drug_markup_cny", "effective_revenue_cny", "staff_cost_cny", "electricity_cost_cny",
          "other_services_cny", "software_amortization_cny", "model_amortization_cny",
          "hardware_depreciation_cny", "total_cost_cny", "margin_cny", "nameplate_energy_kwh",
        ] {
          let expected = try #require(summary["period_\(column)"], "period_\(column)")
          #expect(
            Self.same(october[column], expected),
            "\(column): \(String(describing: october[column])) ≠ \(expected)")
        }
        #expect(october["margin_cny"] == "-59076.46")  // EXPECTED.md, to the fen as written

        // Every month: the row of trend.csv.
        let trend = try Self.csvRecords(out.appending(path: "trend.csv"))
        #expect(trend.count == months.count)
        for (row, month) in zip(trend, months) {
          #expect(row["month"] == month["month_text"] ?? nil)
          for column in [
            "virtual_visits", "effective_revenue_cny", "total_cost_cny", "margin_cny",
            "nameplate_energy_kwh", "cost_per_visit_cny", "plan_margin_cny",
          ] {
            #expect(
              Self.same(month[column], row[column]),
              "\(row["month"] ?? "") \(column): \(String(describing: month[column])) ≠ \(row[column] ?? "")"
            )
          }
          #expect((month["restated"] == "t") == (row["restated"] == "yes"))
        }

        // Typed columns, as a BI tool sees them.
        let types = Dictionary(
          uniqueKeysWithValues: try bi.query(
            """
            SELECT column_name::text AS name,
                   format_type(a.atttypid, a.atttypmod) AS type
            FROM information_schema.columns c
            JOIN pg_attribute a ON a.attrelid = 'reporting.month_figures'::regclass
                               AND a.attname = c.column_name
            WHERE c.table_schema = 'reporting' AND c.table_name = 'month_figures'
            """
          ).map { (try $0.decode(String.self, "name"), try $0.decode(String.self, "type")) })
        #expect(types["job"] == "text")
        #expect(types["month"] == "date")
        #expect(types["virtual_visits"] == "bigint")
        for money in [
          "registration_revenue_cny", "effective_revenue_cny", "total_cost_cny", "margin_cny",
          "cost_per_visit_cny", "plan_margin_cny", "hardware_depreciation_cny",
        ] {
          #expect(types[money] == "numeric(18,2)", "\(money)")
        }
        #expect(types["nameplate_energy_kwh"] == "numeric(18,6)")
        #expect(types["restated"] == "boolean")
        #expect(types["run_id"] == "uuid")
        #expect(types["recorded_at"] == "timestamp with time zone")
      }
    }
  }

  // MARK: - Restatements

  @Test func aLateRefundShowsTheNewValueAndTheRestatementTheOldOne() throws {
    try Self.withBI { url, bi in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        let first = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        func september() throws -> [String: String?] {
          try #require(
            Self.records(
              bi,
              """
              SELECT margin_cny, registration_revenue_cny, restated, run_id
              FROM reporting.month_figures
              WHERE job = 'handmade-monthly' AND month = DATE '2025-09-01'
              """
            ).first)
        }
        #expect(try september()["margin_cny"] == "-52212.33")
        #expect(try Self.records(bi, "SELECT * FROM reporting.restatements").isEmpty)

        // A late refund of September's registration, after September was reported.
        try TestDatabase.connect(url).execute(
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
          VALUES (130, 'virtual', 101, 'registration', -25.00, '2025-09-30 23:50+08')
          """)
        let second = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        let now = try september()
        #expect(now["margin_cny"] == "-52237.33")
        #expect(now["registration_revenue_cny"] == "0.00")
        #expect(now["restated"] == "t")
        #expect(now["run_id"] == second.runID)

        let restatements = try Self.records(
          bi,
          """
          SELECT to_char(month, 'YYYY-MM') AS month, figure, unit, previous, current, difference,
                 cause, run_id, previous_run_id, restated_at = (
                   SELECT recorded_at FROM reporting.month_figures
                   WHERE job = 'handmade-monthly' AND month = DATE '2025-09-01') AS at_the_run
          FROM reporting.restatements
          WHERE job = 'handmade-monthly' ORDER BY month, figure_position
          """)
        #expect(
          restatements.map { $0["figure"] ?? nil } == [
            "registration_revenue_cny", "effective_revenue_cny", "margin_cny",
          ])
        let margin = try #require(restatements.last)
        #expect(margin["month"] == "2025-09")
        #expect(margin["unit"] == "CNY")
        #expect(margin["previous"] == "-52212.33")
        #expect(margin["current"] == "-52237.33")
        #expect(margin["difference"] == "-25.00")
        #expect(margin["cause"] == "data")
        #expect(margin["run_id"] == second.runID)
        #expect(margin["previous_run_id"] == first.runID)
        #expect(margin["at_the_run"] == "t")

        // The same rows as the run's restatements.csv.
        let csv = try Self.csvRecords(out.appending(path: "restatements.csv"))
        #expect(csv.count == restatements.count)
        for (row, view) in zip(csv, restatements) {
          for column in ["month", "figure", "previous", "current", "difference", "cause"] {
            #expect(row[column] == view[column] ?? nil, "\(column)")
          }
          #expect(row["previous_run"] == view["previous_run_id"] ?? nil)
        }

        // Reported again: the restatement stays in the history, and the month is still marked.
        _ = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(try Self.records(bi, "SELECT * FROM reporting.restatements").count == 3)
        #expect(try september()["restated"] == "t")
      }
    }
  }

  /// Every figure a run compares, and only those, is compared by the view: records written
  /// directly, differing in every figure and in the plan's.
  @Test func theViewComparesTheFiguresTheToolCompares() throws {
    try Self.withBI { url, bi in
      let owner = try TestDatabase.connect(url)
      func figures(_ value: Int) -> String {
        JSONText.object(
          Dictionary(
            uniqueKeysWithValues: (MonthFigures.lines.map(\.id) + MonthFigures.planLines.map(\.id))
              .map { ($0, "\(value)") }))
      }
      for (run, value, closed) in [(1, 1, false), (2, 2, true), (3, 3, true), (4, 4, false)] {
        try owner.execute(
          """
          INSERT INTO pipeline.month_figures
            (job, month, run_id, recorded_at, month_closed, inputs_sha256, figures)
          VALUES ('j', DATE '2025-03-01', \("00000000-0000-0000-0000-00000000000\(run)")::uuid,
                  TIMESTAMPTZ '2025-04-01 00:00+00' + \(run) * INTERVAL '1 day', \(closed),
                  \(run == 3 ? "changed" : "same"), \(figures(value))::jsonb)
          """)
      }
      // Run 3 restates what run 2 recorded after the month closed; runs 1 and 4 read the
      // month while it was open (in the tool's words: its months are never compared then).
      let rows = try Self.records(
        bi,
        "SELECT figure, previous, current, cause, run_id FROM reporting.restatements ORDER BY figure_position"
      )
      #expect(rows.map { $0["figure"] ?? nil } == MonthFigures.lines.map(\.id))
      #expect(rows.allSatisfy { $0["previous"] == "2" || $0["previous"]??.hasPrefix("2.") == true })
      #expect(rows.allSatisfy { $0["cause"] == "inputs" })
      #expect(rows.allSatisfy { $0["run_id"] == "00000000-0000-0000-0000-000000000003" })
      let latest = try #require(
        Self.records(bi, "SELECT * FROM reporting.month_figures WHERE job = 'j'").first)
      #expect(latest["run_id"] == "00000000-0000-0000-0000-000000000004")
      #expect(latest["month_closed"] == "f")
      #expect(latest["restated"] == "t")
      #expect(latest["plan_margin_cny"] == "4.00")
      // Each figure the tool records is a column of the month view.
      for id in MonthFigures.lines.map(\.id) + MonthFigures.planLines.map(\.id) {
        #expect(latest.keys.contains(id), "\(id)")
      }
    }
  }

  // MARK: - Runs and checks

  @Test func runsAndTheirChecksAreTheHistoryAndChecksCSV() throws {
    try Self.withBI { url, bi in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "ok")
        let succeeded = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        // The refund of October (a negative charge) made a failing check: the run fails.
        let job = try PeriodMemoryTests.variant(
          "job-month.yaml", in: folder, replacing: "negative_charge_amounts: { warn: 1 }",
          with: "negative_charge_amounts: { fail: 1 }", name: "strict.yaml")
        let error = try #require(throws: RunError.self) {
          try HandMadeDataTests.run(job, "2025-10", url: url, out: folder.appending(path: "failed"))
        }
        #expect(error.exitStatus.rawValue == 65)

        let runs = try Self.records(
          bi,
          """
          SELECT run_id, job, period, status, build, rows_read, checks_passed, checks_warned,
                 checks_failed, error, finished_at >= started_at AS ordered
          FROM reporting.runs ORDER BY started_at
          """)
        #expect(runs.count == 2)
        let (ok, failed) = (runs[0], runs[1])
        #expect(ok["run_id"] == succeeded.runID)
        #expect(ok["status"] == "succeeded")
        #expect(ok["period"] == "2025-10")
        #expect(ok["build"] == MetaHospitalVersion.current)
        #expect(ok["ordered"] == "t")
        #expect(ok["checks_failed"] == "0")
        #expect(failed["status"] == "failed")
        #expect(failed["checks_failed"] == "1")
        #expect(failed["error"]??.contains("negative_charge_amounts") == true)

        // The succeeded run's checks: its checks.csv, row by row.
        let csv = try Self.csvRecords(out.appending(path: "checks.csv"))
        let checks = try Self.records(
          bi,
          """
          SELECT check_id, status, failing, examined, warn_at, warn_unit, fail_at, fail_unit,
                 sql_file, job, period
          FROM reporting.check_results WHERE run_id = \(succeeded.runID)::uuid ORDER BY position
          """)
        #expect(checks.count == csv.count && !csv.isEmpty)
        for (row, check) in zip(csv, checks) {
          for column in [
            "check_id", "status", "failing", "examined", "warn_at", "warn_unit", "fail_at",
            "fail_unit", "sql_file",
          ] {
            #expect(
              (check[column] ?? nil) ?? "" == row[column], "\(row["check_id"] ?? "") \(column)")
          }
          #expect(check["job"] == "handmade-monthly")
        }
        let counts = Dictionary(grouping: csv, by: { $0["status"] ?? "" }).mapValues(\.count)
        #expect(ok["checks_passed"] == "\(counts["pass"] ?? 0)")
        #expect(ok["checks_warned"] == "\(counts["warn"] ?? 0)")

        // The failed run recorded the check that failed it, with the job's threshold.
        let failing = try Self.records(
          bi,
          """
          SELECT check_id, failing, fail_at, fail_unit FROM reporting.check_results
          WHERE run_id = \(failed["run_id"] ?? nil)::uuid AND status = 'fail'
          """)
        #expect(failing.map { $0["check_id"] ?? nil } == ["negative_charge_amounts"])
        #expect(failing.first?["fail_at"] == "1")
        #expect(failing.first?["fail_unit"] == "rows")
      }
    }
  }

  /// A reporting role without the grant on `pipeline.run_checks` (its file not applied again
  /// after migration 007) stops before reading anything, recording nothing, and says what to do.
  @Test func aRunThatCannotRecordItsChecksStopsBeforeReading() throws {
    try HandMadeDataTests.withDataset { url in
      try TestDatabase.withLogin(.reporting, on: url) { reporter, _ in
        try withTemporaryDirectory { folder in
          let owner = try TestDatabase.connect(url)
          try owner.execute("REVOKE ALL ON pipeline.run_checks FROM metahospital_reporting")
          let out = folder.appending(path: "out")
          let error = try #require(throws: PostgresError.self) {
            try HandMadeDataTests.run("job-month.yaml", "2025-10", url: reporter, out: out)
          }
          #expect(ErrorReporting.exitStatus(for: error).rawValue == 77)
          let message = ErrorReporting.message(for: error)
          #expect(
            message.contains(
              "lacks SELECT, INSERT on table run_checks (needed by pipeline.run_checks"),
            "\(message)")
          #expect(message.contains("psql -f sql/roles/reporting.sql"))
          #expect(!FileManager.default.fileExists(atPath: out.path))
          #expect(try owner.query("SELECT 1 FROM pipeline.runs").isEmpty)
        }
      }
    }
  }

  // MARK: - What the BI role may not read

  @Test func theBIRoleReadsNoHospitalOrPipelineTable() throws {
    try Self.withBI { _, bi in
      for statement in [
        "SELECT * FROM hospital.visits",
        "SELECT * FROM hospital.charges",
        "SELECT * FROM pipeline.month_figures",
        "SELECT * FROM pipeline.runs",
        "SELECT * FROM pipeline.run_checks",
        "SELECT pipeline.fold_source_changes()",
        "INSERT INTO pipeline.runs (job, period, status, tool_version) VALUES ('x', 'y', 'running', 'z')",
        "CREATE VIEW reporting.mine AS SELECT 1",
        "CREATE TABLE public.mine (i int)",
      ] {
        let error = try #require(throws: PostgresError.self) {
          try bi.execute(.unsafeSQL(statement))
        }
        #expect(error.sqlState == "42501", "\(statement): \(error)")
      }
      // What it can read: the four views.
      for view in ["month_figures", "restatements", "runs", "check_results"] {
        _ = try bi.query(.unsafeSQL("SELECT * FROM reporting.\(view) LIMIT 1"))
      }
    }
  }

  /// BI tools show a column's comment as its description: every column of every view has one.
  @Test func everyColumnOfTheViewsIsDescribed() throws {
    try Self.withBI { _, bi in
      let columns = try Self.records(
        bi,
        """
        SELECT table_name::text AS view, column_name::text AS column,
               col_description(format('reporting.%I', table_name)::regclass, ordinal_position::int)
                 AS comment
        FROM information_schema.columns WHERE table_schema = 'reporting'
        """)
      #expect(
        Set(columns.compactMap { $0["view"] ?? nil }) == [
          "month_figures", "restatements", "runs", "check_results",
        ])
      for column in columns {
        #expect((column["comment"] ?? nil)?.isEmpty == false, "\(column)")
      }
    }
  }

  // MARK: - The README's dashboard queries

  /// The SQL blocks of the README's section on the reporting views.
  static func readmeQueries() throws -> [String] {
    let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "\n## For BI tools: the reporting views\n"))
    let section = readme[start.upperBound...]
    let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
    return section[..<end].components(separatedBy: "```sql\n").dropFirst().compactMap {
      $0.components(separatedBy: "\n```").first
    }
  }

  @Test func theREADMEsDashboardQueriesRunAsTheBIRole() throws {
    let queries = try Self.readmeQueries()
    #expect(queries.count == 3)
    try Self.withBI { url, bi in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        _ = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        try TestDatabase.connect(url).execute(
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
          VALUES (130, 'virtual', 101, 'registration', -25.00, '2025-09-30 23:50+08')
          """)
        _ = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        // The README's job and year are the shipped job's; here, the hand-made one's.
        let results = try queries.map { sql in
          try Self.records(
            bi,
            .unsafeSQL(
              sql.replacingOccurrences(of: "'monthly-economics'", with: "'handmade-monthly'")
                .replacingOccurrences(of: "2026", with: "2025")))
        }
        let trend = try Self.csvRecords(out.appending(path: "trend.csv"))
        let summary = try csvValues(out.appending(path: "summary.csv"))

        // Margin by month: the months of trend.csv.
        #expect(results[0].map { $0["margin_cny"] ?? nil } == trend.map { $0["margin_cny"] })
        #expect(
          results[0].map { $0["restated"] ?? nil }
            == trend.map { $0["restated"] == "yes" ? "t" : "f" })

        // Plan against actual: to date, the year to date of summary.csv.
        let last = try #require(results[1].last)
        #expect(Self.same(last["margin_to_date_cny"], summary["ytd_margin_cny"]))
        let planToDate = HandMadeDataTests.decimal(
          try #require(last["plan_margin_to_date_cny"] ?? nil))
        let ytdPlan = HandMadeDataTests.decimal(try #require(summary["ytd_plan_margin_cny"]))
        // The months' plans are each rounded to the fen: at most half a fen each from the whole.
        #expect(abs(planToDate - ytdPlan) <= Decimal(results[1].count) / 200)

        // Restatements this year: September's refund.
        #expect(
          results[2].map { $0["figure"] ?? nil } == [
            "registration_revenue_cny", "effective_revenue_cny", "margin_cny",
          ])
        #expect(results[2].last?["previous"] == "-52212.33")
        #expect(results[2].last?["current"] == "-52237.33")
      }
    }
  }
}
