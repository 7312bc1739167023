import Foundation
import Logging
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

  /// Opens a connection to the resolved database.
  public func connect(logger: Logger) throws(PostgresError) -> PostgresConnection {
    try PostgresConnection(connectionString, logger: logger)
  }

  /// The source and the connection string with any password masked.
  public var description: String {
    guard let connectionString else { return source.rawValue }
    return "\(PostgresConnectionString.redacted(connectionString)) (from \(source.rawValue))"
  }
}
