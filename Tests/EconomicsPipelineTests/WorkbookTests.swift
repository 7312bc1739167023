import EconomicsPipeline
import Foundation
import PipelineModel
import TestSupport
import Testing

@testable import ReportRendering

/// What an independent reader finds in the workbooks `XLSXRenderer` writes: openpyxl through
/// `scripts/xlsx-dump` (Debian's python3-openpyxl, installed by `scripts/bootstrap`), and
/// LibreOffice when it happens to be installed.
@Suite struct WorkbookTests {
  /// A decimal written as text.
  static func d(_ text: String) -> Decimal { decimal(text) }

  // MARK: - The reader

  /// What `scripts/xlsx-dump` prints.
  struct Dump: Decodable {
    struct Properties: Decodable {
      var title: String?
      var subject: String?
      var creator: String?
      var keywords: String?
      var description: String?
      var language: String?
      var created: String?
    }
    struct Entry: Decodable {
      var name: String
      var date_time: String
      var compressed: Bool
    }
    struct Cell: Decodable {
      var ref: String
      var type: String
      var value: String
      var python_type: String
      var format: String
      var bold: Bool
      var raw: String?
    }
    struct Sheet: Decodable {
      var name: String
      var max_row: Int
      var max_column: Int
      var frozen: String?
      var column_widths: [String: Double]
      var cells: [Cell]

      /// The cell at an A1 reference, if it holds something.
      subscript(_ ref: String) -> Cell? { cells.first { $0.ref == ref } }
    }
    var package: [Entry]
    var properties: Properties
    var sheets: [Sheet]
  }

