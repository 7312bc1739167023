import Foundation
import PipelineModel
import PostgresClient
import ReportRendering

/// `metahospital schedule`: the crontab lines that run a project's jobs at their `schedule`.
///
/// Each line changes to the project root, sets the environment the run needs (the database's
/// URL without a password, `PGPASSFILE` and the other libpq variables given), runs the job with
/// the binary's absolute path, and sends the one line a run prints on success to the system log
/// (`logger -t metahospital`), so a successful run leaves cron nothing to mail. What the run
/// writes on stderr — warnings and errors — stays with cron, which mails it.
///
/// Cron fires in the server's time zone (Debian's cron has no `CRON_TZ`), so the printed
/// expression is the job's `schedule` as written, read in the server's zone; each job's comment
/// says what that is in the job's `time_zone`, and a warning says when a run would then report
/// another period than the same time in the job's zone would.
public struct CronTable: Sendable {
  /// How the lines are written.
  public struct Options: Sendable {
    /// The `metahospital` binary the lines run: an absolute path.
    public var binary: String
    /// Variables each line sets (name, value), in order.
    public var environment: [(name: String, value: String)]
    /// A folder for one metrics file per job (`metahospital-<job>.prom`), for jobs without
    /// their own `metrics_file`; nil for none.
    public var metricsDirectory: String?
    /// The zone cron fires in.
    public var serverZone: TimeZone
    /// The clock, for the next firings.
    public var now: Date

    /// Options for lines that run `binary`.
    public init(
      binary: String, environment: [(name: String, value: String)] = [],
      metricsDirectory: String? = nil, serverZone: TimeZone = .current, now: Date = Date()
    ) {
      self.binary = binary
      self.environment = environment
      self.metricsDirectory = metricsDirectory
      self.serverZone = serverZone
      self.now = now
    }
  }

  /// The tag the lines give the system log.
  public static let syslogTag = "metahospital"

  /// The project.
  public let project: ProjectRoot
  /// Every job of the project, scheduled or not, in file order.
  public let jobs: [JobConfig]
  /// The crontab block, markers included, ending with a line break.
  public let text: String
  /// When each scheduled job runs next and which period it reports, for people (notes).
  public let notes: [Diagnostic]
  /// What an operator should know before installing (a run that would report another period
  /// than intended, a binary from a build folder).
  public let warnings: [Diagnostic]

  // MARK: - Building

  /// A diagnostic of the schedule.
  static func schedule(_ severity: Severity, _ message: String) -> Diagnostic {
    Diagnostic(severity, .schedule, message)
  }

  /// The lines for every job under the project's `Pipelines/` (not its `scenarios/`).
  /// - Throws: ``ConfigError`` when a job file is broken (nothing is printed for a project whose
  ///   jobs would fail), ``ProjectNotFound`` when there is no job at all.
  public static func make(project: ProjectRoot, options: Options) throws -> CronTable {
    let pipelines = project.url.appendingPathComponent(ProjectRoot.pipelinesFolder).path
    let paths = ConfigValidator.files(under: pipelines).filter {
      ConfigValidator.kind(of: $0) == .job
    }
    guard !paths.isEmpty else {
      throw ProjectNotFound(
        folder: ProjectRoot.display(pipelines), need: "schedule found no job file",
        instead: "add a job file to its \(ProjectRoot.pipelinesFolder)/ folder")
    }
    var diagnostics: [ConfigDiagnostic] = []
    var jobs: [JobConfig] = []
    for path in paths {
      do {
        jobs.append(try JobConfig.load(path: path, root: project.url))
      } catch {
        diagnostics += error.diagnostics
      }
    }
    guard diagnostics.isEmpty else { throw ConfigError(diagnostics: diagnostics) }
    return make(project: project, jobs: jobs, options: options)
  }

