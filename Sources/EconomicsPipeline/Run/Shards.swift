import Foundation
import Logging
import PipelineModel
import PostgresClient

extension ShardedReading {
  /// Reads the change records again, after the files ran, and compares them with `before`
  /// (read before they ran); nil on a single server, which reads one snapshot.
  static func after(_ before: SourceChanges, started: Date, on connection: PostgresConnection)
    throws -> ShardedReading?
  {
    guard !before.shards.isEmpty else { return nil }
    let after = try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
      return try SourceChanges.read(on: c)
    }
    return ShardedReading(
      shards: before.shards.keys.sorted(), started: started, finished: Date(),
      changed: before.nodesChanged(by: after))
  }
}

/// A shard of a coordinator that a run could not use: which one, and what to do.
public struct ShardProblem: UserFacingError, Equatable {
  /// What is wrong.
  public enum Kind: Sendable, Equatable {
    /// The shard does not answer (stopped, or a wrong address).
    case unreachable
    /// The run's role has no user mapping for the shard's server.
    case noUserMapping
    /// The role's user mapping gives no password the shard asks for.
    case noPassword
    /// The shard's login lacks a privilege (`table visits`).
    case missingGrant(object: String)
  }

  /// The shard's foreign server.
  public var shard: String
  /// Its address as the server's options say (`host=… port=… dbname=…`), never a password.
  public var address: String
  /// The coordinator role the run used.
  public var role: String
  /// What is wrong.
  public var kind: Kind
  /// PostgreSQL's own words.
  public var detail: String
  /// The SQL file or step that met it, if known.
  public var origin: String?

  /// 69 when the shard does not answer, 77 when a right is missing.
  public var exitStatus: SysExit { kind == .unreachable ? .unavailable : .noPermission }

  /// What, where and what to do.
  public var description: String {
    let needed = origin.map { " (needed by \($0))" } ?? ""
    switch kind {
    case .unreachable:
      return
        "shard \(shard) cannot be reached (\(address))\(needed): \(detail); start it, or correct its address in the coordinator's foreign server `\(shard)`. The previous report stays (README, Beyond one server)"
    case .noUserMapping:
      return
        "the role \(role) has no user mapping for shard \(shard)\(needed): as the coordinator's owner, apply sql/roles/cluster.sql for it (`psql -v login=\(role) -f sql/roles/cluster.sql`; README, Beyond one server)"
    case .noPassword:
      return
        "the user mapping of the role \(role) for shard \(shard) gives no password that the shard asks for\(needed) (\(detail)): apply sql/roles/cluster.sql for it with the shard login's password, on a shard that asks for one (scram-sha-256)"
    case .missingGrant(let object):
      return
        "on shard \(shard), the login that the role \(role) is mapped to lacks SELECT on \(object)\(needed): apply sql/roles/reporting.sql on the shard, and make that login a member of metahospital_reporting there (sql/roles/cluster.sql says which login)"
    }
  }

  /// Creates a problem.
  public init(
    shard: String, address: String, role: String, kind: Kind, detail: String, origin: String?
  ) {
    self.shard = shard
    self.address = address
    self.role = role
    self.kind = kind
    self.detail = detail
    self.origin = origin
  }
}

/// Finds the shard behind a database error of a run on a coordinator.
enum ShardDiagnosis {
  /// The fact tables a coordinator partitions over its shards.
  static let shardedTables = ["visits", "charges", "device_utilization"]

  /// `error`, or a `ShardProblem` naming the shard behind it: on a coordinator, each shard's
  /// foreign partitions are read (one row, each in a transaction of its own, on a fresh
  /// connection as the run's role) until one fails. `error` itself when it cannot come from a
  /// shard, on a single server, or when every shard answers.
  static func name(_ error: any Error, database: DatabaseSettings, logger: Logger) -> any Error {
    guard let failure = error as? PostgresError, mayComeFromAShard(failure) else { return error }
    do {
      let connection = try database.connect(logger: logger)
      var shards: PostgresQuery = """
        SELECT s.server::text AS server, current_user::text AS role,
               coalesce((SELECT string_agg(o, ' ' ORDER BY o) FROM unnest(f.srvoptions) AS o
                         WHERE o ~ '^(host|hostaddr|port|dbname)='), '') AS address
        FROM pipeline.shards AS s
        JOIN pg_catalog.pg_foreign_server AS f ON f.srvname = s.server
        ORDER BY s.shard
        """
      shards.origin = "pipeline.shards (which shard failed?)"
      for shard in try connection.query(shards) {
        let server = try shard.decode(String.self, "server")
        let role = try shard.decode(String.self, "role")
        let address = try shard.decode(String.self, "address")
        for table in shardedTables {
          guard let kind = try probe(server: server, table: table, on: connection) else { continue }
          return ShardProblem(
            shard: server, address: address, role: role, kind: kind.kind, detail: kind.detail,
            origin: failure.origin)
        }
      }
    } catch {
      logger.debug("could not tell which shard failed", metadata: ["error": "\(error)"])
    }
    return error
  }

  /// Whether a coordinator's shard may be behind the error: a connection failure, a missing
  /// privilege or user mapping, a password refused.
  static func mayComeFromAShard(_ error: PostgresError) -> Bool {
    [.unavailable, .noPermission].contains(error.exitStatus)
      || ["42704", "2F003"].contains(error.sqlState ?? "")
      || error.message.contains("user mapping") || error.message.contains("password is required")
  }

  /// Reads one row of the shard's partition of `table`: nil when it answers, else what failed.
  private static func probe(server: String, table: String, on connection: PostgresConnection)
    throws -> (kind: ShardProblem.Kind, detail: String)?
  {
    var partition: PostgresQuery = """
      SELECT c.oid::regclass::text AS rel,
             has_table_privilege(c.oid, 'SELECT') AS may_read
      FROM pg_catalog.pg_foreign_table AS t
      JOIN pg_catalog.pg_class AS c ON c.oid = t.ftrelid
      JOIN pg_catalog.pg_foreign_server AS s ON s.oid = t.ftserver
      JOIN pg_catalog.pg_inherits AS i ON i.inhrelid = c.oid
      WHERE s.srvname = \(server) AND i.inhparent = \("hospital.\(table)")::regclass
      """
    partition.origin = "hospital.\(table) (the partition on shard \(server))"
    guard let row = try connection.query(partition).first,
      try row.decode(Bool.self, "may_read")
    else { return nil }  // a privilege missing here, on the coordinator: not the shard's
    let relation = try row.decode(String.self, "rel")
    do {
      try connection.withTransaction { c in
        _ = try c.query(.unsafeSQL("SELECT 1 FROM \(relation) LIMIT 1"))
      }
      return nil
    } catch let error as PostgresError {
      let detail = error.detail.map { "\(error.message): \($0)" } ?? error.message
      if error.sqlState == "42501" {
        let prefix = "permission denied for "
        let object =
          error.message.hasPrefix(prefix)
          ? String(error.message.dropFirst(prefix.count)) : error.message
        return (.missingGrant(object: object), detail)
      }
      if error.sqlState == "42704" || error.message.contains("user mapping") {
        return (.noUserMapping, detail)
      }
      if error.sqlState == "2F003" || error.message.contains("password is required") {
        return (.noPassword, detail)
      }
      if error.exitStatus == .unavailable {
        let words = detail.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (.unreachable, words)
      }
      return nil
    }
  }
}
