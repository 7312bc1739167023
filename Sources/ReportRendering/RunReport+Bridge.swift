import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - Margin bridge from the plan to the data

extension RunReport {
  /// The bridge of the yearly margin from the plan's year to the data's, annualized: each line
  /// a product of drivers (``DataDrivers``), Shapley values exact per line.
  static func planToDataBridge(_ input: RunReportInput) -> MarginBridge {
    MarginBridge.between(
      DataDrivers.lineProducts(input.plan), input.actual.lineProducts)
  }

  /// The section: the shared bridge section with the run's definitions.
  static func bridgeSection(_ input: RunReportInput, _ bridge: MarginBridge) -> ReportSection {
    let w = input.wording
    let (from, to) = bridgeEnds(input, w)
    var section = BridgeReport.section(
      bridge, from: from, to: to,
      label: { w.named($0.id.rawValue, as: RunBridgeDriverPhrase.self) }, w,
      extraMethod: [w(RunBridgePhrase.definitions), w(RunBridgePhrase.wholeLine)])
    section.blocks.insert(.paragraph(w(RunBridgePhrase.intro)), at: 0)
    // Monthly amounts annualized by days differ from twelve of them: say how much of the
    // bridge's staff, amortization and depreciation effects is the calendar.
    let fraction = input.actual.ledger.fraction
    let calendar = input.actual.monthlyAmountsCalendarShare
    if NumberFormat.percent(calendar.magnitude) != NumberFormat.percent(0) {
      section.blocks.insert(
        .paragraph(
          w(
            RunBridgePhrase.calendar,
            [
              "days_in_year": String(fraction.daysInYear), "days": String(fraction.days),
              "share": (calendar > 0 ? "+" : "") + NumberFormat.percent(calendar),
            ])), at: 1)
    }
    return section
  }

  /// `bridge.csv` of the run.
  static func bridgeCSV(_ input: RunReportInput, _ bridge: MarginBridge) -> CSVTable {
    let (from, to) = bridgeEnds(input, input.wording)
    return BridgeReport.csv(bridge, from: from, to: to)
  }

  /// The ends: the plan and the data of the period (`bridge.csv` names them the same in every
  /// language).
  private static func bridgeEnds(_ input: RunReportInput, _ w: Wording) -> (
    BridgeReport.End, BridgeReport.End
  ) {
    let scenario = input.subject.scenarioName
    let period = input.period
    let annualized = input.actual.annualizationFactor != 1
    return (
      BridgeReport.End(
        name: "plan \(scenario)",
        display: w(RunBridgePhrase.plan, ["scenario": MarkdownText.code(scenario)])),
      BridgeReport.End(
        name: "data \(period)",
        display: w(
          annualized ? RunBridgePhrase.dataAnnualized : .data, ["period": w.period(period)]))
    )
  }
}
