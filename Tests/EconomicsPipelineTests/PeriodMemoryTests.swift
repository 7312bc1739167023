import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient
import TestSupport
import Testing

/// Months kept and composed, restatements, and the trend's forecast, against the private
/// PostgreSQL on the hand-made dataset.
@Suite struct PeriodMemoryTests {
  /// A variant of a hand-made job with one threshold line replaced, written to `folder`.
  static func variant(
    _ job: String, in folder: URL, replacing line: String, with replacement: String,
    name: String
  ) throws -> String {
    let text = try String(contentsOfFile: "\(HandMadeDataTests.folder)/\(job)", encoding: .utf8)
    #expect(text.contains(line))
    let file = folder.appending(path: name)
    try Data(text.replacingOccurrences(of: line, with: replacement).utf8).write(to: file)
    return file.path
  }

  /// How many months a file read now and how many it reused, in a run.
  static func reads(_ outcome: RunPipeline.Outcome, _ file: String) -> (read: Int, reused: Int) {
    let source = outcome.sources.first { $0.file == file }
    return (source?.runs ?? -1, source?.reused ?? -1)
  }

  // MARK: - Months kept and reused

  @Test func aSecondRunReusesEveryMonthAndWritesTheSameFigures() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let first = try HandMadeDataTests.run(
          "job-month.yaml", "2025-10", url: url, out: folder.appending(path: "1"))
        #expect(Self.reads(first, "sql/extract/visits.sql") == (10, 0))  // January to October
        // Checks compared across months run for the year to date; the others for the period.
        #expect(Self.reads(first, "sql/checks/duplicate_ids.sql") == (10, 0))
        #expect(Self.reads(first, "sql/checks/charge_visit_links.sql") == (1, 0))
        let second = try HandMadeDataTests.run(
          "job-month.yaml", "2025-10", url: url, out: folder.appending(path: "2"))
        for file in [
          "sql/extract/visits.sql", "sql/extract/charges.sql", "sql/extract/concurrency.sql",
          "sql/extract/energy.sql",
        ] {
          #expect(Self.reads(second, file) == (0, 10), "\(file)")
        }
        #expect(Self.reads(second, "sql/checks/charge_visit_links.sql") == (0, 1))
        #expect(Self.reads(second, "sql/checks/duplicate_ids.sql") == (0, 10))
        for name in ["summary.csv", "trend.csv", "variance.csv", "checks.csv", "revenue.csv"] {
          #expect(
            try Data(contentsOf: folder.appending(path: "1/\(name)"))
              == Data(contentsOf: folder.appending(path: "2/\(name)")), "\(name)")
        }
        // Asked to, it reads every month again.
        let again = try RunPipeline(logger: TestDatabase.quietLogger).run(
          RunPipeline.Request(
            jobPath: "\(HandMadeDataTests.folder)/job-month.yaml", period: "2025-10",
            outputDirectory: folder.appending(path: "3").path,
            database: DatabaseSettings.resolve(flag: url, environment: [:]),
            root: Repository.root, recompute: true))
        #expect(Self.reads(again, "sql/extract/visits.sql") == (10, 0))
      }
    }
  }

  // MARK: - Restatements

  @Test func aChangedClosedMonthIsReadAgainAndStatedAsARestatement() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        _ = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        // A late refund of September's registration, after September was reported.
        let db = try TestDatabase.connect(url)
        try db.execute(
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
          VALUES (130, 'virtual', 101, 'registration', -25.00, '2025-09-30 23:50+08')
          """)
        let outcome = try RunPipeline(logger: TestDatabase.quietLogger).run(
          RunPipeline.Request(
            jobPath: "\(HandMadeDataTests.folder)/job-month.yaml", period: "2025-10",
            outputDirectory: out.path,
            database: DatabaseSettings.resolve(flag: url, environment: [:]),
            root: Repository.root, rebuildRestated: true))
        // Only September's charges were read again.
        #expect(Self.reads(outcome, "sql/extract/charges.sql") == (1, 9))
        let restated = outcome.trend.months.compactMap(\.restatement)
        #expect(restated.map(\.month) == [.month(2025, 9)])
        let changes = Dictionary(
          (restated.first?.changes ?? []).map { ($0.figure, ($0.previous, $0.current)) },
          uniquingKeysWith: { a, _ in a })
        // Worked out: registration 25.00 → 0.00; effective revenue 25.00 → 0.00; margin
        // −52,212.33 → −52,237.33 (September's total cost is 52,237.33, EXPECTED.md).
        #expect(
          changes.keys.sorted() == [
            "effective_revenue_cny", "margin_cny", "registration_revenue_cny",
          ])
        let registration = try #require(changes["registration_revenue_cny"])
        #expect(registration == (25, 0))
        let margin = try #require(changes["margin_cny"])
        #expect(margin.0 == HandMadeDataTests.decimal("-52212.33"))
        #expect(margin.1 == HandMadeDataTests.decimal("-52237.33"))
        #expect(restated.first?.inputsChanged == false)
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("**Restated: 2025-09 changed since it was reported**"))
        #expect(report.contains("margin -52,212.33 → -52,237.33"))
        let csv = try String(contentsOf: out.appending(path: "restatements.csv"), encoding: .utf8)
        #expect(csv.contains("\r\n2025-09,margin_cny,-52212.33,-52237.33,-25.00,"))
        #expect(csv.hasSuffix(",data\r\n"))
        // The history keeps both: the figures reported then and now.
        let margins = try db.query(
          """
          SELECT figures->>'margin_cny' AS margin FROM pipeline.month_figures
          WHERE month = '2025-09-01' ORDER BY recorded_at
          """
        ).map { try $0.decode(String.self, "margin") }
        #expect(margins.first == "-52212.33")  // reported before the refund
        #expect(margins.count >= 2 && margins.dropFirst().allSatisfy { $0 == "-52237.33" })
        // The month's own report, rebuilt beside the period's.
        #expect(outcome.rebuilt.map(\.period) == [.month(2025, 9)])
        let september = try csvValues(folder.appending(path: "2025-09/summary.csv"))
        #expect(september["period_margin_cny"] == "-52237.33")
        // Reported again, the month is no longer restated.
        let later = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(later.trend.months.allSatisfy { $0.restatement == nil })
      }
    }
  }

  // MARK: - Checks across months

  @Test func anIdInTwoMonthsIsCaughtWhenOnlyOneMonthIsReadAgain() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let job = try Self.variant(
          "job-year.yaml", in: folder, replacing: "duplicate_visit_ids: { fail: 1 }",
          with: "duplicate_visit_ids: { warn: 1 }", name: "year.yaml")
        let clean = try HandMadeDataTests.run(
          job, "2025", url: url, out: folder.appending(path: "a"))
        #expect(
          clean.checks.first { $0.result.checkID == "duplicate_visit_ids" }?.result.failing == 0)
        // Visit 102 (October) loaded again in March: each month alone has no duplicate.
        try TestDatabase.connect(url).execute(
          "INSERT INTO hospital.visits VALUES (102, 'virtual', 1, '2025-03-10 10:00+08', 300)")
        let outcome = try HandMadeDataTests.run(
          job, "2025", url: url, out: folder.appending(path: "b"))
        #expect(Self.reads(outcome, "sql/checks/duplicate_ids.sql") == (1, 11))  // March only
        let duplicates = try #require(
          outcome.checks.first { $0.result.checkID == "duplicate_visit_ids" })
        #expect(duplicates.result.failing == 1)
        #expect(duplicates.result.sampleIDs == ["visit 102"])
        #expect(duplicates.status == .warn)
        // With the shipped threshold the year fails.
        let error = try #require(throws: RunError.self) {
          try HandMadeDataTests.run(
            "job-year.yaml", "2025", url: url, out: folder.appending(path: "c"))
        }
        #expect(error.exitStatus.rawValue == 65)
      }
    }
  }

  @Test func aChargeForAVisitOfAnotherMonthIsCaughtAndItsMonthReadAgain() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let job = try Self.variant(
          "job-month.yaml", in: folder,
          replacing: "charges_without_visit: { warn: 1, fail: \"0.1%\" }",
          with: "charges_without_visit: { warn: 1 }", name: "month.yaml")
        let before = try HandMadeDataTests.run(
          job, "2025-10", url: url, out: folder.appending(path: "a"))
        #expect(Self.reads(before, "sql/checks/charge_visit_links.sql") == (1, 0))
        // Visit 102 (1 October) is deleted: its October charges now belong to no visit. The
        // deletion is in October's rows, and the check reads the week before October too.
        try TestDatabase.connect(url).execute("DELETE FROM hospital.visits WHERE visit_id = 102")
        let after = try HandMadeDataTests.run(
          job, "2025-10", url: url, out: folder.appending(path: "b"))
        #expect(Self.reads(after, "sql/checks/charge_visit_links.sql") == (1, 0))
        let orphans = try #require(
          after.checks.first { $0.result.checkID == "charges_without_visit" })
        #expect(orphans.result.failing == 2)  // charges 103 and 104
        #expect(orphans.result.sampleIDs == ["charge 103", "charge 104"])
        // A charge in November for a visit of September is caught in November's month.
        try TestDatabase.connect(url).execute(
          """
          INSERT INTO hospital.charges (charge_id, channel, visit_id, kind, amount, charged_at)
          VALUES (140, 'virtual', 101, 'registration', 5.00, '2025-11-20 10:00+08')
          """)
        let november = try HandMadeDataTests.run(
          job, "2025-11", url: url, out: folder.appending(path: "c"))
        let late = try #require(
          november.checks.first { $0.result.checkID == "charges_without_visit" })
        #expect(late.result.failing == 1)
        #expect(late.result.sampleIDs == ["charge 140"])
      }
    }
  }

  // MARK: - The forecast

  @Test func theForecastGoesLineByLine() throws {
    func money(registration: Decimal, staff: Decimal = 0, electricity: Decimal = 0) -> Financials {
      Financials(
        visits: 0, registrationRevenueCNY: registration, passThroughSalesCNY: 0,
        passThroughMarkupCNY: 0, staffCostCNY: staff, electricityCostCNY: electricity,
        meteredElectricityCostCNY: 0, otherServicesCNY: 0, softwareAmortizationCNY: 10,
        modelAmortizationCNY: 0, hardwareDepreciationCNY: 0)
    }
    // January to March 2025 (90 days): each month registration 100, staff 30, software 10, and
    // electricity 1 CNY a day.
    let months = try [(1, 31), (2, 28), (3, 31)].map { month, days in
      (
        month: try Period(parsing: "2025-0\(month)"), days: days,
        money: money(registration: 100, staff: 30, electricity: Decimal(days))
      )
    }
    func line(_ result: [Trend.LineForecast], _ line: Trend.ForecastLine) -> Trend.LineForecast? {
      result.first { $0.line == line }
    }
    let march = try Period(parsing: "2025-03")
    // No last year: registration by run rate, 300 × 365/90 = 1,216.67; staff 90 + 30 × 9 = 360;
    // software 30 + 10 × 9 = 120; electricity 90 + 1 × 275 days = 365.
    let (plain, method, lines) = Trend.forecast(
      months: months, daysInYear: 365, yearEnded: false, lastYear: nil)
    #expect(method == .lineByLine)
    #expect(line(lines, .registrationRevenue)?.method == .runRate)
    #expect(
      plain.registrationRevenueCNY.rounded(scale: 2, mode: .plain)
        == HandMadeDataTests.decimal("1216.67"))
    #expect(plain.staffCostCNY == 360)
    #expect(line(lines, .staffCost)?.method == .latestMonth(march, perDay: false))
    #expect(plain.softwareAmortizationCNY == 120)
    #expect(plain.electricityCostCNY == 365)
    #expect(line(lines, .electricity)?.method == .latestMonth(march, perDay: true))
    // Last year had registration in every month: 10, 20, 70, then 50 a month (550 in the year,
    // 100 in its first three months): 300 × 5.5 = 1,650. Costs go on at March's level.
    let year2024 = [10, 20, 70, 50, 50, 50, 50, 50, 50, 50, 50, 50].map {
      money(registration: Decimal($0), staff: 1_000)
    }
    let (seasonal, _, seasonalLines) = Trend.forecast(
      months: months, daysInYear: 365, yearEnded: false, lastYear: (2024, year2024))
    #expect(
      line(seasonalLines, .registrationRevenue)?.method == .lastYearsSeasonality(lastYear: 2024))
    #expect(seasonal.registrationRevenueCNY == 1_650)
    #expect(seasonal.staffCostCNY == 360, "a cost never follows last year's shape")
    // A month of last year without the line: last year cannot give its seasons.
    var gap = year2024
    gap[6] = money(registration: 0, staff: 1_000)
    let (_, _, gapLines) = Trend.forecast(
      months: months, daysInYear: 365, yearEnded: false, lastYear: (2024, gap))
    #expect(line(gapLines, .registrationRevenue)?.method == .runRate)
    // Twelve months: the year is its own forecast once ended; before, nothing is left to forecast.
    let twelve = try (1...12).map { month in
      (
        month: try Period(parsing: String(format: "2025-%02d", month)), days: 30,
        money: money(registration: 1)
      )
    }
    #expect(
      Trend.forecast(months: twelve, daysInYear: 365, yearEnded: true, lastYear: nil).1
        == .complete)
    #expect(
      Trend.forecast(months: twelve, daysInYear: 365, yearEnded: false, lastYear: nil).1
        == .notEnded)
  }

  @Test func lastYearsDataSwitchesTheForecastToItsSeasons() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        let before = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(before.trend.lines.first { $0.line == .visits }?.method == .runRate)
        // One 2024 visit: last year has no visits in eleven of its months, so no seasons.
        try TestDatabase.connect(url).simpleExecute(
          """
          SELECT hospital.ensure_month_partitions('hospital.visits', 2024);
          INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2024-05-10 10:00+08', 600);
          """, origin: "test")
        let one = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(one.trend.lines.first { $0.line == .visits }?.method == .runRate)
        // A visit in every month of 2024, two in May: 13 in the year, 11 in January to October;
        // 5 visits to date × 13/11.
        try TestDatabase.connect(url).simpleExecute(
          """
          INSERT INTO hospital.visits
          SELECT 100 + m, 'virtual', 1, make_timestamptz(2024, m, 15, 10, 0, 0, 'Asia/Shanghai'), 600
          FROM generate_series(1, 12) AS m;
          """, origin: "test")
        let outcome = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        let visits = outcome.trend.lines.first { $0.line == .visits }
        #expect(visits?.method == .lastYearsSeasonality(lastYear: 2024))
        #expect(outcome.trend.forecast.visits == Decimal(5) * 13 / 11)
        // Registration had no charges in 2024: run rate, as the table says.
        #expect(
          outcome.trend.lines.first { $0.line == .registrationRevenue }?.method == .runRate)
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(
          report.contains(
            "| Virtual visits | 5 | 6 | 2024's seasons: × 1.182 (2024's year ÷ its same months) |"),
          "\(report)")
      }
    }
  }
}
