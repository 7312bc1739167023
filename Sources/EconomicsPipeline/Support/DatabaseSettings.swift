import Foundation
import Logging
import PipelineModel
import PostgresClient

/// Which database to use: the one place where the connection string is resolved, so every
/// subcommand finds the database the same way.
public struct DatabaseSettings: Sendable, CustomStringConvertible {
  /// Where the connection string came from.
  public enum Source: String, Sendable {
    /// `--database-url`
    case flag = "--database-url"
    /// The `DATABASE_URL` environment variable.
    case environment = "DATABASE_URL"
    /// libpq's own defaults: `PG*` environment variables and `~/.pgpass`.
    case libpqDefaults = "libpq defaults (PG* environment, ~/.pgpass)"
  }

  /// The connection string (URI or key=value), or nil to let libpq use its defaults.
  public let connectionString: String?
  /// Where it came from.
  public let source: Source
  /// Whether each session starts read-only (`default_transaction_read_only = on`), as the
  /// sessions that run a job's SQL files do.
  public private(set) var readOnlySessions = false
  /// A stop request whose signal cancels the sessions' queries.
  public private(set) var cancellation: RunCancellation?

  /// Settings for the sessions that run a job's SQL files: read-only from their start, and
  /// cancelled by `cancellation`. The run's lock and history use the settings as they are.
  public func forQueries(cancellation: RunCancellation?) -> DatabaseSettings {
    var settings = self
    settings.readOnlySessions = true
    settings.cancellation = cancellation
    return settings
  }

  /// Resolves the database: the `--database-url` flag, else `DATABASE_URL`, else libpq's
  /// defaults (`PGHOST`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`…, `~/.pgpass`). Empty values count
  /// as unset.
  public static func resolve(
    flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> DatabaseSettings {
    if let flag, !flag.isEmpty { return DatabaseSettings(connectionString: flag, source: .flag) }
    if let url = environment["DATABASE_URL"], !url.isEmpty {
      return DatabaseSettings(connectionString: url, source: .environment)
    }
    return DatabaseSettings(connectionString: nil, source: .libpqDefaults)
  }

  /// Opens a connection to the resolved database (read-only and registered for cancellation
  /// when the settings say so; a run already asked to stop opens none).
  public func connect(logger: Logger) throws -> PostgresConnection {
    try cancellation?.checkpoint()
    let connection = try PostgresConnection(connectionString, logger: logger)
    if readOnlySessions {
      try connection.execute("SELECT set_config('default_transaction_read_only', 'on', false)")
    }
    if let cancellation {
      cancellation.register(connection)
      try cancellation.checkpoint()
    }
    return connection
  }

  /// The source and the connection string with any password masked.
  public var description: String {
    guard let connectionString else { return source.rawValue }
    return "\(PostgresConnectionString.redacted(connectionString)) (from \(source.rawValue))"
  }
}
