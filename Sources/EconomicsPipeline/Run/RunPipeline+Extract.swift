import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

// MARK: - Stage 2: extract

extension RunPipeline {
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
    /// On a coordinator, how its shards were read (no snapshot spans servers); nil elsewhere.
    var shardedReading: ShardedReading? = nil
  }

  /// Which file runs for which month, before anything is read: every file of a measure for each
  /// month of the year to date (the monthly ones are also the period's, composed; the direct ones
  /// run again for a longer period as a whole), a check compared across months for every month
  /// of the year to date (the year to date is checked as one period: an id in January and in
  /// March fails March's run, the quarter's and the year's alike), the other monthly checks for
  /// the period's months, and last year's months for the forecast when last year has data.
  struct ExtractionPlan {
    var trendMonths: [Period]
    var periodMonths: [Period]
    /// Last year's months, when the year to date is not the whole year.
    var lastYearMonths: [Period]
    var directExtracts: [(source: Measures.Source, file: SQLFile)]
    var monthlyChecks: [SQLFile]
    var directChecks: [SQLFile]
    /// Each monthly file's months.
    var wanted: [MonthKey: SQLFile]
    /// Whether last year has data: its months are wanted too.
    var hasLastYear = false

    init(_ config: Configuration) {
      let period = config.period
      trendMonths = period.yearToDate
      periodMonths = period.months
      lastYearMonths = trendMonths.count < 12 ? Period.year(period.year - 1).months : []
      directExtracts = config.extractFiles.filter {
        !Measures.monthlySources.contains($0.source)
      }
      monthlyChecks = config.checkFiles.filter { $0.dependencies.isMonthly }
      directChecks = config.checkFiles.filter { !$0.dependencies.isMonthly }
      wanted = [:]
      for (_, file) in config.extractFiles {
        for month in trendMonths { wanted[MonthKey(file: file.path, month: month)] = file }
      }
      for file in monthlyChecks {
        let months = AcrossMonths.parse(file.text).isEmpty ? periodMonths : trendMonths
        for month in months { wanted[MonthKey(file: file.path, month: month)] = file }
      }
    }

    /// The files whose months can be kept and reused.
    var keepable: [SQLFile] { Array(Set(wanted.values.filter { $0.dependencies.isKeepable })) }
  }

  /// What the snapshot's first query settled: the plan with last year known, each month's
  /// fingerprint, the months reused, the files to run, the tables not tracked.
  struct Prepared {
    var plan: ExtractionPlan
    var fingerprints: [MonthKey: String]
    var reused: [MonthKey: QueryResult]
    var tasks: [QueryTask]
    var untracked: [SourceChanges.Untracked]
    /// Every node's change records as read before the files ran.
    var changes: SourceChanges
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
    let readingStarted = Date()
    let runner = SnapshotQueryRunner(
      leader: leader, database: database, connections: request.connections,
      applicationName: RunLock(job: config.job.name, period: period).applicationName(
        job: config.job.name, period: period),
      logger: logger)
    let (prepared, results, crossMonth): (Prepared, [QueryResult], [String: SharedIDs]) =
      try runner.run(
        zone: zone,
        prepare: { leader in
          let prepared = try Self.prepare(
            ExtractionPlan(config), config, recompute: request.recompute, on: leader)
          return (prepared, prepared.tasks)
        },
        finish: { leader, prepared, results in
          let plan = prepared.plan
          guard plan.trendMonths.count > 1 else { return (prepared, results, [:]) }
          var byKey = prepared.reused
          for (task, result) in zip(prepared.tasks, results) {
            byKey[MonthKey(file: task.file.path, month: task.period)] = result
          }
          let shared = try Self.idsSharedAcrossMonths(
            checks: plan.monthlyChecks, months: plan.trendMonths, results: byKey,
            zone: zone, on: leader)
          return (prepared, results, shared)
        })
    var extraction = try assemble(config, prepared, results, crossMonth: crossMonth)
    extraction.shardedReading = try ShardedReading.after(
      prepared.changes, started: readingStarted, on: leader)
    return extraction
  }

  /// In the snapshot, before the files run: whether last year has data, the months' fingerprints,
  /// the months whose kept results still hold (none with `recompute`, or when a table is not
  /// tracked), and the files to run.
  static func prepare(
    _ plan: ExtractionPlan, _ config: Configuration, recompute: Bool,
    on leader: PostgresConnection
  ) throws -> Prepared {
    var plan = plan
    let (zone, period) = (config.job.timeZone, config.period)
    if let first = plan.lastYearMonths.first, let last = plan.lastYearMonths.last {
      let (start, _) = first.bounds(in: zone)
      let (_, end) = last.bounds(in: zone)
      plan.hasLastYear =
        try leader.query(
          """
          SELECT EXISTS (
            SELECT 1 FROM hospital.visits WHERE started_at >= \(start) AND started_at < \(end)
          ) AS found
          """
        ).first?.decode(Bool.self, "found") ?? false
    }
    if plan.hasLastYear {
      for (_, file) in config.extractFiles {
        for month in plan.lastYearMonths {
          plan.wanted[MonthKey(file: file.path, month: month)] = file
        }
      }
    }
    let keepable = plan.keepable
    let untracked = try SourceChanges.untracked(on: leader)
    let changes = try SourceChanges.read(on: leader)
    let fingerprints = PeriodMemory.fingerprints(
      files: keepable, months: (plan.hasLastYear ? plan.lastYearMonths : []) + plan.trendMonths,
      zone: zone, changes: changes)
    let reused =
      recompute || !untracked.isEmpty
      ? [:]
      : try PeriodMemory.reusable(
        fingerprints.filter { plan.wanted[$0.key] != nil }, files: keepable, zone: zone,
        on: leader)
    var tasks: [QueryTask] = []
    for (key, file) in plan.wanted.sorted(by: {
      ($0.key.month, $0.key.file) < ($1.key.month, $1.key.file)
    })
    where reused[key] == nil {
      tasks.append(QueryTask(file: file, period: key.month))
    }
    if period.grain != .month {
      for (_, file) in plan.directExtracts { tasks.append(QueryTask(file: file, period: period)) }
    }
    for file in plan.directChecks { tasks.append(QueryTask(file: file, period: period)) }
    return Prepared(
      plan: plan, fingerprints: fingerprints, reused: reused, tasks: tasks, untracked: untracked,
      changes: changes)
  }

  /// After the snapshot: every monthly file's result for each month it was needed (reused or
  /// read now), the months of the year to date, the period composed from its months, its
  /// checks, and what each file read.
  func assemble(
    _ config: Configuration, _ prepared: Prepared, _ results: [QueryResult],
    crossMonth: [String: SharedIDs]
  ) throws -> Extraction {
    let plan = prepared.plan
    let period = config.period
    var byKey = prepared.reused
    var fresh: [(key: MonthKey, result: QueryResult, fingerprint: String)] = []
    var direct: [String: [Period: QueryResult]] = [:]
    for (task, result) in zip(prepared.tasks, results) {
      let key = MonthKey(file: task.file.path, month: task.period)
      if plan.wanted[key] != nil {
        byKey[key] = result
        if task.file.dependencies.isKeepable, let fingerprint = prepared.fingerprints[key] {
          fresh.append((key, result, fingerprint))
        }
      } else {
        direct[task.file.path, default: [:]][task.period] = result
      }
    }

    func monthMeasures(_ month: Period) throws -> Measures {
      var measures = Measures()
      for (source, file) in config.extractFiles {
        if let result = byKey[MonthKey(file: file.path, month: month)] {
          try measures.absorb(source, result)
        }
      }
      return measures
    }
    let months: [(month: Period, measures: Measures)] = try plan.trendMonths.map {
      ($0, try monthMeasures($0))
    }
    let lastYear: [(month: Period, measures: Measures)]? =
      plan.hasLastYear ? try plan.lastYearMonths.map { ($0, try monthMeasures($0)) } : nil
    let measures: Measures
    if period.grain == .month, let only = months.last {
      measures = only.measures
    } else {
      var directMeasures = Measures()
      for (source, file) in plan.directExtracts {
        if let result = direct[file.path]?[period] { try directMeasures.absorb(source, result) }
      }
      measures = Measures.composing(
        months: months.filter { plan.periodMonths.contains($0.month) }.map(\.measures),
        direct: directMeasures)
    }

    let checkResults = try Self.composedChecks(
      config.checkFiles, months: plan.periodMonths, results: byKey,
      direct: direct.compactMapValues { $0[period] }, shared: crossMonth)

    // What each file read, for the report: months read now and months reused.
    let covered = Self.sourceRows(measures)
    var sources = config.extractFiles.map { source, file in
      read(
        file, measure: source.rawValue, byKey: byKey, direct: direct, sourceRows: covered[source])
    }
    let extractPaths = Set(config.extractFiles.map(\.file.path))
    for file in config.checkFiles where !extractPaths.contains(file.path) {
      sources.append(
        read(file, measure: SourceRead.checks, byKey: byKey, direct: direct, sourceRows: nil))
    }
    return Extraction(
      measures: measures, months: months, lastYear: lastYear, checkResults: checkResults,
      sources: sources, sourceRows: covered.values.reduce(0, +), fresh: fresh,
      untracked: prepared.untracked)
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

  /// Source rows each measure's aggregates summarize (none for the tariffs, devices and
  /// concurrency, which summarize days and groups rather than rows).
  static func sourceRows(_ m: Measures) -> [Measures.Source: Int64] {
    [
      .visits: m.visitsByChannel.values.map(\.visits).reduce(0, +),
      .charges: m.charges.map(\.count).reduce(0, +),
      .payroll: m.payroll.map(\.personMonths).reduce(0, +),
      .staff: m.staff.map(\.people).reduce(0, +),
      .energy: m.energy.map(\.groupHours).reduce(0, +),
      .network: m.network.map(\.hours).reduce(0, +),
      .storage: m.storage.map(\.objects).reduce(0, +),
      .capital: m.capital.map(\.items).reduce(0, +),
      .contracts: m.contracts.map(\.contracts).reduce(0, +),
      .offlineActivity: m.admissions + m.surgeries,
    ]
  }
}
