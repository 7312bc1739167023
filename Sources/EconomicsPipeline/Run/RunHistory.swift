import Foundation
import PostgresClient

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
    _ = try connection.execute(
      """
      UPDATE pipeline.runs
      SET status = 'failed', finished_at = clock_timestamp(),
          error = 'abandoned: the process ended without recording an outcome (found by the next run)'
      WHERE job = \(job) AND period = \(period.description) AND status = 'running'
      """)
    let rows = try connection.query(
      """
      INSERT INTO pipeline.runs (job, period, status, inputs, tool_version)
      VALUES (\(job), \(period.description), 'running', \(JSONText.object(inputs))::jsonb, \(toolVersion))
      RETURNING run_id::text
      """)
    guard let row = rows.first else {
      throw RunError.unexpectedResult(file: "pipeline.runs", problem: "INSERT returned no run id")
    }
    return try row.decode(String.self, "run_id")
  }

  /// Records a run's success.
  public func succeed(runID: String, rowsRead: Int64, outputs: [String: String]) throws {
    _ = try connection.execute(
      """
      UPDATE pipeline.runs
      SET status = 'succeeded', finished_at = clock_timestamp(), rows_read = \(rowsRead),
          outputs = \(JSONText.object(outputs))::jsonb
      WHERE run_id = \(runID)::uuid
      """)
  }

  /// Records a run's failure with the error's text (which never holds a password).
  public func fail(runID: String, rowsRead: Int64, error: String) throws {
    _ = try connection.execute(
      """
      UPDATE pipeline.runs
      SET status = 'failed', finished_at = clock_timestamp(), rows_read = \(rowsRead), error = \(error)
      WHERE run_id = \(runID)::uuid
      """)
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
