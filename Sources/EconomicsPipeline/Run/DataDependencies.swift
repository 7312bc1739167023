import Foundation
import PipelineModel
import PostgresClient

/// What an SQL file reads, declared in its header: `-- reads: charges, visits(-7 days), departments`.
///
/// A file that reads a fact table (visits, charges, device_utilization) is a *monthly* file: it is
/// run month by month and each month's result is kept with the fingerprint of what it read
/// (`pipeline.month_results`), so a longer period composes its months and a month is read again
/// only when its rows changed. A look-back (`visits(-7 days)`) widens the days whose changes count:
/// a check that looks at the week before the month must be read again when that week changes.
/// Other tables are read whole: any change to them counts. A file without a header, or whose
/// header names no fact table, runs directly for each period it is needed for.
public struct DataDependencies: Sendable, Hashable {
  /// One table read, with how many days before the period's start its rows are read.
  public struct Table: Sendable, Hashable {
    /// The table's name in schema `hospital`.
    public var name: String
    /// Days before the period's start that the file also reads (0 for the period alone).
    public var lookbackDays: Int
    /// Whether the table is a fact table, versioned per day.
    public var isFact: Bool { DataDependencies.factTables.contains(name) }
  }

  /// The fact tables: partitioned by month, versioned per UTC day.
  public static let factTables: Set<String> = ["visits", "charges", "device_utilization"]
  /// The other tables a file may read, versioned whole.
  public static let otherTables: Set<String> = [
    "departments", "admissions", "surgeries", "staff", "payroll", "devices", "storage_written",
    "network_peaks", "capital_items", "service_contracts", "electricity_tariffs",
  ]

  /// The tables, in header order.
  public var tables: [Table]

  /// Whether the file reads a fact table: it runs month by month and is composed.
  public var isMonthly: Bool { tables.contains(where: \.isFact) }
  /// Whether the file says what it reads: its month's result can be kept and reused while what it
  /// reads is unchanged (the small tables' files, for the months of the trend).
  public var isKeepable: Bool { !tables.isEmpty }

  /// A problem in a header, at its line and column.
  public struct Problem: Error, Sendable, Equatable {
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int
    /// What is wrong and what to write instead.
    public var message: String
  }

  /// Parses the `-- reads:` line of a file's leading comment; no such line is no dependencies.
  public static func parse(_ text: String) -> Result<DataDependencies, Problem> {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("--") else {
        if trimmed.isEmpty { continue }
        break  // the header is the comment before the statement
      }
      let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
      guard comment.hasPrefix("reads:") else { continue }
      let column =
        (line.range(of: "reads:").map { line.distance(from: line.startIndex, to: $0.upperBound) }
          ?? 0) + 1
      return parseList(String(comment.dropFirst("reads:".count)), line: index + 1, column: column)
    }
    return .success(DataDependencies(tables: []))
  }

  private static func parseList(_ list: String, line: Int, column: Int) -> Result<
    DataDependencies, Problem
  > {
    var tables: [Table] = []
    for item in list.split(separator: ",") {
      let text = item.trimmingCharacters(in: .whitespaces)
      var name = text
      var lookback = 0
      if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
        name = String(text[..<open]).trimmingCharacters(in: .whitespaces)
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let words = inside.split(separator: " ")
        guard words.count == 2, let days = Int(words[0]), days <= 0, days >= -31,
          words[1] == "days" || words[1] == "day"
        else {
          return .failure(
            Problem(
              line: line, column: column,
              message:
                "`\(text)`: a look-back is written `table(-N days)` with N from 0 to 31, e.g. `visits(-7 days)`"
            ))
        }
        lookback = -days
      }
      guard factTables.contains(name) || otherTables.contains(name) else {
        let known = (factTables.union(otherTables)).sorted()
        let hint =
          EditDistance.suggestion(for: name, among: known).map { "; did you mean `\($0)`?" } ?? ""
        return .failure(
          Problem(
            line: line, column: column,
            message: "`\(name)` is not a table of schema hospital\(hint)"))
      }
      tables.append(Table(name: name, lookbackDays: lookback))
    }
    guard !tables.isEmpty else {
      return .failure(
        Problem(
          line: line, column: column,
          message: "list the tables the file reads, e.g. `-- reads: charges, visits(-7 days)`"))
    }
    return .success(DataDependencies(tables: tables))
  }
}

