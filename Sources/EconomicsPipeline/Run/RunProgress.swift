import Foundation
import PipelineModel

/// How far a run got: filled in by ``RunPipeline`` as it goes, read by what reports on the run
/// afterwards (the metrics file), so that a failed run is reported with what it knew — its job,
/// its period, the rows it read, its checks — and not only with its exit status.
public final class RunProgress: @unchecked Sendable {
  private let lock = NSLock()
  // Guarded by `lock`.
  private var _job: JobConfig?
  private var _period: Period?
  private var _rowsRead: Int64?
  private var _checks: [CheckOutcome]?

  /// Nothing known yet.
  public init() {}

  /// The job, once its file was read and validated.
  public var job: JobConfig? { lock.withLock { _job } }
  /// The period, once resolved (`--period`, or the last closed one).
  public var period: Period? { lock.withLock { _period } }
  /// The source rows the period's aggregates summarize, once extracted.
  public var rowsRead: Int64? { lock.withLock { _rowsRead } }
  /// The data-quality checks, once judged.
  public var checks: [CheckOutcome]? { lock.withLock { _checks } }

  func loaded(_ job: JobConfig) { lock.withLock { _job = job } }
  func resolved(_ period: Period) { lock.withLock { _period = period } }
  func extracted(rowsRead: Int64) { lock.withLock { _rowsRead = rowsRead } }
  func checked(_ checks: [CheckOutcome]) { lock.withLock { _checks = checks } }
}