  /// The lines for `jobs`.
  public static func make(project: ProjectRoot, jobs: [JobConfig], options: Options) -> CronTable {
    var lines = [
      Crontab.beginMarker(for: project),
      "# Written by `metahospital schedule --install` from the jobs in \(project.path)/\(ProjectRoot.pipelinesFolder):",
      "# change a job's `schedule` there and install again, rather than editing these lines.",
      "# Times are the server's (\(zoneName(options.serverZone))). A run's stdout (its summary) goes to the system log,",
      "# tag \(syslogTag); its stderr (warnings, errors) to cron's mail.",
    ]
    var notes: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    for job in jobs {
      let file = job.projectPath
      guard let cron = job.schedule.cron else {
        lines.append("# \(job.name) (\(file)): not scheduled (schedule: none)")
        continue
      }
      let firings = cron.firings(after: options.now, in: options.serverZone, count: 24)
      lines.append(
        "# \(job.name) (\(file)): \(cron.text) in the server's time zone"
          + zoneNote(cron: cron, firings: firings, server: options.serverZone, job: job.timeZone))
      lines.append("\(cron.text) \(command(for: job, options: options))")
      if let next = firings.first {
        let period = Period.lastClosed(job.grain, before: next, in: job.timeZone)
        notes.append(
          Self.schedule(
            .note,
            "\(job.name): next run \(timestamp(next, options.serverZone))"
              + (sameClock(options.serverZone, job.timeZone, at: firings)
                ? "" : " (\(timestamp(next, job.timeZone)))")
              + ", reporting \(period)"))
      } else {
        warnings.append(
          Self.schedule(
            .warning,
            "\(job.name): \(cron.text) never fires (no such day in the next eight years); fix its schedule in \(file)"
          ))
      }
      if let mismatch = periodMismatch(job: job, firings: firings, server: options.serverZone) {
        warnings.append(Self.schedule(.warning, mismatch))
      }
    }
    lines.append(Crontab.endMarker(for: project))
    if options.binary.contains("/.build/") {
      warnings.append(
        Self.schedule(
          .warning,
          "the lines run \(options.binary), a build folder's binary that the next build replaces in place: run scripts/install, then schedule with the installed binary (\(project.path)/\(installedBinary))"
        ))
    }
    return CronTable(
      project: project, jobs: jobs, text: lines.joined(separator: "\n") + "\n", notes: notes,
      warnings: warnings)
  }

  /// Where `scripts/install` puts the release binary, relative to the project root.
  public static let installedBinary = ".local/bin/metahospital"

  /// `cd <root> && NAME=value … <binary> run <job> [--metrics-file F] | logger -t metahospital`.
  static func command(for job: JobConfig, options: Options) -> String {
    var words = ["cd", shellQuoted(job.project.path), "&&"]
    for (name, value) in options.environment { words.append("\(name)=\(shellQuoted(value))") }
    words += [shellQuoted(options.binary), "run", shellQuoted(job.projectPath)]
    if job.metricsFile == nil, let folder = options.metricsDirectory {
      let file = (folder as NSString).appendingPathComponent("metahospital-\(job.name).prom")
      words += ["--metrics-file", shellQuoted(file)]
    }
    words += ["|", "logger", "-t", syslogTag]
    // cron turns an unescaped % into a line break.
    return words.joined(separator: " ").replacingOccurrences(of: "%", with: "\\%")
  }

