import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering
import TestSupport
import Testing

/// `uncertainty:` in scenario files, and results that do not depend on the order of keys.
@Suite struct ScenarioUncertaintyTests {
  static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
    let url = folder.appending(path: name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  // MARK: - Reading

  @Test func thePaperWithRangesDrawsItsThirteenPlaceholders() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024-uncertain.yaml")
    #expect(scenario.inputs.inputs == Inputs.paper2024)
    #expect(scenario.uncertainty.count == 13)
    #expect(Set(scenario.uncertainty.map(\.id)) == Set(scenario.inputs.placeholderDrivers))
    let rate = try #require(scenario.uncertainty.first { $0.id == "discount_rate" })
    #expect(rate.distribution == .normal(mean: 0.08, standardDeviation: 0.02, min: 0.04, max: 0.12))
    let life = try #require(scenario.uncertainty.first { $0.id == "storage_useful_life_years" })
    #expect(life.distribution == .uniform(min: 4, max: 7))
    // The plain paper has none.
    #expect(try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml").uncertainty.isEmpty)
  }

  @Test func aChildThatChangesTheDistributionIgnoresTheParentsOtherKeys() throws {
    try withTemporaryDirectory { folder in
      _ = try Self.write(
        """
        extends: \(Repository.scenarios)/paper-2024.yaml
        uncertainty:
          discount_rate: { distribution: normal, mean: 0.08, sd: 0.02, min: 0.04, max: 0.12 }
        """, "parent.yaml", in: folder)
      let child = try Self.write(
        """
        extends: \(folder.path)/parent.yaml
        uncertainty:
          discount_rate: { distribution: uniform, min: 0.05, max: 0.1 }
        """, "child.yaml", in: folder)
      let scenario = try Scenario.load(path: child)
      #expect(
        scenario.uncertainty == [
          UncertainDriver(id: "discount_rate", distribution: .uniform(min: 0.05, max: 0.1))
        ])
      // Written beside `distribution` in the same file, the same key is an error.
      let same = try Self.write(
        """
        extends: \(folder.path)/parent.yaml
        uncertainty:
          discount_rate: { distribution: uniform, min: 0.05, max: 0.1, sd: 0.01 }
        """, "same-file.yaml", in: folder)
      #expect(throws: ConfigError.self) { try Scenario.load(path: same) }
      // `fixed` switches a parent's range off.
      let fixed = try Self.write(
        """
        extends: \(folder.path)/parent.yaml
        uncertainty: { discount_rate: { distribution: fixed } }
        """, "fixed.yaml", in: folder)
      #expect(try Scenario.load(path: fixed).uncertainty.map(\.distribution) == [.fixed])
    }
  }

  @Test func scaleScalesTheRangesOfWhatItScales() throws {
    try withTemporaryDirectory { folder in
      let path = try Self.write(
        """
        extends: \(Repository.scenarios)/demo-scale-0.01.yaml
        uncertainty:
          annual_visits: { distribution: uniform, min: 15_000_000, max: 25_000_000 }
          registration_fee_cny: { distribution: uniform, min: 20, max: 30 }
        """, "scaled.yaml", in: folder)
      let scenario = try Scenario.load(path: path)
      let visits = try #require(scenario.uncertainty.first { $0.id == "annual_visits" })
      #expect(visits.distribution.bounds == 150_000...250_000)
      let fee = try #require(scenario.uncertainty.first { $0.id == "registration_fee_cny" })
      #expect(fee.distribution.bounds == 20...30)
    }
  }

  // MARK: - The order of keys plays no role

  /// The paper's file with its top-level sections, and the device classes inside `devices:`,
  /// in reverse order.
  static func reversedPaper() throws -> String {
    let text = try String(
      contentsOfFile: Repository.scenarios + "/paper-2024.yaml", encoding: .utf8)
    func blocks(_ lines: [Substring], indent: String) -> [[Substring]] {
      var result: [[Substring]] = []
      for line in lines {
        let starts =
          line.hasPrefix(indent) && line.dropFirst(indent.count).first.map { $0.isLetter } == true
        if starts || result.isEmpty {
          result.append([line])
        } else {
          result[result.count - 1].append(line)
        }
      }
      return result
    }
    let top = blocks(text.split(separator: "\n", omittingEmptySubsequences: false), indent: "")
    let reordered = top.reversed().map { block -> [Substring] in
      guard block.first == "devices:" else { return block }
      return [block[0]] + blocks(Array(block.dropFirst()), indent: "  ").reversed().flatMap { $0 }
    }
    return reordered.flatMap { $0 }.joined(separator: "\n") + "\n"
  }

  @Test func theOrderOfKeysInTheFilesChangesNeitherBridgeNorSimulation() throws {
    try withTemporaryDirectory { folder in
      let reversedBase = try Self.write(try Self.reversedPaper(), "paper-reversed.yaml", in: folder)
      let changes = [
        "revenue: { registration_fee_cny: 30 }",
        "power: { electricity_tariff_cny_per_kwh: 0.6 }",
        "staff: { headcount: 900 }",
        "devices: { rtx_4090: { count: 5000 }, h100: { unit_price_cny: 300_000 } }",
        "one_off: { model_amortization_years: 4 }",
        """
        uncertainty:
          discount_rate: { distribution: normal, mean: 0.08, sd: 0.02, min: 0.04, max: 0.12 }
          rtx_4090_unit_price_cny: { distribution: uniform, min: 12_000, max: 20_000 }
          staff_annual_cost_per_person_cny: { distribution: triangular, min: 250_000, mode: 300_000, max: 400_000 }
        """,
      ]
      let inOrder = try Self.write(
        "extends: \(Repository.scenarios)/paper-2024.yaml\n" + changes.joined(separator: "\n")
          + "\n",
        "changed.yaml", in: folder)
      let uncertaintyReversed =
        "uncertainty:\n"
        + changes[changes.count - 1].split(separator: "\n").dropFirst().reversed()
        .joined(separator: "\n")
      let reversedChanges = [uncertaintyReversed] + changes.dropLast().reversed()
      let outOfOrder = try Self.write(
        "extends: \(folder.path)/paper-reversed.yaml\n" + reversedChanges.joined(separator: "\n")
          + "\n",
        "changed-reversed.yaml", in: folder)

      let base = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
      let baseReversed = try Scenario.load(path: reversedBase)
      let scenario = try Scenario.load(path: inOrder)
      let reversed = try Scenario.load(path: outOfOrder)
      // The files really list things in another order.
      #expect(
        baseReversed.inputs.inputs.devices.map(\.id)
          == base.inputs.inputs.devices.map(\.id).reversed())
      #expect(scenario.inputs.inputs != reversed.inputs.inputs)

      let bridge = MarginBridge.between(base.inputs.inputs, scenario.inputs.inputs)
      let bridgeReversed = MarginBridge.between(baseReversed.inputs.inputs, reversed.inputs.inputs)
      #expect(bridge.parts.count == 6)
      #expect(bridge == bridgeReversed)

      let simulation = try Simulation.run(
        scenario.inputs.inputs, uncertain: scenario.uncertainty, draws: 200, seed: 9)
      let simulationReversed = try Simulation.run(
        reversed.inputs.inputs, uncertain: reversed.uncertainty, draws: 200, seed: 9)
      #expect(simulation == simulationReversed)
    }
  }
}
