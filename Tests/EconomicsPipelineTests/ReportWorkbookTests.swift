import Foundation
import HospitalEconomics
import PipelineModel
import TestSupport
import Testing

@testable import EconomicsPipeline
@testable import ReportRendering

/// `report.xlsx` of real `plan` and `run` outputs, read back by an independent reader (openpyxl,
/// `scripts/xlsx-dump`) and compared with the CSV files beside it: every value a number where
/// the CSV holds one, in a format by its unit, in English and in Chinese.
@Suite struct ReportWorkbookTests {
  typealias Dump = WorkbookTests.Dump

  // MARK: - Reading a report folder

  /// A report folder's CSV files by name, each as rows of fields, the header first.
  static func csvTables(_ folder: URL) throws -> [String: [[String]]] {
    var tables: [String: [[String]]] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
    where name.hasSuffix(".csv") {
      let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
      tables[name] = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        .map(RunBridgeTests.fields)
    }
    return tables
  }

  /// The folder's workbook as openpyxl reads it.
  static func dump(_ folder: URL) throws -> Dump {
    try WorkbookTests.dump(try Data(contentsOf: folder.appending(path: ReportWorkbook.fileName)))
  }

  static func decimal(_ text: String) -> Decimal { WorkbookTests.decimal(text) }

  // MARK: - What a cell must be, stated from the CSV files' conventions

  /// Money as the reports write it: CNY and CNY per visit, year, device or PB (a tariff per
  /// kWh keeps its own decimals).
  static let moneyUnits: Set<String> = ["CNY", "CNY/year", "CNY/visit", "CNY/unit", "CNY/PB"]

