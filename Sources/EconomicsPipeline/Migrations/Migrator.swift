import Foundation
import Logging
import PipelineModel
import PostgresClient

/// Applies the numbered SQL files of a migrations folder that the database has not seen yet.
///
/// Each file runs in its own transaction together with its row in
/// `public.metahospital_migrations` (version, name, SHA-256 checksum, applied_at, duration_ms),
/// so a failing file leaves no trace. A session advisory lock keeps two migrates from
/// interleaving. Before applying anything the migrator refuses to go on when the history does not
/// match the folder: an applied file changed or missing, or a new file numbered below an applied one.
public struct Migrator: Sendable {
  /// The advisory lock key taken while migrating ("mhmigrat" in ASCII).
  public static let lockKey: Int64 = 0x6d68_6d69_6772_6174
  /// The table recording applied migrations.
  public static let historyTable = "public.metahospital_migrations"

  /// The migrations folder, as given (used in messages).
  public let folder: String
  /// How long to wait for another migrate to release the lock before failing with 75.
  public let lockWait: Duration
  /// Where progress is logged.
  public let logger: Logger

  /// Creates a migrator for a folder of `NNN_name.sql` files.
  public init(folder: String, lockWait: Duration = .seconds(30), logger: Logger) {
    self.folder = folder
    self.lockWait = lockWait
    self.logger = logger
  }

  /// What a migrate did.
  public struct Report: Sendable {
    /// The migrations applied by this run, in order.
    public let applied: [Migration]
    /// The number applied before this run.
    public let previouslyApplied: Int

    /// One line for stdout, e.g. `migrate: applied 2 migrations (001_a, 002_b)` or
    /// `migrate: up to date (3 applied)`.
    public var summary: String {
      if applied.isEmpty { return "migrate: up to date (\(previouslyApplied) applied)" }
      let noun = applied.count == 1 ? "migration" : "migrations"
      return
        "migrate: applied \(applied.count) \(noun) (\(applied.map(\.identifier).joined(separator: ", ")))"
    }
  }

  /// Reads and checks the folder's files (names, numbers), without touching the database.
  public func loadMigrations() throws(MigrationError) -> [Migration] {
    try Migration.load(from: folder)
  }

  /// Reads the folder and applies the pending migrations.
  /// - Throws: `MigrationError` (files, history, lock, a failing file) or `PostgresError`.
  @discardableResult
  public func migrate(on connection: PostgresConnection) throws -> Report {
    try migrate(loadMigrations(), on: connection)
  }

  /// Applies the pending ones of `migrations` (from `loadMigrations()`).
  /// - Throws: `MigrationError` (history, lock, a failing file) or `PostgresError`.
  @discardableResult
  public func migrate(_ migrations: [Migration], on connection: PostgresConnection) throws -> Report
  {
    try acquireLock(connection)
    defer {
      do {
        try connection.advisoryUnlock(key: Self.lockKey)
      } catch {
        logger.warning("could not release the migration lock", metadata: ["error": "\(error)"])
      }
    }
    try connection.simpleExecute(
      """
      CREATE TABLE IF NOT EXISTS \(Self.historyTable) (
        version     integer PRIMARY KEY,
        name        text NOT NULL,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        duration_ms bigint NOT NULL
      )
      """, origin: "Migrator")

    let pending = try pendingMigrations(migrations, connection)
    let previouslyApplied = migrations.count - pending.count
    guard !pending.isEmpty else {
      logger.info("migrations up to date", metadata: ["migrate.applied": "\(previouslyApplied)"])
      return Report(applied: [], previouslyApplied: previouslyApplied)
    }
    for migration in pending {
      try apply(migration, connection)
    }
    return Report(applied: pending, previouslyApplied: previouslyApplied)
  }

  // MARK: - Steps

  private func acquireLock(_ connection: PostgresConnection) throws {
    let clock = ContinuousClock()
    let deadline = clock.now + lockWait
    while try !connection.tryAdvisoryLock(key: Self.lockKey) {
      guard clock.now < deadline else { throw MigrationError.lockNotAcquired(waited: lockWait) }
      logger.info(
        "waiting for another migrate to finish", metadata: ["migrate.lock_key": "\(Self.lockKey)"])
      Thread.sleep(forTimeInterval: 0.25)
    }
  }

  /// Checks the recorded history against the folder and returns the files still to apply.
  private func pendingMigrations(_ migrations: [Migration], _ connection: PostgresConnection) throws
    -> [Migration]
  {
    let byVersion = Dictionary(
      migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
    var appliedVersions = Set<Int>()
    var latestApplied: Migration?
    let rows = try connection.query(
      "SELECT version, name, checksum FROM \(unsafeSQL: Self.historyTable) ORDER BY version")
    for row in rows {
      let version = try row.decode(Int.self, "version")
      let name = try row.decode(String.self, "name")
      guard let migration = byVersion[version] else {
        throw MigrationError.missingFile(version: version, identifier: name, folder: folder)
      }
      let checksum = try row.decode(String.self, "checksum")
      guard migration.checksum == checksum else {
        throw MigrationError.checksumMismatch(
          path: migration.path, applied: checksum, onDisk: migration.checksum)
      }
      appliedVersions.insert(version)
      latestApplied = migration
    }
    let pending = migrations.filter { !appliedVersions.contains($0.version) }
    if let first = pending.first, let latestApplied, first.version < latestApplied.version {
      throw MigrationError.outOfOrder(path: first.path, latestApplied: latestApplied.identifier)
    }
    return pending
  }

  private func apply(_ migration: Migration, _ connection: PostgresConnection) throws {
    let clock = ContinuousClock()
    let start = clock.now
    do {
      try connection.withTransaction { connection in
        try connection.simpleExecute(migration.sql, origin: migration.path)
        guard connection.isInTransaction else {
          throw MigrationError.transactionControl(path: migration.path)
        }
        let elapsed = clock.now - start
        let milliseconds =
          elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        try connection.execute(
          """
          INSERT INTO \(unsafeSQL: Self.historyTable) (version, name, checksum, duration_ms)
          VALUES (\(migration.version), \(migration.identifier), \(migration.checksum), \(milliseconds))
          """)
        logger.info(
          "migration applied",
          metadata: [
            "migration.file": "\(migration.path)", "migration.duration_ms": "\(milliseconds)",
          ])
      }
    } catch let error as PostgresError where error.origin == migration.path {
      throw MigrationError.failed(
        path: migration.path, line: Self.line(of: error.position, in: migration.sql), error: error)
    }
  }

  /// The 1-based line of a 1-based character position (PostgreSQL counts code points).
  static func line(of position: Int?, in sql: String) -> Int? {
    guard let position, position >= 1 else { return nil }
    return sql.unicodeScalars.prefix(position - 1).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
  }
}
