import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

/// The version the reports and the run history carry.
public enum MetaHospitalVersion {
  /// Semantic version of the tool.
  public static let current = "0.4.0"
}

/// `metahospital run`: job file → validated config → period → lock → extracted measures and
/// checks (one consistent snapshot) → inputs → economics → report → files, atomically.
///
/// A run is idempotent for (job, period): it replaces the same outputs. A run of the same job
/// and period already in progress makes it exit 75 before touching anything. A failure at any
/// later step is recorded in the run history and leaves the previous report exactly as it was.
public struct RunPipeline {
  /// What to run.
  public struct Request: Sendable {
    /// The job file.
    public var jobPath: String
    /// The period as typed (`2026-10`), or nil for the last closed period of the job's grain.
    public var period: String?
    /// The output folder, or nil for the job's `output`.
    public var outputDirectory: String?
    /// The database.
    public var database: DatabaseSettings
    /// The project root, which every path in the job and scenario files is relative to; nil
    /// (what the command line uses) for the folder holding `Pipelines/` above the job file.
    public var root: URL?
    /// The folder that a relative `jobPath` and `outputDirectory` (`--out`) are relative to.
    public var workingDirectory: URL
    /// Filled in as the run goes (the job, the period, rows read, checks), so that what
    /// reports on a run — the metrics file — knows as much of a failed run as there is.
    public var progress: RunProgress?
    /// The clock.
    public var now: Date
    /// Database connections that run the SQL files side by side, all on one snapshot.
    public var connections: Int
    /// Read every month again, even those whose rows have not changed since they were kept.
    public var recompute: Bool
    /// A stop request (SIGTERM, SIGINT): cancels the queries, and the run records `cancelled`
    /// and exits 75 unless its report is already swapped in.
    public var cancellation: RunCancellation?
    /// After the run, rebuild the reports of the restated months (a monthly job only): into the
    /// job's output folder for each month, or beside `outputDirectory` when it is given.
    public var rebuildRestated: Bool
    /// The report's language from the command line (`--language`); nil for the job's, else
    /// the scenario's, else English.
    public var language: ReportLanguage?
    /// The tool's version as the history and the report record it: the command line's names
    /// the commit the binary was built from (`0.4.0 (commit 1a2b3c4d5e6f)`).
    public var toolVersion: String

    /// Creates a request.
    public init(
      jobPath: String, period: String?, outputDirectory: String? = nil, database: DatabaseSettings,
      root: URL? = nil,
      workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
      now: Date = Date(),
      connections: Int = 2, recompute: Bool = false, rebuildRestated: Bool = false,
      cancellation: RunCancellation? = nil, progress: RunProgress? = nil,
      language: ReportLanguage? = nil, toolVersion: String = MetaHospitalVersion.current
    ) {
      self.toolVersion = toolVersion
      self.workingDirectory = workingDirectory
      self.progress = progress
      self.language = language
      self.connections = connections
      self.recompute = recompute
      self.rebuildRestated = rebuildRestated
      self.cancellation = cancellation
      self.jobPath = jobPath
      self.period = period
      self.outputDirectory = outputDirectory
      self.database = database
      self.root = root
      self.now = now
    }
  }

  /// Points where tests can interfere with a run (e.g. stop the database), nil in production.
  public struct Hooks {
    /// Called after extraction and checks, before the report is written.
    public var afterExtraction: (() throws -> Void)?
    /// Called while the run holds its lock, before anything is extracted.
    public var whileLocked: (() throws -> Void)?

    /// No hooks.
    public init(
      afterExtraction: (() throws -> Void)? = nil, whileLocked: (() throws -> Void)? = nil
    ) {
      self.afterExtraction = afterExtraction
      self.whileLocked = whileLocked
    }
  }

