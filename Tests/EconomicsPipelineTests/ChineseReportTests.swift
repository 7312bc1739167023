import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering
import Testing

/// The Chinese edition's conventions: amounts in 万元 with two decimals (亿元 in headlines from
/// 1 亿 up, 元 below 1 万 in sentences so no amount is rounded away), prices in 元, dates as
/// 2026年10月, percentages as in English; English stays what it was.
@Suite struct ChineseFormatTests {
  static func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
  }

  // MARK: - Amounts

  @Test func tablesCountIn10kYuanAndPricesInYuan() throws {
    let zh = try Repository.wording(.zh)
    #expect(zh.money(26_364_096) == "2,636.41")
    #expect(zh.money(-35_364_096) == "-3,536.41")
    #expect(zh.money(Self.decimal("49.99")) == "0.00")
    #expect(zh.money(Self.decimal("50")) == "0.01")  // half away from zero
    #expect(zh.price(25) == "25.00")
    #expect(zh.unit("CNY/year") == "万元/年")
    #expect(zh.unit("CNY") == "万元")
    #expect(zh.unit("CNY/visit") == "元/人次")
    // A driver's value follows the unit the table writes beside it.
    #expect(zh.driverValue(.exact(104_000_000), unit: "CNY") == "10,400")
    #expect(zh.driverValue(.exact(Self.decimal("26364096")), unit: "CNY/year") == "2,636.4096")
    #expect(zh.driverValue(.exact(25), unit: "CNY/visit") == "25")
    #expect(zh.driverValue(.choice("binary"), unit: "") == "二进制")
  }

  @Test func sentencesUse10kYuanAndHeadlinesHundredMillionYuan() throws {
    let zh = try Repository.wording(.zh)
    #expect(zh.amount(535_364_096) == "53,536.41 万元")
    #expect(zh.amount(535_364_096, .headline) == "5.35 亿元")
    #expect(zh.amount(-168_284_800, .headline) == "-1.68 亿元")
    #expect(zh.amount(100_000_000, .headline) == "1.00 亿元")
    #expect(zh.amount(99_990_000, .headline) == "9,999.00 万元")
    #expect(zh.amount(10_000) == "1.00 万元")
    #expect(zh.amount(Self.decimal("9999.99")) == "9,999.99 元")
    #expect(zh.amount(Self.decimal("-59076.46")) == "-5.91 万元")
    #expect(
      zh.amounts([160, Self.decimal("59236.46"), Self.decimal("-59076.46")], .headline) == [
        "160.00 元", "5.92 万元", "-5.91 万元",
      ])
    #expect(zh.signedAmount(500_000_000, .headline) == "+5.00 亿元")
    #expect(zh.millions(104_000_000) == "10,400.00 万元")
    #expect(zh.exactAmount(Self.decimal("326086956.52")) == "32,608.70 万元")
    #expect(zh.preciseMoney(Self.decimal("-52212.33")) == "-52,212.33 元")
  }

  /// The English file and conventions write exactly what the code wrote before them.
  @Test func englishAmountsAreUnchanged() throws {
    let en = try Repository.wording(.en)
    for text in ["-23221.72", "535364096", "999999.99", "1000000", "0", "-35364096.005"] {
      let value = Self.decimal(text)
      #expect(en.amount(value) == NumberFormat.amountCNY(value))
      #expect(en.amount(value, .headline) == NumberFormat.amountCNY(value))
      #expect(en.millions(value) == NumberFormat.millionsCNY(value))
      #expect(en.money(value) == NumberFormat.money(value))
      #expect(en.exactAmount(value) == NumberFormat.money(value) + " CNY")
    }
    let values = [Self.decimal("1500000"), 0, Self.decimal("-2000000.5")]
    #expect(en.amounts(values) == NumberFormat.amountsCNY(values))
    #expect(en.amounts(values + [12]) == NumberFormat.amountsCNY(values + [12]))
  }

  // MARK: - Dates

  @Test func datesAreWrittenAsChineseReadThem() throws {
    let zh = try Repository.wording(.zh)
    let en = try Repository.wording(.en)
    #expect(zh.period(.month(2026, 10)) == "2026年10月")
    #expect(zh.period(.month(2026, 1)) == "2026年1月")
    #expect(zh.period(.quarter(2026, 3)) == "2026年第3季度")
    #expect(zh.period(.year(2026)) == "2026年")
    #expect(zh.day(year: 2025, month: 10, day: 5) == "2025年10月5日")
    #expect(en.period(.month(2026, 1)) == "2026-01")
    #expect(en.period(.quarter(2026, 3)) == "2026-Q3")
    #expect(en.period(.year(2026)) == "2026")
    #expect(en.day(year: 2025, month: 10, day: 5) == "2025-10-05")
    let moment = Date(timeIntervalSince1970: 1_793_570_403)  // 2026-11-01T22:00:03Z
    let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    #expect(en.timestamp(moment, in: shanghai) == NumberFormat.timestamp(moment, in: shanghai))
    #expect(en.timestamp(moment, in: shanghai) == "2026-11-02T06:00:03+08:00")
    #expect(zh.timestamp(moment, in: shanghai) == "2026年11月2日 06:00:03（UTC+08:00）")
  }

  // MARK: - The bridge in 万元

  /// Rounded to 0.01 万元 by the largest-remainder method, the steps of the Chinese waterfall
  /// add up to the ends as shown, as the English ones do to the fen.
  @Test func theBridgeAddsUpAsShownInBothLanguages() throws {
    var to = Inputs.paper2024
    to.registrationFeeCNY = Self.decimal("27.37")
    to.staffHeadcount = 812
    to.electricityTariffCNYPerKWh = Self.decimal("0.613")
    to.softwareCapexCNY = Self.decimal("113456789.12")
    to.otherServicesCNYPerYear = Self.decimal("117777777.77")
    to.modelAmortizationYears = Self.decimal("3.3")
    to.annualVisits = 19_876_543
    let bridge = MarginBridge.between(.paper2024, to)
    #expect(bridge.parts.count == 7)
    for language in ReportLanguage.allCases {
      let w = try Repository.wording(language)
      let section = BridgeReport.section(
        bridge, from: .init(name: "a", display: "a"), to: .init(name: "b", display: "b"),
        label: { w.driverLabel($0) }, w)
      let table = try #require(
        section.blocks.compactMap { block -> ReportTable? in
          if case .table(let table) = block { return table }
          return nil
        }.first)
      func number(_ cell: String) -> Decimal {
        Self.decimal(
          cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "*", with: "")
            .replacingOccurrences(of: "+", with: ""))
      }
      for column in [4, 5] {
        let values = table.rows.map { number($0[column]) }
        let steps = values.dropFirst().dropLast().reduce(0, +)
        #expect(
          steps == (values.last ?? 0) - (values.first ?? 0),
          "\(language), column \(table.columns[column])")
      }
    }
  }
}

