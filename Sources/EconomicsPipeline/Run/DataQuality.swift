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

/// A check's verdict. Failing rows are never a pass: below every threshold they still warn.
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
  /// The verdict: fail when the fail limit is reached, else warn when the warn limit is, or
  /// when any row fails at all; pass only when no row fails.
  public var status: CheckStatus {
    if let fail = threshold.fail, fail.isReached(by: result) { return .fail }
    if let warn = threshold.warn, warn.isReached(by: result) { return .warn }
    return result.failing > 0 ? .warn : .pass
  }

  /// One line for an operator: `FAIL duplicate_visit_ids: 3 of 250000 (fail at 1 rows) — e.g. visit 7, visit 9 (sql/checks/duplicate_ids.sql)`.
  public var line: String {
    var text =
      "\(status.rawValue.uppercased()) \(result.checkID): \(result.failing) of \(result.examined)"
    switch status {
    case .fail: text += " (fails at \(threshold.fail.map(\.description) ?? "-"))"
    case .warn:
      text +=
        threshold.warn.map { " (warns at \($0.description))" }
        ?? " (failing rows warn below the fail limit)"
    case .pass: break
    }
    if !result.sampleIDs.isEmpty { text += ", e.g. " + result.sampleIDs.joined(separator: ", ") }
    return text + " [\(result.file)]"
  }
}

extension CheckResult {
  /// Reads the rows of a check file: `check_id, failing, examined, sample_ids`, one row per id
  /// the file declares in its `-- checks:` header, each once; `failing` and `examined` never
  /// NULL (an unknown count is not a zero). A file that also returns a measure from the same
  /// scan has rows without a check_id: they are not checks.
  /// - Throws: ``RunError/checkFileMismatch(file:problem:)`` for ids the header does not match,
  ///   ``RunError/unexpectedResult(file:problem:)`` for a row of the wrong shape.
  static func results(from query: QueryResult) throws(RunError) -> [CheckResult] {
    let file = query.file.path
    let checkColumn = query.rows.columns.index(of: "check_id")
    let results: [CheckResult]
    do {
      results = try query.rows.filter { row in checkColumn.map { row.values[$0] != nil } ?? true }
        .map { row throws(PostgresError) in
          let checkID = try row.decode(String.self, "check_id")
          guard let failing = try row.decode(Int64?.self, "failing"),
            let examined = try row.decode(Int64?.self, "examined"), failing >= 0, examined >= 0
          else {
            throw PostgresError(
              code: .decoding,
              message:
                "check \(SafeText.visible(checkID)) returned a NULL or negative count of failing or examined rows"
            )
          }
          return CheckResult(
            checkID: checkID, failing: failing, examined: examined,
            sampleIDs: PostgresTextArray.parse(try row.decode(String?.self, "sample_ids")),
            file: file,
            idRanges: query.rows.columns.index(of: "id_ranges") == nil
              ? [] : try Self.ranges(PostgresTextArray.parse(row.decode(String?.self, "id_ranges")))
          )
        }
    } catch {
      throw .unexpectedResult(file: file, problem: "\(error)")
    }
    guard let declared = query.file.checkDeclaration else {
      throw .checkFileMismatch(
        file: file, problem: "it has no `-- checks:` header naming the ids it returns")
    }
    let returned = results.map(\.checkID)
    let undeclared = returned.filter { !declared.ids.contains($0) }
    let missing = declared.ids.filter { !returned.contains($0) }
    let repeated = Set(returned.filter { id in returned.filter { $0 == id }.count > 1 })
    var problems: [String] = []
    if !undeclared.isEmpty {
      problems.append(
        "it returned \(undeclared.map { "`\(SafeText.visible($0))`" }.joined(separator: ", ")), which its header (line \(declared.line)) does not declare"
      )
    }
    if !missing.isEmpty {
      problems.append(
        "it returned no row for \(missing.map { "`\($0)`" }.joined(separator: ", ")), which its header (line \(declared.line)) declares"
      )
    }
    if !repeated.isEmpty {
      problems.append(
        "it returned \(repeated.sorted().map { "`\(SafeText.visible($0))`" }.joined(separator: ", ")) more than once"
      )
    }
    guard problems.isEmpty else {
      throw .checkFileMismatch(file: file, problem: problems.joined(separator: "; "))
    }
    return results
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
