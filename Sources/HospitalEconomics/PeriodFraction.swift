import Foundation

/// A period as a fraction of a year, for annualizing measures and prorating yearly results.
///
/// The model is annual. A month of data is handled in three steps: annualize its flows (visits,
/// payroll, energy) with ``annualize(_:)-(Double)``, compute ``Economics`` for the year, and prorate
/// the yearly money back to the period with ``prorate(_:)``. Stocks (devices, headcount, one-off
/// spending) are not scaled.
public struct PeriodFraction: Sendable, Equatable {
  /// Days in the period.
  public var days: Int
  /// Days in the year the period belongs to (365 or 366).
  public var daysInYear: Int

  /// A period of `days` days in a year of `daysInYear` days.
  public init(days: Int, daysInYear: Int = 365) {
    self.days = days
    self.daysInYear = daysInYear
  }

  /// A whole year.
  public static let year = PeriodFraction(days: 365, daysInYear: 365)

  /// The fraction of the year, exactly.
  public var fraction: Decimal { Decimal(days) / Decimal(daysInYear) }

  /// A yearly amount of money for this period (yearly × days / days in year), at full precision.
  public func prorate(_ annual: Decimal) -> Decimal { annual * Decimal(days) / Decimal(daysInYear) }

  /// A period's quantity scaled up to a year.
  public func annualize(_ periodValue: Double) -> Double {
    periodValue * Double(daysInYear) / Double(days)
  }

  /// A period's money scaled up to a year.
  public func annualize(_ periodValue: Decimal) -> Decimal {
    periodValue * Decimal(daysInYear) / Decimal(days)
  }

  /// A period's count scaled up to a year, rounded half away from zero.
  public func annualize(_ periodCount: Int) -> Int {
    let value = (Decimal(periodCount) * Decimal(daysInYear) / Decimal(days)).rounded(
      scale: 0, mode: .plain)
    return Int(truncating: NSDecimalNumber(decimal: value))
  }
}
