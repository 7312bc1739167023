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
    /// What the run warned of (and noted), in the order logged: the job's config, the data's
    /// coverage and checks, the books.
    public var diagnostics: [Diagnostic]
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

  /// One run: configure, then — holding the job's lock, with the run in the history — extract,
  /// judge, account, report and publish. A failure at any stage is recorded in the history
  /// (cancelled for a stop request) and leaves the previous report in place.
  private func runOnce(_ request: Request, hooks: Hooks) throws -> Outcome {
    let config = try configure(request)
    // The report's folder: resolved, and one this run may replace, before anything is read.
    let publisher = try ReportPublisher(
      job: config.job, period: config.period, explicitOutput: request.outputDirectory,
      workingDirectory: request.workingDirectory, logger: logger)
    try publisher.preflight()
    let session = try RunSession.open(
      config, publisher: publisher, request: request, logger: logger)
    defer { session.release() }
    var progress = RunSession.Progress()
    do {
      return try stages(
        config, session: session, publisher: publisher, request: request,
        hooks: hooks, progress: &progress)
    } catch {
      throw session.recordFailure(error, progress: progress, request: request)
    }
  }

  /// The stages of a run inside its session, each a typed value handed to the next.
  private func stages(
    _ config: Configuration, session: RunSession, publisher: ReportPublisher, request: Request,
    hooks: Hooks, progress: inout RunSession.Progress
  ) throws -> Outcome {
    let (job, period) = (config.job, config.period)
    let (connection, metadata) = (session.connection, session.metadata)
    try hooks.whileLocked?()
    try foldChangeLog(on: connection)
    let extraction = try extractInReadOnlySessions(config, request: request, lock: session.lock)
    try request.cancellation?.checkpoint()
    progress.sourceRows = extraction.sourceRows
    request.progress?.extracted(rowsRead: extraction.sourceRows)
    try keepMonths(extraction, config, runID: session.runID, on: connection, metadata: metadata)
    logger.info(
      "extracted",
      metadata: metadata.merging(["extract.source_rows": "\(extraction.sourceRows)"]) { a, _ in a }
    )
    try hooks.afterExtraction?()

    let judgement = try judge(extraction, config, metadata: metadata)
    request.progress?.checked(judgement.checks)
    progress.judged = judgement.checks
    try judgement.verdict()
    let closed = extraction.months.map(\.month).filter {
      $0.isClosed(at: request.now, in: job.timeZone)
    }
    let accounts = account(
      extraction, config,
      reported: try MonthFigures.lastReported(job: job.name, months: closed, on: connection),
      now: request.now, metadata: metadata)
    let input = reportInput(
      config, extraction, judgement, accounts, request: request, runID: session.runID)
    let report = RunReport.make(input)
    // Every file rendered, the workbook too, before anything is written.
    let files = try report.files(
      workbook: RunReport.workbookFacts(input), wording: config.wording)

    // Written only while the lock still holds: a lost connection means a lost lock (another run
    // may be writing), so nothing is written. After the swap the run no longer stops: the
    // history records what is published.
    _ = try connection.query("SELECT 1")
    let outputs = try publisher.publish(
      files, runID: session.runID, cancellation: request.cancellation, metadata: metadata)
    progress.published = true
    try MonthFigures.record(
      job: job.name,
      months: accounts.trend.months.map {
        ($0.month, $0.ledger, $0.plan, $0.month.isClosed(at: request.now, in: job.timeZone))
      }, runID: session.runID, inputsSHA256: config.inputsSHA256, on: connection)
    try session.history.succeed(
      runID: session.runID, rowsRead: progress.sourceRows, outputs: outputs,
      checks: progress.judged)
    let reportPath = (config.outputDirectory as NSString).appendingPathComponent("report.md")
    logger.info(
      "run succeeded", metadata: metadata.merging(["report.path": "\(reportPath)"]) { a, _ in a })
    return Outcome(
      runID: session.runID, period: period, outputDirectory: config.outputDirectory,
      actual: accounts.actual, checks: judgement.checks, coverage: judgement.coverage,
      trend: accounts.trend, sources: extraction.sources,
      diagnostics: config.job.warnings.map(\.diagnostic) + judgement.diagnostics
        + accounts.diagnostics,
      summaryLine: Self.summaryLine(
        job: job.name, period: period, ledger: accounts.ledger, checks: judgement.checks,
        reportPath: reportPath))
  }

  /// The change log folded into its totals before the snapshot, so the log a run reads stays
  /// short. A fold never changes a fingerprint and never blocks a loader.
  private func foldChangeLog(on connection: PostgresConnection) throws {
    do {
      try PeriodMemory.fold(on: connection)
    } catch let error as PostgresError where error.isMissingSchema {
      throw RunError.schemaMissing
    }
  }

  /// Keeps the months read now for later runs; when changes may go unrecorded (a tracking
  /// trigger missing or off), keeps none and forgets the months kept before for the tables
  /// concerned, saying so.
  private func keepMonths(
    _ extraction: Extraction, _ config: Configuration, runID: String,
    on connection: PostgresConnection, metadata: Logger.Metadata
  ) throws {
    guard !extraction.untracked.isEmpty else {
      try PeriodMemory.store(
        extraction.fresh, runID: runID, zone: config.job.timeZone, on: connection)
      return
    }
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

  /// Stage 5's input: what the report is made of, every figure already computed.
  func reportInput(
    _ config: Configuration, _ extraction: Extraction, _ judgement: Judgement,
    _ accounts: Accounts, request: Request, runID: String
  ) -> RunReportInput {
    let (job, period, scenario) = (config.job, config.period, config.scenario)
    return RunReportInput(
      subject: RunSubject(
        jobName: job.name, jobPath: job.project.relative(job.path), grain: job.grain,
        timeZone: job.timeZone,
        extract: job.extract, revenue: job.revenue, scenarioName: scenario.name,
        inputs: scenario.inputs, sensitivity: scenario.sensitivity),
      period: period, plan: accounts.plan, actual: accounts.actual,
      measures: extraction.measures, coverage: judgement.coverage, checks: judgement.checks,
      trend: accounts.trend, sources: extraction.sources, inputFiles: config.inputFiles,
      toolVersion: request.toolVersion, runID: runID, generatedAt: request.now,
      periodIsOpen: !period.isClosed(at: request.now, in: job.timeZone),
      wording: config.wording, shardedReading: extraction.shardedReading)
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
