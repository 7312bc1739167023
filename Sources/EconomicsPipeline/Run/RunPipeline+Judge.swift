import Foundation
import Logging
import PipelineModel
import ReportRendering

// MARK: - Stage 3: judge

extension RunPipeline {
  /// Stage 3: what the data says of itself — how far each source reaches into the period, and
  /// each check judged by the job's thresholds.
  struct Judgement {
    /// How far each source reaches.
    var coverage: DataCoverage
    /// Each check with its verdict, in the job's order.
    var checks: [CheckOutcome]
    /// What the run warns of: sources that stop before the period's end, checks that warn or fail.
    var diagnostics: [Diagnostic]

    /// The checks that fail the run.
    var failed: [CheckOutcome] { checks.filter { $0.status == .fail } }
  }

  /// Judges the extraction: a period without any data stops here (65); sources that stop
  /// before the period's end and checks that do not pass are logged as warnings. Failed checks
  /// are in the judgement; ``Judgement/verdict()`` throws for them.
  func judge(_ extraction: Extraction, _ config: Configuration, metadata: Logger.Metadata)
    throws(RunError) -> Judgement
  {
    let (job, period) = (config.job, config.period)
    let coverage = DataCoverage(period: period, measures: extraction.measures)
    guard coverage.hasAnyData else {
      let (start, _) = period.bounds(in: job.timeZone)
      throw .noData(
        period: period.description,
        firstDay: String(NumberFormat.timestamp(start, in: job.timeZone).prefix(10)),
        lastDay: coverage.periodLastDay.description, zone: job.timeZone.identifier)
    }
    var diagnostics = coverage.incomplete.map { source in
      Diagnostic(
        .warning, .data, "data stops before the period's end",
        details: [
          "coverage.source": source.name,
          "coverage.last_day": source.lastDay?.description ?? "none",
          "coverage.period_last_day": coverage.periodLastDay.description,
        ])
    }
    let checks = extraction.checkResults.map {
      CheckOutcome(result: $0, threshold: job.threshold(for: $0.checkID))
    }
    for outcome in checks where outcome.status != .pass {
      diagnostics.append(
        Diagnostic(.warning, .data, "data-quality check", details: ["check.result": outcome.line]))
    }
    logger.log(diagnostics, metadata: metadata)
    return Judgement(coverage: coverage, checks: checks, diagnostics: diagnostics)
  }
}

extension RunPipeline.Judgement {
  /// Throws when a check fails the run (65), naming each.
  func verdict() throws(RunError) {
    if !failed.isEmpty { throw .checksFailed(failed.map(\.line)) }
  }
}
