import Foundation
import PipelineModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What monitoring learns of a run of `metahospital run`: success or failure, when, how long,
/// how much it read, its checks and the period's money. Written by ``MetricsFile`` for
/// node_exporter's textfile collector after every run, failed ones included, so an alert can fire
/// on a failure and on staleness (no success for too long).
public struct RunMetrics: Sendable, Equatable {
  /// The job's name (the `job` label).
  public var job: String
  /// The period (the `period` label); empty when the run stopped before it was known.
  public var period: String
  /// The run's exit status (sysexits): 0 for success.
  public var exitStatus: Int32
  /// When the run started.
  public var startedAt: Date
  /// When it ended.
  public var endedAt: Date
  /// Source rows the period's aggregates summarize; nil when the run stopped before reading.
  public var rowsRead: Int64?
  /// Checks by status; nil when the run stopped before judging them.
  public var checks: [CheckStatus: Int]?
  /// The period's margin and effective revenue, CNY, from a successful run.
  public var money: (marginCNY: Decimal, effectiveRevenueCNY: Decimal)?

  /// A run's metrics.
  public init(
    job: String, period: String, exitStatus: Int32, startedAt: Date, endedAt: Date,
    rowsRead: Int64? = nil, checks: [CheckOutcome]? = nil,
    money: (marginCNY: Decimal, effectiveRevenueCNY: Decimal)? = nil
  ) {
    self.job = job
    self.period = period
    self.exitStatus = exitStatus
    self.startedAt = startedAt
    self.endedAt = endedAt
    self.rowsRead = rowsRead
    self.checks = checks.map { outcomes in
      Dictionary(
        uniqueKeysWithValues: MetricsFile.statuses.map { status in
          (status, outcomes.filter { $0.status == status }.count)
        })
    }
    self.money = money
  }

  /// The metrics of a run of `metahospital run` that ended with `result`: its exit status as
  /// the command line reports it, and what `progress` learnt before it ended.
  /// - Parameters:
  ///   - result: the run's outcome or the error it stopped with.
  ///   - job: the job's name.
  ///   - progress: what the run learnt before it ended.
  ///   - requestedPeriod: `--period` as typed, for a run that stopped before the
  ///     period was resolved.
  ///   - startedAt: when the run started.
  ///   - endedAt: when it ended.
  public init(
    _ result: Result<RunPipeline.Outcome, any Error>, job: String, progress: RunProgress,
    requestedPeriod: String?, startedAt: Date, endedAt: Date
  ) {
    let period = progress.period?.description ?? requestedPeriod.map(SafeText.visible) ?? ""
    switch result {
    case .success(let outcome):
      let money = outcome.ledger.financials
      self.init(
        job: job, period: outcome.period.description, exitStatus: 0, startedAt: startedAt,
        endedAt: endedAt, rowsRead: progress.rowsRead, checks: outcome.checks,
        money: (money.marginCNY, money.effectiveRevenueCNY))
    case .failure(let error):
      self.init(
        job: job, period: period, exitStatus: ErrorReporting.exitStatus(for: error).rawValue,
        startedAt: startedAt, endedAt: endedAt, rowsRead: progress.rowsRead,
        checks: progress.checks)
    }
  }

  /// Whether the run succeeded.
  public var succeeded: Bool { exitStatus == 0 }

  public static func == (a: RunMetrics, b: RunMetrics) -> Bool {
    a.job == b.job && a.period == b.period && a.exitStatus == b.exitStatus
      && a.startedAt == b.startedAt && a.endedAt == b.endedAt && a.rowsRead == b.rowsRead
      && a.checks == b.checks && a.money?.marginCNY == b.money?.marginCNY
      && a.money?.effectiveRevenueCNY == b.money?.effectiveRevenueCNY
  }
}

/// A Prometheus text-format file (`*.prom`) of ``RunMetrics``, for node_exporter's textfile
/// collector, replaced atomically (a temporary file in the same folder, renamed over it) so the
/// collector never reads half of one.
///
/// The series of the job's last successful run — `metahospital_last_success_timestamp_seconds`
/// and the period's money — are read back from the previous file and kept through failed runs:
/// a staleness alert ("no success in 35 days") then works whatever failed since. Series of other
/// jobs in the same file are kept as they were; a file holding lines the tool did not write is
/// never replaced.
public enum MetricsFile {
  /// One metric family: name, help text, type.
  struct Family {
    var name: String
    var help: String
    var type = "gauge"
  }