  /// What a run produced.
  public struct Outcome: Sendable {
    /// The run's id in `pipeline.runs`.
    public var runID: String
    /// The period.
    public var period: Period
    /// The folder written.
    public var outputDirectory: String
    /// The period's economics from data (its ledger, annualized figures, model on data).
    public var actual: PeriodActuals
    /// The checks.
    public var checks: [CheckOutcome]
    /// How far each source table reaches into the period.
    public var coverage: DataCoverage
    /// The year to date month by month, with restatements and the forecast.
    public var trend: Trend
    /// What each SQL file read, and how many months it reused.
    public var sources: [SourceRead]
    /// The monthly reports rebuilt because their month was restated (`rebuildRestated`).
    public var rebuilt: [Outcome] = []
    /// The one line the command prints.
    public var summaryLine: String

    /// The period's ledger.
    public var ledger: PeriodLedger { actual.ledger }
  }

  // MARK: - Stages

  let logger: Logger

  /// Creates a pipeline that logs to `logger`.
  public init(logger: Logger) { self.logger = logger }

  /// Runs the job, then (with `rebuildRestated`) the restated months' own reports. Throws
  /// `ConfigError` (78), `PeriodError` (64), `RunError`, `PostgresError`.
  public func run(_ request: Request, hooks: Hooks = Hooks()) throws -> Outcome {
    defer { request.cancellation?.finish() }
    var outcome = try runOnce(request, hooks: hooks)
    guard request.rebuildRestated, outcome.period.grain == .month else { return outcome }
    for month in outcome.trend.months
    where month.restatement != nil && month.month != outcome.period {
      var again = request
      again.period = month.month.description
      again.rebuildRestated = false
      again.progress = nil  // the metrics report the run asked for
      again.outputDirectory = request.outputDirectory.map {
        ((($0 as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(
          month.month.description)
      }
      logger.notice(
        "rebuilding a restated month's report", metadata: ["run.period": "\(month.month)"])
      outcome.rebuilt.append(try runOnce(again, hooks: Hooks()))
    }
    return outcome
  }

  private func runOnce(_ request: Request, hooks: Hooks) throws -> Outcome {
    let config = try configure(request)
    let (job, period) = (config.job, config.period)
    let metadata: Logger.Metadata = ["run.job": "\(job.name)", "run.period": "\(period)"]
    // The report's folder: resolved, and one this run may replace, before anything is read.
    let publisher = try ReportPublisher(
      job: job, period: period, explicitOutput: request.outputDirectory,
      workingDirectory: request.workingDirectory, logger: logger)
    try publisher.preflight()

    // MARK: lock (taken over from a run whose process is gone), then record the start
    let lock = RunLock(job: job.name, period: period)
    let connection = try request.database.connect(logger: logger)
    try? connection.setApplicationName(lock.applicationName(job: job.name, period: period))
    guard try lock.acquire(on: connection, logger: logger) else {
      throw RunError.locked(job: job.name, period: period.description)
    }
    defer { _ = try? connection.advisoryUnlock(key: lock.key) }
    try request.cancellation?.checkpoint()
    let history = RunHistory(connection: connection)
    let runID: String
    do {
      try publisher.prepare(connection: connection, history: history, metadata: metadata)
      runID = try history.start(
        job: job.name, period: period,
        inputs: Dictionary(
          config.inputFiles.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a }),
        toolVersion: request.toolVersion)
    } catch let error as PostgresError where error.isMissingSchema {
      throw RunError.schemaMissing
    }
    logger.info("run started", metadata: metadata.merging(["run.id": "\(runID)"]) { a, _ in a })

    var sourceRows: Int64 = 0
    var published = false
    // The checks as judged, recorded with the run's outcome whatever it is.
    var judged: [CheckOutcome] = []
    do {
      try hooks.whileLocked?()
      // The change log folded into its totals before the snapshot: the log a run reads stays
      // short. A fold never changes a fingerprint and never blocks a loader.
      do {
        try PeriodMemory.fold(on: connection)
      } catch let error as PostgresError where error.isMissingSchema {
        throw RunError.schemaMissing
      }
      let extraction = try extractInReadOnlySessions(config, request: request, lock: lock)
      try request.cancellation?.checkpoint()
      sourceRows = extraction.sourceRows
      request.progress?.extracted(rowsRead: sourceRows)
      if extraction.untracked.isEmpty {
        try PeriodMemory.store(
          extraction.fresh, runID: runID, zone: job.timeZone, on: connection)
      } else {
        // Changes may go unrecorded: every month was read again, and none is kept, nor any kept
        // before trusted again for the tables concerned.
        for table in extraction.untracked {
          logger.warning(
            "change tracking is off: every month read again",
            metadata: metadata.merging([
              "tracking.table": "\(table.table)", "tracking.problem": "\(table.problem)",
            ]) { a, _ in a })
        }
        try PeriodMemory.forget(
          sources: Set(extraction.untracked.map(\.source)), runID: runID, on: connection)
      }
      logger.info(
        "extracted",
        metadata: metadata.merging(["extract.source_rows": "\(sourceRows)"]) { a, _ in a })
      try hooks.afterExtraction?()

      // MARK: judge the data: is there any, does it reach the end, do the checks pass
      let coverage = DataCoverage(period: period, measures: extraction.measures)
      guard coverage.hasAnyData else {
        let (start, _) = period.bounds(in: job.timeZone)
        throw RunError.noData(
          period: period.description,
          firstDay: String(NumberFormat.timestamp(start, in: job.timeZone).prefix(10)),
          lastDay: coverage.periodLastDay.description, zone: job.timeZone.identifier)
      }
      for source in coverage.incomplete {
        logger.warning(
          "data stops before the period's end",
          metadata: metadata.merging([
            "coverage.source": "\(source.name)",
            "coverage.last_day": "\(source.lastDay?.description ?? "none")",
            "coverage.period_last_day": "\(coverage.periodLastDay)",
          ]) { a, _ in a })
      }
      let outcomes = extraction.checkResults.map {
        CheckOutcome(
          result: $0, threshold: job.threshold(for: $0.checkID))
      }
      for outcome in outcomes where outcome.status != .pass {
        logger.warning(
          "data-quality check",
          metadata: metadata.merging(["check.result": "\(outcome.line)"]) { a, _ in a })
      }
      request.progress?.checked(outcomes)
      judged = outcomes
      let failed = outcomes.filter { $0.status == .fail }
      if !failed.isEmpty { throw RunError.checksFailed(failed.map(\.line)) }

      // MARK: the ledger, then the economics from it, then the report
      let plan = Economics.compute(config.scenario.inputs.inputs)
      let ledger = PeriodLedger(
        period: period, zone: job.timeZone, measures: extraction.measures, revenue: job.revenue,
        fallbacks: job.fallbacks, plan: plan,
        facilityFactor: config.scenario.inputs.inputs.facilityFactor)
      for line in ledger.missingLines {
        logger.warning(
          "no data", metadata: metadata.merging(["ledger.line": "\(line)"]) { a, _ in a })
      }
      for (line, amount) in ledger.fallbacksUsed {
        logger.notice(
          "scenario fallback",
          metadata: metadata.merging([
            "ledger.line": "\(line.rawValue)", "ledger.amount_cny": "\(amount)",
          ]) { a, _ in a })
      }
      let actual = PeriodActuals(
        ledger: ledger, measures: extraction.measures, plan: config.scenario.inputs.inputs,
        deviceMatches: config.scenario.deviceMatches, sensitivity: config.scenario.sensitivity)

      // MARK: the year to date month by month, and what was reported of it before
      let trend = try trend(
        extraction, config: config, plan: plan, now: request.now, on: connection)
      for month in trend.months {
        guard let restatement = month.restatement else { continue }
        logger.warning(
          "restated month",
          metadata: metadata.merging([
            "restatement.month": "\(month.month)",
            "restatement.figures": "\(restatement.changes.map(\.figure).joined(separator: ","))",
          ]) { a, _ in a })
      }
      for group in actual.unplannedDevices {
        logger.warning(
          "device model in no planned class",
          metadata: metadata.merging([
            "device.class": "\(group.deviceClass)", "device.model": "\(group.model)",
          ]) { a, _ in a })
      }
      let report = RunReport.make(
        RunReportInput(
          subject: RunSubject(
            jobName: job.name, jobPath: job.path, grain: job.grain, timeZone: job.timeZone,
            extract: job.extract, revenue: job.revenue, scenarioName: config.scenario.name,
            inputs: config.scenario.inputs, sensitivity: config.scenario.sensitivity),
          period: period, plan: plan, actual: actual,
          measures: extraction.measures, coverage: coverage, checks: outcomes, trend: trend,
          sources: extraction.sources, inputFiles: config.inputFiles,
          toolVersion: request.toolVersion, runID: runID, generatedAt: request.now,
          periodIsOpen: !period.isClosed(at: request.now, in: job.timeZone),
          wording: config.wording))
      let files = report.renderedFiles

      // MARK: write, only while the lock still holds
      // A lost connection means a lost lock: another run may be writing, so write nothing.
      _ = try connection.query("SELECT 1")
      let outputDirectory = config.outputDirectory
      // After the swap the run no longer stops: the history records what is published.
      let outputs = try publisher.publish(
        files, runID: runID, cancellation: request.cancellation, metadata: metadata)
      published = true
      try MonthFigures.record(
        job: job.name,
        months: trend.months.map {
          ($0.month, $0.ledger, $0.plan, $0.month.isClosed(at: request.now, in: job.timeZone))
        }, runID: runID, inputsSHA256: config.inputsSHA256, on: connection)
      try history.succeed(runID: runID, rowsRead: sourceRows, outputs: outputs, checks: judged)
      let reportPath = (outputDirectory as NSString).appendingPathComponent("report.md")
      logger.info(
        "run succeeded", metadata: metadata.merging(["report.path": "\(reportPath)"]) { a, _ in a })
      return Outcome(
        runID: runID, period: period, outputDirectory: outputDirectory, actual: actual,
        checks: outcomes, coverage: coverage, trend: trend, sources: extraction.sources,
        summaryLine: Self.summaryLine(
          job: job.name, period: period, ledger: ledger, checks: outcomes, reportPath: reportPath))
    } catch {
      // Stopped by a signal: its queries were cancelled; record that, not their errors.
      let cancelled =
        published ? nil : request.cancellation?.cancelReason.map { RunError.cancelled(reason: $0) }
      let error = cancelled ?? error
      let message = ErrorReporting.message(for: error)
      func record(_ history: RunHistory) throws {
        if cancelled != nil {
          try history.cancel(runID: runID, rowsRead: sourceRows, reason: message, checks: judged)
        } else {
          try history.fail(runID: runID, rowsRead: sourceRows, error: message, checks: judged)
        }
      }
      do {
        do {
          try record(history)
        } catch {
          // The run's own connection may be what failed: record it on a fresh one.
          try record(RunHistory(connection: request.database.connect(logger: logger)))
        }
      } catch let recordError {
        logger.error(
          "could not record the failure in pipeline.runs",
          metadata: metadata.merging(["run.id": "\(runID)", "error": "\(recordError)"]) { a, _ in a
          })
      }
      throw error
    }
  }

  /// The advisory lock of a job and period: the first 8 bytes of a SHA-256 of both.
  public static func lockKey(job: String, period: Period) -> Int64 {
    RunLock(job: job, period: period).key
  }

  /// `monthly-economics 2026-10: does not pay: margin -23,221.72 CNY (effective revenue …, cost …); checks: 13 pass, 0 warn; report …`.
  static func summaryLine(
    job: String, period: Period, ledger l: PeriodLedger, checks: [CheckOutcome],
    reportPath: String
  ) -> String {
    let money = l.financials
    let warned = checks.filter { $0.status == .warn }.count
    let verdict = money.marginCNY < 0 ? "does not pay" : "pays"
    let amounts = NumberFormat.amountsCNY([
      money.marginCNY, money.effectiveRevenueCNY, money.totalCostCNY,
    ])
    return "\(job) \(period): \(verdict): margin \(amounts[0]) "
      + "(effective revenue \(amounts[1]), cost \(amounts[2]), "
      + "\(NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0)) virtual visits); "
      + "checks: \(checks.count - warned) pass, \(warned) warn; report \(reportPath)"
  }
}