  /// A word the shell reads as itself: as is when it is plain, else in single quotes.
  static func shellQuoted(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "@%+=:,./_-".unicodeScalars.contains($0)
    }
    if plain && !word.isEmpty { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  // MARK: - Time zones

  /// `, Asia/Shanghai, which is the job's`, or what the server's time is in the job's zone.
  static func zoneNote(cron: CronSchedule, firings: [Date], server: TimeZone, job: TimeZone)
    -> String
  {
    if sameClock(server, job, at: firings) {
      return ", \(zoneName(server)), which is the job's"
    }
    // One time of day, the same in the job's zone at every firing: say it.
    let shown = Set(firings.map { clock($0, job) + dayShift($0, from: server, to: job) })
    if cron.hours.count == 1, cron.minutes.count == 1, shown.count == 1, let only = shown.first {
      return ", \(zoneName(server)): \(only) in the job's, \(job.identifier)"
    }
    return ", \(zoneName(server)); the job's is \(job.identifier)"
  }

  /// Whether both zones show the same clock at every firing.
  static func sameClock(_ a: TimeZone, _ b: TimeZone, at firings: [Date]) -> Bool {
    a.identifier == b.identifier
      || firings.allSatisfy { a.secondsFromGMT(for: $0) == b.secondsFromGMT(for: $0) }
  }

  /// `14:00`.
  static func clock(_ date: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
  }

  /// ` the same day`, ` the day after`, ` the day before`.
  static func dayShift(_ date: Date, from server: TimeZone, to job: TimeZone) -> String {
    func day(_ zone: TimeZone) -> Date {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      var utc = Calendar(identifier: .gregorian)
      utc.timeZone = .gmt
      return utc.date(from: parts) ?? date
    }
    let days = Int((day(job).timeIntervalSince(day(server)) / 86_400).rounded())
    switch days {
    case 0: return " the same day"
    case 1: return " the day after"
    case -1: return " the day before"
    default: return " \(days) days later"
    }
  }

  /// `2026-12-02 06:00 UTC`.
  static func timestamp(_ date: Date, _ zone: TimeZone) -> String {
    let text = NumberFormat.timestamp(date, in: zone)
    return "\(text.prefix(16).replacingOccurrences(of: "T", with: " ")) \(zoneName(zone))"
  }

  /// The zone's name: `UTC` where Foundation says `GMT`.
  static func zoneName(_ zone: TimeZone) -> String {
    zone.identifier == "GMT" ? "UTC" : zone.identifier
  }

  /// A warning when a firing, read in the server's zone, makes the run report another period
  /// than a firing at the same time of day in the job's zone would: the schedule meant the
  /// job's calendar, and the server's clock moves the run across a period's end.
  static func periodMismatch(job: JobConfig, firings: [Date], server: TimeZone) -> String? {
    var serverCalendar = Calendar(identifier: .gregorian)
    serverCalendar.timeZone = server
    var jobCalendar = Calendar(identifier: .gregorian)
    jobCalendar.timeZone = job.timeZone
    for firing in firings.prefix(12) {
      let parts = serverCalendar.dateComponents(
        [.year, .month, .day, .hour, .minute], from: firing)
      guard let meant = jobCalendar.date(from: parts) else { continue }
      let reported = Period.lastClosed(job.grain, before: firing, in: job.timeZone)
      let intended = Period.lastClosed(job.grain, before: meant, in: job.timeZone)
      if reported != intended {
        return
          "\(job.name): cron fires at \(timestamp(firing, server)), which is \(timestamp(firing, job.timeZone)) in the job's time zone: that run reports \(reported), not \(intended). Move the schedule (server time) so that it fires after the period's end in \(job.timeZone.identifier)"
      }
    }
    return nil
  }

  // MARK: - Environment

  /// The libpq variables a line carries when they are set where `schedule` runs.
  public static let libpqVariables = [
    "PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSFILE", "PGSERVICE",
    "PGSERVICEFILE", "PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY", "PGCONNECT_TIMEOUT",
    "PGTARGETSESSIONATTRS",
  ]

  /// What each line sets so the run finds its database: `DATABASE_URL` (`--database-url`,
  /// else the variable), then the libpq variables that are set, with `PGPASSFILE` made
  /// absolute. A password is never written: a URL holding one is refused, `PGPASSWORD` left out.
  /// - Returns: the variables, and warnings for an operator.
  public static func environment(databaseURL flag: String?, environment: [String: String])
    throws(ScheduleError) -> (variables: [(name: String, value: String)], warnings: [Diagnostic])
  {
    var variables: [(name: String, value: String)] = []
    var warnings: [Diagnostic] = []
    let url = flag.flatMap { $0.isEmpty ? nil : $0 } ?? environment["DATABASE_URL"]
    if let url, !url.isEmpty {
      if url.contains("\\") { throw .backslash(name: "the database URL") }
      let options: [String: String]
      do {
        options = try PostgresConnectionString.parseOptions(url)
      } catch {
        throw .malformedDatabaseURL(error.message)
      }
      if options["password"] != nil { throw .passwordInDatabaseURL }
      variables.append(("DATABASE_URL", url))
    }
    for name in libpqVariables {
      guard var value = environment[name], !value.isEmpty else { continue }
      if name == "PGPASSFILE" || name == "PGSERVICEFILE", !value.hasPrefix("/") {
        value = ProjectRoot.absolute(value)
      }
      if value.contains("\\") { throw .backslash(name: name) }
      variables.append((name, value))
    }
    if environment["PGPASSWORD"].map({ !$0.isEmpty }) == true {
      warnings.append(
        Self.schedule(
          .warning,
          "PGPASSWORD is set but is not written into the crontab (anyone who reads the crontab would read it): put the password in ~/.pgpass of the user cron runs the jobs as, or in the file PGPASSFILE names"
        ))
    }
    let names = Set(variables.map(\.name))
    if names.isDisjoint(with: ["DATABASE_URL", "PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE"]) {
      warnings.append(
        Self.schedule(
          .warning,
          "no database is named (no --database-url, DATABASE_URL, PGHOST, PGDATABASE or PGSERVICE): the runs will use libpq's defaults, the local server's socket and a database named after the user; pass --database-url (without its password)"
        ))
    }
    return (variables, warnings)
  }
}

/// Why `schedule` could not print or install the lines.
public enum ScheduleError: UserFacingError, Equatable {
  /// The database URL holds a password, which a crontab line would show to whoever reads it.
  case passwordInDatabaseURL
  /// The database URL does not parse.
  case malformedDatabaseURL(String)
  /// A value holds a backslash, which cron implementations read differently.
  case backslash(name: String)
  /// The crontab holds a marker of this project's block without its pair.
  case damagedBlock(line: Int, marker: String)
  /// The crontab program is not there.
  case crontabUnavailable(command: String)
  /// The crontab program failed.
  case crontabFailed(command: String, status: Int32, message: String)

