import Foundation

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

  /// Creates a result.
  public init(
    checkID: String, failing: Int64, examined: Int64, sampleIDs: [String], file: String,
    idRanges: [ClosedRange<Int64>] = []
  ) {
    self.checkID = checkID
    self.failing = failing
    self.examined = examined
    self.sampleIDs = sampleIDs
    self.file = file
    self.idRanges = idRanges
  }

  /// The same check's results for several months as one: rows added, samples in month order.
  public static func composing(_ months: [CheckResult]) -> CheckResult? {
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

  /// Whether the limit is a percentage.
  public var isPercent: Bool {
    if case .percent = self { return true }
    return false
  }

  /// Whether this limit (a `warn`) can never be reached before `fail` is: the same kind of
  /// limit at or above it. Limits of different kinds (rows and a percentage) can each come first.
  public func neverBefore(_ fail: CheckLimit) -> Bool {
    switch (self, fail) {
    case (.rows(let warn), .rows(let fail)): max(warn, 1) >= max(fail, 1)
    case (.percent(let warn), .percent(let fail)): warn >= fail
    default: false
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

  /// A result judged by thresholds.
  public init(result: CheckResult, threshold: CheckThreshold) {
    self.result = result
    self.threshold = threshold
  }
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
