import Foundation
import TestSupport
import Testing

/// `metahospital plan`, run as a built binary: stdout, files, exit status.
@Suite struct PlanCommandTests {
  // MARK: - Running the binary

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs the binary (`METAHOSPITAL_BIN`, else `.build/debug/metahospital`) in the repository root.
  static func run(_ arguments: [String]) throws -> Result {
    let binary =
      ProcessInfo.processInfo.environment["METAHOSPITAL_BIN"]
      ?? root.appendingPathComponent(".build/debug/metahospital").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = root
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func scratch() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "mh-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  // MARK: - Success

  @Test func planPrintsOneLineAndWritesTheReport() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("paper").path
    let result = try Self.run(["plan", "Pipelines/scenarios/paper-2024.yaml", "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(result.stdout.hasPrefix("paper-2024: does not pay: margin -35.36 M CNY/year"))
    #expect(result.stdout.contains("break-even fee 26.77 CNY/visit"))
    #expect(result.stdout.hasSuffix("report \(out)/report.md\n"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(
      files == [
        ".metahospital-report", "assumptions.csv", "paper_reproduction.csv", "report.md",
        "report.xlsx", "sensitivity.csv", "summary.csv",
      ])
    // Byte-identical to the committed example, the marker and the workbook included.
    for file in files {
      let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(file)"))
      let example = try Data(
        contentsOf: Self.root.appendingPathComponent("Reports/examples/paper-2024/\(file)"))
      #expect(written == example, "\(file)")
    }
  }

  @Test func whatIfFileRuns() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try Self.run([
      "plan", "Pipelines/scenarios/registration-50.yaml", "--out",
      folder.appendingPathComponent("r").path,
    ])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("registration-50: pays: margin 464.64 M CNY/year"))
  }

  // MARK: - Comparing and simulating

  @Test func compareWritesTheBridgeLikeTheCommittedExample() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("compare").path
    let result = try Self.run([
      "plan", "Pipelines/scenarios/registration-50.yaml", "--compare",
      "Pipelines/scenarios/paper-2024.yaml", "--out", out,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains("; against paper-2024: margin +500.00 M CNY, NPV +1,996.36 M CNY; "))
    let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(files.contains("bridge.csv") && files.contains("report.xlsx"))
    for file in files {
      let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(file)"))
      let example = try Data(
        contentsOf: Self.root.appendingPathComponent(
          "Reports/examples/registration-50-vs-paper-2024/\(file)"))
      #expect(written == example, "\(file)")
    }
  }

  @Test func aSimulationIsTheSameForTheSameSeed() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    func simulate(_ name: String, seed: String) throws -> (Result, String) {
      let out = folder.appendingPathComponent(name).path
      let result = try Self.run([
        "plan", "Pipelines/scenarios/paper-2024-uncertain.yaml", "--simulate", "500", "--seed",
        seed,
        "--out", out,
      ])
      let csv = (try? String(contentsOfFile: "\(out)/simulation.csv", encoding: .utf8)) ?? ""
      return (result, csv)
    }
    let (first, csv) = try simulate("a", seed: "7")
    let (_, again) = try simulate("b", seed: "7")
    let (_, other) = try simulate("c", seed: "8")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("of 500 draws (seed 7); report"))
    #expect(
      csv.hasPrefix("metric,statistic,value,unit\r\ndraws,count,500,draws\r\nseed,value,7,\r\n"))
    #expect(csv == again)
    #expect(csv != other)
  }

  @Test func simulateNeedsRangesAndSensibleFlags() throws {
    let noRanges = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024.yaml", "--simulate", "1000", "--out",
      "/tmp/never-written",
    ])
    #expect(noRanges.status == 64)
    #expect(noRanges.stderr.contains("add an `uncertainty:` section"))
    let seedAlone = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024-uncertain.yaml", "--seed", "3", "--out",
      "/tmp/never-written",
    ])
    #expect(seedAlone.status == 64)
    #expect(
      seedAlone.stderr.contains("--seed sets the simulation's seed: give it with --simulate N"))
    let tooFew = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024-uncertain.yaml", "--simulate", "10", "--out",
      "/tmp/never-written",
    ])
    #expect(tooFew.status == 64)
    #expect(tooFew.stderr.contains("--simulate takes from 100 to 1000000 draws, not 10"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
  }

  // MARK: - In Chinese

  @Test func languageZhWritesTheChineseReportWithTheSameCSVFiles() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("zh").path
    let result = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024.yaml", "--language", "zh", "--out", out,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // The command's one line stays the operators' English.
    #expect(result.stdout.hasPrefix("paper-2024: does not pay: margin -35.36 M CNY/year"))
    let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
    #expect(report.hasPrefix("# 元医院经济测算：元医院论文基线"))
    #expect(report.contains("每年亏损 3,536.41 万元：总成本 5.35 亿元"))
    let english = Self.root.appendingPathComponent("Reports/examples/paper-2024")
    for name in ["summary.csv", "sensitivity.csv", "paper_reproduction.csv", "assumptions.csv"] {
      let expected = try Data(contentsOf: english.appendingPathComponent(name))
      #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/" + name)) == expected, "\(name)")
    }
  }

  @Test func anUnknownLanguageIsAUsageError() throws {
    let result = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024.yaml", "--language", "fr", "--out",
      "/tmp/never-written",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--language"))
    #expect(result.stderr.contains("en") && result.stderr.contains("zh"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written"))
  }

  /// A broken language file stops `plan` and `validate` with its line and column; the English
  /// reports, which do not read it, still work.
  @Test func aBrokenLanguageFileExits78AtItsLine() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let project = try scratchProject(in: folder)
    let file = project.appending(path: "Pipelines/language/zh.yaml")
    let text = try String(contentsOf: file, encoding: .utf8)
    let broken = text.replacingOccurrences(of: "  yearly_result: ", with: "  yearly_resutl: ")
    #expect(broken != text)
    try Data(broken.utf8).write(to: file)
    let line =
      (broken.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  yearly_resutl:") } ?? 0)
      + 1
    let plan = try RunDrillTests.metahospital(
      ["plan", "Pipelines/scenarios/paper-2024.yaml", "--language", "zh", "--out", "zh"],
      in: project)
    #expect(plan.status == 78)
    #expect(
      plan.stderr.contains(
        "Pipelines/language/zh.yaml:\(line):3: error: sustainability.yearly_resutl: unknown key `yearly_resutl`: the reports use no such phrase; did you mean `yearly_result`?"
      ), "\(plan.stderr)")
    #expect(plan.stderr.contains("error: sustainability.yearly_result: missing phrase"))
    #expect(!FileManager.default.fileExists(atPath: project.appending(path: "zh").path))
    let validate = try RunDrillTests.metahospital(["validate"], in: project)
    #expect(validate.status == 78)
    #expect(validate.stderr.contains("Pipelines/language/zh.yaml:\(line):3: error:"))
    let english = try RunDrillTests.metahospital(
      ["plan", "Pipelines/scenarios/paper-2024.yaml", "--out", "en"], in: project)
    #expect(english.status == 0, "\(english.stderr)")
  }

  @Test func aBrokenComparedScenarioExits78() throws {
    let result = try Self.run([
      "plan", "Pipelines/scenarios/paper-2024.yaml", "--compare",
      "Tests/EconomicsPipelineTests/Fixtures/broken/uncertainty-problems.yaml", "--out",
      "/tmp/never-written",
    ])
    #expect(result.status == 78)
    #expect(result.stderr.contains("did you mean `registration_fee_cny`?"))
  }

  // MARK: - Failure

  @Test func brokenScenarioExits78WithEveryProblemAndWritesNothing() throws {
    let folder = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("broken").path
    let result = try Self.run([
      "plan", "Tests/EconomicsPipelineTests/Fixtures/broken/many-problems.yaml", "--out", out,
    ])
    #expect(result.status == 78)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.contains(
        "many-problems.yaml:2:1: error: servce: unknown key `servce`; did you mean `service`?"))
    #expect(
      result.stderr.contains(
        "many-problems.yaml:9:5: error: devices.h100.colour: unknown key `colour`"))
    #expect(result.stderr.contains("4 problems found"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func missingScenarioFileExits66() throws {
    let result = try Self.run([
      "plan", "Pipelines/scenarios/no-such.yaml", "--out", "/tmp/never-written",
    ])
    #expect(result.status == 66)
    #expect(result.stderr.contains("no-such.yaml:1:1: error: file not found"))
  }
}
