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

  static let october: [(String, String)] = [
    ("period_days", "31"),
    ("period_virtual_visits", "4"),
    ("period_offline_visits", "2"),
    ("period_offline_admissions", "1"),
    ("period_offline_surgeries", "1"),
    ("period_registration_revenue_cny", "80.00"),
    ("period_other_kept_revenue_cny", "60.00"),
    ("period_drug_sales_cny", "200.00"),
    ("period_drug_acquisition_cost_cny", "100.00"),
    ("period_drug_markup_cny", "20.00"),
    ("period_excluded_revenue_cny", "0.00"),
    ("period_gross_revenue_cny", "340.00"),
    ("period_effective_revenue_cny", "160.00"),
    ("period_offline_revenue_cny", "8400.00"),
    ("period_staff_cost_cny", "46000.00"),
    ("period_staff_average_headcount", "2.322581"),
    ("period_it_nameplate_energy_kwh", "1941.6"),
    ("period_nameplate_energy_kwh", "2912.4"),
    ("period_electricity_cost_cny", "1908.72"),
    ("period_it_metered_energy_kwh", "1.9"),
    ("period_metered_energy_kwh", "2.85"),
    ("period_metered_electricity_cost_cny", "1.83"),
    ("period_software_amortization_cny", "833.33"),
    ("period_model_amortization_cny", "1000.00"),
    ("period_hardware_depreciation_cny", "5791.67"),
    ("period_other_services_cny", "3702.74"),
    ("period_cash_cost_cny", "51611.46"),
    ("period_total_cost_cny", "59236.46"),
    ("period_margin_cny", "-59076.46"),
    ("period_net_cash_flow_cny", "-51451.46"),
    ("period_storage_written_gb", "5.501"),
    ("period_retired_book_value_cny", "171875.00"),
    ("observed_peak_sessions", "1"),
    ("network_peak_inbound_gbps", "1.2"),
    ("network_peak_outbound_gbps", "0.9"),
    ("annualization_factor", "11.774194"),
    ("annual_visits", "47.096774"),
    ("registration_revenue_cny", "941.94"),
    ("other_kept_revenue_cny", "706.45"),
    ("drug_revenue_cny", "2354.84"),
    ("drug_margin_cny", "235.48"),
    ("gross_revenue_cny", "4003.23"),
    ("effective_revenue_cny", "1883.87"),
    ("staff_cost_cny", "541612.90"),
    ("annual_energy_kwh", "34291.16129"),
    ("metered_energy_kwh", "33.556452"),
    ("annual_electricity_cost_cny", "22473.64"),
    ("metered_electricity_cost_cny", "21.49"),
    ("software_amortization_cny", "9811.79"),
    ("model_amortization_cny", "11774.19"),
    ("hardware_depreciation_cny", "68192.24"),
    ("other_services_cny", "43596.78"),
    ("annual_cash_cost_cny", "607683.32"),
    ("annual_total_cost_cny", "697461.55"),
    ("annual_margin_cny", "-695577.67"),
    ("margin_share", "-369.227875"),
    ("average_registration_fee_cny", "20.00"),
    ("cost_per_visit_cny", "14809.12"),
    ("effective_revenue_per_visit_cny", "40.00"),
    ("breakeven_registration_fee_cny", "14789.12"),
    ("breakeven_visits", "17437"),
    ("staff_per_10k_visits", "493.150685"),
    ("it_share_of_gross_revenue", "174.224882"),
    ("software_capex_cny", "10000.00"),
    ("model_capex_cny", "36000.00"),
    ("hardware_capex_cny", "340000.00"),
    ("one_off_spending_cny", "386000.00"),
    ("annual_net_cash_flow_cny", "-605799.45"),
    ("simple_payback_years", ""),
    ("discounted_payback_years", ""),
    ("discount_rate", "0.08"),
    ("npv_cny", "-2804781.54"),
    ("cpu_power_kw", "0.258065"),
    ("gpu_power_kw", "1.351613"),
    ("storage_power_kw", "0.5"),
    ("network_power_kw", "0.5"),
    ("it_power_kw", "2.609677"),
    ("facility_power_kw", "3.914516"),
    ("storage_installed_pb", "0.1"),
    ("storage_increment_gb", "64.769839"),
    ("average_load_share", "0.000979"),
    ("minutes_per_visit", "12.5"),
    ("concurrent_sessions", "0.00336"),
    ("offline_revenue_per_visit_cny", "4200.00"),
    ("offline_staff_per_10k_visits", "849.315068"),
    ("offline_it_per_visit_cny", "40.00"),
    ("offline_it_share_of_revenue", "0.016667"),
    ("ytd_days", "304"),
    ("ytd_virtual_visits", "5"),
    ("ytd_effective_revenue_cny", "185.00"),
    ("ytd_total_cost_cny", "529812.86"),
    ("ytd_margin_cny", "-529627.86"),
    ("ytd_plan_margin_cny", "-23964421.61"),
    ("forecast_effective_revenue_cny", "222.12"),
    ("forecast_total_cost_cny", "636123.99"),
    ("forecast_margin_cny", "-635901.87"),
    ("restated_months", "0"),
  ]
  static let year: [(String, String)] = [
    ("period_days", "365"),
    ("period_virtual_visits", "6"),
    ("period_offline_visits", "2"),
    ("period_offline_admissions", "1"),
    ("period_offline_surgeries", "1"),
    ("period_registration_revenue_cny", "130.00"),
    ("period_other_kept_revenue_cny", "60.00"),
    ("period_drug_sales_cny", "357.50"),
    ("period_drug_acquisition_cost_cny", "250.00"),
    ("period_drug_markup_cny", "27.50"),
    ("period_excluded_revenue_cny", "0.00"),
    ("period_gross_revenue_cny", "547.50"),
    ("period_effective_revenue_cny", "217.50"),
    ("period_offline_revenue_cny", "8400.00"),
    ("period_staff_cost_cny", "468000.00"),
    ("period_staff_average_headcount", "2.027397"),
    ("period_it_nameplate_energy_kwh", "22490.4"),
    ("period_nameplate_energy_kwh", "33735.6"),
    ("period_electricity_cost_cny", "18901.44"),
    ("period_it_metered_energy_kwh", "2.35"),
    ("period_metered_energy_kwh", "3.525"),
    ("period_metered_electricity_cost_cny", "2.16"),
    ("period_software_amortization_cny", "10000.00"),
    ("period_model_amortization_cny", "3000.00"),
    ("period_hardware_depreciation_cny", "98375.00"),
    ("period_other_services_cny", "38773.97"),
    ("period_cash_cost_cny", "525675.41"),
    ("period_total_cost_cny", "637050.41"),
    ("period_margin_cny", "-636832.91"),
    ("period_net_cash_flow_cny", "-525457.91"),
    ("period_storage_written_gb", "6.001"),
    ("period_retired_book_value_cny", "171875.00"),
    ("observed_peak_sessions", "2"),
    ("network_peak_inbound_gbps", "1.2"),
    ("network_peak_outbound_gbps", "0.9"),
    ("annualization_factor", "1"),
    ("annual_visits", "6"),
    ("registration_revenue_cny", "130.00"),
    ("other_kept_revenue_cny", "60.00"),
    ("drug_revenue_cny", "357.50"),
    ("drug_margin_cny", "27.50"),
    ("gross_revenue_cny", "547.50"),
    ("effective_revenue_cny", "217.50"),
    ("staff_cost_cny", "468000.00"),
    ("annual_energy_kwh", "33735.6"),
    ("metered_energy_kwh", "3.525"),
    ("annual_electricity_cost_cny", "18901.44"),
    ("metered_electricity_cost_cny", "2.16"),
    ("software_amortization_cny", "10000.00"),
    ("model_amortization_cny", "3000.00"),
    ("hardware_depreciation_cny", "98375.00"),
    ("other_services_cny", "38773.97"),
    ("annual_cash_cost_cny", "525675.41"),
    ("annual_total_cost_cny", "637050.41"),
    ("annual_margin_cny", "-636832.91"),
    ("margin_share", "-2927.967402"),
    ("average_registration_fee_cny", "21.67"),
    ("cost_per_visit_cny", "106175.07"),
    ("effective_revenue_per_visit_cny", "36.25"),
    ("breakeven_registration_fee_cny", "106160.49"),
    ("breakeven_visits", "17574"),
    ("staff_per_10k_visits", "3378.995434"),
    ("it_share_of_gross_revenue", "1163.562393"),
    ("software_capex_cny", "10000.00"),
    ("model_capex_cny", "36000.00"),
    ("hardware_capex_cny", "590000.00"),
    ("one_off_spending_cny", "636000.00"),
    ("annual_net_cash_flow_cny", "-525457.91"),
    ("simple_payback_years", ""),
    ("discounted_payback_years", ""),
    ("discount_rate", "0.08"),
    ("npv_cny", "-2734001.07"),
    ("cpu_power_kw", "0.105479"),
    ("gpu_power_kw", "1.461918"),
    ("storage_power_kw", "0.5"),
    ("network_power_kw", "0.5"),
    ("it_power_kw", "2.567397"),
    ("facility_power_kw", "3.851096"),
    ("storage_installed_pb", "0.1"),
    ("storage_increment_gb", "6.001"),
    ("average_load_share", "0.000104"),
    ("minutes_per_visit", "11.666667"),
    ("concurrent_sessions", "0.0004"),
    ("offline_revenue_per_visit_cny", "4200.00"),
    ("offline_staff_per_10k_visits", "10000"),
    ("offline_it_per_visit_cny", "40.00"),
    ("offline_it_share_of_revenue", "0.016667"),
    ("ytd_days", "365"),
    ("ytd_virtual_visits", "6"),
    ("ytd_effective_revenue_cny", "217.50"),
    ("ytd_total_cost_cny", "637050.41"),
    ("ytd_margin_cny", "-636832.91"),
    ("ytd_plan_margin_cny", "-28773072.00"),
    ("forecast_effective_revenue_cny", "217.50"),
    ("forecast_total_cost_cny", "637050.41"),
    ("forecast_margin_cny", "-636832.91"),
    ("restated_months", "0"),
  ]
}
