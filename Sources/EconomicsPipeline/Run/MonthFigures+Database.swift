import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient

/// The months a job reported, in `pipeline.month_figures` (migration 005): what a run compares a
/// closed month's figures with, and records after it is published.
extension MonthFigures {
  /// What each month was last reported as, after it closed, by this job.
  static func lastReported(job: String, months: [Period], on connection: PostgresConnection)
    throws -> [Period: (runID: String, recordedAt: Date, inputs: String, figures: [String: String])]
  {
    guard let first = months.first, let last = months.last else { return [:] }
    var found: [Period: (String, Date, String, [String: String])] = [:]
    for row in try connection.query(
      """
      SELECT DISTINCT ON (month) to_char(month, 'YYYY-MM') AS month, run_id::text AS run_id,
             recorded_at, inputs_sha256, figures::text AS figures
      FROM pipeline.month_figures
      WHERE job = \(job) AND month >= \(first.firstDay) AND month <= \(last.firstDay) AND month_closed
      ORDER BY month, recorded_at DESC
      """)
    {
      guard let month = try? Period(parsing: try row.decode(String.self, "month")),
        let figures =
          (try? JSONSerialization.jsonObject(
            with: Data(try row.decode(String.self, "figures").utf8))) as? [String: String]
      else { continue }
      found[month] = (
        try row.decode(String.self, "run_id"), try row.decode(Date.self, "recorded_at"),
        try row.decode(String.self, "inputs_sha256"), figures
      )
    }
    return found
  }

  /// Records the months' figures as this run reports them, with the plan prorated to each.
  static func record(
    job: String,
    months: [(month: Period, ledger: PeriodLedger, plan: Financials, closed: Bool)],
    runID: String, inputsSHA256: String, on connection: PostgresConnection
  ) throws {
    guard !months.isEmpty else { return }
    try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      for (month, ledger, plan, closed) in months {
        _ = try c.execute(
          """
          INSERT INTO pipeline.month_figures (job, month, run_id, month_closed, inputs_sha256, figures)
          VALUES (\(job), \(month.firstDay), \(runID)::uuid, \(closed), \(inputsSHA256),
                  \(JSONText.object(values(ledger, plan: plan)))::jsonb)
          """)
      }
    }
  }
}
