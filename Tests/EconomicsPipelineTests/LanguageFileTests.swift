import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering
import TestSupport
import Testing

@testable import EconomicsPipeline

/// The language files (`Pipelines/language/<code>.yaml`): each holds every phrase the reports use
/// with its placeholders, a broken one is refused at its line and column, and the language of a
/// report is chosen in one place.
@Suite struct LanguageFileTests {
  static let folder = Repository.path("Pipelines/language")

  /// The shipped file of `language` with `mutate` applied, written as `language/<code>.yaml` in
  /// a scratch folder; its path and text.
  static func variant(
    _ language: ReportLanguage, in scratch: URL, _ mutate: (String) -> String
  ) throws -> (path: String, text: String) {
    let original = try String(
      contentsOfFile: "\(folder)/\(language.rawValue).yaml", encoding: .utf8)
    let text = mutate(original)
    #expect(text != original, "the mutation changed nothing")
    let directory = scratch.appending(path: "language")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appending(path: "\(language.rawValue).yaml")
    try Data(text.utf8).write(to: file)
    return (file.path, text)
  }

  /// The 1-based line of the first line of `text` that starts with `prefix`.
  static func line(of prefix: String, in text: String) -> Int? {
    text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
  }

  /// The problems `WordingFile.validate` reports for a file, as `file:line:column: error: …`.
  static func problems(_ path: String) -> [String] {
    do {
      try WordingFile.validate(path: path)
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  // MARK: - The shipped files

  @Test(arguments: ReportLanguage.allCases)
  func eachShippedFileHoldsEveryPhraseWithItsPlaceholders(language: ReportLanguage) throws {
    let text = try String(
      contentsOfFile: "\(Self.folder)/\(language.rawValue).yaml", encoding: .utf8)
    let wording = try Repository.wording(language)
    #expect(wording.language == language)
    for phrase in WordingFile.phrases {
      #expect(wording.has(phrase), "\(language): \(phrase.key)")
    }
    // Placeholders are checked against the phrases on reading; the file holds nothing else.
    #expect(Self.problems("\(Self.folder)/\(language.rawValue).yaml").isEmpty)
    #expect(!text.contains("extends:"))
  }

  @Test func everyKeyIsNamedOnceAndNoKeyIsAlsoASection() {
    let keys = WordingFile.phrases.map(\.key)
    #expect(Set(keys).count == keys.count)
    let sections = Set(
      keys.flatMap { key in
        let parts = key.split(separator: ".")
        return (1..<parts.count).map { parts.prefix($0).joined(separator: ".") }
      })
    #expect(sections.isDisjoint(with: keys))
    for phrase in WordingFile.phrases {
      #expect(
        phrase.key.split(separator: ".").allSatisfy { part in
          part.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
        }, "\(phrase.key)")
    }
  }

  /// The English file names the model's drivers and the paper's figures as the model does (and
  /// as `bridge.csv` and `paper_reproduction.csv` write them in every language).
  @Test func englishLabelsAreTheModelsOwn() throws {
    let english = try Repository.wording(.en)
    var inputs = Inputs.paper2024
    inputs.devices = Array(inputs.devices.prefix(1))
    for descriptor in inputs.driverDescriptors {
      #expect(english.driverLabel(descriptor) == descriptor.label, "\(descriptor.id)")
    }
    let section = ReportSections.paperReproduction(Economics.compute(.paper2024), english)
    guard
      case .table(let table)? = section.blocks.first(where: {
        if case .table = $0 { return true }
        return false
      })
    else {
      Issue.record("no table in the paper reproduction")
      return
    }
    let figures = Economics.compute(.paper2024).paperReproduction
    #expect(table.rows.map { $0[1] } == figures.map(\.label))
    #expect(table.rows.map { $0[7] } == figures.map(\.status))
    #expect(table.rows.map { $0[8] } == figures.map(\.note))
  }

  // MARK: - Broken files

  @Test func aMissingPhraseIsNamedWithItsSectionsLine() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) {
        $0.replacingOccurrences(of: "  yearly_result: \"年度收支\"\n", with: "")
      }
      let line = try #require(Self.line(of: "sustainability:", in: text))
      #expect(
        Self.problems(path) == [
          "\(path):\(line + 1):3: error: sustainability.yearly_result: missing phrase `yearly_result`: every language file holds every phrase of the reports (Pipelines/language/en.yaml has the English)"
        ])
    }
  }

  @Test func anUnknownKeyGetsADidYouMean() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) {
        $0.replacingOccurrences(of: "  yearly_result: ", with: "  yearly_resutl: ")
      }
      let line = try #require(Self.line(of: "  yearly_resutl:", in: text))
      let problems = Self.problems(path)
      #expect(problems.count == 2)
      #expect(
        problems.contains(
          "\(path):\(line):3: error: sustainability.yearly_resutl: unknown key `yearly_resutl`: the reports use no such phrase; did you mean `yearly_result`?"
        ))
      #expect(problems.contains { $0.contains("sustainability.yearly_result: missing phrase") })
    }
  }

  @Test func aPlaceholderLeftOutOrAddedIsRefusedAtTheText() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) {
        $0.replacingOccurrences(
          of: "break_even_fee: \"{fee} 元/人次\"", with: "break_even_fee: \"元/人次\""
        )
        .replacingOccurrences(
          of: "  others: \"其他 {count} 个驱动因素\"", with: "  others: \"其他 {count} 个{unit}\"")
      }
      let fee = try #require(Self.line(of: "  break_even_fee: \"元/人次\"", in: text))
      let others = try #require(Self.line(of: "  others: ", in: text))
      #expect(
        Self.problems(path) == [
          "\(path):\(fee):19: error: verdict.break_even_fee: leaves out `{fee}`: every translation uses all of `{fee}`, so no figure is lost",
          "\(path):\(others):11: error: bridge.others: `{unit}` is not a placeholder of this phrase; it takes `{count}`",
        ])
    }
  }

  @Test func aValueThatIsNotOneLineOfTextIsRefused() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) {
        $0.replacingOccurrences(
          of: "  yes: \"是\"\n  no: \"否\"", with: "  yes: true\n  no: \"否\\n否\"")
      }
      let yes = try #require(Self.line(of: "  yes: true", in: text))
      #expect(
        Self.problems(path) == [
          "\(path):\(yes):8: error: simulation.yes: expected the phrase's text, found `true`; write it in double quotes",
          "\(path):\(yes + 1):7: error: simulation.no: contains a line break (U+000A) at character 2; a phrase is one line (fold a long one with `>-`), without control or bidirectional characters",
        ])
    }
  }

  /// A language file cannot take its missing phrases from another: that would mix languages.
  @Test func aLanguageFileCannotExtendAnother() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) {
        "extends: en.yaml\n" + $0.replacingOccurrences(of: "  yearly_result: \"年度收支\"\n", with: "")
      }
      try Data(try String(contentsOfFile: "\(Self.folder)/en.yaml", encoding: .utf8).utf8).write(
        to: scratch.appending(path: "language/en.yaml"))
      let problems = Self.problems(path)
      #expect(
        problems.first
          == "\(path):1:1: error: extends: unknown key `extends`: the reports use no such phrase")
      #expect(problems.contains { $0.contains("sustainability.yearly_result: missing phrase") })
      #expect(Self.line(of: "extends:", in: text) == 1)
    }
  }

  @Test func aMissingSectionIsOneProblem() throws {
    try withTemporaryDirectory { scratch in
      let (path, text) = try Self.variant(.zh, in: scratch) { text in
        var lines = text.components(separatedBy: "\n")
        let start = lines.firstIndex(of: "choice:") ?? 0
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("  ") } ?? lines.count
        lines.removeSubrange(start..<end)
        return lines.joined(separator: "\n")
      }
      // Reported where the file's top mapping starts: its first key.
      let top = try #require(Self.line(of: "format:", in: text))
      #expect(
        Self.problems(path) == [
          "\(path):\(top):1: error: choice: missing section `choice` (4 phrases): every language file holds every phrase of the reports (Pipelines/language/en.yaml has the English)"
        ])
    }
  }

  @Test func planAndRunStopOnABrokenLanguageFileBeforeWritingAnything() throws {
    try withTemporaryDirectory { scratch in
      _ = try Self.variant(.zh, in: scratch.appending(path: "Pipelines")) {
        $0.replacingOccurrences(of: "  yearly_result: ", with: "  yearly_resutl: ")
      }
      // A scenario of the scratch project reads that project's language files.
      let scenarios = scratch.appending(path: "Pipelines/scenarios")
      try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
      let scenario = scenarios.appending(path: "paper.yaml")
      try Data(ConfigBoundsTests.parent.utf8).write(to: scenario)
      let out = scratch.appending(path: "out")
      let error = try #require(throws: ConfigError.self) {
        try PlanPipeline(logger: TestDatabase.quietLogger).run(
          PlanPipeline.Request(
            scenarioPath: scenario.path, outputDirectory: out.path, language: .zh))
      }
      #expect(error.exitStatus.rawValue == 78)
      #expect(error.description.contains("Pipelines/language/zh.yaml:"))
      #expect(!FileManager.default.fileExists(atPath: out.path))
    }
  }

  // MARK: - Texts with placeholders

  @Test func aPlaceholderIsASnakeCaseNameInBraces() {
    let template = PhraseTemplate(
      "set `fallbacks: { {id}: scenario }` for {line}, not {Line} or {1x}")
    #expect(template.placeholders == ["id", "line"])
    #expect(
      template.render(["id": "staff_cost", "line": "人力成本"])
        == "set `fallbacks: { staff_cost: scenario }` for 人力成本, not {Line} or {1x}")
    let phrase = Phrase(key: "a.b", placeholders: ["id", "line"])
    #expect(template.problems(as: phrase).isEmpty)
    #expect(
      PhraseTemplate("{id} {id} {extra}").problems(as: phrase) == [
        "`{extra}` is not a placeholder of this phrase; it takes `{id}`, `{line}`",
        "leaves out `{line}`: every translation uses all of `{id}`, `{line}`, so no figure is lost",
      ])
  }

  // MARK: - Choosing the language

  @Test func theFlagWinsThenTheJobThenTheScenarioThenEnglish() {
    #expect(
      LanguageChoice.resolve(flag: .en, job: .zh, scenario: .zh)
        == LanguageChoice(language: .en, source: .flag))
    #expect(
      LanguageChoice.resolve(flag: nil, job: .zh, scenario: .en)
        == LanguageChoice(language: .zh, source: .job))
    #expect(
      LanguageChoice.resolve(flag: nil, job: nil, scenario: .zh)
        == LanguageChoice(language: .zh, source: .scenario))
    #expect(
      LanguageChoice.resolve(flag: nil, job: nil, scenario: nil)
        == LanguageChoice(language: .en, source: .default))
  }

  @Test func aScenarioNamesItsLanguageAndItsTitleInEach() throws {
    let zh = try ConfigBoundsTests.loadScenario(
      ConfigBoundsTests.parent + "language: zh\ntitle: { en: A plan, zh: 一个规划 }\n")
    #expect(zh.language == .zh)
    #expect(zh.title == "A plan")
    #expect(zh.identity.title(in: .zh) == "一个规划")
    #expect(zh.identity.title(in: .en) == "A plan")
    // Neither is inherited from the file it extends: the paper's title is its own.
    let plain = try ConfigBoundsTests.loadScenario(ConfigBoundsTests.parent)
    #expect(plain.language == nil)
    #expect(plain.titles.isEmpty)
    let error = try #require(throws: ConfigError.self) {
      try ConfigBoundsTests.loadScenario(
        ConfigBoundsTests.parent + "language: fr\ntitle: { de: Ein Plan }\n")
    }
    #expect(
      error.diagnostics.map(\.message) == [
        "must be one of `en`, `zh`, found `fr`; did you mean `en`?",
        "unknown key `de`; did you mean `en`?",
      ])
  }

  @Test func planWritesTheScenariosLanguageUnlessTheCommandSaysAnother() throws {
    try withTemporaryDirectory { scratch in
      let scenario = scratch.appending(path: "chinese.yaml")
      try Data(
        (ConfigBoundsTests.parent + "language: zh\n").utf8
      ).write(to: scenario)
      let pipeline = PlanPipeline(logger: TestDatabase.quietLogger)
      for (flag, heading) in [
        (nil, "# 元医院经济测算："), (ReportLanguage.en, "# Meta-hospital economics: "),
      ] as [(ReportLanguage?, String)] {
        let out = scratch.appending(path: "out-\(flag?.rawValue ?? "scenario")")
        _ = try pipeline.run(
          PlanPipeline.Request(
            scenarioPath: scenario.path, outputDirectory: out.path, language: flag))
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.hasPrefix(heading), "\(flag?.rawValue ?? "the scenario's")")
      }
    }
  }

  @Test func aJobNamesItsLanguage() throws {
    try withTemporaryDirectory { scratch in
      let text = try String(
        contentsOfFile: "\(HandMadeDataTests.folder)/job-month.yaml", encoding: .utf8
      )
      .replacingOccurrences(
        of: "scenario: scenario.yaml", with: "scenario: \(HandMadeDataTests.folder)/scenario.yaml")
      for (line, language) in [("language: zh\n", ReportLanguage.zh), ("", nil)]
        as [(String, ReportLanguage?)]
      {
        let file = scratch.appending(path: "job.yaml")
        try Data((text + line).utf8).write(to: file)
        let job = try JobConfig.load(path: file.path, root: Repository.root)
        #expect(job.language == language)
      }
    }
  }
}