  /// 64 for a URL with a password, 78 for a damaged crontab, 69 without crontab, 74 when it
  /// fails.
  public var exitStatus: SysExit {
    switch self {
    case .passwordInDatabaseURL, .malformedDatabaseURL, .backslash: .usage
    case .damagedBlock: .config
    case .crontabUnavailable: .unavailable
    case .crontabFailed: .ioError
    }
  }

  /// What, where, and what to do.
  public var description: String {
    switch self {
    case .passwordInDatabaseURL:
      "the database URL holds a password, which the crontab would show to whoever reads it: give the URL without it (postgresql://reporter@db/hospital) and put the password in ~/.pgpass of the user cron runs the jobs as (or in the file PGPASSFILE names)"
    case .malformedDatabaseURL(let message):
      "the database URL cannot be read: \(message)"
    case .backslash(let name):
      "\(name) holds a backslash, which not every cron passes on unchanged: write it without one (percent-encode it in a URL)"
    case .damagedBlock(let line, let marker):
      "the crontab's markers of this project's block do not pair up (line \(line): `\(marker)`): it was edited by hand, so nothing was changed; fix or remove the block with `crontab -e`, then install again"
    case .crontabUnavailable(let command):
      "`\(command)` was not found: install cron (Debian: apt-get install cron), or set METAHOSPITAL_CRONTAB to the crontab program"
    case .crontabFailed(let command, let status, let message):
      "`\(command)` failed (exit status \(status)): \(message); the crontab was not changed"
    }
  }
}
