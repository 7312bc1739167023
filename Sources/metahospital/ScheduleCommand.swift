import ArgumentParser
import EconomicsPipeline
import Foundation
import PipelineModel

/// `metahospital schedule`: the crontab lines of the project's jobs, printed or installed.
struct ScheduleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schedule",
    abstract:
      "Print the crontab lines that run the project's jobs at their schedule, or install them.",
    discussion: """
      One line per job whose `schedule` is a cron expression (a job with `schedule: none`, such \
      as the demo job, is listed as a comment only). Each line changes to the project root, \
      sets the database's environment, runs the job with this binary's absolute path, and \
      sends the summary line a successful run prints to the system log (logger -t \
      metahospital): a successful run leaves cron nothing to mail, while warnings and errors, \
      which a run writes on stderr, reach cron's mail.

      The environment: DATABASE_URL from --database-url, else from the variable, and libpq's \
      PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSFILE, PGSERVICE… when they are set. A URL \
      holding a password is refused (exit 64) and PGPASSWORD is never written: the password \
      belongs in ~/.pgpass of the user cron runs the jobs as, or in the file PGPASSFILE names.

      Cron fires in the server's time zone (TZ, else /etc/localtime); the expression is the \
      job's schedule read in that zone. Each job's comment says what that time is in the \
      job's time_zone, and a warning says when a run would report another period than the \
      same time in the job's zone would.

      --install puts the lines into the current user's crontab between the project's markers \
      (# BEGIN metahospital <root> … # END metahospital <root>), replacing an earlier install \
      and leaving every other line as it was; installing again with the same jobs changes \
      nothing. --uninstall removes the block. The crontab program is METAHOSPITAL_CRONTAB, \
      else crontab.

      Examples:
        /srv/metahospital/.local/bin/metahospital schedule --database-url postgresql://reporter@db/hospital
        metahospital schedule --metrics-dir /var/lib/prometheus/node-exporter --install
      """
  )

  @Option(
    help: ArgumentHelp(
      "The project (default: the project of the working folder).", valueName: "dir"))
  var project: String?

  @Option(
    name: .customLong("database-url"),
    help: ArgumentHelp(
      "The database the runs use, without a password (default: $DATABASE_URL).",
      valueName: "url"))
  var databaseURL: String?

  @Option(
    name: .customLong("metrics-dir"),
    help: ArgumentHelp(
      "A folder of node_exporter's textfile collector: each job without a metrics_file writes <dir>/metahospital-<job>.prom.",
      valueName: "dir"))
  var metricsDirectory: String?

  @Flag(help: "Install the lines in the current user's crontab (idempotent).")
  var install = false

  @Flag(help: "Remove the project's lines from the current user's crontab.")
  var uninstall = false

  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if install && uninstall { throw ValidationError("give --install or --uninstall, not both") }
    if let metricsDirectory, metricsDirectory.isEmpty || !metricsDirectory.hasPrefix("/") {
      throw ValidationError(
        "--metrics-dir must be an absolute folder, e.g. /var/lib/prometheus/node-exporter")
    }
  }

  func run() throws {
    try reportingErrors {
      let root: ProjectRoot
      if let project {
        guard let found = ProjectRoot.enclosing(folder: URL(fileURLWithPath: project)) else {
          throw ProjectNotFound(
            folder: project, need: "schedule found no project", instead: "name it with --project")
        }
        root = found
      } else {
        root = try ProjectRoot.ofWorkingDirectory(
          need: "schedule found no project", instead: "name it with --project")
      }
      let environment = ProcessInfo.processInfo.environment
      let crontab = Crontab.program(environment: environment)
      if uninstall {
        let existing = try Crontab.read(program: crontab)
        guard Crontab.holdsBlock(existing, for: root) else {
          print("schedule: the crontab holds no lines of \(root.path); nothing to remove")
          return
        }
        try Crontab.write(try Crontab.removing(for: root, from: existing), program: crontab)
        print("schedule: removed the lines of \(root.path) from the crontab")
        return
      }
      let (variables, warnings) = try CronTable.environment(
        databaseURL: databaseURL, environment: environment)
      let table = try CronTable.make(
        project: root,
        options: CronTable.Options(
          binary: Self.binaryPath(), environment: variables, metricsDirectory: metricsDirectory))
      for warning in warnings + table.warnings { printError(warning.description) }
      if stderrIsTerminal { for note in table.notes { printError("schedule: \(note.message)") } }
      guard install else {
        print(table.text, terminator: "")
        return
      }
      let existing = try Crontab.read(program: crontab)
      let updated = try Crontab.installing(table.text, for: root, into: existing)
      let scheduled = table.jobs.filter { $0.schedule.cron != nil }.count
      let jobs = "\(scheduled) job\(scheduled == 1 ? "" : "s")"
      if updated == existing {
        print("schedule: the crontab already runs \(jobs) of \(root.path); unchanged")
      } else {
        try Crontab.write(updated, program: crontab)
        print("schedule: installed \(jobs) of \(root.path) in the crontab")
      }
    }
  }

  /// This binary's absolute path, links resolved: what cron runs.
  static func binaryPath() -> String {
    if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return resolved
    }
    let argument = CommandLine.arguments[0]
    let absolute =
      argument.hasPrefix("/")
      ? argument : FileManager.default.currentDirectoryPath + "/" + argument
    return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
