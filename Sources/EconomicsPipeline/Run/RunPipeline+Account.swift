import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

// MARK: - Stage 4: account

extension RunPipeline {
  /// Stage 4: the months of the year to date as the data says (no fallbacks), each beside the
  /// plan prorated and what a run reported of it before, and the full-year forecast.
  func trend(
    _ extraction: Extraction, config: Configuration, plan: Economics, now: Date,
    on connection: PostgresConnection
  ) throws -> Trend {
    let job = config.job
    let factor = config.scenario.inputs.inputs.facilityFactor
    func ledger(_ month: Period, _ measures: Measures) -> PeriodLedger {
      PeriodLedger(
        period: month, zone: job.timeZone, measures: measures, revenue: job.revenue,
        fallbacks: [], plan: plan, facilityFactor: factor)
    }
    let closed = extraction.months.map(\.month).filter { $0.isClosed(at: now, in: job.timeZone) }
    let reported = try MonthFigures.lastReported(job: job.name, months: closed, on: connection)
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
    return Trend(months: months, lastYear: lastYear, plan: plan)
  }
}
