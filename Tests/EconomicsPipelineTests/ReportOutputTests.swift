import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import TestSupport
import Testing
import ZIPFoundation

@testable import ReportRendering

/// The committed example reports, regenerated and compared byte for byte (the paper's baseline
/// also in Chinese, `paper-2024-zh`), the workbook `report.xlsx` included: its bytes depend on
/// nothing but the report (its ZIP entries carry a fixed date, a plan's properties no time).
///
/// Set `METAHOSPITAL_RECORD_GOLDEN=1` to re-record `Reports/examples/` on purpose (then run
/// `scripts/render-mermaid` and look at the charts before committing them).
@Suite struct GoldenReportTests {
  /// Each committed example: its folder under `Reports/examples/` and the `plan` that makes it.
  static let examples: [(folder: String, request: @Sendable (String) -> PlanPipeline.Request)] = [
    (
      "paper-2024",
      {
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/paper-2024.yaml", outputDirectory: $0)
      }
    ),
    (
      "registration-50-vs-paper-2024",
      {
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/registration-50.yaml", outputDirectory: $0,
          comparePath: Repository.scenarios + "/paper-2024.yaml")
      }
    ),
    (
      "paper-2024-uncertain",
      {
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/paper-2024-uncertain.yaml", outputDirectory: $0,
          simulation: SimulationRequest(draws: 10_000, seed: 2024))
      }
    ),
    (
      "paper-2024-zh",
      {
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/paper-2024.yaml", outputDirectory: $0,
          language: .zh)
      }
    ),
    (
      "registration-50-vs-paper-2024-zh",
      {
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/registration-50.yaml", outputDirectory: $0,
          comparePath: Repository.scenarios + "/paper-2024.yaml", language: .zh)
      }
    ),
  ]

  static let golden = Repository.root.appendingPathComponent("Reports/examples")

  @Test(arguments: examples.map(\.folder))
  func theCommittedExampleIsWhatPlanWrites(folder: String) throws {
    let request = try #require(Self.examples.first { $0.folder == folder }?.request)
    let committed = Self.golden.appendingPathComponent(folder)
    let pipeline = PlanPipeline(logger: TestDatabase.quietLogger)
    if ProcessInfo.processInfo.environment["METAHOSPITAL_RECORD_GOLDEN"] == "1" {
      _ = try pipeline.run(request(committed.path))
      return
    }
    try withTemporaryDirectory { scratch in
      let out = scratch.appendingPathComponent(folder)
      _ = try pipeline.run(request(out.path))
      let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
      let expected = try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()
      #expect(written == expected, "the files of \(folder)")
      #expect(written.contains(ReportWorkbook.fileName))
      for file in written {
        let old = (try? Data(contentsOf: committed.appendingPathComponent(file))) ?? Data()
        let new = try Data(contentsOf: out.appendingPathComponent(file))
        #expect(
          old == new,
          "\(folder)/\(file) drifted from the committed example (re-record with METAHOSPITAL_RECORD_GOLDEN=1):\n\(Self.drift(file, old, new))"
        )
      }
    }
  }

  /// How a file differs from its committed version: the first lines that differ, or for a
  /// workbook, the parts that differ and where.
  static func drift(_ name: String, _ old: Data, _ new: Data) -> String {
    guard name.hasSuffix(".xlsx") else {
      return diff(String(decoding: old, as: UTF8.self), String(decoding: new, as: UTF8.self))
    }
    guard let before = try? parts(of: old), let after = try? parts(of: new) else {
      return "(\(old.count) bytes committed, \(new.count) now; one of them is not a ZIP package)"
    }
    if before.map(\.path) != after.map(\.path) {
      return "parts committed: \(before.map(\.path)); now: \(after.map(\.path))"
    }
    var lines: [String] = []
    for (was, now) in zip(before, after) where was.xml != now.xml {
      let common = zip(was.xml, now.xml).prefix { $0 == $1 }.count
      let from = max(0, common - 80)
      lines += [
        "\(was.path) from character \(common):",
        "- …" + String(was.xml.dropFirst(from).prefix(240)),
        "+ …" + String(now.xml.dropFirst(from).prefix(240)),
      ]
    }
    return lines.isEmpty ? "the same parts, packed differently" : lines.joined(separator: "\n")
  }

  /// The parts of a workbook's ZIP package, in their order, each as text.
  static func parts(of data: Data) throws -> [(path: String, xml: String)] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [(path: String, xml: String)] = []
    for entry in archive {
      var bytes = Data()
      _ = try archive.extract(entry, consumer: { bytes.append($0) })
      parts.append((entry.path, String(decoding: bytes, as: UTF8.self)))
    }
    return parts
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
    #expect(csv.hasPrefix("metric,value,unit,source,note\r\n"))
    #expect(csv.contains("annual_energy_kwh,52728192,kWh/year,scenario,\r\n"))
    #expect(csv.contains("annual_electricity_cost_cny,26364096.00,CNY/year,scenario,\r\n"))
    #expect(csv.contains("facility_power_kw,6019.2,kW,scenario,\r\n"))
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
        PlanPipeline.report(
          for: try Scenario.load(path: file.path), wording: try Repository.wording()))
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
    let files = PlanPipeline.report(for: scenario, wording: try Repository.wording()).renderedFiles
    return (
      files.first { $0.name == "report.md" }?.contents ?? "",
      files.first { $0.name == "summary.csv" }?.contents ?? ""
    )
  }

  @Test func aPlanWithoutVisitsSaysWhyInsteadOfPrintingEmptyFigures() throws {
    let (markdown, summary) = try Self.report { $0.annualVisits = 0 }
    #expect(markdown.contains("Without visits it has no registration revenue"))
    #expect(markdown.contains("No fee closes that gap without visits."))
    #expect(markdown.contains("is never repaid: the yearly cash flow is -"))
    #expect(!markdown.contains("in never"))
    #expect(!markdown.contains("n/a with staff"))
    #expect(
      markdown.contains(
        "| IT per visit (meta-hospital: its yearly cost less staff; offline: IT investment, Table 1) | n/a | 40.00 |"
      ))
    #expect(
      summary.contains("\r\nbreakeven_registration_fee_cny,,CNY/visit,scenario,no visits\r\n"))
    #expect(summary.contains("\r\ncost_per_visit_cny,,CNY/visit,scenario,no visits\r\n"))
  }

  @Test func aMarkupThatCoversTheCostIsNoFeeToCharge() throws {
    let (markdown, _) = try Self.report { $0.drugMarkupRate = Decimal(string: "0.3") ?? 0 }
    #expect(markdown.contains("The fee could fall to nothing (its other revenue covers the cost)"))
    #expect(markdown.contains("Break-even registration fee: **any fee, even none**"))
    // The paper's row compares registration revenue alone, and says so.
    #expect(
      markdown.contains(
        "| Table 2 | Effective revenue (registration only) | 500,000,000 | 500,000,000 | 0 | 0.00 % |"
      ))
  }

  @Test func noBreakEvenVolumeIsSaidNotPrinted() throws {
    // 0.40 CNY a visit is less than the 0.41 CNY of storage a visit adds (DrugsAndBreakEvenTests).
    let (markdown, summary) = try Self.report {
      $0.registrationFeeCNY = Decimal(string: "0.40") ?? 0
    }
    #expect(
      summary.contains("\r\nbreakeven_visits,,visits/year,scenario,no volume breaks even\r\n"))
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

