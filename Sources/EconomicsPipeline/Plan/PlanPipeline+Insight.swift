import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import ReportRendering

/// How many draws a simulation makes and from which seed.
public struct SimulationRequest: Sendable, Equatable {
  /// Draws (years simulated).
  public var draws: Int
  /// The seed of the tool's own generator: the same seed gives the same draws.
  public var seed: UInt64

  /// The fewest and most draws a simulation accepts.
  public static let drawRange = 100...1_000_000

  /// Creates a request.
  public init(draws: Int, seed: UInt64) {
    self.draws = draws
    self.seed = seed
  }
}

// MARK: - Comparing and simulating

extension PlanPipeline {
  /// The bridge from the scenario at `path` to `scenario`. Throws ``ConfigError`` when that file
  /// is broken.
  func compare(_ scenario: Scenario, with path: String) throws(ConfigError) -> PlanComparison {
    let baseline = try Scenario.load(path: path)
    let clock = ContinuousClock()
    let start = clock.now
    let bridge = MarginBridge.between(baseline.inputs.inputs, scenario.inputs.inputs)
    logger.info(
      "Margin bridge computed",
      metadata: [
        "bridge.from": "\(baseline.name)", "bridge.to": "\(scenario.name)",
        "bridge.drivers": "\(bridge.parts.count)", "bridge.method": "\(bridge.method)",
        "bridge.duration_ms": "\((clock.now - start).milliseconds)",
      ])
    return PlanComparison(baseline: baseline.identity, bridge: bridge)
  }

  /// The simulation of the scenario's uncertain drivers. Throws ``SimulationUsageError`` when
  /// the scenario gives no driver a distribution.
  func simulate(_ scenario: Scenario, _ request: SimulationRequest) throws(SimulationUsageError)
    -> SimulationResult
  {
    let drawn = scenario.uncertainty.filter { $0.distribution != .fixed }
    guard !drawn.isEmpty else {
      throw SimulationUsageError(scenarioFiles: scenario.files)
    }
    let clock = ContinuousClock()
    let start = clock.now
    let result: SimulationResult
    do {
      result = try Simulation.run(
        scenario.inputs.inputs, uncertain: drawn, draws: request.draws, seed: request.seed)
    } catch {
      // The scenario reader accepts only numeric drivers of the scenario.
      preconditionFailure("\(error)")
    }
    logger.info(
      "Simulation done",
      metadata: [
        "simulation.draws": "\(request.draws)", "simulation.seed": "\(request.seed)",
        "simulation.drivers": "\(drawn.count)",
        "simulation.duration_ms": "\((clock.now - start).milliseconds)",
      ])
    return result
  }

  /// `against paper-2024: margin +500.00 M CNY, NPV +1,996.36 M CNY`.
  static func insightSummary(comparison: PlanComparison) -> String {
    let bridge = comparison.bridge
    return "against \(comparison.baseline.name): margin \(signed(bridge.marginChangeCNY))"
      + (bridge.npvChangeCNY.map { ", NPV \(signed($0))" } ?? "")
  }

  /// `breaks even in 12.3 % of 10,000 draws (seed 2024)`.
  static func insightSummary(simulation: SimulationResult) -> String {
    "breaks even in \(NumberFormat.percent(simulation.breakEvenProbability)) of "
      + "\(NumberFormat.grouped(Decimal(simulation.draws.count), decimals: 0)) draws (seed \(simulation.seed))"
  }

  private static func signed(_ value: Decimal) -> String {
    (value > 0 ? "+" : "") + NumberFormat.millionsCNY(value)
  }
}

extension Duration {
  /// Whole milliseconds, for logs.
  var milliseconds: Int64 {
    components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
  }
}

/// `--simulate` on a scenario that gives no driver a distribution (sysexits 64).
public struct SimulationUsageError: UserFacingError, Equatable {
  /// The scenario's files, child first.
  public var scenarioFiles: [String]
  /// `EX_USAGE`.
  public var exitStatus: SysExit { .usage }
  /// What and where, and what to do.
  public var description: String {
    "--simulate draws the drivers a scenario gives a distribution, and \(scenarioFiles.joined(separator: " ← ")) give none: "
      + "add an `uncertainty:` section (e.g. `uncertainty: { registration_fee_cny: { distribution: uniform, min: 20, max: 30 } }`; "
      + "Pipelines/scenarios/paper-2024-uncertain.yaml has one for every placeholder), or leave out --simulate."
  }
}
