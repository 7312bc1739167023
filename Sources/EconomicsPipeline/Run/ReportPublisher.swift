import Foundation
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

/// Where a run's report goes and how it gets there, so that a run replaces only a report it
/// owns and the history agrees with what is published.
///
/// - The folder: the job's `output` under `Reports/` (resolved, links followed), or `--out`.
/// - Before extracting: the folder must be new, empty, or marked as this job and period's report
///   (``preflight()``, exit 73 otherwise: nothing is extracted for a report that cannot be written).
/// - While holding the lock: the temporary folders that killed runs of this job left beside it
///   are removed, and a report published there by a run the history does not call succeeded (its
///   process ended between the swap and the record) is recorded as succeeded (``prepare``).
/// - Then the report is written with its marker and swapped in; a stop request that arrives
///   before the swap removes the temporary folder and stops the run (``publish``).
struct ReportPublisher {
  /// The job's name.
  let job: String
  /// The period.
  let period: Period
  /// The folder as given (`--out`) or as the job's `output` names it: for messages.
  let displayPath: String
  /// The folder, resolved.
  let destination: URL
  let logger: Logger

  /// Resolves the folder of `job`'s report for `period`: the job's `output` under its project's
  /// `Reports/`, or `explicitOutput` (`--out`) relative to `workingDirectory`.
  /// - Throws: ``ReportLocationError`` for a folder outside `Reports/` or an unusable `--out`.
  init(
    job: JobConfig, period: Period, explicitOutput: String?, workingDirectory: URL, logger: Logger
  ) throws(ReportLocationError) {
    self.job = job.name
    self.period = period
    self.logger = logger
    if let explicitOutput {
      displayPath = explicitOutput
      destination = try ReportLocation.explicitOutput(explicitOutput, root: workingDirectory)
    } else {
      displayPath = job.project.resolve(job.outputDirectory(for: period))
      destination = try ReportLocation.jobOutput(
        job.outputDirectory(for: period), root: job.project.url)
    }
  }

  /// The marker of this run's report.
  func marker(runID: String, files: [String]) -> ReportFolderMarker {
    .run(job: job, period: period.description, runID: runID, files: files)
  }

  /// Fails now when the folder is not one this run may replace.
  func preflight() throws(RunError) {
    do {
      try AtomicDirectoryWriter().checkReplaceable(destination, by: marker(runID: "", files: []))
    } catch {
      throw Self.runError(error, path: displayPath)
    }
  }

  /// Cleans up after killed runs and reconciles the history with the published report. Call it
  /// on the run's connection while holding the job and period's lock, before the run's start is
  /// recorded.
  func prepare(connection: PostgresConnection, history: RunHistory, metadata: Logger.Metadata)
    throws
  {
    let (job, period) = (self.job, self.period)
    let removed = AtomicDirectoryWriter().removeLeftovers(
      in: destination.deletingLastPathComponent(), of: destination.lastPathComponent
    ) { marker, _ in
      guard marker.kind == .run, marker.name == job else { return false }
      if marker.period == period.description { return true }  // this run holds that lock
      // Another period's: only when no run of it is in progress (its lock is free).
      guard let text = marker.period, let other = try? Period(parsing: text) else { return false }
      let key = RunLock(job: job, period: other).key
      guard (try? connection.tryAdvisoryLock(key: key)) == true else { return false }
      _ = try? connection.advisoryUnlock(key: key)
      return true
    }
    for folder in removed {
      logger.notice(
        "removed a temporary folder left by an interrupted run",
        metadata: metadata.merging(["report.leftover": "\(folder.path)"]) { a, _ in a })
    }
    guard let published = ReportFolderMarker.read(in: destination), published.kind == .run,
      published.name == job, published.period == period.description
    else { return }
    var outputs: [String: String] = [:]
    for name in published.files {
      let path = destination.appendingPathComponent(name).path
      if let data = try? BoundedFile.data(atPath: path, limit: 256 * 1024 * 1024) {
        outputs[name] = SHA256.hex(data)
      }
    }
    switch try history.reconcile(published: published, outputs: outputs) {
    case .consistent:
      break
    case .recordedAsSucceeded(let runID, let was):
      logger.warning(
        "the published report's run was recorded as not succeeded; recorded it as succeeded",
        metadata: metadata.merging(["run.reconciled": "\(runID)", "run.was": "\(was)"]) { a, _ in
          a
        })
    case .unknownRun(let runID):
      logger.warning(
        "the published report names a run the history does not know",
        metadata: metadata.merging(["run.unknown": "\(runID)"]) { a, _ in a })
    }
  }

  /// Writes the report with its marker and swaps it in, unless `cancellation` asks to stop
  /// first. Returns each file's SHA-256.
  func publish(
    _ files: [(name: String, data: Data)], runID: String, cancellation: RunCancellation?,
    metadata: Logger.Metadata
  ) throws -> [String: String] {
    do {
      let written = try AtomicDirectoryWriter().write(
        files, to: destination, marker: marker(runID: runID, files: files.map(\.name)),
        beforeSwap: { try cancellation?.checkpoint() })
      if let leftover = written.leftover {
        logger.warning(
          "the previous report could not be deleted after the new one was swapped in; the next run removes it",
          metadata: metadata.merging(["report.leftover": "\(leftover.path)"]) { a, _ in a })
      }
    } catch let error as AtomicWriteError {
      throw Self.runError(error, path: displayPath)
    }
    return Dictionary(
      files.map { ($0.name, SHA256.hex($0.data)) },
      uniquingKeysWith: { a, _ in a })
  }

  private static func runError(_ error: AtomicWriteError, path: String) -> RunError {
    error.isRefusal
      ? .outputRefused(path: path, reason: error.reason)
      : .outputUnwritable(path: path, reason: error.reason)
  }
}
