import EconomicsPipeline
import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering
import Testing

/// Paths inside the repository, found from this file.
enum Repository {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
  static let scenarios = path("Pipelines/scenarios")
  static let broken = path("Tests/EconomicsPipelineTests/Fixtures/broken")

  /// A language's wording, from the repository's `Pipelines/language/`.
  static func wording(_ language: ReportLanguage = .en) throws -> Wording {
    try WordingFile.load(language, root: root)
  }
}

/// Loading scenario files: the baseline, what-ifs, `extends`.
@Suite struct ScenarioTests {
  // MARK: - The baseline

  @Test func paperBaselineFileIsThePaperInputs() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
    #expect(scenario.name == "paper-2024")
    #expect(scenario.inputs.inputs == Inputs.paper2024)
    #expect(scenario.inputs.placeholderDrivers.count == 13)
    #expect(
      scenario.inputs.provenance["storage_price_cny_per_pb"]
        == .placeholder(file: "paper-2024.yaml", keyPath: "storage.price_cny_per_pb"))
    #expect(
      scenario.inputs.provenance["annual_visits"]
        == .assumption(file: "paper-2024.yaml", keyPath: "service.annual_visits"))
    #expect(
      scenario.sensitivity.swing(for: "electricity_tariff_cny_per_kwh") == Decimal(string: "0.6"))
  }

  // MARK: - What-ifs

  @Test func whatIfOverridesOneKeyAndNamesItsFile() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/electricity-0.8.yaml")
    #expect(scenario.name == "electricity-0.8")
    #expect(scenario.files.count == 2)
    #expect(scenario.inputs.inputs.electricityTariffCNYPerKWh == Decimal(string: "0.8"))
    var expected = Inputs.paper2024
    expected.electricityTariffCNYPerKWh = Decimal(string: "0.8") ?? 0
    #expect(scenario.inputs.inputs == expected)
    #expect(
      scenario.inputs.provenance["electricity_tariff_cny_per_kwh"]
        == .assumption(
          file: "electricity-0.8.yaml", keyPath: "power.electricity_tariff_cny_per_kwh"))
  }

  @Test func registrationFiftyPays() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/registration-50.yaml")
    #expect(Economics.compute(scenario.inputs.inputs).annualMarginCNY > 0)
  }

  @Test func extendsWithNoOverridesGivesIdenticalOutput() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "mh-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let child = folder.appendingPathComponent("same.yaml")
    try "extends: \(Repository.scenarios)/paper-2024.yaml\n".write(
      to: child, atomically: true, encoding: .utf8)
    let base = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
    let same = try Scenario.load(path: child.path)
    #expect(same.inputs == base.inputs)
    let english = try Repository.wording()
    let baseFiles = PlanPipeline.report(for: base, wording: english).renderedFiles.filter {
      $0.name != "report.md"
    }
    let sameFiles = PlanPipeline.report(for: same, wording: english).renderedFiles.filter {
      $0.name != "report.md"
    }
    #expect(baseFiles.map(\.contents) == sameFiles.map(\.contents))
  }
}

/// Every broken scenario under `Fixtures/broken/` fails with the messages in its `.expected` file.
@Suite struct BrokenScenarioTests {
  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.broken)) ?? []
    return names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }
      .sorted()
  }()

  @Test func corpusIsThere() { #expect(Self.cases.count >= 8) }

  @Test(arguments: cases)
  func brokenScenarioIsRejectedWithItsMessages(name: String) throws {
    let expected = try String(
      contentsOfFile: "\(Repository.broken)/\(name).expected", encoding: .utf8
    )
    .split(separator: "\n").map(String.init)
    do {
      _ = try Scenario.load(path: "\(Repository.broken)/\(name).yaml")
      Issue.record("\(name).yaml was accepted")
    } catch {
      // A parent that is not there is a missing input (66); anything a file says wrong, 78.
      #expect(error.exitStatus == (name == "missing-parent" ? .noInput : .config))
      let lines = error.diagnostics.map(\.description)
      for line in expected {
        #expect(
          lines.contains { $0.contains(line) },
          "missing: \(line)\ngot:\n\(lines.joined(separator: "\n"))")
      }
    }
  }

  @Test func allProblemsAreReportedAtOnce() throws {
    do {
      _ = try Scenario.load(path: "\(Repository.broken)/many-problems.yaml")
    } catch {
      #expect(error.diagnostics.count == 4)
      #expect(error.description.hasSuffix("4 problems found; nothing was written."))
    }
  }

  @Test func suggestionsUseEditDistance() {
    #expect(EditDistance.between("kitten", "sitting") == 3)
    #expect(
      EditDistance.suggestion(for: "anual_visits", among: ["annual_visits", "minutes_per_visit"])
        == "annual_visits")
    #expect(EditDistance.suggestion(for: "colour", among: ["count", "name"]) == nil)
  }
}

/// What ties a scenario to the data and sizes it: `match:` declarations and `scale`.
@Suite struct ScenarioMatchAndScaleTests {
  @Test func thePaperDeclaresHowEachClassMatchesTheData() throws {
    let scenario = try Scenario.load(path: Repository.scenarios + "/paper-2024.yaml")
    #expect(scenario.deviceMatches.map(\.id) == ["storage", "rtx_4090", "h100", "xeon_gold_5218r"])
    let h100 = try #require(scenario.deviceMatches.first { $0.id == "h100" })
    // Whole names, case-insensitive, spaces collapsed; never a substring.
    #expect(h100.matches(deviceClass: .gpu, model: "nvidia  H100 sxm"))
    #expect(!h100.matches(deviceClass: .gpu, model: "NVIDIA H100 NVL"))
    #expect(!h100.matches(deviceClass: .cpu, model: "NVIDIA H100"))
    let storage = try #require(scenario.deviceMatches.first { $0.id == "storage" })
    #expect(storage.matches(deviceClass: .storage, model: "any shelf"))
  }

  @Test func scaleMultipliesVolumesAndKeepsPrices() throws {
    let demo = try Scenario.load(path: Repository.scenarios + "/demo-scale-0.01.yaml")
    let paper = Inputs.paper2024
    let inputs = demo.inputs.inputs
    #expect(demo.scale == Decimal(string: "0.01"))
    #expect(inputs.annualVisits == 200_000)
    #expect(inputs.staffHeadcount == 8)
    #expect(inputs.devices.map(\.count) == [40, 1, 80])  // 128 × 0.01 = 1.28 → 1
    #expect(inputs.softwareCapexCNY == 1_040_000)
    #expect(inputs.otherServicesCNYPerYear == 1_200_000)
    #expect(inputs.offlineHospital.outpatientVisits == 50_000)
    #expect(inputs.registrationFeeCNY == paper.registrationFeeCNY)
    #expect(inputs.devices.map(\.unitPriceCNY) == paper.devices.map(\.unitPriceCNY))
    #expect(inputs.electricityTariffCNYPerKWh == paper.electricityTariffCNYPerKWh)
    #expect(
      demo.inputs.provenance["annual_visits"]
        == .assumption(file: "paper-2024.yaml", keyPath: "service.annual_visits × scale 0.01"))
    // The plan at the data's scale provisions the storage the data has (0.24 PB).
    #expect(Economics.compute(inputs).storageProvisionedPB == 0.24)
  }
}
