import Dispatch
import Foundation
import PipelineModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns SIGTERM and SIGINT into a ``RunCancellation`` instead of an abrupt exit, so a run
/// stopped by cron, systemd or Ctrl-C cancels its queries and cleans up after itself.
///
/// The first signal cancels; the default action is then restored, so a second signal ends the
/// process at once (the next run then finds the run `running` and closes it).
public final class SignalTrap: @unchecked Sendable {
  private let sources: [any DispatchSourceSignal]

  /// Starts catching `signals` (default SIGTERM and SIGINT) for `cancellation`.
  public init(
    _ cancellation: RunCancellation, signals: [Int32] = [SIGTERM, SIGINT],
    onSignal: (@Sendable (String) -> Void)? = nil
  ) {
    let queue = DispatchQueue(label: "metahospital.signals")
    sources = signals.map { number in
      // Ignored by the default disposition, delivered to the dispatch source instead.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      let name = SignalTrap.name(of: number)
      source.setEventHandler {
        for other in signals { signal(other, SIG_DFL) }
        onSignal?(name)
        cancellation.cancel(reason: name)
      }
      source.resume()
      return source
    }
  }

  deinit {
    for source in sources { source.cancel() }
  }

  /// `SIGTERM`, `SIGINT`, or `signal N`.
  static func name(of number: Int32) -> String {
    switch number {
    case SIGTERM: "SIGTERM"
    case SIGINT: "SIGINT"
    case SIGHUP: "SIGHUP"
    default: "signal \(number)"
    }
  }
}