/// The phrase catalogue, generated from the English file (the PhraseCatalogue plugin): every
/// phrase of the file is in it with the placeholders its English text uses, and every value the
/// code names by id (a scalar driver, a measure of the data) has its phrase.
@Suite struct PhraseCatalogueTests {
  @Test func theCatalogueIsTheEnglishFilesKeysWithTheirPlaceholders() throws {
    let text = try String(
      contentsOfFile: Repository.path("Pipelines/language/en.yaml"), encoding: .utf8)
    let wording = try Repository.wording(.en)
    let keys = Set(PhraseCatalogue.all.map(\.key))
    #expect(keys.count == PhraseCatalogue.all.count, "a key twice in the catalogue")
    for phrase in PhraseCatalogue.all {
      #expect(wording.has(phrase), "\(phrase.key)")
    }
    // Spot checks against the file as written.
    #expect(text.contains("\n    period: >-\n"))
    #expect(
      PhraseCatalogue.all.first { $0.key == "run.headline.period" }?.placeholders == [
        "period", "days", "revenue", "cost", "margin", "visits",
      ])
    #expect(RunCoveragePhrase.section == "run.coverage")
    #expect(FormatPhrase.amountYuan.placeholders == ["number"])
  }

  @Test func everyScalarDriverAndDeviceFieldHasItsLabel() {
    for driver in ScalarDriver.allCases {
      #expect(DriverPhrase(rawValue: driver.rawValue) != nil, "driver.\(driver.rawValue)")
    }
    for field in DeviceField.allCases {
      #expect(DriverPhrase.device(field).placeholders == ["device"], "\(field)")
    }
  }

  @Test func everyMeasureAndReasonTheRunNamesHasItsPhrase() {
    for source in Measures.Source.allCases {
      #expect(RunMeasurePhrase(rawValue: source.rawValue) != nil, "run.measure.\(source.rawValue)")
    }
    for reason in MissingLine.Reason.allCases {
      #expect(RunMissingPhrase.reason(reason).rawValue == reason.rawValue)
    }
  }
}
