import Foundation
import PipelineModel

/// What can stop `metahospital run` or `seed`, with what to do about it.
public enum RunError: UserFacingError, Equatable {
  /// An SQL file named by the job cannot be read.
  case sqlFileUnreadable(String)
  /// An SQL file is not one read-only SELECT statement (or a check file lacks its header).
  case sqlFileRejected([ConfigDiagnostic])
  /// An SQL file left the run's read-only transaction, or wrote in it.
  case readOnlyViolated(file: String, problem: String)
  /// The report folder is not one the run may replace (not marked as this report's, or outside
  /// `Reports/`).
  case outputRefused(path: String, reason: String)
  /// A check file returned ids that its `-- checks:` header does not declare, or missed some.
  case checkFileMismatch(file: String, problem: String)
  /// An SQL file returned a shape the pipeline does not expect.
  case unexpectedResult(file: String, problem: String)
  /// Another run of the same job and period holds the lock.
  case locked(job: String, period: String)
  /// The run was asked to stop (SIGTERM, SIGINT) before its report was published.
  case cancelled(reason: String)
  /// A data-quality check crossed its fail threshold.
  case checksFailed([String])
  /// The report folder cannot be written.
  case outputUnwritable(path: String, reason: String)
  /// The database holds no migrated schema.
  case schemaMissing
  /// The period has no row in any source table.
  case noData(period: String, firstDay: String, lastDay: String, zone: String)

  /// sysexits status.
  public var exitStatus: SysExit {
    switch self {
    case .sqlFileUnreadable: .noInput
    case .sqlFileRejected: .config
    case .checkFileMismatch: .config
    case .readOnlyViolated: .config
    case .outputRefused: .cannotCreate
    case .unexpectedResult: .dataError
    case .locked: .temporaryFailure
    case .cancelled: .temporaryFailure
    case .checksFailed: .dataError
    case .outputUnwritable: .cannotCreate
    case .schemaMissing: .config
    case .noData: .dataError
    }
  }

  /// What went wrong, where, and what to do.
  public var description: String {
    switch self {
    case .sqlFileUnreadable(let path):
      "cannot read SQL file \(path): check its path in the job file (relative to the project root, the folder holding Pipelines/)"
    case .sqlFileRejected(let problems):
      problems.map(\.description).joined(separator: "\n")
        + "\nnothing was sent to the database; fix the SQL file (`metahospital validate` checks it)"
    case .readOnlyViolated(let file, let problem):
      "\(file): \(problem); an SQL file of a job must only read. The run stopped, its transaction was rolled back and nothing was published: fix the file (`metahospital validate` checks it)"
    case .outputRefused(let path, let reason):
      "will not write the report to \(path): it \(reason); nothing was written"
    case .checkFileMismatch(let file, let problem):
      "check file \(file): \(problem); a check that does not report cannot pass, so the run stopped and the previous report stays: make the header and the rows agree"
    case .unexpectedResult(let file, let problem):
      "\(file): \(problem); the file must return the columns described in its folder's README.md"
    case .locked(let job, let period):
      "another run of job '\(job)' for period \(period) is in progress (advisory lock held); nothing was touched: try again when it ends"
    case .cancelled(let reason):
      "the run was stopped by \(reason) before its report was published: its queries were cancelled, it is recorded as cancelled and the previous report stays; run it again"
    case .checksFailed(let lines):
      "data-quality checks failed; the previous report was left as it was:\n"
        + lines.map { "  " + $0 }.joined(separator: "\n")
        + "\n  fix the source data and rerun, or raise the threshold in the job file's checks section"
    case .outputUnwritable(let path, let reason):
      "cannot write the report to \(path): \(reason); check the folder's permissions or pass --out"
    case .schemaMissing:
      "the database's schema is missing or older than this tool (no `hospital` or `pipeline` table it needs): run `metahospital migrate` first"
    case .noData(let period, let firstDay, let lastDay, let zone):
      "no data for period \(period) (\(firstDay) to \(lastDay), \(zone)): no visit, charge, telemetry, "
        + "payroll, storage write or network peak falls in it; nothing was written. Load the period's data "
        + "first, or give --period a period that has data"
    }
  }
}
