import Foundation
import Logging

/// A log handler that keeps every entry in memory, so that a test can assert the warnings a run
/// logs instead of discarding them (swift-log's `InMemoryLogging` does the same).
///
/// ```swift
/// let log = InMemoryLog()
/// let outcome = try RunPipeline(logger: log.logger).run(request)
/// #expect(log.messages(at: .warning).contains("restated month"))
/// ```
public final class InMemoryLog: @unchecked Sendable {
  /// One logged entry.
  public struct Entry: Sendable, Equatable {
    /// The level it was logged at.
    public var level: Logger.Level
    /// The constant message.
    public var message: String
    /// Its metadata, values as text.
    public var metadata: [String: String]
  }

  private let lock = NSLock()
  private var stored: [Entry] = []

  /// An empty log.
  public init() {}

  /// A logger (at `trace`, so nothing is filtered) that writes to this log.
  public var logger: Logger {
    var logger = Logger(label: "metahospital.tests") { _ in Handler(log: self) }
    logger.logLevel = .trace
    return logger
  }

  /// Every entry so far, in order.
  public var entries: [Entry] {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }

  /// The entries logged at `level` exactly.
  public func entries(at level: Logger.Level) -> [Entry] { entries.filter { $0.level == level } }

  /// The messages logged at `level` exactly.
  public func messages(at level: Logger.Level) -> [String] { entries(at: level).map(\.message) }

  fileprivate func append(_ entry: Entry) {
    lock.lock()
    defer { lock.unlock() }
    stored.append(entry)
  }

  private struct Handler: LogHandler {
    let log: InMemoryLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(
      level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
      source: String, file: String, function: String, line: UInt
    ) {
      let all = self.metadata.merging(metadata ?? [:]) { _, new in new }
      log.append(
        Entry(
          level: level, message: message.description,
          metadata: all.mapValues { "\($0)" }))
    }
  }
}