  /// A Python with openpyxl: Debian's (what `scripts/bootstrap` installs it for), else the
  /// first `python3` on the PATH that has it.
  static let python: URL? = {
    var candidates = [URL(fileURLWithPath: "/usr/bin/python3")]
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      candidates.append(URL(fileURLWithPath: String(folder)).appending(path: "python3"))
    }
    return candidates.first { candidate in
      FileManager.default.isExecutableFile(atPath: candidate.path)
        && (try? run(candidate, ["-c", "import openpyxl"]).status) == 0
    }
  }()

  /// The workbook as openpyxl reads it.
  static func dump(_ bytes: Data) throws -> Dump {
    let python = try #require(
      Self.python,
      "no python3 with openpyxl: run scripts/bootstrap (apt-get install python3-openpyxl)")
    return try withTemporaryDirectory { folder in
      let file = folder.appending(path: "book.xlsx")
      try bytes.write(to: file)
      let output = try run(
        python, [TestPaths.repositoryRoot.appending(path: "scripts/xlsx-dump").path, file.path])
      #expect(output.status == 0, "xlsx-dump: \(output.stderr)")
      return try JSONDecoder().decode(Dump.self, from: Data(output.stdout.utf8))
    }
  }

  static func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
  }

  // MARK: - A workbook of every kind of cell

  static let longName = "Plan against actual, month by month, for the whole year"
  static let created = Date(timeIntervalSince1970: 1_790_000_000)

  /// English and Chinese text, money, counts, percentages, plain decimals, negative numbers,
  /// empty cells, long and duplicate sheet names, text that XML must escape.
  static let sample = Workbook(
    properties: .init(
      title: "Monthly economics — 2026-10", job: "monthly-economics", period: "2026-10",
      build: "0.4.0 (commit 1a2b3c4d5e6f)", runID: "8c7e3f0a-1111-4222-8333-944455556666",
      language: "zh-CN", created: created),
    sheets: [
      Sheet(
        name: "概览",
        rows: [
          [.heading("元医院 2026年10月：不盈利")],
          [.text("利润"), .number(d("-23221.72"), .money)],
          [.text("虚拟就诊"), .number(200_000, .integer)],
          [.text("毛利率"), .number(d("-0.0542"), .percentage)],
          [],
          [.text("Margin & cost <CNY>"), .empty, .text("  spaced \"quoted\"\nsecond line  ")],
        ]),
      Sheet(
        name: "summary", header: ["metric", "value", "unit"],
        rows: [
          [.text("period_margin_cny"), .number(d("-1234567.89"), .money), .text("CNY")],
          [.text("period_virtual_visits"), .number(4, .integer), .text("visits")],
          [.text("energy"), .number(d("2912.4"), .decimal(3)), .text("kWh")],
          [.text("share"), .number(d("0.123456"), .percentage), .text("share")],
          [.text("tiny"), .number(d("0.000001"), .decimal(6)), .empty],
          [.text("big"), .number(d("123456789012345.67"), .money), .text("CNY")],
          [.text("2026-10"), .empty, .text("=SUM(A1:A2)")],
        ]),
      Sheet(
        name: longName, header: ["月份", "利润（元）"], rows: [[.text("2026年10月"), .number(-5, .money)]]),
      Sheet(name: longName + " (again)", header: ["a"], rows: [[.number(1, .integer)]]),
      Sheet(name: "SUMMARY", header: ["b"], rows: [[.number(d("-0.5"), .decimal(1))]]),
      Sheet(name: "Bad/name: [x]*?", rows: [[.text("x")]]),
      Sheet(name: "   ", rows: [[.text("blank name")]]),
      Sheet(name: "History", rows: [[.text("reserved")]]),
    ])

  @Test func numbersAreNumbersWithTheirFormatsAsAReaderSeesThem() throws {
    let dump = try Self.dump(try XLSXRenderer.render(Self.sample))
    let overview = dump.sheets[0]
    #expect(overview.name == "概览")
    #expect(overview.frozen == nil)
    #expect(overview["A1"]?.value == "元医院 2026年10月：不盈利")
    #expect(overview["A1"]?.bold == true)
    let margin = try #require(overview["B2"])
    #expect(margin.type == "n" && margin.python_type == "float")
    #expect(Self.decimal(margin.value) == Decimal(string: "-23221.72"))
    #expect(margin.raw == "-23221.72")  // the decimal's digits, not a double's
    #expect(margin.format == "#,##0.00")
    #expect(overview["B3"]?.python_type == "int")
    #expect(overview["B3"]?.value == "200000")
    #expect(overview["B3"]?.format == "#,##0")
    #expect(overview["B4"]?.raw == "-0.0542")
    #expect(overview["B4"]?.format == "0.00%")
    // An empty row and an empty cell hold nothing; text keeps what XML would lose.
    #expect(
      overview.cells.map(\.ref).sorted() == ["A1", "A2", "A3", "A4", "A6", "B2", "B3", "B4", "C6"])
    #expect(overview["A6"]?.value == "Margin & cost <CNY>")
    #expect(overview["C6"]?.value == "  spaced \"quoted\"\nsecond line  ")
    #expect(overview["C6"]?.type == "s")

    let summary = dump.sheets[1]
    #expect(summary.frozen == "A2")
    #expect(summary["A1"]?.bold == true && summary["B1"]?.bold == true)
    #expect(summary["A2"]?.bold == false)
    let expected: [(String, String, String)] = [
      ("B2", "-1234567.89", "#,##0.00"), ("B3", "4", "#,##0"), ("B4", "2912.4", "0.000"),
      ("B5", "0.123456", "0.00%"), ("B6", "0.000001", "0.000000"),
      ("B7", "123456789012345.67", "#,##0.00"),
    ]
    for (ref, value, format) in expected {
      let cell = try #require(summary[ref], "\(ref)")
      #expect(cell.type == "n", "\(ref)")
      #expect(cell.raw == value, "\(ref): stored \(cell.raw ?? "nothing")")
      #expect(cell.format == format, "\(ref)")
      if value.count <= 15 {  // what a double holds exactly, the reader gives back exactly
        #expect(Self.decimal(cell.value) == Self.decimal(value), "\(ref): read \(cell.value)")
      }
    }
    // Text that looks like a date or a formula stays text.
    #expect(summary["A8"]?.type == "s" && summary["A8"]?.value == "2026-10")
    #expect(summary["C8"]?.type == "s" && summary["C8"]?.value == "=SUM(A1:A2)")
    #expect(summary["B8"] == nil)
  }

  @Test func sheetNamesAreValidAndUniqueAndTheHeaderIsFrozen() throws {
    let dump = try Self.dump(try XLSXRenderer.render(Self.sample))
    let names = dump.sheets.map(\.name)
    #expect(names == Self.sample.sheetNames)
    #expect(
      names == [
        "概览", "summary", "Plan against actual, month by m",
        "Plan against actual, month (2)", "SUMMARY (2)", "Bad-name- (x)", "Sheet7", "History (2)",
      ])
    for name in names {
      #expect(name.utf16.count <= 31 && SheetNames.isValid(name), "\(name)")
    }
    #expect(Set(names.map { $0.lowercased() }).count == names.count)
    for sheet in dump.sheets.dropFirst().prefix(4) {
      #expect(sheet.frozen == "A2", "\(sheet.name)")
    }
  }

  @Test func columnWidthsFollowTheContentWithChineseCountedTwice() throws {
    let dump = try Self.dump(try XLSXRenderer.render(Self.sample))
    let summary = dump.sheets[1]
    // "period_virtual_visits" (21) + 2; "123,456,789,012,345.67" (22) + 2; "visits" → the minimum.
    #expect(summary.column_widths["A"] == 23)
    #expect(summary.column_widths["B"] == 24)
    #expect(summary.column_widths["C"] == 13)  // "=SUM(A1:A2)" (11) + 2
    let chinese = dump.sheets[2]
    #expect(chinese.column_widths["A"] == 12)  // "2026年10月": 4 + 2 × 3 + 2
    #expect(chinese.column_widths["B"] == 12)  // "利润（元）": 5 × 2 + 2
    // "元医院 2026年10月：不盈利": 8 wide characters (the colon is full-width) and 9 narrow.
    #expect(Sheet.displayWidth("元医院 2026年10月：不盈利") == 25)
    #expect(dump.sheets[0].column_widths["A"] == 27)
    // A long text is capped; the longest line of several counts.
    #expect(
      Sheet(name: "x", rows: [[.text(String(repeating: "x", count: 500))]]).columnWidths == [60])
    #expect(Sheet(name: "x", rows: [[.text("ab\nabcdefghijkl\nc")]]).columnWidths == [14])
  }

  @Test func aQuantityKeepsItsDecimalsWithThousandsSeparators() throws {
    let sheet = Sheet(
      name: "q",
      rows: [
        [
          .number(Self.d("6019.2"), .grouped(1)), .number(Self.d("0.25"), .decimal(2)),
          .number(52_728_192, .grouped(0)), .number(Self.d("1141.552511"), .grouped(6)),
        ]
      ])
    let dump = try Self.dump(
      try XLSXRenderer.render(Workbook(properties: .init(title: "q"), sheets: [sheet])))
    let cells = dump.sheets[0].cells
    #expect(cells.map(\.format) == ["#,##0.0", "0.00", "#,##0", "#,##0.000000"])
    #expect(cells.map { $0.raw ?? "" } == ["6019.2", "0.25", "52728192", "1141.552511"])
    // Widths as a spreadsheet shows them: "1,141.552511" (12) + 2.
    #expect(sheet.columnWidths == [9, 8, 12, 14])
  }

  @Test func theDocumentPropertiesNameTheReport() throws {
    let dump = try Self.dump(try XLSXRenderer.render(Self.sample))
    #expect(dump.properties.title == "Monthly economics — 2026-10")
    #expect(dump.properties.subject == "monthly-economics 2026-10")
    #expect(dump.properties.creator == "metahospital 0.4.0 (commit 1a2b3c4d5e6f)")
    #expect(
      dump.properties.keywords
        == "monthly-economics; 2026-10; 0.4.0 (commit 1a2b3c4d5e6f); 8c7e3f0a-1111-4222-8333-944455556666"
    )
    #expect(
      dump.properties.description
        == "job: monthly-economics\nperiod: 2026-10\nbuild: 0.4.0 (commit 1a2b3c4d5e6f)\nrun: 8c7e3f0a-1111-4222-8333-944455556666"
    )
    #expect(dump.properties.language == "zh-CN")
    #expect(dump.properties.created?.hasPrefix("2026-09-21T") == true)
  }

  // MARK: - Reproducible bytes

  @Test func theSameWorkbookGivesTheSameBytes() throws {
    let first = try XLSXRenderer.render(Self.sample)
    let second = try XLSXRenderer.render(Self.sample)
    #expect(first == second)
    let dump = try Self.dump(first)
    #expect(
      dump.package.map(\.name) == [
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml",
      ] + (1...8).map { "xl/worksheets/sheet\($0).xml" })
    #expect(dump.package.allSatisfy { $0.date_time == "1980-01-01 00:00:00" && $0.compressed })
  }

  /// The golden file: `METAHOSPITAL_RECORD_GOLDEN=1` writes it again.
  @Test func theSampleWorkbookIsItsGoldenFile() throws {
    let golden = TestPaths.repositoryRoot.appending(
      path: "Tests/EconomicsPipelineTests/Fixtures/workbook/sample.xlsx")
    let bytes = try XLSXRenderer.render(Self.sample)
    if ProcessInfo.processInfo.environment["METAHOSPITAL_RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try bytes.write(to: golden)
    }
    let recorded = try Data(contentsOf: golden)
    guard recorded != bytes else { return }
    // Which parts drifted, as text, for the failure message.
    let now = try XLSXRenderer.parts(Self.sample)
    let dump = try Self.dump(recorded)
    Issue.record(
      """
      Fixtures/workbook/sample.xlsx differs from what XLSXRenderer writes now \
      (\(recorded.count) bytes recorded, \(bytes.count) now; recorded entries: \
      \(dump.package.map(\.name).joined(separator: ", "))). Parts now: \
      \(now.map { "\($0.path) (\($0.xml.utf8.count) bytes)" }.joined(separator: ", ")). \
      Re-record on purpose with METAHOSPITAL_RECORD_GOLDEN=1 after checking the change.
      """)
  }

  @Test func aWorkbookIsWrittenAtomicallyWithTheRestOfTheFolder() throws {
    try withTemporaryDirectory { folder in
      let destination = folder.appending(path: "2026-10")
      let bytes = try XLSXRenderer.render(Self.sample)
      let files: [(name: String, data: Data)] = [
        ("report.md", Data("# Report\n".utf8)), ("report.xlsx", bytes),
      ]
      let marker = ReportFolderMarker.run(
        job: "monthly-economics", period: "2026-10", runID: "r1", files: files.map(\.name))
      try AtomicDirectoryWriter().write(files, to: destination, marker: marker)
      #expect(try Data(contentsOf: destination.appending(path: "report.xlsx")) == bytes)
      // Written again as the same report: replaced whole.
      let again = ReportFolderMarker.run(
        job: "monthly-economics", period: "2026-10", runID: "r2", files: ["report.xlsx"])
      try AtomicDirectoryWriter().write(
        [(name: "report.xlsx", data: Data("new".utf8))], to: destination, marker: again)
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted() == [
          ReportFolderMarker.fileName, "report.xlsx",
        ])
      #expect(try Data(contentsOf: destination.appending(path: "report.xlsx")) == Data("new".utf8))
    }
  }

  static func ref(_ column: Int, _ row: Int) -> String { XLSXRenderer.reference(column, row) }

  // MARK: - Pure rules

  @Test func sheetNamesAreShortenedAndNumberedDeterministically() {
    #expect(
      SheetNames.resolve([
        "a", "A", "a (2)", "", "  ", "'quoted'", String(repeating: "长", count: 40),
      ])
        == [
          "a", "A (2)", "a (2) (2)", "Sheet4", "Sheet5", "quoted",
          String(repeating: "长", count: 31),
        ])
    #expect(SheetNames.resolve(["x/y\\z:w"]) == ["x-y-z-w"])
    #expect(SheetNames.resolve(["tab\there"]) == ["tabhere"])
    // An emoji (two UTF-16 units) is never cut in half.
    let emoji = String(repeating: "a", count: 30) + "😀"
    #expect(SheetNames.resolve([emoji]) == [String(repeating: "a", count: 30)])
    #expect(
      !SheetNames.isValid("history") && !SheetNames.isValid("a:b") && SheetNames.isValid("ok"))
  }

  @Test func aCSVFieldThatIsNotANumberIsRefusedWhereItIs() throws {
    let table = CSVTable(
      fileName: "summary.csv", header: ["metric", "value"],
      rows: [["a", "1.5"], ["b", ""], ["c", "1,234"]])
    let error = try #require(throws: CSVSheetError.self) {
      try Sheet(table: table, formats: ["value": .number(.money)])
    }
    #expect(
      error.description == "summary.csv:4: column value holds \"1,234\", which is not a number")
    for text in ["1e5", "+1", " 1", "1.", ".5", "--1", "NaN", "1.2.3", "١٢"] {
      #expect(Sheet.plainDecimal(text) == nil, "\(text)")
    }
    #expect(Sheet.plainDecimal("-0.125") == Decimal(string: "-0.125"))
    let points = try Sheet(
      table: CSVTable(fileName: "t.csv", header: ["p"], rows: [["12.5"]]),
      formats: ["p": .percentagePoints])
    #expect(points.rows.last == [.number(Self.d("0.125"), .percentage)])
  }

  @Test func aWorkbookWithoutSheetsOrWithNaNIsRefused() {
    #expect(throws: XLSXError.self) {
      try XLSXRenderer.render(Workbook(properties: .init(title: "x"), sheets: []))
    }
    let nan = Workbook(
      properties: .init(title: "x"), sheets: [Sheet(name: "s", rows: [[.number(.nan, .money)]])])
    #expect(throws: XLSXError.self) { try XLSXRenderer.render(nan) }
  }

  // MARK: - LibreOffice, when installed

  static let libreOffice: URL? = {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      for name in ["soffice", "libreoffice"] {
        let url = URL(fileURLWithPath: String(folder)).appending(path: name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
      }
    }
    return nil
  }()

  @Test(.enabled(if: libreOffice != nil, "LibreOffice is not installed"))
  func libreOfficeOpensTheWorkbook() throws {
    let soffice = try #require(Self.libreOffice)
    try withTemporaryDirectory { folder in
      let file = folder.appending(path: "sample.xlsx")
      try XLSXRenderer.render(Self.sample).write(to: file)
      let output = try run(
        soffice,
        [
          "-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
          "--outdir", folder.path, file.path,
        ])
      #expect(output.status == 0, "\(output.stderr)")
      // The second sheet (summary) as LibreOffice computed it: its numbers as shown.
      let summary = try String(
        contentsOf: folder.appending(path: "sample-summary.csv"), encoding: .utf8)
      #expect(summary.contains("period_margin_cny,\"-1,234,567.89\",CNY"), "\(summary)")
    }
  }
}
