import Dispatch
import Foundation
import PipelineModel
import PostgresClient

/// A run's stop request: set once (by ``SignalTrap`` on SIGTERM or SIGINT), it cancels the
/// queries running on the run's connections (`PQcancel`) and makes the run stop at its next
/// step, record `cancelled`, release its lock, remove its temporary folder and exit 75.
///
/// After the request, the registered sessions' queries are cancelled again every 100 ms until
/// ``finish()``: a query sent a moment after the signal (between two files) is cancelled as
/// well, instead of running to its end. Once the new report has been swapped in, the run no
/// longer stops: it records its success, so the history never calls a published report's run
/// anything else.
public final class RunCancellation: @unchecked Sendable {
  // Every property is guarded by `lock`.
  private let lock = NSLock()
  private var reason: String?
  private var handles: [Int: PostgresCancelHandle] = [:]
  private var nextToken = 0
  private var repeater: (any DispatchSourceTimer)?
  private var finished = false

  /// A request that nothing has cancelled yet.
  public init() {}

  /// Why the run was asked to stop (`SIGTERM`), or nil.
  public var cancelReason: String? { lock.withLock { reason } }

  /// Whether the run was asked to stop.
  public var isCancelled: Bool { cancelReason != nil }

  /// Asks the run to stop, and cancels the queries running now and those sent until
  /// ``finish()``. Only the first call counts.
  public func cancel(reason: String) {
    let first: Bool = lock.withLock {
      guard self.reason == nil, !finished else { return false }
      self.reason = reason
      let timer = DispatchSource.makeTimerSource(
        queue: DispatchQueue(label: "metahospital.cancel"))
      timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
      timer.setEventHandler { [weak self] in self?.cancelRunningQueries() }
      repeater = timer
      timer.resume()
      return true
    }
    if first { cancelRunningQueries() }
  }

  /// Stops cancelling: the run has ended (its outcome is recorded).
  public func finish() {
    lock.withLock {
      finished = true
      repeater?.cancel()
      repeater = nil
      handles.removeAll()
    }
  }

  deinit {
    repeater?.cancel()
  }

  private func cancelRunningQueries() {
    let running = lock.withLock { Array(handles.values) }
    for handle in running { handle.cancelQuery() }
  }

  /// Registers a connection whose queries a stop request cancels; returns a token for
  /// ``unregister(_:)``. A connection registered after the request has its query cancelled at
  /// the next ``checkpoint()``.
  @discardableResult
  public func register(_ connection: PostgresConnection) -> Int? {
    guard let handle = connection.makeCancelHandle() else { return nil }
    return lock.withLock {
      nextToken += 1
      handles[nextToken] = handle
      return nextToken
    }
  }

  /// Forgets a connection registered with ``register(_:)``.
  public func unregister(_ token: Int?) {
    guard let token else { return }
    lock.withLock { _ = handles.removeValue(forKey: token) }
  }

  /// Throws ``RunError/cancelled(reason:)`` when the run was asked to stop.
  public func checkpoint() throws(RunError) {
    if let reason = cancelReason { throw .cancelled(reason: reason) }
  }
}
