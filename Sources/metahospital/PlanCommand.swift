import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging

/// `metahospital plan <scenario.yaml> [--out DIR]`: a scenario's economics from assumptions alone.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Compute a scenario's economics from its assumptions and write the report.",
    discussion: """
      Reads a scenario file (and the files it extends), computes the yearly economics, and writes
      report.md, summary.csv, sensitivity.csv, paper_reproduction.csv and assumptions.csv.
      Prints one line: the verdict, the key figures and the report's path. No database is used.
      """
  )

  @Argument(help: "The scenario file, e.g. Pipelines/scenarios/paper-2024.yaml.")
  var scenario: String

  @Option(name: .customLong("out"), help: "Output folder (default: Reports/plan/<scenario name>/).")
  var outputDirectory: String?

  func run() throws {
    LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
    let logger = Logger(label: "metahospital.plan")
    do {
      let outcome = try PlanPipeline(logger: logger).run(
        PlanPipeline.Request(scenarioPath: scenario, outputDirectory: outputDirectory))
      print(outcome.summaryLine)
    } catch let error as any UserFacingError {
      // Config diagnostics already read `file:line:column: error: …`, one per line.
      let text = error is ConfigError ? error.description : "error: \(error.description)"
      FileHandle.standardError.write(Data("\(text)\n".utf8))
      throw ExitCode(error.exitStatus.rawValue)
    }
  }
}