/// Every chart of the committed examples reads right when drawn: Mermaid's xychart draws a bar
/// from the bottom of its value axis, so a bar must be a size (0 or more) on an axis from 0, and
/// every plotted value must lie inside the axis.
@Suite struct ChartTruthTests {
  struct Chart {
    var file: String
    var source: String
  }

  static func charts() throws -> [Chart] {
    let folder = Repository.root.appendingPathComponent("Reports/examples")
    var result: [Chart] = []
    for example in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
      let path = folder.appendingPathComponent(example).appendingPathComponent("report.md")
      guard let text = try? String(contentsOf: path, encoding: .utf8) else { continue }
      for block in text.components(separatedBy: "```mermaid\n").dropFirst() {
        if let end = block.range(of: "\n```") {
          result.append(Chart(file: example, source: String(block[..<end.lowerBound])))
        }
      }
    }
    return result
  }

  /// The numbers inside `[…]` of a line that starts with `prefix`.
  static func numbers(_ source: String, _ prefix: String) -> [[Decimal]] {
    source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix(prefix + " [") }
      .map { line in
        line.drop { $0 != "[" }.dropFirst().dropLast().split(separator: ",").compactMap {
          Decimal(string: $0.trimmingCharacters(in: .whitespaces))
        }
      }
  }

  @Test func barsStartAtZeroAndEveryValueFitsItsAxis() throws {
    let charts = try Self.charts().filter { $0.source.contains("xychart-beta") }
    #expect(charts.count >= 7)
    for chart in charts {
      let axis = try #require(
        chart.source.split(separator: "\n").first { $0.contains("y-axis") }, "\(chart.file)")
      let bounds =
        axis.components(separatedBy: "\" ").last?.components(separatedBy: " --> ")
        .compactMap { Decimal(string: $0) } ?? []
      #expect(bounds.count == 2, "\(chart.file): \(axis)")
      guard bounds.count == 2 else { continue }
      let bars = Array(Self.numbers(chart.source, "bar").joined())
      let lines = Array(Self.numbers(chart.source, "line").joined())
      if !bars.isEmpty {
        #expect(bounds[0] == 0, "\(chart.file): bars on an axis from \(bounds[0])")
        #expect(bars.allSatisfy { $0 >= 0 }, "\(chart.file): a negative bar")
      }
      #expect((bars + lines).allSatisfy { bounds[0] <= $0 && $0 <= bounds[1] }, "\(chart.file)")
      // Every chart has a table of the same figures beside it (checked by the section tests);
      // its series are never empty.
      #expect(!(bars + lines).isEmpty, "\(chart.file)")
    }
  }

  @Test func aPieHasOnlyPositiveSlices() throws {
    let pies = try Self.charts().filter { $0.source.hasPrefix("pie") }
    #expect(pies.count == 5)
    for pie in pies {
      let values = pie.source.split(separator: "\n").dropFirst(2).compactMap {
        $0.components(separatedBy: " : ").last.flatMap { Decimal(string: $0) }
      }
      #expect(!values.isEmpty && values.allSatisfy { $0 > 0 }, "\(pie.file)")
    }
  }
}

