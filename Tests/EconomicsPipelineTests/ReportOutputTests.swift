import EconomicsPipeline
import Foundation
import HospitalEconomics
import ReportRendering
import TestSupport
import Testing

/// The committed example report, regenerated and compared byte for byte.
///
/// Set `METAHOSPITAL_RECORD_GOLDEN=1` to re-record `Reports/examples/paper-2024/` on purpose.
@Suite struct GoldenReportTests {
  static let golden = Repository.root.appendingPathComponent("Reports/examples/paper-2024")

  @Test func paperBaselineReportMatchesTheCommittedExample() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
    let report = PlanPipeline.report(for: scenario).renderedFiles
    let marker = ReportFolderMarker.plan(scenario: "paper-2024", files: report.map(\.name))
    if ProcessInfo.processInfo.environment["METAHOSPITAL_RECORD_GOLDEN"] == "1" {
      try AtomicDirectoryWriter().write(report, to: Self.golden, marker: marker)
      return
    }
    // The folder is a plan report folder (so `plan --out` may rewrite it), holding only its files.
    let files = report + [(name: ReportFolderMarker.fileName, contents: marker.text)]
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: Self.golden.path).sorted()
        == files.map(\.name).sorted())
    for file in files {
      let path = Self.golden.appendingPathComponent(file.name).path
      let committed = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      #expect(
        committed == file.contents,
        "\(file.name) drifted from the committed example (re-record with METAHOSPITAL_RECORD_GOLDEN=1):\n\(Self.diff(committed, file.contents))"
      )
    }
  }

  /// The first lines that differ, as `-committed` / `+generated`.
  static func diff(_ old: String, _ new: String, limit: Int = 10) -> String {
    let a = old.components(separatedBy: "\n")
    let b = new.components(separatedBy: "\n")
    var out: [String] = []
    for index in 0..<max(a.count, b.count) where out.count < limit * 2 {
      let left = index < a.count ? a[index] : "<end>"
      let right = index < b.count ? b[index] : "<end>"
      if left != right { out += ["line \(index + 1):", "- \(left)", "+ \(right)"] }
    }
    return out.joined(separator: "\n")
  }
}

/// CSV and Markdown rendering rules.
@Suite struct RenderingTests {
  // MARK: - CSV

  @Test func csvFollowsRFC4180() {
    let table = CSVTable(
      fileName: "t.csv", header: ["a", "b"], rows: [["1,5", "say \"hi\""], ["x\ny", "plain"]])
    #expect(CSVRenderer.render(table) == "a,b\r\n\"1,5\",\"say \"\"hi\"\"\"\r\n\"x\ny\",plain\r\n")
  }

  @Test func summaryHasTheRequiredIDs() throws {
    let figures = ReportSections.summaryFigures(Economics.compute(.paper2024))
    let ids = Set(figures.map(\.id))
    for id in [
      "concurrent_sessions", "network_bandwidth_gbps", "storage_increment_pb", "it_power_kw",
      "facility_power_kw",
      "annual_energy_kwh", "annual_electricity_cost_cny", "gross_revenue_cny",
      "effective_revenue_cny", "staff_count",
      "staff_cost_cny", "software_capex_cny", "model_capex_cny", "other_services_cny",
      "annual_total_cost_cny",
      "annual_margin_cny", "breakeven_registration_fee_cny", "breakeven_visits",
    ] {
      #expect(ids.contains(id), "\(id)")
    }
    #expect(ids.count == figures.count)
    let csv = CSVRenderer.render(ReportSections.summaryCSV(figures))
    #expect(csv.hasPrefix("metric,value,unit\r\n"))
    #expect(csv.contains("annual_energy_kwh,52728192,kWh/year\r\n"))
    #expect(csv.contains("annual_electricity_cost_cny,26364096.00,CNY/year\r\n"))
    #expect(csv.contains("facility_power_kw,6019.2,kW\r\n"))
  }

  // MARK: - Numbers

  @Test func numbersAreFormattedIndependentlyOfLocale() {
    #expect(NumberFormat.grouped(Decimal(26_364_096), decimals: 2) == "26,364,096.00")
    #expect(
      NumberFormat.grouped(Decimal(string: "-35364096.005") ?? 0, decimals: 2) == "-35,364,096.01")
    #expect(NumberFormat.grouped(Decimal(string: "999.995") ?? 0, decimals: 2) == "1,000.00")
    #expect(NumberFormat.plain(Decimal(string: "0.5") ?? 0, decimals: 2) == "0.50")
    #expect(NumberFormat.plain(Decimal(string: "-0.001") ?? 0, decimals: 2) == "0.00")
    #expect(NumberFormat.groupedTrimmed(Decimal(string: "1889.6") ?? 0) == "1,889.6")
  }

  @Test func markdownTablesEscapePipes() {
    let table = ReportTable(columns: ["a", "b"], rightAligned: ["b"], rows: [["x|y", "1"]])
    #expect(MarkdownRenderer.render(table) == "| a | b |\n|---|---:|\n| x\\|y | 1 |")
  }
}