/// Reports in Chinese: the same CSV files as in English, every word of the report in Chinese.
@Suite struct ChineseReportTests {
  /// A plan with a comparison and a simulation, in both languages.
  static func plans() throws -> (en: EconomicsReport, zh: EconomicsReport, scenario: Scenario) {
    let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024-uncertain.yaml")
    let baseline = try Scenario.load(path: Repository.scenarios + "/registration-50.yaml")
    let comparison = PlanComparison(
      baseline: baseline.identity,
      bridge: MarginBridge.between(baseline.inputs.inputs, scenario.inputs.inputs))
    let simulation = try Simulation.run(
      scenario.inputs.inputs, uncertain: scenario.uncertainty, draws: 500, seed: 7)
    func report(_ language: ReportLanguage) throws -> EconomicsReport {
      PlanPipeline.report(
        for: scenario, comparison: comparison, simulation: simulation,
        wording: try Repository.wording(language))
    }
    return (try report(.en), try report(.zh), scenario)
  }

  @Test func aPlansCSVFilesAreTheSameInBothLanguages() throws {
    let (en, zh, _) = try Self.plans()
    let english = en.renderedFiles.filter { $0.name.hasSuffix(".csv") }
    let chinese = zh.renderedFiles.filter { $0.name.hasSuffix(".csv") }
    #expect(english.map(\.name) == chinese.map(\.name))
    #expect(
      english.map(\.name).contains("bridge.csv") && english.map(\.name).contains("simulation.csv"))
    for (a, b) in zip(english, chinese) {
      #expect(a.contents == b.contents, "\(a.name)")
    }
    // The Markdown is not: every section has its Chinese title.
    #expect(zh.sections.map(\.id) == en.sections.map(\.id))
    #expect(zip(zh.sections, en.sections).allSatisfy { $0.title != $1.title })
  }

  @Test func aChinesePlanLeavesNoEnglishWord() throws {
    let (_, zh, scenario) = try Self.plans()
    let markdown = MarkdownRenderer.render(zh)
    let leftover = ChineseText.englishWords(
      in: markdown, quoting: scenario.inputs.inputs.devices.map(\.name))
    #expect(leftover.isEmpty, "English left: \(leftover)")
    // Amounts in 万元 and 亿元, never in CNY.
    #expect(!markdown.contains("CNY"))
    #expect(markdown.contains(" 亿元"))
    #expect(markdown.contains(" 万元"))
  }
}

/// Words of a Chinese report that are not Chinese.
enum ChineseText {
  /// Technical words a Chinese report writes as they are: units, acronyms, the names of the
  /// method's tools, the chart syntax, the paper's compute.
  static let kept: Set<String> = [
    "kW", "kWh", "GB", "PB", "MB", "KB", "Gbit", "Mbit", "km", "IT", "CPU", "GPU", "XR", "UTC",
    "CSV", "SQL", "Pk", "SHA", "PostgreSQL", "numeric", "Shapley", "value", "SplitMix", "xoshiro",
    "metahospital",
    "xychart", "beta", "horizontal", "title", "axis", "bar", "line", "pie", "showData", "init",
    "themeVariables", "xyChart", "plotColorPalette", "width", "Asia", "Shanghai",
  ]

  /// Words of two ASCII letters or more outside code spans, the chart's colour settings and the
  /// names the report quotes (device names from the scenario, `quoting`).
  static func englishWords(in markdown: String, quoting names: [String] = []) -> [String] {
    var text = markdown
    for pattern in ["(?m)^```.*$", "`+[^`\n]*`+", "#[0-9a-f]{6}"] {
      text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    let quoted = Set(names.flatMap { $0.split(whereSeparator: { !$0.isLetter }).map(String.init) })
    var words: [String] = []
    let regex = /[A-Za-z][A-Za-z]+/
    for match in text.matches(of: regex) {
      let word = String(match.output)
      if !kept.contains(word) && !quoted.contains(word) && !words.contains(word) {
        words.append(word)
      }
    }
    return words
  }
}
