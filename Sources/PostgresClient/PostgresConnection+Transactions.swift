import CLibPQ
import Foundation

// MARK: - Transactions, locks, settings

extension PostgresConnection {

  /// Runs `body` in a transaction: commits when it returns, rolls back when it throws (and
  /// rethrows). Transactions do not nest: calling this inside another throws `.usage`.
  @discardableResult
  public func withTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    guard PQtransactionStatus(handle) == PQTRANS_IDLE else {
      throw PostgresError(code: .usage, message: "a transaction is already open on this connection")
    }
    try execute("BEGIN")
    let value: T
    do {
      value = try body(self)
    } catch {
      do {
        try execute("ROLLBACK")
      } catch let rollbackError {
        logger.warning(
          "rollback failed",
          metadata: [
            "error": "\(rollbackError)", "db.connection": "\(redactedConnectionDescription)",
          ])
      }
      throw error
    }
    try execute("COMMIT")
    return value
  }

  /// Whether a transaction block is open and healthy on this connection (after `BEGIN`).
  public var isInTransaction: Bool { PQtransactionStatus(handle) == PQTRANS_INTRANS }

  /// Tries to take a session-level advisory lock without waiting.
  /// - Returns: true when this session now holds the lock, false when another session holds it.
  public func tryAdvisoryLock(key: Int64) throws(PostgresError) -> Bool {
    try query("SELECT pg_try_advisory_lock(\(key)) AS locked").first?.decode(Bool.self, "locked")
      ?? false
  }

  /// Releases a session-level advisory lock taken with `tryAdvisoryLock(key:)`.
  /// - Returns: false when this session did not hold the lock.
  @discardableResult
  public func advisoryUnlock(key: Int64) throws(PostgresError) -> Bool {
    try query("SELECT pg_advisory_unlock(\(key)) AS unlocked").first?.decode(Bool.self, "unlocked")
      ?? false
  }

  /// Sets this session's `statement_timeout`; statements running longer fail with SQLSTATE 57014.
  /// - Parameter timeout: the limit, rounded to milliseconds; nil (or zero) means no limit.
  /// - Throws: `PostgresError` when the server refuses the setting or the connection is lost.
  public func setStatementTimeout(_ timeout: Duration?) throws(PostgresError) {
    let milliseconds =
      timeout.map {
        $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000
      } ?? 0
    try execute("SELECT set_config(\("statement_timeout"), \("\(milliseconds)ms"), false)")
  }

  /// Sets this session's `application_name`, shown in `pg_stat_activity` and server logs.
  public func setApplicationName(_ name: String) throws(PostgresError) {
    try execute("SELECT set_config(\("application_name"), \(name), false)")
  }
}
