import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import ReportRendering

// MARK: - Stage 4: account

extension RunPipeline {
  /// Stage 4: the books and the economics from them, computed once — the plan's year, the
  /// period's ledger and every figure on data (``PeriodActuals``), and the year to date month by
  /// month with what was reported of each month before.
  struct Accounts {
    /// The plan's economics.
    var plan: Economics
    /// The period's ledger.
    var ledger: PeriodLedger
    /// Every figure of the period on data.
    var actual: PeriodActuals
    /// The year to date, its restatements and the forecast.
    var trend: Trend
    /// What the books warn of: lines without data, scenario fallbacks (notes), restated months,
    /// device models in no planned class.
    var diagnostics: [Diagnostic]
  }

  /// What a closed month was last reported as: the run, when, from which inputs, its figures.
  typealias Reported = [Period: (
    runID: String, recordedAt: Date, inputs: String, figures: [String: String]
  )]

  /// Accounts for the period (pure: what was reported before is read by the caller). Lines
  /// without data, scenario fallbacks, restated months and device groups in no planned class
  /// are logged.
  func account(
    _ extraction: Extraction, _ config: Configuration, reported: Reported, now: Date,
    metadata: Logger.Metadata
  ) -> Accounts {
    let (job, period) = (config.job, config.period)
    let inputs = config.scenario.inputs.inputs
    let plan = Economics.compute(inputs)
    let ledger = PeriodLedger(
      period: period, zone: job.timeZone, measures: extraction.measures, revenue: job.revenue,
      fallbacks: job.fallbacks, plan: plan, facilityFactor: inputs.facilityFactor)
    var diagnostics = ledger.missingLines.map {
      Diagnostic(.warning, .data, "no data", details: ["ledger.line": "\($0)"])
    }
    for (line, amount) in ledger.fallbacksUsed {
      diagnostics.append(
        Diagnostic(
          .note, .data, "scenario fallback",
          details: ["ledger.line": line.rawValue, "ledger.amount_cny": "\(amount)"]))
    }
    let actual = PeriodActuals(
      ledger: ledger, measures: extraction.measures, plan: inputs,
      deviceMatches: config.scenario.deviceMatches, sensitivity: config.scenario.sensitivity)
    let yearEnded = Period.year(period.year).isClosed(at: now, in: job.timeZone)
    let trend = trend(
      extraction, config: config, plan: plan, reported: reported, yearEnded: yearEnded)
    for month in trend.months {
      guard let restatement = month.restatement else { continue }
      diagnostics.append(
        Diagnostic(
          .warning, .data, "restated month",
          details: [
            "restatement.month": "\(month.month)",
            "restatement.figures": restatement.changes.map(\.figure).joined(separator: ","),
          ]))
    }
    for group in actual.unplannedDevices {
      diagnostics.append(
        Diagnostic(
          .warning, .data, "device model in no planned class",
          details: ["device.class": group.deviceClass.rawValue, "device.model": group.model]))
    }
    logger.log(diagnostics, metadata: metadata)
    return Accounts(
      plan: plan, ledger: ledger, actual: actual, trend: trend, diagnostics: diagnostics)
  }

  /// The months of the year to date as the data says (no fallbacks), each beside the plan
  /// prorated and what a run reported of it before, and the full-year forecast.
  func trend(
    _ extraction: Extraction, config: Configuration, plan: Economics, reported: Reported,
    yearEnded: Bool
  ) -> Trend {
    let job = config.job
    let factor = config.scenario.inputs.inputs.facilityFactor
    func ledger(_ month: Period, _ measures: Measures) -> PeriodLedger {
      PeriodLedger(
        period: month, zone: job.timeZone, measures: measures, revenue: job.revenue,
        fallbacks: [], plan: plan, facilityFactor: factor)
    }
    let months = extraction.months.map { month, measures -> Trend.Month in
      let books = ledger(month, measures)
      var restatement: Restatement?
      if let previous = reported[month] {
        let changes = MonthFigures.changes(books, since: previous.figures)
        if !changes.isEmpty {
          restatement = Restatement(
            month: month, previousRunID: previous.runID, previousRecordedAt: previous.recordedAt,
            inputsChanged: previous.inputs != config.inputsSHA256, changes: changes)
        }
      }
      return Trend.Month(
        month: month, ledger: books,
        plan: plan.financials.scaled(by: books.fraction.fraction), restatement: restatement)
    }
    let lastYear = extraction.lastYear.map { $0.map { ledger($0.month, $0.measures) } }
    return Trend(months: months, lastYear: lastYear, plan: plan, yearEnded: yearEnded)
  }
}
