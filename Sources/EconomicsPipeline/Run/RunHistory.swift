import Foundation
import PipelineModel
import PostgresClient
import ReportRendering

/// The pipeline's run history (`pipeline.runs`): one row per run, written outside the run's
/// own work so that a failure is recorded even when everything else rolls back.
public struct RunHistory {
  let connection: PostgresConnection

  /// Records a run's start; returns its id.
  ///
  /// Call it while holding the job and period's lock: any row of the same job and period still
  /// `running` then belongs to a process that ended without recording an outcome (killed, or
  /// its machine lost), and is closed as failed, so the history never shows a run in progress
  /// that is not.
  public func start(job: String, period: Period, inputs: [String: String], toolVersion: String)
    throws -> String
  {
    // Where the run's checks go with its outcome: missing (not migrated) or not granted, the
    // run stops here, before it reads anything, rather than after publishing its report.
    var probe: PostgresQuery = "SELECT 1 FROM pipeline.run_checks WHERE false"
    probe.origin = "pipeline.run_checks (the run's checks)"
    _ = try connection.query(probe)
    var close: PostgresQuery = """
      UPDATE pipeline.runs
      SET status = 'failed', finished_at = clock_timestamp(),
          error = 'abandoned: the process ended without recording an outcome (found by the next run)'
      WHERE job = \(job) AND period = \(period.description) AND status = 'running'
      """
    close.origin = "pipeline.runs (close abandoned runs)"
    _ = try connection.execute(close)
    var insert: PostgresQuery = """
      INSERT INTO pipeline.runs (job, period, status, inputs, tool_version)
      VALUES (\(job), \(period.description), 'running', \(JSONText.object(inputs))::jsonb, \(toolVersion))
      RETURNING run_id::text
      """
    insert.origin = "pipeline.runs (record the run's start)"
    let rows = try connection.query(insert)
    guard let row = rows.first else {
      throw RunError.unexpectedResult(file: "pipeline.runs", problem: "INSERT returned no run id")
    }
    return try row.decode(String.self, "run_id")
  }