/// Run reports on the hand-made dataset (`Fixtures/handmade`), regenerated and compared byte for
/// byte with `Reports/examples/handmade-*`: a change of wording or of a figure on data shows in
/// review. Each runs in a fresh database at a fixed clock and build name; the run's id, which
/// the database draws, is written as zeros (in the workbook's parts too, which are then packed
/// again, so `report.xlsx` is compared byte for byte like the others).
///
/// `METAHOSPITAL_RECORD_GOLDEN=1` re-records them too.
@Suite struct GoldenRunReportTests {
  static let examples: [(folder: String, job: String, period: String, language: ReportLanguage?)] =
    [
      ("handmade-2025-10", "job-month.yaml", "2025-10", nil),
      ("handmade-2025-10-zh", "job-month.yaml", "2025-10", .zh),
      ("handmade-2025", "job-year.yaml", "2025", nil),
      ("handmade-2025-zh", "job-year.yaml", "2025", .zh),
    ]
  /// 15 January 2026, 09:00 in Shanghai: every month of 2025 is closed.
  static let clock = Date(timeIntervalSince1970: 1_768_438_800)
  static let build = "\(MetaHospitalVersion.current) (example)"
  static let zeroRunID = "00000000-0000-0000-0000-000000000000"

  /// The report's files, without the folder's marker, with the run's id as zeros: in the text
  /// files, and in each part of the workbook, which is then packed again as the tool packs it
  /// (so the committed workbook is the one a run with that id writes).
  static func files(of folder: URL, runID: String?) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where !name.hasPrefix(".") {
      let data = try Data(contentsOf: folder.appending(path: name))
      guard let runID else {
        files[name] = data
        continue
      }
      if name == ReportWorkbook.fileName {
        files[name] = try XLSXRenderer.package(
          try GoldenReportTests.parts(of: data).map {
            ($0.path, $0.xml.replacingOccurrences(of: runID, with: zeroRunID))
          })
      } else {
        files[name] = Data(
          String(decoding: data, as: UTF8.self).replacingOccurrences(of: runID, with: zeroRunID)
            .utf8)
      }
    }
    return files
  }

  @Test(arguments: examples.map(\.folder))
  func theCommittedRunExampleIsWhatRunWrites(folder: String) throws {
    let example = try #require(Self.examples.first { $0.folder == folder })
    let committed = GoldenReportTests.golden.appending(path: folder)
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { scratch in
        let out = scratch.appending(path: folder)
        let outcome = try RunPipeline(logger: TestDatabase.quietLogger).run(
          RunPipeline.Request(
            jobPath: "\(HandMadeDataTests.folder)/\(example.job)", period: example.period,
            outputDirectory: out.path,
            database: DatabaseSettings.resolve(flag: url, environment: [:]),
            root: Repository.root, now: Self.clock, language: example.language,
            toolVersion: Self.build))
        let written = try Self.files(of: out, runID: outcome.runID)
        if ProcessInfo.processInfo.environment["METAHOSPITAL_RECORD_GOLDEN"] == "1" {
          try? FileManager.default.removeItem(at: committed)
          try FileManager.default.createDirectory(at: committed, withIntermediateDirectories: true)
          for (name, data) in written {
            try data.write(to: committed.appending(path: name))
          }
          return
        }
        let expected = try Self.files(of: committed, runID: nil)
        #expect(written.keys.sorted() == expected.keys.sorted(), "the files of \(folder)")
        #expect(written.keys.contains(ReportWorkbook.fileName))
        for (name, data) in written.sorted(by: { $0.key < $1.key }) {
          let old = expected[name] ?? Data()
          #expect(
            old == data,
            "\(folder)/\(name) drifted from the committed example (re-record with METAHOSPITAL_RECORD_GOLDEN=1):\n\(GoldenReportTests.drift(name, old, data))"
          )
        }
      }
    }
  }
}
