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

  @Test func theForecastRunRatesOrFollowsLastYearsSeasons() {
    func money(registration: Decimal, staff: Decimal) -> Financials {
      Financials(
        visits: 0, registrationRevenueCNY: registration, passThroughSalesCNY: 0,
        passThroughMarkupCNY: 0, staffCostCNY: staff, electricityCostCNY: 0,
        meteredElectricityCostCNY: 0, otherServicesCNY: 0, softwareAmortizationCNY: 0,
        modelAmortizationCNY: 0, hardwareDepreciationCNY: 0)
    }
    let ytd = money(registration: 300, staff: 90)
    // Run rate: 90 days of 365: × 365/90.
    let (runRate, method) = Trend.forecast(
      yearToDate: ytd, months: 3, daysToDate: 90, daysInYear: 365, lastYear: nil)
    #expect(method == .runRate)
    #expect(
      runRate.registrationRevenueCNY.rounded(scale: 2, mode: .plain)
        == HandMadeDataTests.decimal("1216.67"))
    // Last year: 100 in its first three months, 500 in the year: registration 300 × 5 = 1,500.
    // Staff had nothing last year then: run-rated, 90 × 365/90 = 365.
    let (seasonal, how) = Trend.forecast(
      yearToDate: ytd, months: 3, daysToDate: 90, daysInYear: 365,
      lastYear: (2024, money(registration: 100, staff: 0), money(registration: 500, staff: 40)))
    #expect(how == .lastYearsSeasonality(lastYear: 2024))
    #expect(seasonal.registrationRevenueCNY == 1_500)
    #expect(seasonal.staffCostCNY.rounded(scale: 2, mode: .plain) == 365)
    #expect(seasonal.marginCNY.rounded(scale: 2, mode: .plain) == 1_135)
    // A whole year is its own forecast.
    #expect(
      Trend.forecast(yearToDate: ytd, months: 12, daysToDate: 365, daysInYear: 365, lastYear: nil)
        .1 == .complete)
  }

  @Test func lastYearsDataSwitchesTheForecastToItsSeasons() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        #expect(
          try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out).trend.method
            == .runRate)
        try TestDatabase.connect(url).simpleExecute(
          """
          SELECT hospital.ensure_month_partitions('hospital.visits', 2024);
          INSERT INTO hospital.visits VALUES (1, 'virtual', 1, '2024-05-10 10:00+08', 600);
          """, origin: "test")
        let outcome = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        #expect(outcome.trend.method == .lastYearsSeasonality(lastYear: 2024))
        // Last year's visits: one in May, within January to October: 5 visits to date × 1/1.
        #expect(outcome.trend.forecast.visits == 5)
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("Forecast with 2024's seasonality"))
      }
    }
  }
}
