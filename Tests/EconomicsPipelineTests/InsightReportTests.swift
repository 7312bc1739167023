import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import Testing

@testable import ReportRendering

/// The bridge and simulation files say what the model computed: parts that add up, counts that
/// add up, percentiles that are the result's.
@Suite struct InsightReportTests {
  /// A CSV file's rows as fields (RFC 4180: quoted fields may hold commas).
  static func rows(_ path: String) throws -> [[String]] {
    let text = try String(contentsOfFile: Repository.path(path), encoding: .utf8)
    return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map(RunBridgeTests.fields)
  }

  // MARK: - bridge.csv

  @Test func theExamplesBridgeAddsUpInItsFile() throws {
    let rows = try Self.rows("Reports/examples/registration-50-vs-paper-2024/bridge.csv")
    let header = try #require(rows.first)
    let margin = try #require(header.firstIndex(of: "margin_cny"))
    let npv = try #require(header.firstIndex(of: "npv_cny"))
    let body = rows.dropFirst()
    let start = try #require(body.first { $0[0] == "start" })
    let end = try #require(body.first { $0[0] == "end" })
    let parts = body.filter { $0[0] != "start" && $0[0] != "end" }
    for column in [margin, npv] {
      let sum = parts.compactMap { Decimal(string: $0[column]) }.reduce(0, +)
      let change = (Decimal(string: end[column]) ?? 0) - (Decimal(string: start[column]) ?? 0)
      #expect(sum == change, "\(header[column]): parts \(sum), change \(change)")
    }
    #expect(start[2] == "paper-2024" && end[2] == "registration-50")
  }

  // MARK: - simulation.csv and the section

  @Test func theSimulationFileAndSectionCarryTheResult() throws {
    let result = try Simulation.run(
      .paper2024,
      uncertain: [
        UncertainDriver(id: "registration_fee_cny", distribution: .uniform(min: 20, max: 30))
      ], draws: 400, seed: 3)
    let csv = CSVRenderer.render(SimulationReport.csv(result))
    #expect(
      csv.contains(
        "\r\nannual_margin_cny,p50,\(NumberFormat.plain(result.margin.p50 ?? 0, decimals: 2)),CNY/year\r\n"
      ))
    #expect(
      csv.contains(
        "\r\nbreakeven_probability,estimate,\(NumberFormat.plainTrimmed(result.breakEvenProbability)),share\r\n"
      ))
    let section = SimulationReport.section(
      result, plan: Economics.compute(.paper2024), inputs: .paper2024, try Repository.wording())
    // The histogram's table counts every draw once.
    let tables = section.blocks.compactMap { block -> ReportTable? in
      if case .table(let table) = block { return table }
      return nil
    }
    let bins = try #require(tables.first { $0.columns.contains("Draws") })
    #expect(
      bins.rows.compactMap { Int($0[2].replacingOccurrences(of: ",", with: "")) }.reduce(0, +)
        == 400)
    let text = section.blocks.map(MarkdownRenderer.render).joined(separator: "\n")
    #expect(text.contains("`--simulate 400 --seed 3`"))
  }

  // MARK: - Bands and units

  @Test func bandsAreRoundAndCountEveryValueOnce() {
    let values = (0...100).map { Decimal($0) }
    let histogram = Histogram(values)
    // Width 5 would make 21 bands: doubled to 10, and 100 (on the last edge) joins the last band.
    #expect(histogram.bins.count == 10)
    #expect(histogram.bins.first?.low == 0 && histogram.bins.last?.high == 100)
    #expect(histogram.bins.map(\.count).reduce(0, +) == 101)
    #expect(histogram.bins.last?.count == 11)
    let negative = Histogram([-35.36, -12.5, 7.25].map { Decimal($0) })
    #expect(negative.bins.first.map { $0.low <= -35.36 } == true)
    #expect(negative.bins.map(\.count).reduce(0, +) == 3)
  }

  @Test func chartsReadInAUnitThatFitsTheirAmounts() throws {
    let english = try Repository.wording(.en)
    let millions = english.chartUnit(fitting: [-35_364_096, 12])
    let thousands = english.chartUnit(fitting: [45_161.29, -11_862.9])
    #expect(millions == MermaidChart.MoneyUnit(divisor: 1_000_000, name: "M CNY"))
    #expect(thousands == MermaidChart.MoneyUnit(divisor: 1_000, name: "thousand CNY"))
    #expect(english.chartUnit(fitting: [60]) == MermaidChart.MoneyUnit(divisor: 1, name: "CNY"))
    #expect(thousands.signed(45_161.29) == "+45.16")
    #expect(thousands.signed(-0.14) == "-0.00")
    #expect(millions.signed(0) == "0.00")
    // Chinese charts read in 万元 from 1 万 up, else in 元.
    let chinese = try Repository.wording(.zh)
    let wan = chinese.chartUnit(fitting: [-35_364_096, 12])
    #expect(wan == MermaidChart.MoneyUnit(divisor: 10_000, name: "万元"))
    #expect(wan.signed(-35_364_096) == "-3,536.41")
    #expect(chinese.chartUnit(fitting: [9_999.99]) == MermaidChart.MoneyUnit(divisor: 1, name: "元"))
    #expect(MermaidChart.niceCeiling(Decimal(string: "98.45") ?? 0) == 100)
    #expect(MermaidChart.niceCeiling(101) == 200)
    #expect(MermaidChart.niceCeiling(Decimal(string: "0.3") ?? 0) == Decimal(string: "0.5"))
  }
}
