import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient
import TestSupport
import Testing

/// `run` on a small dataset written by hand (`Fixtures/handmade/dataset.sql`), never by the
/// generator: every `summary.csv` figure of a monthly and a yearly run against the values worked
/// out by hand in `Fixtures/handmade/EXPECTED.md`, and the ledger's invariants on the same data.
@Suite struct HandMadeDataTests {
  static let folder = Repository.path("Tests/EconomicsPipelineTests/Fixtures/handmade")

  /// A decimal written as text.
  static func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
  }

  /// A scratch database with the migrations and the hand-made rows.
  static func withDataset<T>(_ body: (String) throws -> T) throws -> T {
    try TestDatabase.withScratchDatabase { url in
      let db = try SeededDatabase.migrate(url)
      try db.simpleExecute(
        try String(contentsOfFile: "\(folder)/dataset.sql", encoding: .utf8), origin: "dataset.sql")
      return try body(url)
    }
  }

  /// Runs a fixture job (`job-month.yaml`, `job-year.yaml` or a variant written to `folder`).
  static func run(_ job: String, _ period: String, url: String, out: URL) throws
    -> RunPipeline.Outcome
  {
    try runJob(job.hasPrefix("/") ? job : "\(folder)/\(job)", period: period, url: url, out: out)
  }

  /// `summary.csv` as (id, value, source) rows in file order.
  static func summary(_ folder: URL) throws -> [(id: String, value: String, source: String)] {
    let text = try String(contentsOf: folder.appending(path: "summary.csv"), encoding: .utf8)
    return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map {
      let fields = $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return (fields[0], fields[1], fields[3])
    }
  }

  // MARK: - Every figure, worked out by hand

  @Test func octoberEveryFigureAsWorkedOutByHand() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        _ = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        let figures = try Self.summary(out)
        #expect(Self.october.count == 97, "the figures of EXPECTED.md's October table")
        #expect(figures.map(\.id) == Self.october.map(\.0))
        for ((id, expected), figure) in zip(Self.october, figures) {
          #expect(figure.value == expected, "\(id): got \(figure.value), worked out \(expected)")
        }
        // The trend: one row per month of the year to date; September and October worked out.
        let trend = try String(contentsOf: out.appending(path: "trend.csv"), encoding: .utf8)
          .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(trend.count == 11)  // header + January to October
        #expect(
          trend.contains(
            "2025-09,30,1,25.00,52237.33,-52212.33,2808,52237.33,41095890.41,43460800.44,-2364910.03,no"
          ))
        #expect(
          trend.contains(
            "2025-10,31,4,160.00,59236.46,-59076.46,2912.4,14809.12,42465753.42,44909493.79,-2443740.36,no"
          ))
      }
    }
  }

  @Test func yearEveryFigureAsWorkedOutByHand() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025")
        let outcome = try Self.run("job-year.yaml", "2025", url: url, out: out)
        let figures = try Self.summary(out)
        #expect(Self.year.count == 97, "the figures of EXPECTED.md's 2025 table")
        #expect(figures.map(\.id) == Self.year.map(\.0))
        for ((id, expected), figure) in zip(Self.year, figures) {
          #expect(figure.value == expected, "\(id): got \(figure.value), worked out \(expected)")
        }
        // A whole year: every annual figure is the period's, to the fen.
        let values = Dictionary(figures.map { ($0.id, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (annual, period) in [
          ("effective_revenue_cny", "period_effective_revenue_cny"),
          ("annual_total_cost_cny", "period_total_cost_cny"),
          ("annual_margin_cny", "period_margin_cny"),
          ("staff_cost_cny", "period_staff_cost_cny"),
          ("annual_electricity_cost_cny", "period_electricity_cost_cny"),
          ("annual_net_cash_flow_cny", "period_net_cash_flow_cny"),
        ] {
          #expect(values[annual] == values[period], "\(annual) = \(period)")
        }
        #expect(outcome.actual.annual == outcome.actual.period)
      }
    }
  }

  // MARK: - Invariants on the same data

  @Test func twelveMonthsAddUpToTheYearAndEachMonthAnnualizesByItsDays() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let year = try Self.run("job-year.yaml", "2025", url: url, out: folder.appending(path: "y"))
          .actual
        let months = try Period.year(2025).months.map { month in
          try Self.run(
            "job-month.yaml", month.description, url: url,
            out: folder.appending(path: month.description)
          ).actual
        }
        let lines: [(String, (Financials) -> Decimal)] = [
          ("visits", \.visits), ("registration", \.registrationRevenueCNY),
          ("other kept", \.otherKeptRevenueCNY), ("drug sales", \.passThroughSalesCNY),
          ("markup", \.passThroughMarkupCNY), ("staff", \.staffCostCNY),
          ("electricity", \.electricityCostCNY), ("metered", \.meteredElectricityCostCNY),
          ("services", \.otherServicesCNY), ("software", \.softwareAmortizationCNY),
          ("model", \.modelAmortizationCNY), ("hardware", \.hardwareDepreciationCNY),
          ("total", \.totalCostCNY), ("margin", \.marginCNY),
        ]
        for (name, line) in lines {
          let sum = months.map { line($0.period) }.reduce(0, +)
          #expect(sum == line(year.period), "\(name): months \(sum), year \(line(year.period))")
        }
        #expect(
          months.map(\.ledger.itNameplateKWh).reduce(0, +) == year.ledger.itNameplateKWh)
        for month in months {
          let factor = Decimal(365) / Decimal(month.ledger.fraction.days)
          #expect(month.annualizationFactor == factor)
          #expect(month.annual.marginCNY == month.period.marginCNY * factor)
          #expect(month.annual.totalCostCNY == month.period.totalCostCNY * factor)
          #expect(month.annual.effectiveRevenueCNY == month.period.effectiveRevenueCNY * factor)
        }
      }
    }
  }

  // MARK: - What the report says of the data

  @Test func octoberNamesWhatTheDataLacksAndWhatMatchesNothing() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        let outcome = try Self.run("job-month.yaml", "2025-10", url: url, out: out)
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)

        // Telemetry, storage writes and network peaks stop on 20 October: the headline says so.
        #expect(
          outcome.coverage.incomplete.map(\.name) == [
            "telemetry", "storage writes", "network peaks",
          ])
        #expect(outcome.coverage.incomplete.allSatisfy { $0.lastDay?.description == "2025-10-20" })
        #expect(report.contains("telemetry end on 2025-10-20"))

        // The H100 group is written in lower case: matched by declaration, not by substring;
        // the network switches match no class and are reported as unplanned.
        let h100 = try #require(outcome.actual.matchedClasses.first { $0.match.id == "h100" })
        #expect(h100.groups.map(\.model) == ["nvidia h100 sxm"])
        #expect(h100.averageDevices(days: 31) == Decimal(20) / 31)  // retired after 20 days
        #expect(outcome.actual.unplannedDevices.map(\.model) == ["Core switch X1"])
        #expect(report.contains("Unplanned devices"))

        // Revenue by kind: the drug without a cost adds no markup; the examination is kept.
        let revenue = try String(contentsOf: out.appending(path: "revenue.csv"), encoding: .utf8)
        #expect(
          revenue
            == "kind,class,charges,billed_cny,acquisition_cost_cny,markup_cny,kept_cny,charges_missing_cost\r\n"
            + "registration,kept,5,80.00,,,80.00,\r\n"
            + "drug,pass_through,2,200.00,100.00,20.00,20.00,1\r\n"
            + "examination,kept,1,60.00,,,60.00,\r\n")

        // The checks this dataset fails on purpose warn, with the rows to look at.
        let checks = Dictionary(
          outcome.checks.map { ($0.result.checkID, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(checks["negative_charge_amounts"]?.status == .warn)
        #expect(checks["negative_charge_amounts"]?.result.sampleIDs == ["charge 109"])
        #expect(checks["drugs_missing_cost"]?.status == .warn)
        #expect(checks["drugs_missing_cost"]?.result.sampleIDs == ["charge 106"])
        #expect(checks["drugs_missing_cost"]?.result.examined == 3)  // 104, 106 and offline 122
        let checksCSV = try String(contentsOf: out.appending(path: "checks.csv"), encoding: .utf8)
        #expect(
          checksCSV.contains(
            "\r\nnegative_charge_amounts,warn,1,12,1,rows,,,charge 109,sql/extract/charges.sql\r\n"
          ))
        #expect(checksCSV.contains("visits_missing_duration,pass,0,6,1,rows,1,percent,,"))

        // Every figure of summary.csv has a source; electricity rests on the scenario's factor.
        let figures = Dictionary(
          try Self.summary(out).map { ($0.id, $0.source) }, uniquingKeysWith: { a, _ in a })
        #expect(figures["period_staff_cost_cny"] == "data")
        #expect(figures["period_electricity_cost_cny"] == "data+scenario")
        #expect(figures["offline_it_per_visit_cny"] == "scenario")
        #expect(figures.values.allSatisfy { !$0.isEmpty })
        #expect(report.contains("generated 20"))
        #expect(
          report.range(
            of: #"generated \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00"#, options: .regularExpression)
            != nil)
      }
    }
  }

  @Test func aMonthWithoutAModelItemShowsZeroAndSaysSoUnlessTheJobFallsBack() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        // September: the model item goes into service in October.
        let september = try Self.run(
          "job-month.yaml", "2025-09", url: url, out: folder.appending(path: "books"))
        #expect(september.ledger.modelAmortizationCNY == 0)
        #expect(september.ledger.missingLines.count == 1)
        #expect(september.ledger.missingLines.first?.contains("no model capital item") == true)
        #expect(september.ledger.fallbacksUsed.isEmpty)
        let summary = try csvValues(folder.appending(path: "books/summary.csv"))
        #expect(summary["period_model_amortization_cny"] == "0.00")

        // The same month with the job opting the line into the scenario's value.
        let job =
          try String(contentsOfFile: "\(Self.folder)/job-month.yaml", encoding: .utf8)
          + "\nfallbacks:\n  model_amortization: scenario\n"
        let variant = folder.appending(path: "fallback.yaml")
        try Data(job.utf8).write(to: variant)
        let out = folder.appending(path: "fallback")
        let fallback = try Self.run(variant.path, "2025-09", url: url, out: out)
        // The scenario's 150,000,000 CNY over 3 years, for 30 of 365 days.
        let expected = Decimal(50_000_000) * 30 / 365
        #expect(fallback.ledger.modelAmortizationCNY == expected)
        #expect(fallback.ledger.fallbacksUsed.map(\.line) == [.modelAmortization])
        #expect(fallback.ledger.missingLines.isEmpty)
        let rows = try Self.summary(out)
        let model = try #require(rows.first { $0.id == "period_model_amortization_cny" })
        #expect(model.value == "4109589.04")
        #expect(model.source == "scenario fallback")
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("`fallbacks.model_amortization`"))
      }
    }
  }

  @Test func aPeriodWithNoDataExits65SayingSo() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "1999-01")
        let error = try #require(throws: RunError.self) {
          try Self.run("job-month.yaml", "1999-01", url: url, out: out)
        }
        #expect(error.exitStatus.rawValue == 65)
        #expect(
          error.description.hasPrefix(
            "no data for period 1999-01 (1999-01-01 to 1999-01-31, Asia/Shanghai)"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
      }
    }
  }

  // MARK: - In Chinese

  /// October in Chinese: the figures of EXPECTED.md in 万元 with two decimals (元 below 1 万 in
  /// sentences, prices in 元), dates as 2025年10月, every word Chinese, and the same CSV files as
  /// the English report of the same run.
  @Test func octoberInChineseAsWorkedOutByHand() throws {
    try Self.withDataset { url in
      try withTemporaryDirectory { folder in
        let english = folder.appending(path: "en")
        let chinese = folder.appending(path: "zh")
        _ = try Self.run("job-month.yaml", "2025-10", url: url, out: english)
        let outcome = try RunPipeline(logger: TestDatabase.quietLogger).run(
          RunPipeline.Request(
            jobPath: "\(Self.folder)/job-month.yaml", period: "2025-10",
            outputDirectory: chinese.path,
            database: DatabaseSettings.resolve(flag: url, environment: [:]),
            root: Repository.root, language: .zh))
        let report = try String(contentsOf: chinese.appending(path: "report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# 元医院经济运行报告：handmade-monthly，2025年10月\n"))
        // Effective revenue 160.00 CNY (under 1 万: in 元); total cost 59,236.46 CNY = 5.923646
        // 万元; margin -59,076.46 CNY = -5.907646 万元.
        #expect(
          report.contains(
            "**2025年10月**（31 天，来自数据）：元医院获得有效收入 160.00 元，成本 5.92 万元，结余 **-5.91 万元**，虚拟就诊 4 人次。"
          ))
        // × 365/31: a loss of 695,577.67 = 69.557767 万元 and a total cost of 697,461.55 =
        // 69.746155 万元, against 1,883.87 元; the fees are prices, in 元.
        #expect(
          report.contains(
            "年化（× 365/31）：**元医院收不抵支。** 按平均实收挂号费 20.00 元/人次计，每年亏损 69.56 万元：总成本 69.75 万元（含摊销与折旧），有效收入 1,883.87 元。收支平衡点：挂号费 14,789.12 元/人次；或在本期成本不变时，年就诊量 17,437 人次。"
          ))
        // The plan: -28,773,072.00 CNY = -2,877.3072 万元.
        #expect(report.contains("规划（`scenario`）：年度结余 -2,877.31 万元；数据年化：-69.56 万元。"))
        #expect(
          report.contains(
            "**数据提前中断**：遥测数据止于 2025年10月20日；存储写入止于 2025年10月20日；网络峰值止于 2025年10月20日（本期截至 2025年10月31日）"
          ))
        // The books in 万元: payroll 46,000.00 → 4.60, × 365/31 = 541,612.90 → 54.16, the
        // plan's 240,000,000 → 24,000.00; electricity 1,908.72 → 0.19, 22,473.64 → 2.25, the
        // plan's 26,364,096 × 1.5 / 2 = 19,773,072 → 1,977.31.
        #expect(report.contains("| 人力（工资） | 4.60 | 54.16 | 24,000.00 | 数据 |"))
        #expect(report.contains("| 电费（额定） | 0.19 | 2.25 | 1,977.31 | 数据+情景 |"))
        #expect(report.contains("| 本期工资 | 4.60 | 万元 |"))
        // A price per visit stays in 元: 8,400.00 / 2 visits.
        #expect(report.contains("| 每门诊人次医疗收入，元 | 4,200.00 | 2,400.00 |"))
        #expect(
          report.contains("| 2025年10月 | 4 | 0.02 | 5.92 | -5.91 | 2,912 | 14,809.12 | -244.37 |"))
        // The CSV files are the English run's, byte for byte.
        let csv = try FileManager.default.contentsOfDirectory(atPath: english.path)
          .filter { $0.hasSuffix(".csv") }.sorted()
        #expect(csv.count == 9)
        for name in csv {
          #expect(
            try Data(contentsOf: chinese.appending(path: name))
              == Data(contentsOf: english.appending(path: name)), "\(name)")
        }
        // No English word left but the names the data and the files give.
        let names =
          outcome.actual.matchedClasses.map(\.match.name)
          + outcome.checks.flatMap(\.result.sampleIDs) + ["handmade-monthly"]
        #expect(ChineseText.englishWords(in: report, quoting: names).isEmpty)
      }
    }
  }

  // MARK: - The worked-out values (EXPECTED.md)

  /// The figures of a section of `EXPECTED.md` (the heading starting with `heading`), as
  /// (id, value) in the table's order; `(none)` is the empty value `summary.csv` writes. The one
  /// place the hand-worked values are written is that file.
  static func workedOut(_ heading: String) -> [(String, String)] {
    let text = (try? String(contentsOfFile: "\(folder)/EXPECTED.md", encoding: .utf8)) ?? ""
    guard
      let section = text.components(separatedBy: "\n## ").first(where: { $0.hasPrefix(heading) })
    else { return [] }
    return section.split(separator: "\n").compactMap { line -> (String, String)? in
      let cells = line.split(separator: "|", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 4, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
      let value = cells[2] == "(none)" ? "" : cells[2]
      return (String(cells[1].dropFirst().dropLast()), value)
    }
  }

  static let october = workedOut("October 2025 (monthly job")
  static let year = workedOut("2025 (yearly job")
}
