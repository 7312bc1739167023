import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel
import ReportRendering

/// `metahospital run`: a period's economics from PostgreSQL, plan versus actual.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Build a period's economics report from the database (the job cron runs).",
    discussion: """
      Reads the job file, extracts the period's aggregates from PostgreSQL with the job's SQL \
      files, runs the data-quality checks, lays the measures over the scenario's assumptions, \
      computes the economics and writes report.md, summary.csv, variance.csv, sensitivity.csv, \
      checks.csv, assumptions.csv and the others, and report.xlsx (every table in one Excel \
      workbook) into Reports/<job>/<period>/ (the job's `output`), \
      atomically: a reader sees the old report or the new one, never half of one. A folder is \
      replaced only when it is empty or marked (.metahospital-report) as this job and period's \
      report; the SQL files run read-only, each one SELECT statement.

      Without --period, the last closed period of the job's grain (last month for a monthly \
      job). Running a job and period again replaces its report. Every run is recorded in \
      pipeline.runs.

      SIGTERM or SIGINT cancels the queries, records the run as cancelled and exits 75; the \
      previous report stays.

      Paths in the job file are relative to its project root (the folder holding Pipelines/), \
      so the job runs the same from any folder. Without a terminal (under cron) a successful \
      run prints its one summary line on stdout and nothing on stderr unless there is a \
      warning: a failed check's warning, data that stops before the period's end, a line \
      without data, a restated month, a device model in no planned class, a job file's \
      warning.

      With --metrics-file (or the job's metrics_file), every run — failed ones too — replaces \
      that file with Prometheus metrics for node_exporter's textfile collector: success, exit \
      status, start, end and duration, rows read, checks by status, the period's margin and \
      effective revenue, and the time of the last success (kept through failed runs).

      Exit statuses: 0 done; 64 bad period or --out; 65 a data-quality check failed (the \
      previous report stays); 66 the job file, one of its files or its project is missing; \
      69 database unreachable; 73 report folder not writable, or not one the tool may \
      replace; 75 the same job and period is already running (nothing touched), or a signal \
      stopped the run; 77 the database role lacks a grant (named, with the SQL file); 78 a \
      broken job, scenario or SQL file.

      Examples:
        metahospital run Pipelines/monthly-economics.yaml --period 2026-10
        metahospital run Pipelines/yearly-economics.yaml --period 2026
        metahospital run Pipelines/monthly-economics.yaml            (last month, as cron does)
        metahospital run /srv/metahospital/Pipelines/monthly-economics.yaml \\
          --metrics-file /var/lib/prometheus/node-exporter/metahospital-monthly-economics.prom
      """
  )

  @Argument(help: "The job file, e.g. Pipelines/monthly-economics.yaml.")
  var job: String

  @Option(
    help: ArgumentHelp(
      "The period: 2026-10, 2026-Q3 or 2026 (must match the job's grain).", valueName: "period"))
  var period: String?

  @Option(
    name: .customLong("out"),
    help: ArgumentHelp(
      "Output folder (default: the job's output, Reports/<job>/<period>): a new or empty folder, or this job and period's report.",
      valueName: "dir"))
  var outputDirectory: String?

  @OptionGroup var database: DatabaseOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Database connections that run the SQL files side by side, on one snapshot (1 runs them one after another).",
      valueName: "n"))
  var connections: Int = 2

  @Option(
    name: .customLong("metrics-file"),
    help: ArgumentHelp(
      "Prometheus metrics of the run, written after every run, failed ones too (default: the job's metrics_file). Must end in .prom.",
      valueName: "file"))
  var metricsFile: String?

  @Flag(
    help:
      "Read every month of the year to date again, even those kept from an earlier run whose rows have not changed."
  )
  var recompute = false

  @Flag(
    name: .customLong("rebuild-restated"),
    help:
      "After the run, rebuild the reports of the months it found restated (a monthly job; beside --out when given)."
  )
  var rebuildRestated = false

  @Option(
    name: .customLong("language"),
    help: ArgumentHelp(
      "The report's language, en or zh (default: the job's `language:`, else its scenario's, else en); its words are in Pipelines/language/.",
      valueName: "language"))
  var language: ReportLanguage?

  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    guard (1...16).contains(connections) else {
      throw ValidationError("--connections must be 1 to 16")
    }
    if let metricsFile, let problem = MetricsFile.pathProblem(metricsFile) {
      throw ValidationError("--metrics-file: \(problem)")
    }
  }

  func run() throws {
    let logger = logging.bootstrap(label: "metahospital.run")
    let started = Date()
    let progress = RunProgress()
    let result = Result { () throws -> RunPipeline.Outcome in
      // SIGTERM (cron, systemd) and SIGINT (Ctrl-C) stop the run cleanly: queries cancelled,
      // `cancelled` recorded, lock released, temporary folder removed, exit 75.
      let cancellation = RunCancellation()
      let trap = SignalTrap(cancellation) { signal in
        logger.warning("stopping: cancelling the run's queries", metadata: ["signal": "\(signal)"])
      }
      defer { withExtendedLifetime(trap) {} }
      return try RunPipeline(logger: logger).run(
        RunPipeline.Request(
          jobPath: job, period: period, outputDirectory: outputDirectory,
          database: database.settings, connections: connections,
          recompute: recompute, rebuildRestated: rebuildRestated, cancellation: cancellation,
          progress: progress, language: language,
          toolVersion: MetaHospital.build))
    }
    // Every run reports to monitoring, however it ended; a metrics file that cannot be written
    // is a warning (cron mails it), and the run's own exit status stands.
    if let target = MetricsFile.target(jobPath: job, flag: metricsFile, loaded: progress.job) {
      let metrics = RunMetrics(
        result, job: target.job, progress: progress, requestedPeriod: period, startedAt: started,
        endedAt: Date())
      do {
        try MetricsFile.update(at: target.path, with: metrics)
      } catch {
        printError("warning: \(error)")
      }
    }
    try reportingErrors {
      let outcome = try result.get()
      print(outcome.summaryLine)
      for rebuilt in outcome.rebuilt { print(rebuilt.summaryLine) }
    }
  }
}
