import Foundation
import PipelineModel
import PostgresClient

/// An SQL file of the project (an extraction query or a data-quality check), read once and
/// checksummed, so a report can say exactly which SQL produced it.
public struct SQLFile: Sendable, Hashable {
  /// The path as the job file names it, relative to the project root: `sql/extract/visits.sql`.
  public let path: String
  /// The file's text.
  public let text: String
  /// SHA-256 of the file's bytes, lowercase hex.
  public let sha256: String

  /// The check ids the file declares in its header (`-- checks: a, b`), for a check file.
  public let checkDeclaration: CheckDeclaration?
  /// The tables the file declares it reads (`-- reads:`; none when the header is missing or
  /// malformed: `validate` reports a malformed header). Parsed once, when the file is read.
  public let dependencies: DataDependencies

  /// Reads a query file of a job, `path` relative to `root` unless absolute, and checks that it
  /// is one SELECT statement (``SQLStatementChecker``) before it can be sent anywhere.
  /// - Throws: `RunError.sqlFileUnreadable` naming the file, `RunError.sqlFileRejected` with
  ///   each problem at its line and column.
  public init(path: String, root: URL) throws(RunError) {
    try self.init(path: path, root: root, unchecked: ())
    let problems = Self.diagnostics(for: text, path: path, keyPath: "", isCheck: false)
    guard problems.isEmpty else { throw .sqlFileRejected(problems) }
  }

  /// Reads a script of several statements (the seed's generator), not checked as a query.
  public static func script(path: String, root: URL) throws(RunError) -> SQLFile {
    try SQLFile(path: path, root: root, unchecked: ())
  }

  /// The largest SQL file read: 1 MiB (the generator of `seed` is 20 KiB).
  static let maximumBytes = 1024 * 1024

  private init(path: String, root: URL, unchecked: Void) throws(RunError) {
    let url = Self.url(of: path, root: root)
    guard let (text, data) = try? BoundedFile.text(atPath: url.path, limit: Self.maximumBytes)
    else { throw .sqlFileUnreadable(path) }
    self.path = path
    self.text = text
    self.sha256 = SHA256.hex(data)
    self.checkDeclaration = try? CheckDeclaration.parse(text).get()
    self.dependencies = (try? DataDependencies.parse(text).get()) ?? DataDependencies(tables: [])
  }

  /// Where `path` is: relative to `root` unless absolute.
  static func url(of path: String, root: URL) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
  }

  /// Every problem of a job's SQL file: not one SELECT statement, and for a check file a
  /// missing or malformed `-- checks:` header. Located in the SQL file; `keyPath` names the
  /// job's key that lists it.
  static func diagnostics(for text: String, path: String, keyPath: String, isCheck: Bool)
    -> [ConfigDiagnostic]
  {
    var found = SQLStatementChecker.problems(in: text).map {
      ConfigDiagnostic(
        location: ConfigLocation(file: path, line: $0.line, column: $0.column), keyPath: keyPath,
        message: $0.message)
    }
    if isCheck, case .failure(let problem) = CheckDeclaration.parse(text) {
      found.append(
        ConfigDiagnostic(
          location: ConfigLocation(file: path, line: problem.line, column: problem.column),
          keyPath: keyPath, message: problem.message))
    }
    return found
  }

  /// The file as one statement with the period's three parameters bound and typed:
  /// `$1` start (timestamptz), `$2` end (timestamptz, exclusive), `$3` time zone (text).
  public func query(period: Period, zone: TimeZone) -> PostgresQuery {
    let (start, end) = period.bounds(in: zone)
    return PostgresQuery(sql: text, binds: [start, end, zone.identifier], origin: path)
  }
}

/// The rows one SQL file returned for a period, with how long it took.
public struct QueryResult: Sendable {
  /// The file that ran.
  public let file: SQLFile
  /// Its rows (aggregates: a handful).
  public let rows: PostgresRows
  /// Wall time of the query, in milliseconds (0 when reused).
  public let durationMS: Double
  /// Whether the rows were read earlier and reused (`pipeline.month_results`) rather than read now.
  public var reused: Bool = false
}

extension PostgresConnection {
  /// Runs an SQL file for a period and times it, then checks that the run's read-only
  /// transaction is still open and has written nothing (``verifyNothingWritten(by:)``).
  func run(_ file: SQLFile, period: Period, zone: TimeZone) throws -> QueryResult {
    let started = ContinuousClock.now
    let rows = try query(file.query(period: period, zone: zone))
    try verifyNothingWritten(by: file)
    let elapsed = ContinuousClock.now - started
    let ms =
      Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    logger.debug(
      "sql file ran",
      metadata: [
        "sql.file": "\(file.path)", "query.rows": "\(rows.count)",
        "query.duration_ms": "\(Int(ms))",
      ])
    return QueryResult(file: file, rows: rows, durationMS: ms)
  }
}

extension PostgresConnection {
  /// Checks, after an SQL file ran in a run's transaction, that the transaction is still open,
  /// still read-only, and has no transaction id: PostgreSQL assigns one at a transaction's first
  /// write, so none means that nothing was written, by the file or by anything it called.
  /// - Throws: ``RunError/readOnlyViolated(file:problem:)`` (nothing is published).
  func verifyNothingWritten(by file: SQLFile) throws {
    guard isInTransaction else {
      throw RunError.readOnlyViolated(
        file: file.path, problem: "the run's transaction was no longer open after it ran")
    }
    var probe: PostgresQuery = """
      SELECT txid_current_if_assigned() IS NULL AS clean,
             current_setting('transaction_read_only') = 'on' AS read_only
      """
    probe.origin = "\(file.path) (read-only check)"
    let row = try query(probe).first
    guard try row?.decode(Bool.self, "read_only") == true else {
      throw RunError.readOnlyViolated(
        file: file.path, problem: "the run's transaction was no longer read-only after it ran")
    }
    guard try row?.decode(Bool.self, "clean") == true else {
      throw RunError.readOnlyViolated(
        file: file.path, problem: "the run's transaction had written (it holds a transaction id)")
    }
  }
}
