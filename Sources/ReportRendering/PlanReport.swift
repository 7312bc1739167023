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
    simulation: SimulationResult? = nil, wording w: Wording
  ) -> EconomicsReport {
    let economics = computed ?? Economics.compute(inputs.inputs)
    let results = Sensitivity.analyze(inputs.inputs, settings: settings)
    let placeholders = Set(inputs.placeholderDrivers)
    let chain = scenario.files.map(MarkdownText.code).joined(
      separator: w(PlanPhrase.chainSeparator))
    let from = comparison.map {
      BridgeReport.End(name: $0.baseline.name, display: MarkdownText.code($0.baseline.name))
    }
    let to = BridgeReport.End(name: scenario.name, display: MarkdownText.code(scenario.name))
    let label = { (descriptor: DriverDescriptor) in w.driverLabel(descriptor) }
    var insight: [ReportSection] = []
    var insightFiles: [CSVTable] = []
    var insightHeadline: [String] = []
    if let comparison, let from {
      insight.append(BridgeReport.section(comparison.bridge, from: from, to: to, label: label, w))
      insightFiles.append(BridgeReport.csv(comparison.bridge, from: from, to: to))
      insightHeadline.append(
        BridgeReport.headline(comparison.bridge, from: from, to: to, label: label, w))
    }
    if let simulation {
      insight.append(
        SimulationReport.section(simulation, plan: economics, inputs: inputs.inputs, w))
      insightFiles.append(SimulationReport.csv(simulation))
      insightHeadline.append(SimulationReport.headline(simulation, w))
    }
    return EconomicsReport(
      title: w(PlanPhrase.title, ["title": scenario.title(in: w.language)]),
      headline: [
        ReportSections.verdict(economics, w, .headline),
        ReportSections.investmentSentence(economics, w, .headline),
      ] + insightHeadline + [
        w(
          PlanPhrase.scenario,
          [
            "scenario": MarkdownText.code(scenario.name), "chain": chain,
            "count": String(placeholders.count),
          ])
      ],
      sections: [ReportSections.keyFigures(economics, w)] + insight + [
        ReportSections.sustainability(economics, placeholders: placeholders, w),
        ReportSections.paperReproduction(economics, w),
        ReportSections.resources(economics, placeholders: placeholders, w),
        ReportSections.sensitivity(results, settings: settings, label: label, w),
        ReportSections.assumptions(inputs, w),
        ReportSections.method(w),
      ],
      csvFiles: [
        ReportSections.summaryCSV(ReportSections.summaryFigures(economics)),
        ReportSections.sensitivityCSV(results),
        ReportSections.paperReproductionCSV(economics),
        ReportSections.assumptionsCSV(inputs),
      ] + insightFiles,
      keyFigures: ReportSections.keyFigureList(economics, w))
  }
}

extension EconomicsReport {
  /// The report's text files, `report.md` first, then the CSV files; ``files(workbook:wording:)``
  /// adds the workbook, for ``AtomicDirectoryWriter``.
  public var renderedFiles: [(name: String, contents: String)] {
    [("report.md", MarkdownRenderer.render(self))]
      + csvFiles.map { ($0.fileName, CSVRenderer.render($0)) }
  }
}
