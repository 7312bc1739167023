import Foundation
import PostgresClient

/// Login roles for tests, members of the project's reporting, loading or BI role
/// (`sql/roles/*.sql`), each with a random password (the private PostgreSQL asks every role but
/// its owner for one).
extension TestDatabase {
  /// A group role of `sql/roles/`.
  public enum GroupRole: String, Sendable {
    /// `metahospital_reporting`, from `sql/roles/reporting.sql`: what `run` needs.
    case reporting
    /// `metahospital_loading`, from `sql/roles/loading.sql`: what a loader needs.
    case loading
    /// `metahospital_bi`, from `sql/roles/bi.sql`: what a BI tool reads (the `reporting` views).
    case bi

    /// The group role's name.
    public var name: String { "metahospital_\(rawValue)" }
    /// Its SQL file, relative to the repository root.
    public var file: String { "sql/roles/\(rawValue).sql" }
  }

  /// Applies `group`'s file to the (migrated) database at `url` as its owner, creates a login
  /// role that is a member of it, and passes `body` the login's connection string (with its
  /// password) and the password. The login is dropped afterwards.
  public static func withLogin<T>(
    _ group: GroupRole, on url: String, _ body: (_ url: String, _ password: String) throws -> T
  ) throws -> T {
    let owner = try connect(url)
    let sql = try String(
      contentsOf: TestPaths.repositoryRoot.appending(path: group.file), encoding: .utf8)
    try owner.simpleExecute(sql, origin: group.file)
    let login = "mh_\(group.rawValue)_" + UUID().uuidString.prefix(8).lowercased()
    let password = "Pw-" + UUID().uuidString
    // Role names and the password are generated here (letters, digits, '-'): safe as literals.
    try owner.execute(
      .unsafeSQL("CREATE ROLE \(login) LOGIN PASSWORD '\(password)' IN ROLE \(group.name)"))
    defer {
      do {
        try connect().execute(.unsafeSQL("DROP ROLE IF EXISTS \(login)"))
      } catch {
        FileHandle.standardError.write(
          Data("TestDatabase: could not drop \(login): \(error)\n".utf8))
      }
    }
    let loginURL = try PostgresConnectionString.replacing(
      ["user": login, "password": password], in: url)
    return try body(loginURL, password)
  }
}
