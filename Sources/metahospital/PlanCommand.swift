import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel
import ReportRendering

/// `metahospital plan <scenario.yaml> [--out DIR]`: a scenario's economics from assumptions alone.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Compute a scenario's economics from its assumptions and write the report.",
    discussion: """
      Reads a scenario file (and the files it extends, relative to the project root: the \
      folder holding Pipelines/ above the file), computes the yearly economics, and writes \
      report.md, summary.csv, sensitivity.csv, paper_reproduction.csv, assumptions.csv and \
      report.xlsx (the same tables in one Excel workbook) into \
      the project's Reports/plan/<scenario name>/, or --out. Prints one line: the verdict, the \
      key figures and the report's path. No database is used.

      --compare A.yaml adds the margin bridge from scenario A: the change in the yearly margin \
      and the NPV, driver by driver (Shapley values), and bridge.csv. --simulate N draws the \
      drivers the scenario gives a distribution (its uncertainty: section) N times and adds P10, \
      P50 and P90 of the margin, NPV and payback, the probability of breaking even, and \
      simulation.csv; --seed S makes other draws (the same seed, the same draws).
      """
  )

  @Argument(help: "The scenario file, e.g. Pipelines/scenarios/paper-2024.yaml.")
  var scenario: String

  @Option(
    name: .customLong("out"),
    help:
      "Output folder (default: Reports/plan/<scenario name>/ under the scenario's project root, or Reports/plan/<scenario name>-vs-<compared name>/ with --compare): a new or empty folder, or this scenario's plan report."
  )
  var outputDirectory: String?

  @Option(
    name: .customLong("compare"),
    help: ArgumentHelp(
      "A scenario to compare with: adds the margin bridge from it to this one.",
      valueName: "scenario.yaml"))
  var comparePath: String?

  @Option(
    name: .customLong("simulate"), parsing: .unconditional,
    help: ArgumentHelp(
      "Draws of the scenario's uncertain drivers (\(SimulationRequest.drawRange.lowerBound) to \(SimulationRequest.drawRange.upperBound)).",
      valueName: "draws"))
  var draws: Int?

  @Option(
    name: .customLong("seed"), parsing: .unconditional,
    help: ArgumentHelp("Seed of the simulation's draws (default 1).", valueName: "seed"))
  var seed: UInt64?

  @Option(
    name: .customLong("language"),
    help: ArgumentHelp(
      "The report's language, en or zh (default: the scenario's `language:`, else en); its words are in Pipelines/language/.",
      valueName: "language"))
  var language: ReportLanguage?

  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if let draws, !SimulationRequest.drawRange.contains(draws) {
      throw ValidationError(
        "--simulate takes from \(SimulationRequest.drawRange.lowerBound) to \(SimulationRequest.drawRange.upperBound) draws, not \(draws)"
      )
    }
    if seed != nil, draws == nil {
      throw ValidationError("--seed sets the simulation's seed: give it with --simulate N")
    }
  }

  func run() throws {
    try reportingErrors {
      let logger = logging.bootstrap(label: "metahospital.plan")
      let outcome = try PlanPipeline(logger: logger).run(
        PlanPipeline.Request(
          scenarioPath: scenario, outputDirectory: outputDirectory, comparePath: comparePath,
          simulation: draws.map { SimulationRequest(draws: $0, seed: seed ?? 1) },
          language: language))
      print(outcome.summaryLine)
    }
  }
}
