import Foundation

/// A calendar date without a time of day or time zone: PostgreSQL's `date`.
///
/// Periods and tariffs are dated by calendar day; converting them through `Date` and a time zone
/// would invite off-by-one-day errors, so they travel as year, month and day.
public struct PostgresDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The year (proleptic Gregorian, 1…9999 in practice).
  public var year: Int
  /// The month, 1…12.
  public var month: Int
  /// The day of the month, 1…31.
  public var day: Int

  /// Creates a date, checking that the day exists in that month.
  /// - Returns: `nil` when the combination is not a real calendar day.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1,
      day <= CivilCalendar.daysInMonth(year: year, month: month)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The last day of a month (month 1…12; out-of-range months are clamped).
  public static func lastDay(year: Int, month: Int) -> PostgresDate {
    let month = min(12, max(1, month))
    return PostgresDate(
      unchecked: year, month, CivilCalendar.daysInMonth(year: year, month: month))
  }

  /// The date `days` days after 1970-01-01 (before it when negative).
  public init(daysSinceEpoch days: Int) {
    let (year, month, day) = CivilCalendar.civil(days: days)
    self.init(unchecked: year, month, day)
  }

  private init(unchecked year: Int, _ month: Int, _ day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` (the ISO form PostgreSQL prints with `DateStyle = ISO`).
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// The number of days since 1970-01-01 (negative before).
  public var daysSinceEpoch: Int { CivilCalendar.days(year: year, month: month, day: day) }

  /// `YYYY-MM-DD`.
  public var description: String {
    let y = String(year).leftPadded(to: 4)
    return "\(y)-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
  }

  /// Orders dates chronologically.
  public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }
}

// MARK: - Calendar arithmetic

/// Proleptic Gregorian calendar arithmetic in UTC, without Foundation's `Calendar` (which is slow
/// and locale-dependent). Algorithms from Howard Hinnant's "chrono-Compatible Low-Level Date
/// Algorithms".
enum CivilCalendar {
  /// Days since 1970-01-01 of a civil date.
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let shiftedMonth = (month + 9) % 12
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  /// The civil date of a number of days since 1970-01-01.
  static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = "0") -> String {
    let sign = hasPrefix("-") ? "-" : ""
    let digits = sign.isEmpty ? self : String(dropFirst())
    return sign + String(repeating: pad, count: max(0, width - digits.count)) + digits
  }
}
