import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import ReportRendering

/// `metahospital plan`: scenario file → validated scenario → inputs → economics → report → files.
public struct PlanPipeline {
  /// What to plan and where to write it.
  public struct Request: Sendable {
    /// The scenario file.
    public var scenarioPath: String
    /// The output folder (relative to `workingDirectory`); `nil` for `Reports/plan/<scenario
    /// name>/` under the scenario's project root (`Reports/plan/<scenario name>-vs-<compared
    /// name>/` with a comparison). A given folder must be new, empty, or a plan report of the
    /// same scenario.
    public var outputDirectory: String?
    /// The folder that a relative `outputDirectory` (`--out`) is relative to.
    public var workingDirectory: URL
    /// A scenario to compare with: the report adds the margin bridge from it to this one.
    public var comparePath: String?
    /// Draws and seed of a simulation of the scenario's uncertain drivers.
    public var simulation: SimulationRequest?
    /// The report's language from the command line (`--language`); nil for the scenario's, else
    /// English. Its words come from `Pipelines/language/<language>.yaml` of the scenario's project.
    public var language: ReportLanguage?

    /// Creates a request.
    public init(
      scenarioPath: String, outputDirectory: String? = nil,
      workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
      comparePath: String? = nil, simulation: SimulationRequest? = nil,
      language: ReportLanguage? = nil
    ) {
      self.scenarioPath = scenarioPath
      self.outputDirectory = outputDirectory
      self.workingDirectory = workingDirectory
      self.comparePath = comparePath
      self.simulation = simulation
      self.language = language
    }
  }

  /// What a plan produced.
  public struct Outcome: Sendable {
    /// The scenario read.
    public var scenario: Scenario
    /// Its economics.
    public var economics: Economics
    /// The margin bridge from the compared scenario, when one was given.
    public var bridge: MarginBridge?
    /// The simulation, when one was asked for.
    public var simulation: SimulationResult?
    /// The folder written.
    public var outputDirectory: String
    /// The one line the command prints: verdict, key figures, report path.
    public var summaryLine: String
  }

  let logger: Logger

  /// Creates a pipeline that logs to `logger`.
  public init(logger: Logger) { self.logger = logger }

  /// Builds a scenario's report (no files written) in `wording`'s language, with the bridge
  /// from a compared scenario and a simulation when given.
  public static func report(
    for scenario: Scenario, economics: Economics? = nil, comparison: PlanComparison? = nil,
    simulation: SimulationResult? = nil, wording: Wording
  ) -> EconomicsReport {
    PlanReport.make(
      scenario: scenario.identity, inputs: scenario.inputs, sensitivity: scenario.sensitivity,
      economics: economics, comparison: comparison, simulation: simulation, wording: wording)
  }

  /// Runs the plan: throws ``ConfigError`` (78) for a broken scenario, ``ReportLocationError``
  /// for a folder that may not be used, ``PlanOutputError`` (73) when the report cannot be
  /// written or the folder is not a report folder of this scenario, ``ReportWorkbookError`` (70)
  /// when its workbook cannot be made (either way the previous one is untouched).
  public func run(_ request: Request) throws -> Outcome {
    let project = ProjectRoot.containing(file: request.scenarioPath)
    let scenario = try Scenario.load(path: request.scenarioPath, in: project)
    logger.info(
      "Scenario loaded",
      metadata: [
        "scenario.name": "\(scenario.name)",
        "scenario.files": "\(scenario.files.joined(separator: ","))",
      ])
    let language = LanguageChoice.resolve(flag: request.language, scenario: scenario.language)
    // The words are the scenario's project's; a scenario in no project takes those of the
    // project of the scenario it extends, else of the working folder's project.
    let wordingProject =
      project ?? scenario.files.lazy.compactMap { ProjectRoot.containing(file: $0) }.first
      ?? ProjectRoot.ofWorkingDirectory()
    let wordingRoot = wordingProject?.url ?? request.workingDirectory
    let wording = try WordingFile.load(language.language, root: wordingRoot)
    logger.debug(
      "Language chosen",
      metadata: [
        "report.language": "\(language.language)", "report.language_source": "\(language.source)",
      ])
    let economics = Economics.compute(scenario.inputs.inputs)
    let comparison = try request.comparePath.map { try compare(scenario, with: $0) }
    let simulation = try request.simulation.map { try simulate(scenario, $0) }
    let report = Self.report(
      for: scenario, economics: economics, comparison: comparison, simulation: simulation,
      wording: wording)
    let directory: String
    let folder: URL
    if let out = request.outputDirectory {
      directory = out
      folder = try ReportLocation.explicitOutput(out, root: request.workingDirectory)
    } else if let project {
      let relative =
        "\(ReportLocation.reportsFolder)/plan/\(scenario.name)"
        + (comparison.map { "-vs-\($0.baseline.name)" } ?? "")
      directory = project.resolve(relative)
      folder = try ReportLocation.jobOutput(relative, root: project.url)
    } else {
      throw ReportLocationError.noProject(
        file: request.scenarioPath,
        problem: ProjectRoot.notInProject(request.scenarioPath))
    }
    let count = try write(report, scenario: scenario.name, wording: wording, to: folder)
    logger.info(
      "Report written",
      metadata: ["report.directory": "\(directory)", "report.files": "\(count)"])
    let reportPath = (directory.hasSuffix("/") ? directory : directory + "/") + "report.md"
    return Outcome(
      scenario: scenario, economics: economics, bridge: comparison?.bridge,
      simulation: simulation, outputDirectory: directory,
      summaryLine: Self.summaryLine(
        scenario: scenario.name, economics: economics, reportPath: reportPath,
        comparison: comparison, simulation: simulation))
  }