// MARK: - Ids compared across months

/// An id check that a longer period completes across its months, declared in the check file:
/// `-- across months: duplicate_visit_ids = visits(visit_id), duplicate_charge_ids = charges(charge_id)`.
/// Each month's row of the check carries `id_ranges` covering its ids; where two months' ranges
/// overlap, their ids are compared (`query(…)`) and every id found in more than one month adds
/// one failing row per extra month, as one scan of the whole period would count it.
public struct AcrossMonths: Sendable, Hashable {
  /// The check's id.
  public var checkID: String
  /// The fact table.
  public var table: String
  /// The id column.
  public var column: String

  /// The timestamp column of each fact table (its partition key).
  static let timeColumns = [
    "visits": "started_at", "charges": "charged_at", "device_utilization": "hour_start",
  ]
  /// What a sample id is called, by table.
  static let sampleWords = ["visits": "visit", "charges": "charge", "device_utilization": "device"]

  /// The declarations of a check file's header.
  public static func parse(_ text: String) -> [AcrossMonths] {
    for line in text.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("--") else { break }
      let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
      guard comment.hasPrefix("across months:") else { continue }
      return comment.dropFirst("across months:".count).split(separator: ",").compactMap { item in
        let sides = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
        guard sides.count == 2, let open = sides[1].firstIndex(of: "("), sides[1].hasSuffix(")")
        else { return nil }
        let table = String(sides[1][..<open])
        let column = String(
          sides[1][sides[1].index(after: open)..<sides[1].index(before: sides[1].endIndex)])
        guard timeColumns[table] != nil, isIdentifier(column), isIdentifier(sides[0]) else {
          return nil
        }
        return AcrossMonths(checkID: sides[0], table: table, column: column)
      }
    }
    return []
  }

  private static func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty
      && text.allSatisfy {
        ($0.isLetter && $0.isASCII && $0.isLowercase) || $0 == "_" || $0.isNumber
      }
  }

  /// Where the id ranges of different months overlap, merged; empty when no two months can share
  /// an id.
  static func overlaps(_ monthRanges: [[ClosedRange<Int64>]]) -> [ClosedRange<Int64>] {
    var found: [ClosedRange<Int64>] = []
    for (i, mine) in monthRanges.enumerated() {
      for theirs in monthRanges.dropFirst(i + 1) {
        for a in mine {
          for b in theirs where a.overlaps(b) {
            found.append(max(a.lowerBound, b.lowerBound)...min(a.upperBound, b.upperBound))
          }
        }
      }
    }
    var merged: [ClosedRange<Int64>] = []
    for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = merged.last, range.lowerBound <= last.upperBound {
        merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        merged.append(range)
      }
    }
    return merged
  }

  /// The ids within `ranges` found in more than one month of [start, end): how many extra
  /// months they appear in, and up to five of them. Identifiers come from the whitelist above.
  func query(
    ranges: [ClosedRange<Int64>], from start: Date, to end: Date, zone: TimeZone, origin: String
  ) -> PostgresQuery {
    let time = Self.timeColumns[table] ?? "started_at"
    let word = Self.sampleWords[table] ?? table
    let lows = "{" + ranges.map { String($0.lowerBound) }.joined(separator: ",") + "}"
    let highs = "{" + ranges.map { String($0.upperBound) }.joined(separator: ",") + "}"
    let sql = """
      SELECT coalesce(sum(months - 1), 0)::bigint AS extra,
             (array_agg('\(word) ' || id ORDER BY id))[1:5] AS sample_ids
      FROM (
        SELECT t.\(column) AS id, count(DISTINCT date_trunc('month', t.\(time) AT TIME ZONE $3)) AS months
        FROM hospital.\(table) AS t
        JOIN unnest($4::bigint[], $5::bigint[]) AS r(lo, hi) ON t.\(column) BETWEEN r.lo AND r.hi
        WHERE t.\(time) >= $1 AND t.\(time) < $2
        GROUP BY t.\(column)
        HAVING count(DISTINCT date_trunc('month', t.\(time) AT TIME ZONE $3)) > 1
      ) AS d
      """
    return PostgresQuery(
      sql: sql, binds: [start, end, zone.identifier, lows, highs], origin: origin)
  }
}
