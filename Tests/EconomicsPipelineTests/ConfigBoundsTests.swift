import Foundation
import PipelineModel
import Testing

@testable import EconomicsPipeline

/// What a config file may hold: text without control or bidirectional characters, numbers in
/// decimal digits, YAML without aliases and within size limits, names matched whole.
@Suite struct ConfigBoundsTests {
  /// Writes `text` as a scenario file in a scratch folder and loads it.
  static func loadScenario(_ text: String) throws(ConfigError) -> Scenario {
    let folder = FileManager.default.temporaryDirectory.appending(path: "mh-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appending(path: "s.yaml")
    try? Data(text.utf8).write(to: file)
    return try Scenario.load(path: file.path)
  }

  static let parent = "extends: \(Repository.scenarios)/paper-2024.yaml\n"

  // MARK: - Text

  @Test(
    arguments: [
      ("plain", nil), ("tab\there", 3), ("nul\u{0}", 3), ("line\nbreak", 4), ("cr\r", 2),
      ("x\u{2028}", 1), ("x\u{2029}", 1), ("rtl\u{202E}gpj.exe", 3), ("iso\u{2066}", 3),
      ("bom\u{FEFF}", 3), ("c1\u{85}", 2), ("Zhōngshān 医院", nil),
    ] as [(String, Int?)])
  func unsafeCharactersAreFound(text: String, offset: Int?) {
    #expect(SafeText.firstUnsafe(in: text)?.offset == offset, "\(SafeText.visible(text))")
  }

  @Test func visibleTextStaysOnOneLine() {
    #expect(SafeText.visible("a\nb\u{202E}c") == "a\\u{A}b\\u{202E}c")
    #expect(SafeText.describe("\u{202E}") == "a bidirectional formatting character (U+202E)")
    #expect(SafeText.describe("\0") == "a NUL character (U+0000)")
  }

  @Test(arguments: [
    "monthly-economics", "a", "0", "x.y_z-1", String(repeating: "a", count: 64),
  ])
  func jobNamesAreAccepted(name: String) {
    #expect(JobConfig.isJobName(name))
  }

  @Test(arguments: [
    "", "inj-nl\n", "x\u{2028}", "-x", ".x", "X", "é", "a b", "a/b",
    String(repeating: "a", count: 65), "x\n", "\nx",
  ])
  func jobNamesAreMatchedWhole(name: String) {
    #expect(!JobConfig.isJobName(name), "\(SafeText.visible(name))")
  }

  @Test func pathsGivenOnTheCommandLineAreCheckedToo() throws {
    let job = try #require(throws: ConfigError.self) {
      try JobConfig.load(path: "Pipelines/monthly\u{202E}-economics.yaml", root: Repository.root)
    }
    #expect(
      job.description.hasPrefix(
        "Pipelines/monthly\\u{202E}-economics.yaml:1:1: error: the file path `Pipelines/monthly\\u{202E}-economics.yaml` contains a bidirectional formatting character (U+202E)"
      ), "\(job)")
    let migrations = try #require(throws: MigrationError.self) {
      try Migration.load(from: "sql/mig\nrations")
    }
    #expect(migrations.exitStatus == .noInput)
    #expect(migrations.description.contains("contains a line break (U+000A)"))
  }

  // MARK: - Numbers

  @Test(
    arguments: [
      ("0", "0"), ("25", "25"), ("-5", "-5"), ("+7", "7"), ("20_000_000", "20000000"),
    ] as [(String, String)])
  func wholeNumbersInDecimalDigits(text: String, digits: String) {
    #expect(NumberText.integer(text) == digits)
  }

  @Test(arguments: ["0x1F", "0o17", "010", "1:20", "1e3", "1.0", "", "-", "_1", "1_", "١٢"])
  func otherWholeNumbersAreRefused(text: String) {
    #expect(NumberText.integer(text) == nil, "\(text)")
  }

  @Test(
    arguments: [
      ("0.08", "0.08"), ("1500", "1500"), ("-1.5", "-1.5"), (".5", "0.5"), ("2e6", "2e6"),
      ("1_000.25", "1000.25"), ("3.", "3"), ("1E-3", "1e-3"),
    ] as [(String, String)])
  func decimalsInDecimalDigits(text: String, plain: String) {
    #expect(NumberText.decimal(text) == plain)
  }

  @Test(arguments: ["0x1F", "0x1p3", "010", "1:20", ".inf", "nan", "1e9999", "1.2.3", "12abc", "."])
  func otherNumbersAreRefused(text: String) {
    #expect(NumberText.decimal(text) == nil, "\(text)")
  }

  @Test func aDeviceClassCannotTakeTheStoragesID() throws {
    let error = try #require(throws: ConfigError.self) {
      try Self.loadScenario(
        Self.parent
          + "devices:\n  storage:\n    name: Disk shelves\n    kind: cpu\n    count: 1\n"
          + "    rated_power_w: 100\n    unit_price_cny: 1\n    useful_life_years: 5\n")
    }
    let lines = error.diagnostics.map(\.description)
    #expect(
      lines.contains {
        $0.hasSuffix(
          "s.yaml:3:3: error: devices.storage: the device id `storage` is the storage's own line (section storage); give this device class another id"
        )
      }, "\(lines)")
  }

  @Test func absurdValuesAreRejectedWhereTheyAreWritten() throws {
    let error = try #require(throws: ConfigError.self) {
      try Self.loadScenario(
        Self.parent
          + "finance: { discount_rate: 0x1F }\nservice: { minutes_per_visit: 99999999999999999999999 }\n"
      )
    }
    let lines = error.diagnostics.map(\.description)
    #expect(lines.count == 2)
    #expect(
      lines[0].hasSuffix(
        "s.yaml:2:27: error: finance.discount_rate: expected a number written in decimal digits (e.g. 0.08 or 1500), found `0x1F`; hexadecimal, octal, sexagesimal and leading zeros are not accepted"
      ))
    #expect(
      lines[1].hasSuffix(
        "s.yaml:3:31: error: service.minutes_per_visit: must be more than 0 and at most 480"))
  }

  @Test func everyAssumptionHasAnUpperBound() {
    for (section, fields) in ScenarioReader.sections {
      for field in fields {
        switch field.kind {
        case .count(let range): #expect(range.upperBound < Int.max, "\(section).\(field.key)")
        case .quantity(let range, _):
          #expect(range.upperBound < 1e15, "\(section).\(field.key)")
        case .exact(_, _, let maximum): #expect(maximum < 1e15, "\(section).\(field.key)")
        case .share, .choice: break
        }
      }
    }
  }

  // MARK: - YAML

  /// `levels` of ten aliases each; with `inKeys`, the last one used as a mapping key, which
  /// makes the YAML composer hash the whole expansion.
  static func aliasBomb(levels: Int, inKeys: Bool) -> String {
    var text = parent + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...levels {
      text +=
        "a\(level): &a\(level) ["
        + Array(repeating: "*a\(level - 1)", count: 10).joined(
          separator: ", ") + "]\n"
    }
    if inKeys { text += "? *a\(levels)\n: 1\n" }
    return text
  }

  @Test(arguments: [(9, false), (9, true), (30, true)])
  func aliasBombsAreRefusedAtTheirFirstAnchorInMilliseconds(levels: Int, inKeys: Bool) throws {
    let started = ContinuousClock.now
    let error = try #require(throws: ConfigError.self) {
      try Self.loadScenario(Self.aliasBomb(levels: levels, inKeys: inKeys))
    }
    #expect(ContinuousClock.now - started < .milliseconds(500))
    #expect(error.diagnostics.count == 1)
    #expect(
      error.diagnostics.first?.description.hasSuffix(
        "s.yaml:2:5: error: `&a0` is a YAML anchor; anchors and aliases are not accepted in config files: write the value out"
      ) == true, "\(error)")
  }

  @Test func anAliasWithoutAnchorIsLocated() throws {
    let error = try #require(throws: ConfigError.self) {
      try Self.loadScenario(Self.parent + "title: *nowhere\n")
    }
    #expect(error.diagnostics.first?.location.line == 2)
    #expect(error.description.contains("`*nowhere` is a YAML alias"))
  }

  @Test func aFileTooLargeIsNotRead() throws {
    let text = Self.parent + "# " + String(repeating: "x", count: 300 * 1024) + "\n"
    let error = try #require(throws: ConfigError.self) { try Self.loadScenario(text) }
    #expect(error.description.contains(":1:1: error: the file is 307"))
    #expect(error.description.contains("a config file may be at most 256 KiB"))
  }

  @Test func deepNestingIsRefusedBeforeItIsComposed() throws {
    let deep = Self.parent + "title: " + String(repeating: "[", count: 40) + "\n"
    let error = try #require(throws: ConfigError.self) { try Self.loadScenario(deep) }
    #expect(
      error.description.contains("s.yaml:2:39: error: mappings and lists are nested more than 32"))
    // Far deeper: libyaml's own limit stops it first, located too, and as fast.
    let started = ContinuousClock.now
    let deeper = Self.parent + "title: " + String(repeating: "[", count: 100_000) + "\n"
    let refused = try #require(throws: ConfigError.self) { try Self.loadScenario(deeper) }
    #expect(ContinuousClock.now - started < .milliseconds(500))
    #expect(refused.diagnostics.first?.location.line == 2)
    #expect(refused.description.contains("nesting"), "\(refused)")
  }

  @Test func textWithAnAnchorCharacterInsideIsStillText() throws {
    let scenario = try Self.loadScenario(Self.parent + "title: Costs & revenue *per visit*\n")
    #expect(scenario.title == "Costs & revenue *per visit*")
  }
}
