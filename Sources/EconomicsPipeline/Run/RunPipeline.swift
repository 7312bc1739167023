import Foundation
import HospitalEconomics
import Logging
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

  /// Stage 1: everything read from files, before any connection.
  struct Configuration {
    var job: JobConfig
    var period: Period
    var scenario: Scenario
    var extractFiles: [(source: Measures.Source, file: SQLFile)]
    var checkFiles: [SQLFile]
    var inputFiles: [(path: String, sha256: String)]
    var outputDirectory: String
    /// The words of the report's language (`LanguageChoice`).
    var wording: Wording

    /// One checksum of every input file: what a month's recorded figures came from.
    var inputsSHA256: String {
      SHA256.hex(Array(inputFiles.map { "\($0.path) \($0.sha256)" }.joined(separator: "\n").utf8))
    }
  }

  /// Stage 2: what the period's SQL files returned, in one snapshot: the period's measures and
  /// checks, and each month of the year to date (the trend).
  struct Extraction {
    var measures: Measures
    var months: [(month: Period, measures: Measures)]
    /// Last year's months, when the year to date is not the whole year and last year had data.
    var lastYear: [(month: Period, measures: Measures)]?
    var checkResults: [CheckResult]
    var sources: [SourceRead]
    var sourceRows: Int64
    /// Months of monthly files read now, to keep for later runs.
    var fresh: [(key: MonthKey, result: QueryResult, fingerprint: String)]
    /// Hospital tables whose changes would go unrecorded (a tracking trigger missing or
    /// disabled): when any, no month was reused and none is kept.
    var untracked: [SourceChanges.Untracked] = []
  }

  private let logger: Logger

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
        ledger: ledger, measures: extraction.measures, scenario: config.scenario)

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
          job: job, period: period, scenario: config.scenario, plan: plan, actual: actual,
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

  /// Stage 1: the job, the period, the scenario and the SQL files, checksummed.
  func configure(_ request: Request) throws -> Configuration {
    let job = try JobConfig.load(path: request.jobPath, root: request.root)
    request.progress?.loaded(job)
    let period =
      try request.period.map { text throws(PeriodError) in try Period(parsing: text) }
      ?? Period.lastClosed(job.grain, before: request.now, in: job.timeZone)
    guard period.grain == job.grain else {
      throw PeriodError.wrongGrain(period: period, job: job.name, grain: job.grain)
    }
    request.progress?.resolved(period)
    let scenario = try Scenario.load(path: job.scenarioPath, in: job.project)
    let language = LanguageChoice.resolve(
      flag: request.language, job: job.language, scenario: scenario.language)
    let wording = try WordingFile.load(language.language, root: job.project.url)
    let extractFiles = try Measures.Source.allCases.map { source throws(RunError) in
      (source, try SQLFile(path: job.extract[source] ?? "", root: job.project.url))
    }
    let checkFiles = try job.checkFiles.map { path throws(RunError) in
      try SQLFile(path: path, root: job.project.url)
    }
    // Named as the project names them, so the checksum is the same from any working folder.
    var inputFiles: [(path: String, sha256: String)] = []
    for path in [job.path] + scenario.files {
      let data = FileManager.default.contents(atPath: path) ?? Data()
      inputFiles.append((job.project.relative(path), SHA256.hex(data)))
    }
    inputFiles +=
      extractFiles.map { ($0.1.path, $0.1.sha256) } + checkFiles.map { ($0.path, $0.sha256) }
    return Configuration(
      job: job, period: period, scenario: scenario, extractFiles: extractFiles,
      checkFiles: checkFiles, inputFiles: inputFiles,
      outputDirectory: request.outputDirectory
        ?? job.project.resolve(job.outputDirectory(for: period)),
      wording: wording)
  }

  /// Stage 2 in sessions of its own: read-only from their start (`default_transaction_read_only`),
  /// cancelled by a stop request, closed as soon as the files have run. The run's own
  /// connection keeps the lock and writes the history and the months kept.
  func extractInReadOnlySessions(_ config: Configuration, request: Request, lock: RunLock) throws
    -> Extraction
  {
    let queries = request.database.forQueries(cancellation: request.cancellation)
    let leader = try queries.connect(logger: logger)
    try? leader.setApplicationName(
      lock.applicationName(job: config.job.name, period: config.period))
    return try extract(config, leader: leader, database: queries, request: request)
  }

  /// Stage 2: the SQL files for the period and the months of its year to date, in one read-only
  /// snapshot. Monthly files (those that read the fact tables) run month by month, and a month
  /// whose rows have not changed since a run kept its result is not read again; the period's
  /// measures and checks compose its months. The other files read their small tables directly,
  /// for the period and for each month of the trend.
  func extract(
    _ config: Configuration, leader: PostgresConnection, database: DatabaseSettings,
    request: Request
  ) throws -> Extraction {
    let zone = config.job.timeZone
    let period = config.period
    let trendMonths = period.yearToDate
    let periodMonths = period.months
    let directExtracts = config.extractFiles.filter { !Measures.monthlySources.contains($0.source) }
    let monthlyChecks = config.checkFiles.filter { $0.dependencies.isMonthly }
    let directChecks = config.checkFiles.filter { !$0.dependencies.isMonthly }
    // Every file of a measure runs for each month of the trend; the monthly ones are also the
    // period's (composed), the direct ones run again for a longer period as a whole.
    var wanted: [MonthKey: SQLFile] = [:]
    for (_, file) in config.extractFiles {
      for month in trendMonths { wanted[MonthKey(file: file.path, month: month)] = file }
    }
    // A check compared across months runs for every month of the year to date: the year to date
    // is checked as one period (an id in January and in March fails March's run, the quarter's
    // and the year's alike). The other monthly checks run for the period's months.
    for file in monthlyChecks {
      let months = AcrossMonths.parse(file.text).isEmpty ? periodMonths : trendMonths
      for month in months { wanted[MonthKey(file: file.path, month: month)] = file }
    }
    let cacheable = Array(Set(wanted.values.filter { $0.dependencies.isKeepable }))
    let recompute = request.recompute
    // Last year's months feed the forecast's seasonality when the year to date is not complete.
    let lastYearMonths = trendMonths.count < 12 ? Period.year(period.year - 1).months : []
    var hasLastYear = false

    typealias Prepared = (
      fingerprints: [MonthKey: String], reused: [MonthKey: QueryResult], tasks: [QueryTask],
      untracked: [SourceChanges.Untracked]
    )
    let runner = SnapshotQueryRunner(
      leader: leader, database: database, connections: request.connections,
      applicationName: RunLock(job: config.job.name, period: period).applicationName(
        job: config.job.name, period: period),
      logger: logger)
    let (prepared, results, crossMonth): (Prepared, [QueryResult], [String: SharedIDs]) =
      try runner.run(
        zone: zone,
        prepare: { leader in
          if let first = lastYearMonths.first, let last = lastYearMonths.last {
            let (start, _) = first.bounds(in: zone)
            let (_, end) = last.bounds(in: zone)
            hasLastYear =
              try leader.query(
                """
                SELECT EXISTS (
                  SELECT 1 FROM hospital.visits WHERE started_at >= \(start) AND started_at < \(end)
                ) AS found
                """
              ).first?.decode(Bool.self, "found") ?? false
          }
          if hasLastYear {
            for (_, file) in config.extractFiles {
              for month in lastYearMonths {
                wanted[MonthKey(file: file.path, month: month)] = file
              }
            }
          }
          let untracked = try SourceChanges.untracked(on: leader)
          let fingerprints = PeriodMemory.fingerprints(
            files: cacheable, months: (hasLastYear ? lastYearMonths : []) + trendMonths,
            zone: zone, changes: try SourceChanges.read(on: leader))
          let reused =
            recompute || !untracked.isEmpty
            ? [:]
            : try PeriodMemory.reusable(
              fingerprints.filter { wanted[$0.key] != nil }, files: cacheable, zone: zone,
              on: leader)
          var tasks: [QueryTask] = []
          for (key, file) in wanted.sorted(by: {
            ($0.key.month, $0.key.file) < ($1.key.month, $1.key.file)
          })
          where reused[key] == nil {
            tasks.append(QueryTask(file: file, period: key.month))
          }
          if period.grain != .month {
            for (_, file) in directExtracts {
              tasks.append(QueryTask(file: file, period: period))
            }
          }
          for file in directChecks { tasks.append(QueryTask(file: file, period: period)) }
          let prepared: Prepared = (fingerprints, reused, tasks, untracked)
          return (prepared, tasks)
        },
        finish: { leader, prepared, results in
          guard trendMonths.count > 1 else { return (prepared, results, [:]) }
          var byKey = prepared.reused
          for (task, result) in zip(prepared.tasks, results) {
            byKey[MonthKey(file: task.file.path, month: task.period)] = result
          }
          let shared = try Self.idsSharedAcrossMonths(
            checks: monthlyChecks, months: trendMonths, results: byKey,
            zone: zone, on: leader)
          return (prepared, results, shared)
        })

    // Every monthly file's result for each month it was needed: reused or read now.
    var byKey = prepared.reused
    var fresh: [(key: MonthKey, result: QueryResult, fingerprint: String)] = []
    var direct: [String: [Period: QueryResult]] = [:]
    for (task, result) in zip(prepared.tasks, results) {
      let key = MonthKey(file: task.file.path, month: task.period)
      if wanted[key] != nil {
        byKey[key] = result
        if task.file.dependencies.isKeepable, let fingerprint = prepared.fingerprints[key] {
          fresh.append((key, result, fingerprint))
        }
      } else {
        direct[task.file.path, default: [:]][task.period] = result
      }
    }

    // The months of the year to date, then the period composed from its months.
    func monthMeasures(_ month: Period) throws -> Measures {
      var measures = Measures()
      for (source, file) in config.extractFiles {
        if let result = byKey[MonthKey(file: file.path, month: month)] {
          try measures.absorb(source, result)
        }
      }
      return measures
    }
    let months: [(month: Period, measures: Measures)] = try trendMonths.map {
      ($0, try monthMeasures($0))
    }
    let lastYear: [(month: Period, measures: Measures)]? =
      hasLastYear ? try lastYearMonths.map { ($0, try monthMeasures($0)) } : nil
    let measures: Measures
    if period.grain == .month, let only = months.last {
      measures = only.measures
    } else {
      var directMeasures = Measures()
      for (source, file) in directExtracts {
        if let result = direct[file.path]?[period] { try directMeasures.absorb(source, result) }
      }
      measures = Measures.composing(
        months: months.filter { periodMonths.contains($0.month) }.map(\.measures),
        direct: directMeasures)
    }

    let checkResults = try Self.composedChecks(
      config.checkFiles, months: periodMonths, results: byKey,
      direct: direct.compactMapValues { $0[period] },
      shared: crossMonth)

    // What each file read, for the report: months read now and months reused.
    var sources: [SourceRead] = []
    let covered = Self.sourceRows(measures)
    for (source, file) in config.extractFiles {
      sources.append(
        read(
          file, measure: source.rawValue, byKey: byKey, direct: direct,
          sourceRows: covered[source.rawValue]))
    }
    let extractPaths = Set(config.extractFiles.map(\.file.path))
    for file in config.checkFiles where !extractPaths.contains(file.path) {
      sources.append(read(file, measure: "check", byKey: byKey, direct: direct, sourceRows: nil))
    }
    return Extraction(
      measures: measures, months: months, lastYear: lastYear, checkResults: checkResults,
      sources: sources,
      sourceRows: covered.values.reduce(0, +), fresh: fresh, untracked: prepared.untracked)
  }

  /// Ids that two months of the year to date share, for a check declared `-- across months:`:
  /// how many extra copies (one failing row per extra month, as one scan of the months would
  /// count them) and the lowest of those ids.
  struct SharedIDs: Sendable {
    var extra: Int64
    var samples: [String]
  }

  /// Compares the months' ids where their ranges overlap (each month's check row carries the
  /// ranges its ids fall in), for every check of `checks` declared across months.
  static func idsSharedAcrossMonths(
    checks: [SQLFile], months: [Period], results: [MonthKey: QueryResult],
    zone: TimeZone, on leader: PostgresConnection
  ) throws -> [String: SharedIDs] {
    var shared: [String: SharedIDs] = [:]
    guard let first = months.first, let last = months.last else { return shared }
    let (start, _) = first.bounds(in: zone)
    let (_, end) = last.bounds(in: zone)
    for file in checks {
      for across in AcrossMonths.parse(file.text) {
        let ranges = try months.map { month in
          guard let result = results[MonthKey(file: file.path, month: month)] else {
            return [ClosedRange<Int64>]()
          }
          return try CheckResult.results(from: result).first { $0.checkID == across.checkID }?
            .idRanges ?? []
        }
        let overlaps = AcrossMonths.overlaps(ranges)
        guard !overlaps.isEmpty else { continue }
        let row = try leader.query(
          across.query(ranges: overlaps, from: start, to: end, zone: zone, origin: file.path)
        ).first
        shared[across.checkID] = SharedIDs(
          extra: try row?.decode(Int64.self, "extra") ?? 0,
          samples: PostgresTextArray.parse(try row?.decode(String?.self, "sample_ids")))
      }
    }
    return shared
  }

  /// The period's check results, in the job's order: each monthly check composed over the
  /// period's months (with the ids the months share), the others as they ran for the period.
  static func composedChecks(
    _ files: [SQLFile], months: [Period], results: [MonthKey: QueryResult],
    direct: [String: QueryResult], shared: [String: SharedIDs]
  ) throws -> [CheckResult] {
    var composed: [CheckResult] = []
    for file in files {
      guard file.dependencies.isMonthly else {
        if let result = direct[file.path] { composed += try CheckResult.results(from: result) }
        continue
      }
      var perCheck: [String: [CheckResult]] = [:]
      var order: [String] = []
      for month in months {
        guard let result = results[MonthKey(file: file.path, month: month)] else { continue }
        for check in try CheckResult.results(from: result) {
          if perCheck[check.checkID] == nil { order.append(check.checkID) }
          perCheck[check.checkID, default: []].append(check)
        }
      }
      for id in order {
        guard var check = CheckResult.composing(perCheck[id] ?? []) else { continue }
        if let across = shared[id] {
          check.failing += across.extra
          check.sampleIDs = Array((check.sampleIDs + across.samples).prefix(5))
        }
        composed.append(check)
      }
    }
    return composed
  }

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

  /// One file's share of the run.
  private func read(
    _ file: SQLFile, measure: String, byKey: [MonthKey: QueryResult],
    direct: [String: [Period: QueryResult]], sourceRows: Int64?
  ) -> SourceRead {
    let results =
      byKey.filter { $0.key.file == file.path }.map(\.value)
      + (direct[file.path]?.values.map { $0 } ?? [])
    return SourceRead(
      file: file.path, measure: measure,
      rowsReturned: results.map(\.rows.count).reduce(0, +), sourceRows: sourceRows,
      durationMS: results.map(\.durationMS).reduce(0, +),
      runs: results.filter { !$0.reused }.count, reused: results.filter(\.reused).count)
  }

  /// The advisory lock of a job and period: the first 8 bytes of a SHA-256 of both.
  public static func lockKey(job: String, period: Period) -> Int64 {
    RunLock(job: job, period: period).key
  }

  /// Source rows each measure's aggregates summarize.
  static func sourceRows(_ m: Measures) -> [String: Int64] {
    [
      "visits": m.visitsByChannel.values.map(\.visits).reduce(0, +),
      "charges": m.charges.map(\.count).reduce(0, +),
      "payroll": m.payroll.map(\.personMonths).reduce(0, +),
      "staff": m.staff.map(\.people).reduce(0, +),
      "energy": m.energy.map(\.groupHours).reduce(0, +),
      "network": m.network.map(\.hours).reduce(0, +),
      "storage": m.storage.map(\.objects).reduce(0, +),
      "capital": m.capital.map(\.items).reduce(0, +),
      "contracts": m.contracts.map(\.contracts).reduce(0, +),
      "offline_activity": m.admissions + m.surgeries,
    ]
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
