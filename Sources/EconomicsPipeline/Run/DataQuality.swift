import Foundation
import PostgresClient

/// One data-quality check's outcome for a period, as its SQL file reported it.
public struct CheckResult: Sendable, Equatable {
  /// Stable id, e.g. `duplicate_visit_ids`.
  public let checkID: String
  /// Rows (or days) that break the rule.
  public var failing: Int64
  /// Rows (or days) examined.
  public var examined: Int64
  /// Up to five identifiers of failing rows: ids and dates, never personal data.
  public var sampleIDs: [String]
  /// The SQL file that ran the check.
  public let file: String
  /// For an id check, ranges that cover the ids it examined (column `id_ranges`), so a longer
  /// period can compare its months' ids where they overlap; empty otherwise.
  public var idRanges: [ClosedRange<Int64>] = []

  /// The same check's results for several months as one: rows added, samples in month order.
  static func composing(_ months: [CheckResult]) -> CheckResult? {
    guard let first = months.first else { return nil }
    return CheckResult(
      checkID: first.checkID, failing: months.map(\.failing).reduce(0, +),
      examined: months.map(\.examined).reduce(0, +),
      sampleIDs: Array(months.flatMap(\.sampleIDs).prefix(5)), file: first.file)
  }
}

/// When a check warns and when it fails a run: a number of failing rows, or a share of the
/// rows examined.
public enum CheckLimit: Sendable, Equatable, CustomStringConvertible {
  /// Reached when `failing >= count` and at least one row fails (so `0` means any row).
  case rows(Int64)
  /// Reached when `failing / examined >= percent / 100`.
  case percent(Decimal)

  /// Whether `result` reaches the limit.
  public func isReached(by result: CheckResult) -> Bool {
    switch self {
    case .rows(let count):
      // A clean check never warns or fails, whatever the limit (`fail: 0` is `fail: 1`).
      return result.failing > 0 && result.failing >= count
    case .percent(let percent):
      guard result.examined > 0, result.failing > 0 else { return false }
      return Decimal(result.failing) * 100 >= percent * Decimal(result.examined)
    }
  }

  /// The limit as a plain number for a CSV cell: `3` or `0.5`.
  public var csvValue: String {
    switch self {
    case .rows(let count): String(count)
    case .percent(let percent): "\(percent)"
    }
  }

  /// The unit of ``csvValue``: `rows` or `percent`.
  public var csvUnit: String {
    switch self {
    case .rows: "rows"
    case .percent: "percent"
    }
  }

  /// `3 rows` or `0.5 %`.
  public var description: String {
    switch self {
    case .rows(let count): count == 1 ? "1 row" : "\(count) rows"
    case .percent(let percent): "\(percent) %"
    }
  }
}

/// A check's thresholds from the job file.
public struct CheckThreshold: Sendable, Equatable {
  /// Reached: the report shows a warning.
  public var warn: CheckLimit?
  /// Reached: the run fails and the previous report stays.
  public var fail: CheckLimit?

  /// Creates thresholds.
  public init(warn: CheckLimit?, fail: CheckLimit?) {
    self.warn = warn
    self.fail = fail
  }
}

/// A check's verdict.
public enum CheckStatus: String, Sendable, Comparable {
  case pass, warn, fail

  private var rank: Int {
    switch self {
    case .pass: 0
    case .warn: 1
    case .fail: 2
    }
  }
  /// Orders pass < warn < fail.
  public static func < (lhs: CheckStatus, rhs: CheckStatus) -> Bool { lhs.rank < rhs.rank }
}

/// A check's result with its thresholds and verdict.
public struct CheckOutcome: Sendable, Equatable {
  /// What the check found.
  public let result: CheckResult
  /// The thresholds it was judged by.
  public let threshold: CheckThreshold
  /// The verdict.
  public var status: CheckStatus {
    if let fail = threshold.fail, fail.isReached(by: result) { return .fail }
    if let warn = threshold.warn, warn.isReached(by: result) { return .warn }
    return .pass
  }

  /// One line for an operator: `FAIL duplicate_visit_ids: 3 of 250000 (fail at 1 rows) — e.g. visit 7, visit 9 (sql/checks/duplicate_ids.sql)`.
  public var line: String {
    var text =
      "\(status.rawValue.uppercased()) \(result.checkID): \(result.failing) of \(result.examined)"
    switch status {
    case .fail: text += " (fails at \(threshold.fail.map(\.description) ?? "-"))"
    case .warn: text += " (warns at \(threshold.warn.map(\.description) ?? "-"))"
    case .pass: break
    }
    if !result.sampleIDs.isEmpty { text += ", e.g. " + result.sampleIDs.joined(separator: ", ") }
    return text + " [\(result.file)]"
  }
}

extension CheckResult {
  /// Reads the rows of a check file: `check_id, failing, examined, sample_ids`. A file that also
  /// returns a measure from the same scan has rows without a check_id: they are not checks.
  static func results(from query: QueryResult) throws(RunError) -> [CheckResult] {
    let checkColumn = query.rows.columns.index(of: "check_id")
    do {
      return try query.rows.filter { row in checkColumn.map { row.values[$0] != nil } ?? true }.map
      {
        row throws(PostgresError) in
        CheckResult(
          checkID: try row.decode(String.self, "check_id"),
          failing: try row.decode(Int64?.self, "failing") ?? 0,
          examined: try row.decode(Int64?.self, "examined") ?? 0,
          sampleIDs: PostgresTextArray.parse(try row.decode(String?.self, "sample_ids")),
          file: query.file.path,
          idRanges: query.rows.columns.index(of: "id_ranges") == nil
            ? [] : try Self.ranges(PostgresTextArray.parse(row.decode(String?.self, "id_ranges"))))
      }
    } catch {
      throw .unexpectedResult(file: query.file.path, problem: "\(error)")
    }
  }
}

extension CheckResult {
  /// `lo:hi` texts as ranges.
  static func ranges(_ texts: [String]) throws(PostgresError) -> [ClosedRange<Int64>] {
    try texts.map { text throws(PostgresError) in
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, let lo = Int64(parts[0]), let hi = Int64(parts[1]), lo <= hi else {
        throw PostgresError(
          code: .decoding, message: "id range \"\(text)\" is not lo:hi with lo ≤ hi", origin: nil)
      }
      return lo...hi
    }
  }
}

/// PostgreSQL's text form of a one-dimensional text array: `{a,"b c",NULL}`.
enum PostgresTextArray {
  /// The elements, NULL elements dropped; an empty list for a NULL array.
  static func parse(_ text: String?) -> [String] {
    guard let text, text.hasPrefix("{"), text.hasSuffix("}") else { return [] }
    var elements: [String] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var escaped = false
    for character in text.dropFirst().dropLast() {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
        wasQuoted = true
      } else if character == "," && !quoted {
        if wasQuoted || current != "NULL" { elements.append(current) }
        current = ""
        wasQuoted = false
      } else {
        current.append(character)
      }
    }
    if !text.hasPrefix("{}") && (wasQuoted || current != "NULL") { elements.append(current) }
    return elements
  }
}
