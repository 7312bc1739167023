import Foundation
import Logging
import PipelineModel
import PostgresClient

/// Runs a run's SQL files on one or more connections that all read the same snapshot, so the
/// measures and checks are consistent with each other, whichever connection ran them.
///
/// The leader opens a read-only repeatable-read transaction and exports its snapshot
/// (`pg_export_snapshot()`); each extra connection opens the same kind of transaction and
/// imports it (`SET TRANSACTION SNAPSHOT`). The files are taken from one queue, in order, by
/// whichever connection is free. On a 2-core machine two connections keep both cores busy while
/// one of them runs a query that PostgreSQL cannot parallelize (a merge of presorted index
/// streams, as the id checks are); see BENCHMARKS.md.
struct SnapshotQueryRunner {
  /// The leader: its transaction holds the snapshot for the others.
  let leader: PostgresConnection
  /// How to open the other connections.
  let database: DatabaseSettings
  /// Connections in all, the leader included (1 runs everything on the leader).
  let connections: Int
  /// Passed to each connection.
  let applicationName: String
  let logger: Logger

  /// Runs every file for the period and returns the results in the files' order.
  func run(_ files: [SQLFile], period: Period, zone: TimeZone) throws -> [QueryResult] {
    try run(
      zone: zone, prepare: { _ in ((), files.map { QueryTask(file: $0, period: period) }) },
      finish: { _, _, results in results })
  }

  /// Opens the snapshot; `prepare` reads in it on the leader (what is already known) and says
  /// which files to run for which periods; those run on all connections; then `finish` reads in
  /// the same snapshot on the leader with their results (what only they make necessary).
  func run<Prepared, Finished>(
    zone: TimeZone, prepare: (PostgresConnection) throws -> (Prepared, [QueryTask]),
    finish: (PostgresConnection, Prepared, [QueryResult]) throws -> Finished
  ) throws -> Finished {
    try leader.withTransaction { leader in
      _ = try leader.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
      let (prepared, tasks) = try prepare(leader)
      let results = try run(tasks, zone: zone, leader: leader)
      return try finish(leader, prepared, results)
    }
  }

  private func run(_ tasks: [QueryTask], zone: TimeZone, leader: PostgresConnection) throws
    -> [QueryResult]
  {
    let files = tasks
    let helpers = max(0, min(connections, files.count) - 1)
    guard helpers > 0 else {
      return try files.map { try leader.run($0.file, period: $0.period, zone: zone) }
    }
    let snapshot = try leader.query("SELECT pg_export_snapshot() AS snapshot").first?
      .decode(String.self, "snapshot")
    guard let snapshot, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
      throw RunError.unexpectedResult(
        file: "pg_export_snapshot()", problem: "no usable snapshot id was returned")
    }
    let queue = ResultQueue(count: files.count)
    let done = DispatchGroup()
    for index in 0..<helpers {
      let (database, name, logger) = (self.database, applicationName, logger)
      done.enter()
      let thread = Thread {
        defer { done.leave() }
        do {
          let connection = try database.connect(logger: logger)
          try? connection.setApplicationName(name)
          try connection.withTransaction { c in
            _ = try c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            // The id is checked above to be hexadecimal digits and dashes: safe as a literal.
            _ = try c.execute(.unsafeSQL("SET TRANSACTION SNAPSHOT '\(snapshot)'"))
            while let next = queue.take() {
              queue.store(
                index: next, try c.run(files[next].file, period: files[next].period, zone: zone))
            }
          }
        } catch {
          queue.fail(error)
        }
      }
      thread.name = "metahospital query \(index + 2)"
      thread.start()
    }
    do {
      while let next = queue.take() {
        queue.store(
          index: next,
          try leader.run(files[next].file, period: files[next].period, zone: zone))
      }
    } catch {
      queue.fail(error)
    }
    done.wait()
    return try queue.results()
  }
}

/// One SQL file to run for one period.
struct QueryTask: Sendable {
  /// The file.
  var file: SQLFile
  /// The period its parameters are bound to.
  var period: Period
}

/// The files' indexes to take, the results and the first error, shared by the connections.
private final class ResultQueue: @unchecked Sendable {
  // Every property is guarded by `lock`.
  private let lock = NSLock()
  private var next = 0
  private let count: Int
  private var stored: [Int: QueryResult] = [:]
  private var error: (any Error)?

  init(count: Int) { self.count = count }

  /// The next file's index, or nil when all are taken or a connection failed.
  func take() -> Int? {
    lock.withLock {
      guard error == nil, next < count else { return nil }
      defer { next += 1 }
      return next
    }
  }

  func store(index: Int, _ result: QueryResult) {
    lock.withLock { stored[index] = result }
  }

  /// Keeps the first error; the others stop taking files.
  func fail(_ error: any Error) {
    lock.withLock { if self.error == nil { self.error = error } }
  }

  func results() throws -> [QueryResult] {
    try lock.withLock {
      if let error { throw error }
      return try (0..<count).map { index in
        guard let result = stored[index] else {
          throw RunError.unexpectedResult(file: "query \(index)", problem: "no result was stored")
        }
        return result
      }
    }
  }
}
