import Foundation
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

  /// Reads `path`, relative to `root` unless absolute.
  /// - Throws: `RunError.sqlFileUnreadable` naming the file.
  public init(path: String, root: URL) throws(RunError) {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
    guard let data = FileManager.default.contents(atPath: url.path),
      let text = String(data: data, encoding: .utf8)
    else { throw .sqlFileUnreadable(path) }
    self.path = path
    self.text = text
    self.sha256 = SHA256.hex(data)
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
  /// Runs an SQL file for a period and times it.
  func run(_ file: SQLFile, period: Period, zone: TimeZone) throws(PostgresError) -> QueryResult {
    let started = ContinuousClock.now
    let rows = try query(file.query(period: period, zone: zone))
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
