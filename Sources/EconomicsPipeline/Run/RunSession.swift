import Foundation
import Logging
import PipelineModel
import PostgresClient

/// What is around a run's stages: its connection, the job and period's lock (taken over from a
/// run of this host whose process is gone), and its row in the history, started before anything
/// is read and closed with the run's outcome whatever it is.
struct RunSession {
  /// What a run got to before it ended, for the history.
  struct Progress {
    /// Source rows the aggregates read cover.
    var sourceRows: Int64 = 0
    /// Whether the report was swapped in (after that, a stop request no longer cancels).
    var published = false
    /// The checks as judged.
    var judged: [CheckOutcome] = []
  }

  /// The run's own connection: the lock, the history, the months kept.
  let connection: PostgresConnection
  /// The job and period's lock.
  let lock: RunLock
  /// The run history on that connection.
  let history: RunHistory
  /// The run's id in `pipeline.runs`.
  let runID: String
  /// The job and period, for every log line.
  let metadata: Logger.Metadata
  let database: DatabaseSettings
  let logger: Logger

  /// Connects, takes the lock (75 when another live run holds it), prepares the report folder
  /// (reconciling a report published by a run the history does not know succeeded) and records
  /// the run's start.
  static func open(
    _ config: RunPipeline.Configuration, publisher: ReportPublisher,
    request: RunPipeline.Request, logger: Logger
  ) throws -> RunSession {
    let (job, period) = (config.job, config.period)
    let metadata: Logger.Metadata = ["run.job": "\(job.name)", "run.period": "\(period)"]
    let lock = RunLock(job: job.name, period: period)
    let connection = try request.database.connect(logger: logger)
    try? connection.setApplicationName(lock.applicationName(job: job.name, period: period))
    guard try lock.acquire(on: connection, logger: logger) else {
      throw RunError.locked(job: job.name, period: period.description)
    }
    do {
      try request.cancellation?.checkpoint()
      let history = RunHistory(connection: connection)
      let runID: String
      do {
        try publisher.prepare(connection: connection, history: history, metadata: metadata)
        runID = try history.start(
          job: job.name, period: period,
          inputs: Dictionary(
            config.inputFiles.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a }),
          toolVersion: request.toolVersion)
      } catch let error as PostgresError where error.isMissingSchema {
        throw RunError.schemaMissing
      }
      logger.info(
        "run started", metadata: metadata.merging(["run.id": "\(runID)"]) { a, _ in a })
      return RunSession(
        connection: connection, lock: lock, history: history, runID: runID, metadata: metadata,
        database: request.database, logger: logger)
    } catch {
      _ = try? connection.advisoryUnlock(key: lock.key)
      throw error
    }
  }

  /// Releases the lock.
  func release() {
    _ = try? connection.advisoryUnlock(key: lock.key)
  }

  /// Records why the run ended without a report — cancelled by a stop request (its queries'
  /// errors are not the reason), or failed — on the run's connection, else on a fresh one, and
  /// returns the error to throw.
  func recordFailure(_ error: any Error, progress: Progress, request: RunPipeline.Request)
    -> any Error
  {
    let cancelled =
      progress.published
      ? nil : request.cancellation?.cancelReason.map { RunError.cancelled(reason: $0) }
    // On a coordinator, a failure of one of its shards says which (ShardProblem).
    let error = cancelled ?? ShardDiagnosis.name(error, database: request.database, logger: logger)
    let message = ErrorReporting.message(for: error)
    func record(_ history: RunHistory) throws {
      if cancelled != nil {
        try history.cancel(
          runID: runID, rowsRead: progress.sourceRows, reason: message, checks: progress.judged)
      } else {
        try history.fail(
          runID: runID, rowsRead: progress.sourceRows, error: message, checks: progress.judged)
      }
    }
    do {
      do {
        try record(history)
      } catch {
        // The run's own connection may be what failed: record it on a fresh one.
        try record(RunHistory(connection: database.connect(logger: logger)))
      }
    } catch let recordError {
      logger.error(
        "could not record the failure in pipeline.runs",
        metadata: metadata.merging(["run.id": "\(runID)", "error": "\(recordError)"]) { a, _ in a
        })
    }
    return error
  }
}