  /// Renders every file of `report` — `report.md`, the CSV files and the workbook — then
  /// writes them as the only content of `folder`, marked as the plan report of `scenario`,
  /// replacing it at once. Nothing is written unless every file could be rendered.
  ///
  /// The workbook names the tool's version, not the commit it was built from: a plan is a
  /// function of its scenario files alone, so any checkout writes the same bytes for it.
  /// - Returns: how many files were written.
  func write(_ report: EconomicsReport, scenario: String, wording: Wording, to folder: URL)
    throws -> Int
  {
    let files = try report.files(
      workbook: ReportWorkbook.Facts(scenario: scenario, build: MetaHospitalVersion.current),
      wording: wording)
    let writer = AtomicDirectoryWriter()
    // Only this folder's own: a plan takes no lock, so another folder's temporary one may be
    // a plan still writing (of the same scenario, say, in another language).
    for leftover in writer.removeLeftovers(
      in: folder.deletingLastPathComponent(), of: folder.lastPathComponent,
      isAbandoned: { marker, own in own && marker.kind == .plan && marker.name == scenario })
    {
      logger.notice(
        "removed a temporary folder left by an interrupted plan",
        metadata: ["report.leftover": "\(leftover.path)"])
    }
    do {
      let written = try writer.write(
        files, to: folder, marker: .plan(scenario: scenario, files: files.map(\.name)))
      if let leftover = written.leftover {
        logger.warning(
          "the previous report could not be deleted after the new one was written",
          metadata: ["report.leftover": "\(leftover.path)"])
      }
    } catch {
      throw PlanOutputError(underlying: error)
    }
    return files.count
  }

  /// `paper-2024: does not pay: margin -35.36 M CNY/year (…); break-even …; report …`.
  public static func summaryLine(
    scenario: String, economics e: Economics, reportPath: String,
    comparison: PlanComparison? = nil, simulation: SimulationResult? = nil
  ) -> String {
    let verdict = e.annualMarginCNY < 0 ? "does not pay" : "pays"
    let fee =
      e.breakevenRegistrationFeeCNY.map {
        $0 <= 0 ? "any fee (other revenue covers the cost)" : "\(NumberFormat.money($0)) CNY/visit"
      } ?? "none (no visits)"
    let visits =
      e.breakevenVisits.map { "\(NumberFormat.grouped(Decimal($0), decimals: 0)) visits/year" }
      ?? "no volume"
    return
      "\(scenario): \(verdict): margin \(NumberFormat.millionsCNY(e.annualMarginCNY))/year "
      + "(cost \(NumberFormat.millionsCNY(e.annualTotalCostCNY)), effective revenue \(NumberFormat.millionsCNY(e.effectiveRevenueCNY))); "
      + "break-even fee \(fee) or \(visits); "
      + (comparison.map { insightSummary(comparison: $0) + "; " } ?? "")
      + (simulation.map { insightSummary(simulation: $0) + "; " } ?? "")
      + "report \(reportPath)"
  }
}

/// The report folder could not be written (sysexits 73); any previous report is untouched.
public struct PlanOutputError: UserFacingError {
  /// The write failure.
  public var underlying: any Error
  /// `EX_CANTCREAT`.
  public var exitStatus: SysExit { .cannotCreate }
  /// What and where, and what to do.
  public var description: String {
    if let write = underlying as? AtomicWriteError, write.isRefusal {
      return "\(write); nothing was written."
    }
    return
      "\(underlying); check that the folder is writable or pass --out DIR. The previous report, if any, is untouched."
  }
}
