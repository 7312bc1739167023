import Foundation

/// A calendar day in the job's time zone, without a time of day: the days a source's data
/// reaches, a tariff's span. Travels as year, month and day, never through `Date` and a time
/// zone, so it is never off by one.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The year.
  public var year: Int
  /// The month, 1…12.
  public var month: Int
  /// The day of the month, 1…31.
  public var day: Int

  /// Creates a day, checking that it exists in that month; nil when it does not.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1,
      day <= Self.daysInMonth(year: year, month: month)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The last day of a month (month 1…12; out-of-range months are clamped).
  public static func lastDay(year: Int, month: Int) -> LocalDate {
    let month = min(12, max(1, month))
    var date = LocalDate(unchecked: year, month, 1)
    date.day = daysInMonth(year: year, month: month)
    return date
  }

  private init(unchecked year: Int, _ month: Int, _ day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  /// Orders days chronologically.
  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// Days in a month of the Gregorian calendar.
  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
