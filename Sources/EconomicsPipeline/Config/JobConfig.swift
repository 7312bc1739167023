import Foundation
import PipelineModel
import ReportRendering

/// A job file (`Pipelines/<job>.yaml`): what `metahospital run` does for a period.
///
/// Every path in it (`scenario`, `extends`, SQL files, `output`, `metrics_file`) is relative to
/// the project root, the folder holding `Pipelines/` above the job file (``ProjectRoot``).
public struct JobConfig: Sendable, Equatable {
  /// The job's name; reports go to `Reports/<name>/<period>/` by default.
  public var name: String
  /// What the job is for, for people.
  public var description: String
  /// When cron runs it (a five-field cron expression in the server's time zone), or `none`.
  public var schedule: JobSchedule
  /// The period grain: month, quarter or year.
  public var grain: Period.Grain
  /// The hospital's time zone (IANA name): local days and months.
  public var timeZone: TimeZone
  /// The scenario whose assumptions fill what the data cannot tell, and the plan compared.
  public var scenarioPath: String
  /// The extraction query of each measure.
  public var extract: [Measures.Source: String]
  /// The data-quality check files.
  public var checkFiles: [String]
  /// Thresholds by check id: every id the check files declare has one, its own or the job's
  /// default (``defaultThreshold``).
  public var thresholds: [String: CheckThreshold]
  /// The threshold of a check the job gives none: `checks.default`, else `fail: 1`.
  public var defaultThreshold: CheckThreshold
  /// Which charge kinds are kept revenue, pass through at cost, or are excluded.
  public var revenue: RevenueClassification
  /// Lines that take the scenario's value when the period has no data for them.
  public var fallbacks: Set<FallbackLine>
  /// The output folder pattern: `{job}` and `{period}` are replaced.
  public var output: String
  /// The metrics file (`metrics_file`, `{job}` replaced) as written, relative to the project
  /// root unless absolute; nil when the job names none.
  public var metricsFile: String?
  /// The job file's path as given.
  public var path: String
  /// The project the job belongs to: its paths are relative to this root.
  public var project: ProjectRoot
  /// The language of its reports (`language:`), unless the command line says another.
  public var language: ReportLanguage? = nil
  /// What the file says that is allowed but probably not meant (e.g. a check's `warn` at or
  /// above its `fail`, so that it never warns): printed by `validate`, logged by `run`.
  public var warnings: [ConfigDiagnostic] = []

  /// The job file as the project names it (`Pipelines/monthly-economics.yaml`), whatever the
  /// working folder.
  public var projectPath: String { project.relative(path) }

  /// The metrics file to open, or nil.
  public var metricsFilePath: String? { metricsFile.map { project.resolve($0) } }

  /// The threshold a job sets when it names none: any failing row fails the run.
  public static let builtInDefaultThreshold = CheckThreshold(warn: nil, fail: .rows(1))

  /// The output folder for a period.
  public func outputDirectory(for period: Period) -> String {
    output.replacingOccurrences(of: "{job}", with: name)
      .replacingOccurrences(of: "{period}", with: period.description)
  }

  /// The threshold a check is judged by: its own, else the job's default.
  public func threshold(for checkID: String) -> CheckThreshold {
    thresholds[checkID] ?? defaultThreshold
  }

  /// `\A[a-z0-9][a-z0-9._-]{0,63}\z`: the whole name, ASCII, at most 64 characters. The name
  /// becomes a folder name, a log field and part of the run's lock.
  public static func isJobName(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard let first = scalars.first, scalars.count <= 64 else { return false }
    func lowerOrDigit(_ c: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }
    return lowerOrDigit(first)
      && scalars.allSatisfy { lowerOrDigit($0) || $0 == "." || $0 == "_" || $0 == "-" }
  }
}
