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
      Reads a scenario file (and the files it extends, relative to the project root: the folder
      holding Pipelines/ above the file), computes the yearly economics, and writes report.md,
      summary.csv, sensitivity.csv, paper_reproduction.csv and assumptions.csv into the
      project's Reports/plan/<scenario name>/, or --out. Prints one line: the verdict, the key
      figures and the report's path. No database is used.
      """
  )

  @Argument(help: "The scenario file, e.g. Pipelines/scenarios/paper-2024.yaml.")
  var scenario: String

  @Option(
    name: .customLong("out"),
    help:
      "Output folder (default: Reports/plan/<scenario name>/ under the scenario's project root): a new or empty folder, or this scenario's plan report."
  )
  var outputDirectory: String?

  @OptionGroup var logging: LoggingOptions

  func run() throws {
    try reportingErrors {
      let logger = logging.bootstrap(label: "metahospital.plan")
      let outcome = try PlanPipeline(logger: logger).run(
        PlanPipeline.Request(scenarioPath: scenario, outputDirectory: outputDirectory))
      print(outcome.summaryLine)
    }
  }
}