/// Text from config files and the database placed in Markdown shows as written.
@Suite struct MarkdownTextTests {
  // MARK: - Escaping

  @Test(arguments: [
    ("plain text (1-3), 45 %", "plain text (1-3), 45 %"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
    (
      "*bold* _it_ `code` [link](javascript:x)",
      "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:x)"
    ),
    ("a | b & c ~~d~~ #", "a \\| b \\& c \\~\\~d\\~\\~ \\#"),
    ("line\n# heading", "line \\# heading"),
  ])
  func inlineTextAddsNoMarkup(text: String, escaped: String) {
    #expect(MarkdownText.escape(text) == escaped)
  }

  @Test(arguments: [
    ("paper-2024.yaml", "`paper-2024.yaml`"),
    ("a`b", "``a`b``"),
    ("`x", "`` `x ``"),
    ("two\nlines", "`two lines`"),
  ])
  func codeSpansFenceWhatTheyHold(text: String, code: String) {
    #expect(MarkdownText.code(text) == code)
  }

  @Test func mermaidLabelsHoldNoQuoteOrHTML() {
    #expect(MarkdownText.mermaidLabel("RTX \"4090\" <b>") == "RTX '4090'  b ")
  }

  // MARK: - In a report

  @Test func aScenarioTitleWithMarkupStaysOneHeadingOfText() throws {
    try withTemporaryDirectory { folder in
      let file = folder.appending(path: "hostile`name.yaml")
      try Data(
        """
        extends: \(Repository.scenarios)/paper-2024.yaml
        title: "<img src=x onerror=alert(1)> *bold* [link](javascript:x) #"
        devices: { h100: { name: "<b>H100</b> \\"*x*\\"" } }

        """.utf8
      ).write(to: file)
      let report = MarkdownRenderer.render(
        PlanPipeline.report(for: try Scenario.load(path: file.path)))
      let lines = report.components(separatedBy: "\n")
      #expect(
        lines.first
          == "# Meta-hospital economics: \\<img src=x onerror=alert(1)\\> \\*bold\\* \\[link\\](javascript:x) \\#"
      )
      #expect(lines.filter { $0.hasPrefix("# ") }.count == 1)
      #expect(!report.replacingOccurrences(of: "\\<", with: "").contains("<img"))
      #expect(
        report.contains("Scenario ``hostile`name`` (``hostile`name.yaml`` ← `paper-2024.yaml`)"))
      // A device's name, in tables and in the sensitivity chart.
      #expect(report.contains("| \\<b\\>H100\\</b\\> \"\\*x\\*\" |"))
      #expect(!report.contains("<b>"))
    }
  }
}

/// Report text that follows the figures: no break-even volume, drug markup kept.
@Suite struct PlanReportWordingTests {
  static func report(_ change: (inout Inputs) -> Void) throws -> (markdown: String, summary: String)
  {
    var scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
    change(&scenario.inputs.inputs)
    let files = PlanPipeline.report(for: scenario).renderedFiles
    return (
      files.first { $0.name == "report.md" }?.contents ?? "",
      files.first { $0.name == "summary.csv" }?.contents ?? ""
    )
  }

  @Test func noBreakEvenVolumeIsSaidNotPrinted() throws {
    // 0.40 CNY a visit is less than the 0.41 CNY of storage a visit adds (DrugsAndBreakEvenTests).
    let (markdown, summary) = try Self.report {
      $0.registrationFeeCNY = Decimal(string: "0.40") ?? 0
    }
    #expect(summary.contains("\r\nbreakeven_visits,,visits/year\r\n"))
    #expect(markdown.contains("Break-even volume: **none**"))
    #expect(
      markdown.contains(
        "or at no volume (a visit brings no more effective revenue than the storage it adds costs)")
    )
  }

  @Test func theDrugNoteFollowsTheMarkup() throws {
    let zero = try Self.report { _ in }.markdown
    #expect(zero.contains("drugs pass through at cost"))
    let kept = try Self.report { $0.drugMarkupRate = Decimal(string: "0.15") ?? 0 }.markdown
    #expect(!kept.contains("drugs pass through at cost"))
    // 2,500,000,000 billed at 15 %: 2,500 M × 0.15 / 1.15 = 326,086,956.52 kept.
    #expect(kept.contains("drug markup of 15.0 % kept: 326,086,956.52 CNY"))
  }
}
