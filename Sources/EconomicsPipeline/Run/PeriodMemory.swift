import Foundation
import PipelineModel
import PostgresClient

/// One month's result of one monthly SQL file.
public struct MonthKey: Hashable, Sendable, CustomStringConvertible {
  /// The file's path as the job names it.
  public var file: String
  /// The month.
  public var month: Period

  /// `sql/extract/visits.sql 2026-10`.
  public var description: String { "\(file) \(month)" }
}

/// The pipeline's memory of months already read (`pipeline.month_results`, migrations 005 and
/// 006): what each monthly SQL file returned for a month, and the fingerprint of the rows it read
/// then.
///
/// A fingerprint is computed in the run's snapshot from the change log the hospital tables'
/// statement triggers append to (`SourceChanges`): for each fact table the file reads, the number
/// of statements that changed a partition whose time range meets the UTC hours the file's rows
/// can fall on (the month, widened by its look-back), and the table's whole-table count; for each
/// other table, its count; and, for each table, the identity of its tracking triggers. Counts only
/// grow, so any insert, update or delete in those rows changes the fingerprint: a stored result
/// whose fingerprint and file checksum still match is exactly what the file would return now, and
/// is reused instead of read again.
enum PeriodMemory {
  /// Moves the change log's committed rows into the folded totals (`pipeline.fold_source_changes`)
  /// in a transaction of its own, before the run's snapshot; returns how many it moved. A fold
  /// never changes a fingerprint and never blocks a loader.
  @discardableResult
  static func fold(on connection: PostgresConnection) throws -> Int64 {
    var query: PostgresQuery = "SELECT pipeline.fold_source_changes() AS moved"
    query.origin = "pipeline.fold_source_changes() (fold the change log)"
    return try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      return try c.query(query).first?.decode(Int64.self, "moved") ?? 0
    }
  }

  /// The fingerprint of each file's month, in the snapshot of `connection`.
  static func fingerprints(
    files: [SQLFile], months: [Period], zone: TimeZone, changes: SourceChanges
  ) -> [MonthKey: String] {
    var result: [MonthKey: String] = [:]
    for file in files {
      for month in months {
        let (start, end) = month.bounds(in: zone)
        var parts: [String: String] = [:]
        for table in file.dependencies.tables {
          let hours = SourceChanges.hours(
            from: start.addingTimeInterval(-Double(table.lookbackDays) * 86_400), to: end)
          for (key, value) in changes.fingerprint(of: table.name, hours: hours) {
            parts[key] = value
          }
        }
        result[MonthKey(file: file.path, month: month)] = JSONText.object(parts)
      }
    }
    return result
  }

  /// The stored results of these files' months whose checksum and fingerprint still match.
  static func reusable(
    _ fingerprints: [MonthKey: String], files: [SQLFile], zone: TimeZone,
    on connection: PostgresConnection
  ) throws -> [MonthKey: QueryResult] {
    let months = Set(fingerprints.keys.map(\.month))
    guard let first = months.min(), let last = months.max() else { return [:] }
    let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    var found: [MonthKey: QueryResult] = [:]
    for row in try connection.query(
      """
      SELECT sql_file, to_char(month, 'YYYY-MM') AS month, sql_sha256, fingerprint::text AS fingerprint,
             columns::text AS columns, rows::text AS rows
      FROM pipeline.month_results
      WHERE zone = \(zone.identifier) AND month >= \(first.firstDay) AND month <= \(last.firstDay)
      """)
    {
      guard let file = byPath[try row.decode(String.self, "sql_file")],
        let month = try? Period(parsing: try row.decode(String.self, "month"))
      else { continue }
      let key = MonthKey(file: file.path, month: month)
      guard let wanted = fingerprints[key],
        try row.decode(String.self, "sql_sha256") == file.sha256,
        try Self.sameObject(row.decode(String.self, "fingerprint"), wanted),
        let rows = Self.rows(
          columns: try row.decode(String.self, "columns"),
          values: try row.decode(String.self, "rows"), origin: file.path)
      else { continue }
      found[key] = QueryResult(file: file, rows: rows, durationMS: 0, reused: true)
    }
    return found
  }

  /// Keeps fresh results of monthly files with the fingerprints they were read under, in one
  /// transaction of its own (the snapshot that read them is read-only).
  static func store(
    _ results: [(key: MonthKey, result: QueryResult, fingerprint: String)], runID: String,
    zone: TimeZone, on connection: PostgresConnection
  ) throws {
    guard !results.isEmpty else { return }
    // In one order, so two runs keeping the same months cannot deadlock.
    let ordered = results.sorted { ($0.key.month, $0.key.file) < ($1.key.month, $1.key.file) }
    try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      for (key, result, fingerprint) in ordered {
        let columns = JSONArray.text(
          zip(result.rows.columns.names, result.rows.columns.types).map {
            [$0.0 as Any, Int($0.1.oid) as Any]
          })
        let values = JSONArray.text(
          result.rows.rows.map { row in row.values.map { $0 as Any? ?? NSNull() } })
        _ = try c.execute(
          """
          INSERT INTO pipeline.month_results
            (sql_file, zone, month, sql_sha256, fingerprint, columns, rows, run_id)
          VALUES (\(key.file), \(zone.identifier), \(key.month.firstDay), \(result.file.sha256),
                  \(fingerprint)::jsonb, \(columns)::jsonb, \(values)::jsonb, \(runID)::uuid)
          ON CONFLICT (sql_file, zone, month) DO UPDATE
          SET sql_sha256 = excluded.sql_sha256, fingerprint = excluded.fingerprint,
              columns = excluded.columns, rows = excluded.rows,
              computed_at = clock_timestamp(), run_id = excluded.run_id
          """)
      }
    }
  }

  /// Makes every kept month that read one of `sources` unusable (its fingerprint can no longer
  /// match), when their changes may have gone unrecorded: a later run, even with the tracking
  /// back on, reads those months again.
  static func forget(sources: Set<String>, runID: String, on connection: PostgresConnection) throws
  {
    guard !sources.isEmpty else { return }
    let names = "{" + sources.sorted().joined(separator: ",") + "}"
    var query: PostgresQuery = """
      UPDATE pipeline.month_results
      SET fingerprint = fingerprint || jsonb_build_object('untracked', \(runID)::text)
      WHERE fingerprint ?| \(names)::text[]
      """
    query.origin = "pipeline.month_results (forget months whose changes went unrecorded)"
    try connection.withTransaction { c in
      _ = try c.execute("SET TRANSACTION READ WRITE")
      _ = try c.execute(query)
    }
  }

  // MARK: - Helpers

  /// Whether a stored fingerprint matches the one wanted now. One kept before migration 006 has
  /// no `… tracking` keys (what the triggers were then is unknown, and was trusted then): it is
  /// compared on the counts alone.
  static func sameObject(_ stored: String, _ wanted: String) -> Bool {
    func object(_ text: String) -> [String: String]? {
      (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String]
    }
    guard let a = object(stored), var b = object(wanted) else { return false }
    if !a.keys.contains(where: SourceChanges.isTrackingKey) {
      b = b.filter { !SourceChanges.isTrackingKey($0.key) }
    }
    return a == b
  }

  private static func rows(columns: String, values: String, origin: String) -> PostgresRows? {
    guard
      let columnList = (try? JSONSerialization.jsonObject(with: Data(columns.utf8))) as? [[Any]],
      let rowList = (try? JSONSerialization.jsonObject(with: Data(values.utf8))) as? [[Any]]
    else { return nil }
    var names: [String] = []
    var types: [PostgresDataType] = []
    for column in columnList {
      guard column.count == 2, let name = column[0] as? String, let oid = column[1] as? Int
      else { return nil }
      names.append(name)
      types.append(PostgresDataType(oid: UInt32(oid)))
    }
    let cells = rowList.map { row in row.map { $0 as? String } }
    return PostgresRows(names: names, types: types, values: cells, origin: origin)
  }
}

/// Minimal JSON text for arrays of strings, numbers and nulls (bound as a parameter).
enum JSONArray {
  /// `[["a", 1], …]`.
  static func text(_ values: [[Any]]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: values)) ?? Data("[]".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}

extension Period {
  /// The period's first local day, `YYYY-MM-01`, as a date parameter.
  var firstDay: PostgresDate {
    PostgresDate(year: year, month: firstMonth, day: 1)
      ?? PostgresDate.lastDay(year: year, month: 1)
  }
}