  /// The number format and the factor from the CSV field to the cell's value of a field of
  /// `column` in `row` (the row's fields by column name), or nil for text.
  static func expected(_ column: String, _ field: String, _ row: [String: String]) -> (
    format: String, factor: Decimal
  )? {
    guard Sheet.plainDecimal(field) != nil, column != "step" else { return nil }
    let decimals = field.split(separator: ".").dropFirst().first?.count ?? 0
    let grouped = decimals == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: decimals)
    if column.hasSuffix("_cny") { return ("#,##0.00", 1) }
    if column == "difference_pct" { return ("0.00%", Decimal(string: "0.01") ?? 0) }
    if column == "swing" || column == "deviation_share" { return ("0.00%", 1) }
    // Counts and quantities in the column's own unit.
    if [
      "rank", "days", "virtual_visits", "charges", "charges_missing_cost", "failing", "examined",
      "nameplate_energy_kwh",
    ].contains(column) {
      return (grouped, 1)
    }
    if column.hasSuffix("_at") {  // a check's limit in rows or in percent
      let unit = row[String(column.dropLast(3)) + "_unit"] ?? ""
      return unit == "percent" ? ("0.00%", Decimal(string: "0.01") ?? 0) : (grouped, 1)
    }
    if let unit = row["unit"] {
      if moneyUnits.contains(unit) { return ("#,##0.00", 1) }
      if unit == "share" || unit.hasPrefix("share/") { return ("0.00%", 1) }
      if unit.isEmpty {
        return (decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals), 1)
      }
    }
    if let figure = row["figure"], row["unit"] == nil, figure.hasSuffix("_cny") {
      return ("#,##0.00", 1)
    }
    return (grouped, 1)
  }

  /// Checks each sheet after the first against the CSV file the first sheet says it holds:
  /// the header in bold and frozen, every field in its cell, a number as a number in its
  /// format, text as text. Returns how many numbers it compared.
  @discardableResult
  static func expectSheetsHoldTheCSVFiles(_ dump: Dump, _ tables: [String: [[String]]])
    -> Int
  {
    let overview = dump.sheets[0]
    // The first sheet's last rows: each sheet's name and its CSV file.
    let listed = overview.cells.filter { $0.ref.hasPrefix("B") && $0.value.hasSuffix(".csv") }
    #expect(listed.count == tables.count && dump.sheets.count == tables.count + 1)
    var numbers = 0
    for (sheet, listing) in zip(dump.sheets.dropFirst(), listed) {
      let row = listing.ref.dropFirst()
      #expect(overview["A\(row)"]?.value == sheet.name, "the first sheet lists \(sheet.name)")
      guard let table = tables[listing.value], let header = table.first else {
        Issue.record("\(sheet.name) holds \(listing.value), which the folder does not")
        continue
      }
      let file = listing.value
      #expect(sheet.frozen == "A2", "\(file)")
      #expect(sheet.max_row == table.count, "\(file)")
      for (column, name) in header.enumerated() {
        let cell = sheet[ref(column, 1)]
        #expect(cell?.value == name && cell?.bold == true, "\(file) header \(name)")
      }
      for (index, fields) in table.dropFirst().enumerated() {
        let byName = Dictionary(zip(header, fields), uniquingKeysWith: { a, _ in a })
        for (column, field) in fields.enumerated() {
          let at = ref(column, index + 2)
          let cell = sheet[at]
          guard !field.isEmpty else {
            #expect(cell == nil, "\(file) \(at) holds \(cell?.value ?? "") for an empty field")
            continue
          }
          guard let cell else {
            Issue.record("\(file) \(at): nothing for \(field)")
            continue
          }
          guard let (format, factor) = expected(header[column], field, byName) else {
            #expect(cell.type == "s" && cell.value == field, "\(file) \(at): \(cell.value)")
            continue
          }
          numbers += 1
          #expect(cell.type == "n", "\(file) \(at) \(header[column]) = \(field) is not a number")
          #expect(cell.format == format, "\(file) \(at) \(header[column]) = \(field)")
          let stored = decimal(cell.raw ?? "")
          #expect(stored == decimal(field) * factor, "\(file) \(at): stored \(cell.raw ?? "")")
          // What the reader parsed is the field's value (as a double).
          let read = Double(cell.value) ?? .nan
          let wanted = (Double(field) ?? .nan) * NSDecimalNumber(decimal: factor).doubleValue
          #expect(abs(read - wanted) <= abs(wanted) * 1e-12, "\(file) \(at): read \(cell.value)")
        }
      }
    }
    return numbers
  }

  static func ref(_ column: Int, _ row: Int) -> String { XLSXRenderer.reference(column, row) }

  /// The first sheet's label → value pairs (columns A and B) of its first rows, up to the
  /// headline.
  static func about(_ dump: Dump) -> [String: String] {
    let overview = dump.sheets[0]
    var facts: [String: String] = [:]
    for row in 4...10 {
      guard let label = overview["A\(row)"], let value = overview["B\(row)"] else { break }
      facts[label.value] = value.value
    }
    return facts
  }

  /// The key figures of the first sheet: id (column D) → the value cell (column B).
  static func keyFigures(_ dump: Dump) -> [String: Dump.Cell] {
    let overview = dump.sheets[0]
    var figures: [String: Dump.Cell] = [:]
    for cell in overview.cells where cell.ref.hasPrefix("D") && !cell.bold {
      if let value = overview["B\(cell.ref.dropFirst())"] { figures[cell.value] = value }
    }
    return figures
  }

  /// Checks each key figure against `summary.csv`: the same number, in its format.
  static func expectKeyFiguresAreTheSummarys(
    _ dump: Dump, _ tables: [String: [[String]]], ids: [String]
  ) {
    let summary = tables["summary.csv"] ?? []
    let figures = keyFigures(dump)
    #expect(Set(figures.keys) == Set(ids))
    for id in ids {
      guard let row = summary.first(where: { $0.first == id }), let cell = figures[id] else {
        Issue.record("\(id) is not in summary.csv or not on the first sheet")
        continue
      }
      #expect(cell.type == "n", "\(id)")
      #expect(decimal(cell.raw ?? "") == decimal(row[1]), "\(id): \(cell.raw ?? "") ≠ \(row[1])")
      let (format, _) = expected("value", row[1], ["unit": row[2]]) ?? ("", 1)
      #expect(cell.format == format, "\(id)")
    }
  }

  // MARK: - plan

  /// A plan of every table: the uncertain paper compared with registration-50 and simulated.
  static func plan(_ language: ReportLanguage, into folder: URL) throws {
    _ = try PlanPipeline(logger: TestDatabase.quietLogger).run(
      PlanPipeline.Request(
        scenarioPath: Repository.scenarios + "/paper-2024-uncertain.yaml",
        outputDirectory: folder.path,
        comparePath: Repository.scenarios + "/registration-50.yaml",
        simulation: SimulationRequest(draws: 500, seed: 7), language: language))
  }

  static let planSheets: [ReportLanguage: [String]] = [
    .en: [
      "Report", "Summary", "Sensitivity", "Paper reproduction", "Assumptions", "Margin bridge",
      "Simulation",
    ],
    .zh: ["概览", "汇总", "敏感性分析", "论文复现", "假设", "结余变动分解", "不确定性"],
  ]

  @Test(arguments: [ReportLanguage.en, .zh])
  func aPlansWorkbookHoldsItsCSVFilesAsNumbers(language: ReportLanguage) throws {
    try withTemporaryDirectory { scratch in
      let out = scratch.appending(path: "plan")
      try Self.plan(language, into: out)
      let dump = try Self.dump(out)
      let tables = try Self.csvTables(out)
      #expect(dump.sheets.map(\.name) == Self.planSheets[language])
      #expect(Self.expectSheetsHoldTheCSVFiles(dump, tables) > 500)
      // The marker lists the workbook: the folder is replaced with it, or not at all.
      #expect(ReportFolderMarker.read(in: out)?.files.contains("report.xlsx") == true)

      // The first sheet: the title, what wrote it, the headline without its Markdown, the key
      // figures as summary.csv has them.
      let overview = dump.sheets[0]
      let markdown = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
      let title = String(markdown.prefix { $0 != "\n" }.dropFirst(2))
      #expect(overview["A1"]?.value == title && overview["A1"]?.bold == true)
      #expect(overview.frozen == nil)
      let (scenario, build, headline) =
        language == .en ? ("Scenario", "Build", "Headline") : ("情景", "版本", "摘要")
      #expect(
        Self.about(dump) == [
          scenario: "paper-2024-uncertain", build: "metahospital \(MetaHospitalVersion.current)",
        ])
      let paragraphs = overview.cells.filter { $0.ref.hasPrefix("A") }.map(\.value)
      let start = try #require(paragraphs.firstIndex(of: headline))
      let verdict = paragraphs[start + 1]
      #expect(
        verdict.hasPrefix(
          language == .en
            ? "The meta-hospital does not pay for itself. At a registration fee of 25.00 CNY"
            : "元医院收不抵支。 按挂号费 25.00 元/人次计"), "\(verdict)")
      #expect(!paragraphs.contains { $0.contains("**") || $0.contains("`") })
      #expect(paragraphs.contains { $0.contains("paper-2024-uncertain") })
      Self.expectKeyFiguresAreTheSummarys(
        dump, tables,
        ids: [
          "effective_revenue_cny", "annual_total_cost_cny", "annual_margin_cny",
          "breakeven_registration_fee_cny", "breakeven_visits", "facility_power_kw",
          "annual_energy_kwh", "annual_electricity_cost_cny", "npv_cny",
        ])

      #expect(dump.properties.title == title)
      #expect(dump.properties.subject == "paper-2024-uncertain")
      #expect(dump.properties.creator == "metahospital \(MetaHospitalVersion.current)")
      #expect(dump.properties.language == (language == .en ? "en" : "zh-CN"))
      // A plan's bytes do not depend on the clock: its properties carry no date (which a
      // reader then fills with its own).
      let core = try GoldenReportTests.parts(
        of: try Data(contentsOf: out.appending(path: ReportWorkbook.fileName))
      ).first { $0.path == "docProps/core.xml" }
      #expect(core?.xml.contains("<dc:title>") == true)
      #expect(core?.xml.contains("dcterms:created") == false)
    }
  }

  // MARK: - run

  static let runSheets: [ReportLanguage: [String]] = [
    .en: [
      "Report", "Summary", "Plan vs actual", "Revenue", "Year to date", "Restatements", "Checks",
      "Sensitivity", "Margin bridge", "Assumptions",
    ],
    .zh: [
      "概览", "汇总", "规划与实际", "收入", "本年累计", "重述", "数据质量检查", "敏感性分析", "结余变动分解",
      "假设",
    ],
  ]

  @Test func aRunsWorkbookHoldsItsCSVFilesInBothLanguages() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { scratch in
        var dumps: [ReportLanguage: Dump] = [:]
        for language in [ReportLanguage.en, .zh] {
          let out = scratch.appending(path: language.rawValue)
          let outcome = try RunPipeline(logger: TestDatabase.quietLogger).run(
            RunPipeline.Request(
              jobPath: "\(HandMadeDataTests.folder)/job-month.yaml", period: "2025-10",
              outputDirectory: out.path,
              database: DatabaseSettings.resolve(flag: url, environment: [:]),
              root: Repository.root, now: GoldenRunReportTests.clock, language: language,
              toolVersion: "0.4.0 (commit 1a2b3c4d5e6f)"))
          let dump = try Self.dump(out)
          let tables = try Self.csvTables(out)
          #expect(dump.sheets.map(\.name) == Self.runSheets[language])
          #expect(Self.expectSheetsHoldTheCSVFiles(dump, tables) > 250)
          // The run's history records the workbook's checksum with the other files'.
          let outputs = try TestDatabase.connect(url).query(
            "SELECT outputs ? 'report.xlsx' AS listed FROM pipeline.runs WHERE run_id = \(outcome.runID)::uuid"
          ).map { try $0.decode(Bool.self, "listed") }
          #expect(outputs == [true])

          let labels =
            language == .en
            ? ["Job", "Scenario", "Period", "Build", "Run id", "Generated"]
            : ["作业", "情景", "期间", "版本", "运行编号", "生成时间"]
          #expect(
            Self.about(dump) == [
              labels[0]: "handmade-monthly", labels[1]: "scenario",
              labels[2]: language == .en ? "2025-10" : "2025年10月",
              labels[3]: "metahospital 0.4.0 (commit 1a2b3c4d5e6f)", labels[4]: outcome.runID,
              labels[5]: language == .en
                ? "2026-01-15T09:00:00+08:00" : "2026年1月15日 09:00:00（UTC+08:00）",
            ])
          Self.expectKeyFiguresAreTheSummarys(
            dump, tables,
            ids: [
              "period_virtual_visits", "period_effective_revenue_cny", "period_total_cost_cny",
              "period_margin_cny", "effective_revenue_cny", "annual_total_cost_cny",
              "annual_margin_cny", "breakeven_registration_fee_cny", "breakeven_visits_costs_held",
            ])
          // The hand-worked margin of October: -59,076.46 CNY, in CNY in both languages.
          #expect(Self.keyFigures(dump)["period_margin_cny"]?.raw == "-59076.46")

          let properties = dump.properties
          #expect(properties.subject == "handmade-monthly 2025-10")
          #expect(properties.creator == "metahospital 0.4.0 (commit 1a2b3c4d5e6f)")
          #expect(properties.keywords?.contains(outcome.runID) == true)
          #expect(properties.description?.contains("run: \(outcome.runID)") == true)
          // The report's own time (09:00 in Shanghai), not the clock's.
          #expect(properties.created?.hasPrefix("2026-01-15T01:00:00") == true)
          dumps[language] = dump
        }
        // The same numbers in both languages: every cell of every table, every key figure.
        let en = try #require(dumps[.en])
        let zh = try #require(dumps[.zh])
        for (english, chinese) in zip(en.sheets.dropFirst(), zh.sheets.dropFirst()) {
          #expect(
            english.cells.map { [$0.ref, $0.type, $0.value, $0.format] }
              == chinese.cells.map { [$0.ref, $0.type, $0.value, $0.format] },
            "\(english.name) and \(chinese.name)")
        }
        #expect(
          Self.keyFigures(en).mapValues(\.raw) == Self.keyFigures(zh).mapValues(\.raw))
        // The Chinese first sheet's labels are Chinese (CSV ids and names aside).
        let labels = zh.sheets[0].cells.filter {
          $0.ref.hasPrefix("A") && $0.ref != "A1" && $0.bold
        }
        .map(\.value)
        #expect(labels.contains("关于本报告") && labels.contains("关键指标") && labels.contains("工作表"))
        #expect(
          labels.allSatisfy { !$0.contains { ("a"..."z").contains($0) } },
          "\(labels)")
      }
    }
  }

  // MARK: - Failures

  /// A workbook that cannot be made (a CSV number that is not one) stops the plan before
  /// anything is written: the previous report stays as it was, and nothing is left beside it.
  @Test func aWorkbookThatCannotBeMadeLeavesThePreviousReport() throws {
    try withTemporaryDirectory { scratch in
      let out = scratch.appending(path: "paper-2024")
      let pipeline = PlanPipeline(logger: TestDatabase.quietLogger)
      _ = try pipeline.run(
        PlanPipeline.Request(
          scenarioPath: Repository.scenarios + "/paper-2024.yaml", outputDirectory: out.path))
      let before = try snapshot(out)
      #expect(before.keys.contains("report.xlsx"))

      let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
      let wording = try Repository.wording()
      var report = PlanPipeline.report(for: scenario, wording: wording)
      let summary = try #require(report.csvFiles.firstIndex { $0.fileName == "summary.csv" })
      report.csvFiles[summary].rows[0][1] = "n/a"
      let error = try #require(throws: ReportWorkbookError.self) {
        try pipeline.write(report, scenario: scenario.name, wording: wording, to: out)
      }
      #expect(error.exitStatus == .software)
      #expect(
        error.description.hasPrefix(
          "cannot write the workbook: summary.csv:2: column value holds \"n/a\", which is not a number; nothing was written"
        ))
      #expect(try snapshot(out) == before)
      #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["paper-2024"])
    }
  }

  // MARK: - Every column declared

  /// Every column of every committed example's CSV files has its kind declared, so a new
  /// column cannot land in the workbook as text by accident.
  @Test func everyColumnOfTheReportsIsDeclared() throws {
    let examples = Repository.root.appending(path: "Reports/examples")
    var columns = Set<String>()
    for example in try FileManager.default.contentsOfDirectory(atPath: examples.path) {
      for (_, table) in try Self.csvTables(examples.appending(path: example)) {
        columns.formUnion(table.first ?? [])
      }
    }
    #expect(columns.count > 60)
    for column in columns.sorted() {
      #expect(ReportWorkbook.columnKind(column) != nil, "\(column) has no kind in ReportWorkbook")
    }
  }

  /// Columns no committed example fills: a restatement's values by its figure's unit, a
  /// check's limit in percent as the share it is.
  @Test func restatementsAndLimitsInPercentAreNumbersInTheirUnits() throws {
    let report = EconomicsReport(
      title: "t", headline: ["**h**"], sections: [],
      csvFiles: [
        CSVTable(
          fileName: "restatements.csv",
          header: ["month", "figure", "previous", "current", "difference", "cause"],
          rows: [
            ["2025-09", "margin_cny", "-52212.33", "-52187.33", "25.00", "data"],
            ["2025-09", "virtual_visits", "1", "2", "1", "data"],
            ["2025-09", "nameplate_energy_kwh", "2808", "2808.5", "0.5", "inputs"],
          ]),
        CSVTable(
          fileName: "checks.csv",
          header: ["check_id", "warn_at", "warn_unit", "fail_at", "fail_unit"],
          rows: [["c", "1", "rows", "0.1", "percent"], ["d", "", "", "2", "rows"]]),
      ])
    let workbook = try ReportWorkbook.make(
      report, facts: .init(scenario: "s", build: "b"), wording: try Repository.wording())
    let restatements = workbook.sheets[1]
    #expect(restatements.name == "Restatements")
    #expect(restatements.rows[1][2] == .number(Self.decimal("-52212.33"), .money))
    #expect(restatements.rows[2][3] == .number(2, .integer))
    #expect(restatements.rows[3][3] == .number(Self.decimal("2808.5"), .grouped(1)))
    #expect(restatements.rows[3][5] == .text("inputs"))
    let checks = workbook.sheets[2]
    #expect(checks.rows[1][1] == .number(1, .integer))
    #expect(checks.rows[1][3] == .number(Self.decimal("0.001"), .percentage))
    #expect(checks.rows[2][1] == .empty && checks.rows[2][2] == .empty)
    #expect(workbook.sheets[0].rows.contains([.text("h")]))
  }

  // MARK: - Markdown as plain text

  @Test func markdownBecomesTheTextAReaderSees() {
    #expect(
      MarkdownText.plain("**The year:** a *loss* of `-5.00` CNY") == "The year: a loss of -5.00 CNY"
    )
    #expect(
      MarkdownText.plain(MarkdownText.escape("a_b *c* [d] <e> 1\\2")) == "a_b *c* [d] <e> 1\\2")
    #expect(MarkdownText.plain(MarkdownText.code("x`y")) == "x`y")
    #expect(MarkdownText.plain(MarkdownText.code("`tick`")) == "`tick`")
    #expect(MarkdownText.plain("an `unclosed tick") == "an `unclosed tick")
    #expect(MarkdownText.plain("收支平衡：**否**") == "收支平衡：否")
  }
}
