import Foundation
import PipelineModel
import PostgresClient

/// The rule that keeps `seed` away from real data: it writes only into a database that it
/// marked as synthetic itself (`pipeline.synthetic_data`), and it marks only a database whose
/// hospital tables are all empty. There is no flag to write anywhere else.
///
/// Seeding a year deletes that year's rows before generating them; in a database holding the
/// hospital's records (under cron, the production database the environment names) that would
/// destroy a year of them.
enum DemoDatabase {
  /// Whether the database was marked before, or has just been marked.
  enum Mark: Equatable {
    case alreadyMarked
    case markedNow
  }

  /// Checks the mark inside the caller's transaction, marking an empty database.
  /// - Throws: ``SeedRefusal`` (exit 77) for a database with data and no mark.
  static func ensureMarked(on connection: PostgresConnection, toolVersion: String) throws -> Mark {
    var marked: PostgresQuery = """
      SELECT EXISTS (
        SELECT 1 FROM pipeline.synthetic_data WHERE database_name = current_database()
      ) AS marked, current_database()::text AS database
      """
    marked.origin = "seed: pipeline.synthetic_data (is this a demo database?)"
    let row = try connection.query(marked).first
    if try row?.decode(Bool.self, "marked") == true { return .alreadyMarked }
    let database = try row?.decode(String.self, "database") ?? "?"

    var tables: PostgresQuery = """
      SELECT c.relname::text AS name
      FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
      WHERE n.nspname = 'hospital' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname
      """
    tables.origin = "seed: the hospital tables"
    var holding: [String] = []
    for name in try connection.query(tables).map({ try $0.decode(String.self, "name") }) {
      var probe = PostgresQuery.unsafeSQL(
        "SELECT EXISTS (SELECT 1 FROM hospital.\(name.postgresQuotedIdentifier)) AS rows")
      probe.origin = "seed: hospital.\(name) (is it empty?)"
      if try connection.query(probe).first?.decode(Bool.self, "rows") == true {
        holding.append(name)
      }
    }
    guard holding.isEmpty else {
      throw SeedRefusal(
        database: database, connection: connection.redactedConnectionDescription,
        tablesWithData: holding)
    }
    var mark: PostgresQuery = """
      INSERT INTO pipeline.synthetic_data (database_name, tool_version)
      VALUES (current_database(), \(toolVersion))
      """
    mark.origin = "seed: pipeline.synthetic_data (mark the demo database)"
    _ = try connection.execute(mark)
    return .markedNow
  }
}

/// `seed` was pointed at a database that is not a demo database (exit 77): nothing was changed.
public struct SeedRefusal: UserFacingError, Equatable {
  /// The database's name.
  public var database: String
  /// The connection, redacted.
  public var connection: String
  /// The hospital tables that hold rows.
  public var tablesWithData: [String]

  /// `EX_NOPERM`: the tool is not permitted to write there, whoever runs it.
  public var exitStatus: SysExit { .noPermission }

  /// Why, and how to make a demo database.
  public var description: String {
    let shown = tablesWithData.prefix(5).map { "hospital.\($0)" }.joined(separator: ", ")
    return
      "will not seed database `\(database)` (\(connection)): it holds data that seed did not write (\(shown)\(tablesWithData.count > 5 ? ", …" : "")) and is not marked as a demo database. seed replaces a whole year of rows, so it writes only into a database it marked itself while its hospital tables were empty; nothing was changed. "
      + "To try the tool, create a demo database and seed that: `createdb metahospital_demo`, then `metahospital migrate --database-url postgresql:///metahospital_demo` and `metahospital seed --year 2026 --database-url postgresql:///metahospital_demo` (scripts/run-local does this on the project's private PostgreSQL)"
  }
}