  static let success = Family(
    name: "metahospital_last_run_success",
    help: "1 when the job's last run succeeded (exit status 0), else 0.")
  static let exitStatus = Family(
    name: "metahospital_last_run_exit_status",
    help:
      "The last run's exit status (sysexits: 0 done, 65 data, 66 input file, 69 database unavailable, 73 report folder, 75 lock held or stopped, 77 not permitted, 78 configuration)."
  )
  static let started = Family(
    name: "metahospital_last_run_start_timestamp_seconds",
    help: "When the last run started, seconds since the Unix epoch.")
  static let ended = Family(
    name: "metahospital_last_run_end_timestamp_seconds",
    help: "When the last run ended, seconds since the Unix epoch.")
  static let duration = Family(
    name: "metahospital_last_run_duration_seconds", help: "How long the last run took.")
  static let rows = Family(
    name: "metahospital_last_run_rows_read",
    help:
      "Source rows the last run's aggregates summarize (absent when it stopped before reading).")
  static let checks = Family(
    name: "metahospital_last_run_checks",
    help:
      "The last run's data-quality checks by status (absent when it stopped before judging them).")
  static let lastSuccess = Family(
    name: "metahospital_last_success_timestamp_seconds",
    help:
      "When the job last succeeded, seconds since the Unix epoch (0 when no success is on record); kept through failed runs, labelled with the period it reported."
  )
  static let margin = Family(
    name: "metahospital_period_margin_cny",
    help:
      "Margin (effective revenue - total cost) of the period the last successful run reported, CNY."
  )
  static let revenue = Family(
    name: "metahospital_period_effective_revenue_cny",
    help: "Effective revenue of the period the last successful run reported, CNY.")

  /// Every family, in the order written.
  static let families = [
    success, exitStatus, started, ended, duration, rows, checks, lastSuccess, margin, revenue,
  ]
  /// The check statuses, each a series of `metahospital_last_run_checks`.
  static let statuses: [CheckStatus] = [.pass, .warn, .fail]
  /// The families of the last successful run, carried through failed runs.
  static let keptThroughFailures: Set<String> = [lastSuccess.name, margin.name, revenue.name]

  // MARK: - Paths

  /// What is wrong with a metrics file path (`--metrics-file` or the job's `metrics_file`), or nil.
  public static func pathProblem(_ path: String) -> String? {
    if let problem = SafeText.problem(with: path, as: "the metrics file") { return problem }
    guard !path.isEmpty else {
      return "must name a file, e.g. /var/lib/prometheus/node-exporter/metahospital-{job}.prom"
    }
    guard path.hasSuffix(".prom"), !path.hasSuffix("/.prom") else {
      return
        "`\(path)` must end in .prom: node_exporter's textfile collector reads only *.prom files (e.g. /var/lib/prometheus/node-exporter/metahospital-{job}.prom)"
    }
    return nil
  }

  /// The file to write for a run of the job at `jobPath`, and the job's name: `flag`
  /// (`--metrics-file`, relative to the working folder), else the job's `metrics_file`. The job
  /// as loaded when it could be, else what its file says of its name and metrics file, so that a
  /// run stopped by a broken job file still reports its failure.
  public static func target(jobPath: String, flag: String?, loaded: JobConfig?) -> (
    path: String, job: String
  )? {
    if let loaded {
      guard let path = flag ?? loaded.metricsFilePath else { return nil }
      return (path, loaded.name)
    }
    // The job file did not load: read what it can say of itself.
    let project = ProjectRoot.containing(file: jobPath)
    let tree = ConfigFileLoader(project: project).load(
      path: jobPath, diagnostics: DiagnosticCollector())?.root
    func scalar(_ key: String) -> String? {
      if case .scalar(let text, .str)? = tree?[key]?.value { return text }
      return nil
    }
    let stem = ((jobPath as NSString).lastPathComponent as NSString).deletingPathExtension
    let name = scalar("name").flatMap { JobConfig.isJobName($0) ? $0 : nil } ?? stem
    if let flag { return (flag, name) }
    guard let written = scalar("metrics_file"), pathProblem(written) == nil, let project else {
      return nil
    }
    return (project.resolve(written.replacingOccurrences(of: "{job}", with: name)), name)
  }

  // MARK: - Writing

  /// Writes `run`'s metrics to the file at `path`, keeping the job's last success and other
  /// jobs' series from the file it replaces.
  /// - Throws: ``MetricsFileError`` when the file holds lines the tool did not write, or cannot
  ///   be written; the previous file is then untouched.
  public static func update(at path: String, with run: RunMetrics) throws(MetricsFileError) {
    if let problem = pathProblem(path) { throw .unusablePath(path: path, problem: problem) }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let name = url.lastPathComponent
    // Two jobs sharing a file take turns (a lock on the folder, which leaves nothing behind),
    // so neither loses the other's series.
    let lockFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard lockFD >= 0 else {
      throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(lockFD) }
    _ = flock(lockFD, LOCK_EX)

    var previous: [PrometheusSample] = []
    switch readPrevious(path) {
    case .success(let samples): previous = samples
    case .failure(let error): throw error
    }
    let text = render(run, previous: previous)
    try replace(path: path, folder: folder, name: name, with: text)
  }

