import HospitalEconomics

/// A plan compared with another: the scenario compared with and the bridge from it.
public struct PlanComparison: Sendable, Equatable {
  /// The scenario compared with (the bridge's start).
  public var baseline: ScenarioIdentity
  /// The bridge from it to the scenario reported.
  public var bridge: MarginBridge

  /// Creates a comparison.
  public init(baseline: ScenarioIdentity, bridge: MarginBridge) {
    self.baseline = baseline
    self.bridge = bridge
  }
}

/// The report of `metahospital plan`: a scenario's assumptions alone, no data.
public enum PlanReport {
  /// Builds the report: headline, key figures, the bridge from a compared scenario and the
  /// simulation (when given), sustainability, paper reproduction, resources, sensitivity,
  /// assumptions, method; and summary, sensitivity, paper reproduction and assumptions CSV files
  /// (and `bridge.csv`, `simulation.csv`). Pass `economics` when the caller has already computed
  /// the inputs'.
  public static func make(
    scenario: ScenarioIdentity, inputs: AttributedInputs, sensitivity settings: SensitivitySettings,
    economics computed: Economics? = nil, comparison: PlanComparison? = nil,
    simulation: SimulationResult? = nil
  ) -> EconomicsReport {
    let economics = computed ?? Economics.compute(inputs.inputs)
    let results = Sensitivity.analyze(inputs.inputs, settings: settings)
    let placeholders = Set(inputs.placeholderDrivers)
    let chain = scenario.files.map(MarkdownText.code).joined(separator: " ← ")
    let from = comparison.map {
      BridgeReport.End(name: $0.baseline.name, display: MarkdownText.code($0.baseline.name))
    }
    let to = BridgeReport.End(name: scenario.name, display: MarkdownText.code(scenario.name))
    var insight: [ReportSection] = []
    var insightFiles: [CSVTable] = []
    var insightHeadline: [String] = []
    if let comparison, let from {
      insight.append(BridgeReport.section(comparison.bridge, from: from, to: to))
      insightFiles.append(BridgeReport.csv(comparison.bridge, from: from, to: to))
      insightHeadline.append(BridgeReport.headline(comparison.bridge, from: from, to: to))
    }
    if let simulation {
      insight.append(SimulationReport.section(simulation, plan: economics, inputs: inputs.inputs))
      insightFiles.append(SimulationReport.csv(simulation))
      insightHeadline.append(SimulationReport.headline(simulation))
    }
    return EconomicsReport(
      title: "Meta-hospital economics: \(scenario.title)",
      headline: [
        ReportSections.verdict(economics),
        ReportSections.investmentSentence(economics),
      ] + insightHeadline + [
        "Scenario \(MarkdownText.code(scenario.name)) (\(chain)); a plan from assumptions alone, no measured data. Placeholder assumptions (\(placeholders.count) drivers) are listed under *Assumptions and their sources*."
      ],
      sections: [ReportSections.keyFigures(economics)] + insight + [
        ReportSections.sustainability(economics, placeholders: placeholders),
        ReportSections.paperReproduction(economics),
        ReportSections.resources(economics, placeholders: placeholders),
        ReportSections.sensitivity(results, settings: settings),
        ReportSections.assumptions(inputs),
        ReportSections.method(),
      ],
      csvFiles: [
        ReportSections.summaryCSV(ReportSections.summaryFigures(economics)),
        ReportSections.sensitivityCSV(results),
        ReportSections.paperReproductionCSV(economics),
        ReportSections.assumptionsCSV(inputs),
      ] + insightFiles)
  }
}

extension EconomicsReport {
  /// Every file of the report, `report.md` first, ready for ``AtomicDirectoryWriter``.
  public var renderedFiles: [(name: String, contents: String)] {
    [("report.md", MarkdownRenderer.render(self))]
      + csvFiles.map { ($0.fileName, CSVRenderer.render($0)) }
  }
}
