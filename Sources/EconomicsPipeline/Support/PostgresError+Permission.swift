import PipelineModel
import PostgresClient

extension PostgresError {
  /// The role whose privileges a connection runs with, from its redacted description
  /// (`… user=reporter`), if known.
  var roleName: String? {
    guard let connection else { return nil }
    for part in connection.split(separator: " ") where part.hasPrefix("user=") {
      let name = part.dropFirst("user=".count)
      return name.isEmpty || name == "default" ? nil : String(name)
    }
    return nil
  }

  /// For a permission error (SQLSTATE 42501), what is missing and how to grant it, read from
  /// the server's message (`permission denied for table visits`) and the query's origin (an SQL
  /// file of a job reads, the run history writes); nil for other errors.
  public var missingGrantAdvice: String? {
    guard sqlState == "42501" else { return nil }
    let role = roleName.map { "the role `\($0)`" } ?? "the database role"
    let prefix = "permission denied for "
    let object = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : nil
    let kind = object?.split(separator: " ").first.map(String.init)
    let privilege: String
    switch kind {
    case "schema": privilege = "USAGE"
    case "function", "procedure", "routine": privilege = "EXECUTE"
    case "sequence": privilege = "USAGE, SELECT"
    case _ where origin?.hasPrefix("pipeline.runs") == true: privilege = "SELECT, INSERT, UPDATE"
    case _ where origin?.hasPrefix("pipeline.run_checks") == true: privilege = "SELECT, INSERT"
    default: privilege = "SELECT"
    }
    let what = object.map { "\(privilege) on \($0)" } ?? "a privilege (\(message))"
    let file = origin.map { " (needed by \($0))" } ?? ""
    let grantee = roleName ?? "<role>"
    if origin?.hasPrefix("seed") == true {
      return
        "\(role) lacks \(what)\(file). seed writes a demo database's tables and partitions: run it as that database's owner (the role that ran `metahospital migrate`), never as the reporting role"
    }
    return
      "\(role) lacks \(what)\(file). Give it the reporting role's grants: as the database owner run `psql -f sql/roles/reporting.sql`, then `GRANT metahospital_reporting TO \(grantee);` (see README, Database roles)"
  }
}