  /// Records a run's success and its checks, in one transaction: call it only once its report
  /// is in place.
  public func succeed(
    runID: String, rowsRead: Int64, outputs: [String: String], checks: [CheckOutcome]
  ) throws {
    var query: PostgresQuery = """
      UPDATE pipeline.runs
      SET status = 'succeeded', finished_at = clock_timestamp(), rows_read = \(rowsRead),
          outputs = \(JSONText.object(outputs))::jsonb
      WHERE run_id = \(runID)::uuid
      """
    query.origin = "pipeline.runs (record the run's success)"
    try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      _ = try c.execute(query)
      try Self.record(checks, runID: runID, on: c)
    }
  }

  /// Records a run's failure with the error's text (which never holds a password), and the
  /// checks it judged before it failed (none when it stopped earlier).
  public func fail(runID: String, rowsRead: Int64, error: String, checks: [CheckOutcome] = [])
    throws
  {
    try finish(runID: runID, status: "failed", rowsRead: rowsRead, error: error, checks: checks)
  }

  /// Records that a run was stopped by a signal before it published its report, with the checks
  /// it had judged.
  public func cancel(
    runID: String, rowsRead: Int64, reason: String, checks: [CheckOutcome] = []
  ) throws {
    try finish(runID: runID, status: "cancelled", rowsRead: rowsRead, error: reason, checks: checks)
  }

  private func finish(
    runID: String, status: String, rowsRead: Int64, error: String, checks: [CheckOutcome]
  ) throws {
    var query: PostgresQuery = """
      UPDATE pipeline.runs
      SET status = \(status), finished_at = clock_timestamp(), rows_read = \(rowsRead), error = \(error)
      WHERE run_id = \(runID)::uuid AND status = 'running'
      """
    query.origin = "pipeline.runs (record the run's \(status == "failed" ? "failure" : status))"
    try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      // A run already closed (by a run that found it abandoned) keeps what it has.
      guard try c.execute(query) > 0 else { return }
      try Self.record(checks, runID: runID, on: c)
    }
  }

  /// The run's checks (`pipeline.run_checks`), in the job's order, as `checks.csv` lists them.
  private static func record(_ checks: [CheckOutcome], runID: String, on c: PostgresConnection)
    throws
  {
    for (index, check) in checks.enumerated() {
      let (warn, fail) = (check.threshold.warn, check.threshold.fail)
      var insert: PostgresQuery = """
        INSERT INTO pipeline.run_checks
          (run_id, position, check_id, status, failing, examined, warn_at, warn_unit, fail_at,
           fail_unit, sql_file)
        VALUES (\(runID)::uuid, \(index + 1), \(check.result.checkID), \(check.status.rawValue),
                \(check.result.failing), \(check.result.examined), \(warn?.csvValue)::numeric,
                \(warn?.csvUnit), \(fail?.csvValue)::numeric, \(fail?.csvUnit), \(check.result.file))
        """
      insert.origin = "pipeline.run_checks (record the run's checks)"
      _ = try c.execute(insert)
    }
  }

  /// What ``reconcile(published:outputs:)`` found.
  public enum Reconciliation: Equatable, Sendable {
    /// The published report's run is recorded as succeeded: nothing to do.
    case consistent
    /// The run was recorded with another status (its process ended after publishing); it is
    /// now recorded as succeeded, with a note of what it was.
    case recordedAsSucceeded(runID: String, was: String)
    /// The published report names a run this database does not know.
    case unknownRun(runID: String)
  }

  /// Makes the history agree with the report published in the job and period's folder: a run
  /// whose process ended after the swap but before it recorded its success (killed, or its
  /// connection lost) published a report that the history calls `running`, `failed` or
  /// `cancelled`. Call it while holding the job and period's lock, before ``start``.
  public func reconcile(published marker: ReportFolderMarker, outputs: [String: String]) throws
    -> Reconciliation
  {
    guard let runID = marker.runID, UUIDText.isValid(runID) else {
      return .unknownRun(runID: marker.runID ?? "")
    }
    var find: PostgresQuery = """
      SELECT status, coalesce(error, '') AS error FROM pipeline.runs
      WHERE run_id = \(runID)::uuid AND job = \(marker.name) AND period = \(marker.period ?? "")
      """
    find.origin = "pipeline.runs (reconcile with the published report)"
    guard let row = try connection.query(find).first else { return .unknownRun(runID: runID) }
    let status = try row.decode(String.self, "status")
    guard status != "succeeded" else { return .consistent }
    let error = try row.decode(String.self, "error")
    let was = error.isEmpty ? status : "\(status): \(error)"
    var update: PostgresQuery = """
      UPDATE pipeline.runs
      SET status = 'succeeded', finished_at = coalesce(finished_at, clock_timestamp()),
          error = NULL, outputs = \(JSONText.object(outputs))::jsonb,
          note = 'reconciled by the next run: its report was found published; it had been recorded as ' || \(was)
      WHERE run_id = \(runID)::uuid
      """
    update.origin = "pipeline.runs (reconcile with the published report)"
    _ = try connection.execute(update)
    return .recordedAsSucceeded(runID: runID, was: was)
  }
}

/// Checks the text form of a UUID before it is cast (a marker file is read from disk).
enum UUIDText {
  /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal digits.
  static func isValid(_ text: String) -> Bool {
    let groups = text.split(separator: "-", omittingEmptySubsequences: false)
    return groups.map(\.count) == [8, 4, 4, 4, 12]
      && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
  }
}

/// Minimal JSON text for flat string maps (bound as a parameter, never spliced into SQL).
enum JSONText {
  /// `{"a":"b",…}` with keys sorted.
  static func object(_ values: [String: String]) -> String {
    let data =
      (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
