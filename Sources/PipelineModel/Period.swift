import Foundation

/// A reporting period: a calendar month, quarter or year of the hospital's local calendar.
///
/// Written as `2026-10`, `2026-Q3` or `2026` on the command line and in report folders.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// How long a period is.
  public enum Grain: String, Sendable, CaseIterable {
    /// A calendar month.
    case month
    /// A calendar quarter (three months from January, April, July or October).
    case quarter
    /// A calendar year.
    case year

    /// Months in one period of this grain.
    public var months: Int {
      switch self {
      case .month: 1
      case .quarter: 3
      case .year: 12
      }
    }

    /// How a period of this grain is written.
    public var example: String {
      switch self {
      case .month: "YYYY-MM, e.g. 2026-10"
      case .quarter: "YYYY-Qn, e.g. 2026-Q3"
      case .year: "YYYY, e.g. 2026"
      }
    }
  }

  /// The grain.
  public let grain: Grain
  /// The calendar year.
  public let year: Int
  /// The first month of the period, 1–12.
  public let firstMonth: Int

  /// A month.
  public static func month(_ year: Int, _ month: Int) -> Period {
    Period(grain: .month, year: year, firstMonth: month)
  }
  /// A quarter, 1–4.
  public static func quarter(_ year: Int, _ quarter: Int) -> Period {
    Period(grain: .quarter, year: year, firstMonth: (quarter - 1) * 3 + 1)
  }
  /// A year.
  public static func year(_ year: Int) -> Period {
    Period(grain: .year, year: year, firstMonth: 1)
  }

  /// Parses `2026-10`, `2026-Q3` (or `2026-q3`) or `2026`.
  public init(parsing text: String) throws(PeriodError) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
    // Digits only, the whole of each part: `Int` alone would also read `+1`.
    guard
      parts.allSatisfy({ part in part.allSatisfy { $0.isASCIIDigit || $0 == "Q" || $0 == "q" } })
    else { throw PeriodError.malformed(text) }
    guard let yearPart = parts.first, yearPart.count == 4, let year = Int(yearPart),
      (1900...9999).contains(year)
    else { throw PeriodError.malformed(text) }
    switch parts.count {
    case 1:
      self = .year(year)
    case 2 where parts[1].uppercased().hasPrefix("Q"):
      guard parts[1].count == 2, let q = Int(parts[1].dropFirst()), (1...4).contains(q) else {
        throw PeriodError.malformed(text)
      }
      self = .quarter(year, q)
    case 2:
      guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else {
        throw PeriodError.malformed(text)
      }
      self = .month(year, m)
    default:
      throw PeriodError.malformed(text)
    }
  }

  private init(grain: Grain, year: Int, firstMonth: Int) {
    self.grain = grain
    self.year = year
    self.firstMonth = firstMonth
  }

  /// `2026-10`, `2026-Q3` or `2026`.
  public var description: String {
    switch grain {
    case .month: String(format: "%04d-%02d", year, firstMonth)
    case .quarter: "\(year)-Q\((firstMonth - 1) / 3 + 1)"
    case .year: String(year)
    }
  }

  /// Months of the period, in order.
  public var months: [Period] {
    (0..<grain.months).map { .month(year, firstMonth + $0) }
  }

  /// The months from January of the period's year to the period's last month: the year to date
  /// a report's trend shows.
  public var yearToDate: [Period] {
    let last = firstMonth + grain.months - 1
    return (1...last).map { .month(year, $0) }
  }

  /// The period's start (inclusive) and end (exclusive): local midnights in `zone`.
  public func bounds(in zone: TimeZone) -> (start: Date, end: Date) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let start = Self.localMidnight(year: year, month: firstMonth, calendar: calendar)
    let endMonthIndex = firstMonth - 1 + grain.months
    let end = Self.localMidnight(
      year: year + endMonthIndex / 12, month: endMonthIndex % 12 + 1, calendar: calendar)
    return (start, end)
  }

  /// Calendar days in the period.
  public var dayCount: Int {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let (start, end) = bounds(in: calendar.timeZone)
    return calendar.dateComponents([.day], from: start, to: end).day ?? 0
  }

  /// Days in the period's calendar year.
  public var daysInYear: Int { Period.year(year).dayCount }

  /// The most recent period of `grain` that has ended by `now` in `zone`: the previous month
  /// on any day of this month, and so on. What cron runs when no period is given.
  public static func lastClosed(_ grain: Grain, before now: Date, in zone: TimeZone) -> Period {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month], from: now)
    let year = parts.year ?? 1970
    let month = parts.month ?? 1
    switch grain {
    case .month:
      return month == 1 ? .month(year - 1, 12) : .month(year, month - 1)
    case .quarter:
      let current = (month - 1) / 3 + 1
      return current == 1 ? .quarter(year - 1, 4) : .quarter(year, current - 1)
    case .year:
      return .year(year - 1)
    }
  }

  /// Whether the period has ended by `now`.
  public func isClosed(at now: Date, in zone: TimeZone) -> Bool {
    bounds(in: zone).end <= now
  }

  /// Orders by start, then by length.
  public static func < (lhs: Period, rhs: Period) -> Bool {
    (lhs.year, lhs.firstMonth, lhs.grain.months) < (rhs.year, rhs.firstMonth, rhs.grain.months)
  }

  private static func localMidnight(year: Int, month: Int, calendar: Calendar) -> Date {
    let components = DateComponents(year: year, month: month, day: 1)
    return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
  }
}

/// A period that cannot be read, or does not fit the job.
public enum PeriodError: UserFacingError, Equatable {
  /// The text is not a month, quarter or year.
  case malformed(String)
  /// The period's grain is not the job's.
  case wrongGrain(period: Period, job: String, grain: Period.Grain)

  /// Usage errors: the operator typed the period.
  public var exitStatus: SysExit { .usage }

  /// What is wrong and what to type instead.
  public var description: String {
    switch self {
    case .malformed(let text):
      "period '\(text)' is not a month (2026-10), a quarter (2026-Q3) or a year (2026)"
    case .wrongGrain(let period, let job, let grain):
      "period \(period) is a \(period.grain), but job '\(job)' reports by \(grain): give --period as \(grain.example)"
    }
  }
}

extension Character {
  /// `0` to `9` (not other scripts' digits, which `isNumber` also accepts).
  public var isASCIIDigit: Bool { ("0"..."9").contains(self) && isASCII }
}
