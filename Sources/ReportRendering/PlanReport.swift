import HospitalEconomics

/// The report of `metahospital plan`: a scenario's assumptions alone, no data.
public enum PlanReport {
  /// Builds the report: headline, key figures, sustainability, paper reproduction, resources,
  /// sensitivity, assumptions, method; and summary, sensitivity, paper reproduction and
  /// assumptions CSV files. Pass `economics` when the caller has already computed the inputs'.
  public static func make(
    scenario: ScenarioIdentity, inputs: AttributedInputs, sensitivity settings: SensitivitySettings,
    economics computed: Economics? = nil
  ) -> EconomicsReport {
    let economics = computed ?? Economics.compute(inputs.inputs)
    let results = Sensitivity.analyze(inputs.inputs, settings: settings)
    let placeholders = Set(inputs.placeholderDrivers)
    let chain = scenario.files.map(MarkdownText.code).joined(separator: " ← ")
    return EconomicsReport(
      title: "Meta-hospital economics: \(scenario.title)",
      headline: [
        ReportSections.verdict(economics),
        ReportSections.investmentSentence(economics),
        "Scenario \(MarkdownText.code(scenario.name)) (\(chain)); a plan from assumptions alone, no measured data. Placeholder assumptions (\(placeholders.count) drivers) are listed under *Assumptions and their sources*.",
      ],
      sections: [
        ReportSections.keyFigures(economics),
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
      ])
  }
}

extension EconomicsReport {
  /// Every file of the report, `report.md` first, ready for ``AtomicDirectoryWriter``.
  public var renderedFiles: [(name: String, contents: String)] {
    [("report.md", MarkdownRenderer.render(self))]
      + csvFiles.map { ($0.fileName, CSVRenderer.render($0)) }
  }
}