  /// The file's samples, or none when there is no file yet.
  static func readPrevious(_ path: String) -> Result<[PrometheusSample], MetricsFileError> {
    let data: Data
    do {
      data = try BoundedFile.data(atPath: path, limit: 4 * 1024 * 1024)
    } catch .notFound {
      return .success([])
    } catch {
      return .failure(.cannotWrite(path: path, reason: "the existing file \(error)"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(.foreign(path: path, line: 1))
    }
    return Result { () throws(MetricsFileError) in try parse(text, path: path) }
  }

  /// The samples of a metrics file's text.
  /// - Throws: ``MetricsFileError/foreign(path:line:)`` at the first line that is neither a
  ///   comment nor a `metahospital_` sample.
  static func parse(_ text: String, path: String = "") throws(MetricsFileError)
    -> [PrometheusSample]
  {
    var samples: [PrometheusSample] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      guard let sample = PrometheusSample(parsing: trimmed), sample.name.hasPrefix("metahospital_")
      else {
        throw .foreign(path: path, line: index + 1)
      }
      samples.append(sample)
    }
    return samples
  }

  /// The file's text for `run`, over the samples of the file it replaces.
  static func render(_ run: RunMetrics, previous: [PrometheusSample]) -> String {
    let labels = [("job", run.job), ("period", run.period)]
    func sample(_ family: Family, _ value: String, extra: [(String, String)] = [])
      -> PrometheusSample
    {
      PrometheusSample(name: family.name, labels: labels + extra, value: value)
    }
    var mine: [PrometheusSample] = [
      sample(success, run.succeeded ? "1" : "0"),
      sample(exitStatus, "\(run.exitStatus)"),
      sample(started, seconds(run.startedAt)),
      sample(ended, seconds(run.endedAt)),
      sample(duration, seconds(run.endedAt.timeIntervalSince(run.startedAt))),
    ]
    if let rowsRead = run.rowsRead { mine.append(sample(rows, "\(rowsRead)")) }
    if let counts = run.checks {
      for status in statuses {
        mine.append(sample(checks, "\(counts[status] ?? 0)", extra: [("status", status.rawValue)]))
      }
    }
    let ofThisJob = previous.filter { $0.label("job") == run.job }
    if run.succeeded {
      mine.append(sample(lastSuccess, seconds(run.endedAt)))
      if let money = run.money {
        mine.append(sample(margin, "\(money.marginCNY)"))
        mine.append(sample(revenue, "\(money.effectiveRevenueCNY)"))
      }
    } else {
      let kept = ofThisJob.filter { keptThroughFailures.contains($0.name) }
      mine += kept
      if !kept.contains(where: { $0.name == lastSuccess.name }) {
        mine.append(
          PrometheusSample(
            name: lastSuccess.name, labels: [("job", run.job), ("period", "")], value: "0"))
      }
    }
    let others = previous.filter { $0.label("job") != run.job }
    var names = families.map(\.name)
    for sample in others where !names.contains(sample.name) { names.append(sample.name) }
    var lines: [String] = []
    for name in names {
      let samples = (mine + others).filter { $0.name == name }
      guard !samples.isEmpty else { continue }
      if let family = families.first(where: { $0.name == name }) {
        lines.append("# HELP \(name) \(family.help)")
        lines.append("# TYPE \(name) \(family.type)")
      } else {
        lines.append("# TYPE \(name) untyped")
      }
      // Ordered by job, so the file reads the same whichever job wrote last.
      let ordered = samples.enumerated().sorted {
        ($0.element.label("job") ?? "", $0.offset) < ($1.element.label("job") ?? "", $1.offset)
      }
      lines += ordered.map(\.element.line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Seconds since the epoch with milliseconds, as Prometheus reads a float.
  static func seconds(_ date: Date) -> String { seconds(date.timeIntervalSince1970) }

  static func seconds(_ interval: TimeInterval) -> String {
    String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), interval)
  }

  /// Writes `text` to a temporary file in `folder`, flushes it to disk and renames it over
  /// `path`: a reader sees the old file or the new one.
  private static func replace(path: String, folder: String, name: String, with text: String)
    throws(MetricsFileError)
  {
    // Not *.prom, so the collector never reads it.
    let temporary = folder + "/." + name + ".\(getpid()).tmp"
    let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
    var failure: String?
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count, failure == nil {
      let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno != EINTR { failure = String(cString: strerror(errno)) }
      } else {
        written += count
      }
    }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    // The collector runs as another user: readable by all, whatever the umask.
    if failure == nil, fchmod(fd, 0o644) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw .cannotWrite(path: path, reason: failure)
    }
  }
}

/// A metrics file that was not written. The run's own exit status stands: the command says so
/// on stderr (which cron mails).
public enum MetricsFileError: UserFacingError, Equatable {
  /// The path cannot name a metrics file.
  case unusablePath(path: String, problem: String)
  /// The file holds a line the tool did not write.
  case foreign(path: String, line: Int)
  /// The file cannot be written.
  case cannotWrite(path: String, reason: String)

  /// 73: the metrics file cannot be created.
  public var exitStatus: SysExit { .cannotCreate }

  /// What, where, and what to do.
  public var description: String {
    switch self {
    case .unusablePath(_, let problem):
      "the metrics file \(problem)"
    case .foreign(let path, let line):
      "the metrics file \(path) was not replaced: line \(line) is not a metahospital metric, and the tool replaces only files it wrote; give each job a file of its own (e.g. metahospital-{job}.prom)"
    case .cannotWrite(let path, let reason):
      "cannot write the metrics file \(path): \(reason); check that its folder exists and is writable by the user cron runs the job as"
    }
  }
}
