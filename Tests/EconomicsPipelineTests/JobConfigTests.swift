import Foundation
import PipelineModel
import Testing

@testable import EconomicsPipeline

/// Job files: the shipped ones load, broken ones are refused with located messages.
@Suite struct JobConfigTests {
  static let jobs = Repository.path("Pipelines")
  static let brokenJobs = Repository.path("Tests/EconomicsPipelineTests/Fixtures/broken-jobs")

  // MARK: - The shipped job files

  @Test(arguments: [
    (
      "monthly-economics", Period.Grain.month, "Reports/monthly-economics/2026-10",
      Period.month(2026, 10)
    ),
    ("yearly-economics", .year, "Reports/yearly-economics/2026", .year(2026)),
  ])
  func shippedJobLoads(name: String, grain: Period.Grain, folder: String, period: Period) throws {
    let job = try JobConfig.load(path: "\(Self.jobs)/\(name).yaml", root: Repository.root)
    #expect(job.name == name)
    #expect(job.grain == grain)
    #expect(job.timeZone.identifier == "Asia/Shanghai")
    #expect(job.schedule.cron != nil)
    #expect(
      URL(fileURLWithPath: job.scenarioPath).standardizedFileURL.path
        == "\(Self.jobs)/scenarios/paper-2024.yaml")
    #expect(job.project.path == Repository.root.standardizedFileURL.path)
    #expect(job.projectPath == "Pipelines/\(name).yaml")
    #expect(job.outputDirectory(for: period) == folder)
    #expect(Set(job.extract.keys) == Set(Measures.Source.allCases))
    #expect(job.checkFiles.count == 7)
    #expect(job.thresholds.count == 13)
    #expect(job.revenue == .paper)
    #expect(job.revenue.kinds(.passThrough) == [.drug])
    #expect(job.fallbacks.isEmpty)
    #expect(job.thresholds["duplicate_visit_ids"] == CheckThreshold(warn: nil, fail: .rows(1)))
    #expect(
      job.thresholds["charges_missing_amount"]
        == CheckThreshold(warn: .rows(1), fail: .percent(Decimal(string: "0.1") ?? 0)))
    for path in Array(job.extract.values) + job.checkFiles {
      #expect(FileManager.default.fileExists(atPath: Repository.path(path)), "\(path)")
    }
  }

  @Test func everyDeclaredCheckHasAThresholdAndEveryThresholdADeclaredCheck() throws {
    for name in ["monthly-economics", "yearly-economics"] {
      let job = try JobConfig.load(path: "\(Self.jobs)/\(name).yaml", root: Repository.root)
      var declared: [String] = []
      for path in job.checkFiles {
        let file = try SQLFile(path: path, root: Repository.root)
        let ids = try #require(file.checkDeclaration, "\(path)").ids
        for id in ids { #expect(file.text.contains("'\(id)'"), "\(path) never returns \(id)") }
        declared += ids
      }
      #expect(Set(job.thresholds.keys) == Set(declared), "\(name)")
      #expect(declared.count == Set(declared).count, "\(name): an id declared twice")
    }
  }

  @Test func validatorAcceptsEverythingUnderPipelines() throws {
    let files = ConfigValidator.files(under: Self.jobs)
    #expect(files.count == 10)
    var warnings: [ConfigDiagnostic] = []
    let passed = try ConfigValidator.validate(files, root: Repository.root, warnings: &warnings)
    #expect(warnings.isEmpty, "\(warnings)")
    #expect(
      passed.filter { $0.kind == .job }.map(\.path) == [
        "\(Self.jobs)/demo-monthly-economics.yaml", "\(Self.jobs)/monthly-economics.yaml",
        "\(Self.jobs)/yearly-economics.yaml",
      ])
    #expect(passed.filter { $0.kind == .scenario }.count == 5)
    #expect(
      passed.filter { $0.kind == .language }.map(\.path) == [
        "\(Self.jobs)/language/en.yaml", "\(Self.jobs)/language/zh.yaml",
      ])
  }

  // MARK: - Broken job files

  static let brokenCases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: brokenJobs)) ?? []
    return names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }
      .sorted()
  }()

  @Test func brokenCorpusIsThere() {
    #expect(
      Self.brokenCases == [
        "bad-cron", "bad-grain", "bad-name-and-scenario", "bad-revenue", "bad-sql",
        "bad-threshold", "bad-time-zone", "empty-output", "escaping-output",
        "missing-extract-measure", "misspelt-threshold", "unknown-key",
      ])
  }

  @Test(arguments: brokenCases)
  func brokenJobIsRejectedWithItsMessages(name: String) throws {
    let expected = try String(
      contentsOfFile: "\(Self.brokenJobs)/\(name).expected", encoding: .utf8
    )
    .split(separator: "\n").map(String.init)
    let error = try #require(throws: ConfigError.self) {
      try JobConfig.load(path: "\(Self.brokenJobs)/\(name).yaml", root: Repository.root)
    }
    #expect(error.exitStatus == .config)
    #expect(error.diagnostics.count == expected.count, "\(error)")
    let lines = error.diagnostics.map(\.description)
    for line in expected {
      #expect(
        lines.contains { $0.contains("/\(line)") || $0.hasPrefix(line) },
        "missing: \(line)\ngot:\n\(lines.joined(separator: "\n"))")
    }
  }

  @Test func validatorReportsEveryBrokenJobAtOnce() throws {
    let paths = Self.brokenCases.map { "\(Self.brokenJobs)/\($0).yaml" }
    let error = try #require(throws: ConfigError.self) {
      try ConfigValidator.validate(paths, root: Repository.root)
    }
    #expect(error.diagnostics.count == 20)
    #expect(error.description.hasSuffix("20 problems found; nothing was written."))
  }

  // MARK: - Check limits

  static func result(failing: Int64, examined: Int64) -> CheckResult {
    CheckResult(
      checkID: "duplicate_visit_ids", failing: failing, examined: examined,
      sampleIDs: ["visit 7", "visit 9"], file: "sql/checks/duplicate_ids.sql")
  }

  @Test func rowLimitIsReachedAtTheCount() {
    #expect(CheckLimit.rows(1).isReached(by: Self.result(failing: 1, examined: 1000)))
    #expect(!CheckLimit.rows(1).isReached(by: Self.result(failing: 0, examined: 1000)))
    #expect(CheckLimit.rows(3).isReached(by: Self.result(failing: 4, examined: 10)))
    #expect(!CheckLimit.rows(3).isReached(by: Self.result(failing: 2, examined: 10)))
  }

  @Test func percentLimitIsAShareOfTheRowsExamined() {
    let tenth = CheckLimit.percent(Decimal(string: "0.1") ?? 0)
    #expect(tenth.isReached(by: Self.result(failing: 1, examined: 1000)))
    #expect(!tenth.isReached(by: Self.result(failing: 1, examined: 1001)))
    #expect(CheckLimit.percent(5).isReached(by: Self.result(failing: 5, examined: 100)))
    #expect(!CheckLimit.percent(5).isReached(by: Self.result(failing: 4, examined: 100)))
    #expect(!CheckLimit.percent(0).isReached(by: Self.result(failing: 0, examined: 100)))
    #expect(CheckLimit.percent(0).isReached(by: Self.result(failing: 1, examined: 100)))
    #expect(!CheckLimit.percent(1).isReached(by: Self.result(failing: 0, examined: 0)))
  }

  @Test func aCheckWithNoFailingRowsPassesWhateverItsThresholds() {
    let clean = Self.result(failing: 0, examined: 1000)
    for limit in [CheckLimit.rows(0), .rows(1), .percent(0), .percent(1)] {
      #expect(!limit.isReached(by: clean), "\(limit)")
      #expect(
        CheckOutcome(result: clean, threshold: .init(warn: limit, fail: limit)).status == .pass)
    }
  }

  @Test func limitsDescribeThemselves() {
    #expect(CheckLimit.rows(3).description == "3 rows")
    #expect(CheckLimit.percent(Decimal(string: "0.5") ?? 0).description == "0.5 %")
  }

  @Test func failBeatsWarnAndTheLineSaysWhy() {
    let result = Self.result(failing: 3, examined: 250_000)
    let both = CheckOutcome(result: result, threshold: .init(warn: .rows(1), fail: .rows(1)))
    #expect(both.status == .fail)
    #expect(
      both.line
        == "FAIL duplicate_visit_ids: 3 of 250000 (fails at 1 row), e.g. visit 7, visit 9 [sql/checks/duplicate_ids.sql]"
    )
    let warned = CheckOutcome(result: result, threshold: .init(warn: .rows(1), fail: .percent(1)))
    #expect(warned.status == .warn)
    #expect(warned.line.hasPrefix("WARN duplicate_visit_ids: 3 of 250000 (warns at 1 row)"))
    // Failing rows never pass: below every limit they warn.
    let unjudged = CheckOutcome(result: result, threshold: .init(warn: nil, fail: nil))
    #expect(unjudged.status == .warn)
    #expect(unjudged.line.hasPrefix("WARN duplicate_visit_ids: 3 of 250000 (failing rows warn"))
    let belowWarn = CheckOutcome(result: result, threshold: .init(warn: .rows(5), fail: .rows(10)))
    #expect(belowWarn.status == .warn)
    #expect(CheckStatus.pass < .warn && CheckStatus.warn < .fail)
  }

  // MARK: - PostgreSQL text arrays (check samples)

  @Test(
    arguments: [
      (nil, []),
      ("{}", []),
      ("{a}", ["a"]),
      ("{2026-10-03,2026-10-04}", ["2026-10-03", "2026-10-04"]),
      (#"{"visit 1","visit 2"}"#, ["visit 1", "visit 2"]),
      (#"{"a,b",c}"#, ["a,b", "c"]),
      ("{NULL,a,NULL}", ["a"]),
      ("{NULL}", []),
      (#"{"NULL"}"#, ["NULL"]),
      (#"{""}"#, [""]),
      (#"{"",a}"#, ["", "a"]),
      (#"{"say \"hi\"","back\\slash"}"#, [#"say "hi""#, #"back\slash"#]),
      ("not an array", []),
    ] as [(String?, [String])])
  func textArrayParses(text: String?, elements: [String]) {
    #expect(PostgresTextArray.parse(text) == elements)
  }
}
