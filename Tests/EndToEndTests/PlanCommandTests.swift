import Foundation
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
        "sensitivity.csv", "summary.csv",
      ])
    // Byte-identical to the committed example, the marker included.
    for file in files {
      let written = try String(contentsOfFile: "\(out)/\(file)", encoding: .utf8)
      let example = try String(
        contentsOfFile: Self.root.appendingPathComponent("Reports/examples/paper-2024/\(file)")
          .path, encoding: .utf8)
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
