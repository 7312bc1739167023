import Foundation

// MARK: - Money policy

/// How the model treats money.
///
/// - Money is `Decimal` CNY, kept at full precision through every computation.
/// - Physical quantities are `Double`; one becomes money only through ``Decimal/init(quantity:scale:)``,
///   which rounds it to six decimal places first (1 mWh of energy, 0.000001 PB of storage), so a
///   nameplate energy of 52,728,192 kWh prices to exactly 26,364,096 CNY.
/// - Display rounds to two decimals, half away from zero (what a spreadsheet's ROUND does), with
///   ``Decimal/roundedForDisplay(scale:)``. Only reports round; the model never does.
public enum MoneyPolicy {
  /// Decimal places shown for money in reports and CSV files.
  public static let displayScale = 2
  /// Decimal places a physical quantity keeps when it is converted to `Decimal`.
  public static let quantityScale = 6
}

extension Decimal {
  /// A quantity as a `Decimal`, rounded half away from zero to `scale` decimal places.
  ///
  /// Going through an integer keeps the result exact: `Decimal(Double)` would carry binary noise.
  public init(quantity: Double, scale: Int = MoneyPolicy.quantityScale) {
    guard quantity.isFinite else {
      self = .nan
      return
    }
    let factor = pow(10.0, Double(scale))
    let scaled = (quantity * factor).rounded(.toNearestOrAwayFromZero)
    if abs(scaled) < 9.0e15 {
      // sign × whole units of 10^-scale: exact, and without a decimal division (the slow part).
      self = Decimal(
        sign: scaled < 0 ? .minus : .plus, exponent: -scale,
        significand: Decimal(Int64(abs(scaled))))
    } else {
      // Beyond 2^53 a Double has no fractional digits left to keep.
      self =
        Decimal(string: String(format: "%.0f", quantity), locale: Locale(identifier: "en_US_POSIX"))
        ?? .nan
    }
  }

  /// 10 raised to `exponent` (0 or more), exactly.
  public static func power10(_ exponent: Int) -> Decimal {
    var result = Decimal(1)
    for _ in 0..<Swift.max(0, exponent) { result *= 10 }
    return result
  }

  /// This value rounded half away from zero to `scale` decimal places (the display policy).
  public func roundedForDisplay(scale: Int = MoneyPolicy.displayScale) -> Decimal {
    rounded(scale: scale, mode: .plain)
  }

  /// This value rounded to `scale` decimal places with the given rounding mode.
  public func rounded(scale: Int, mode: NSDecimalNumber.RoundingMode) -> Decimal {
    var source = self
    var result = Decimal()
    NSDecimalRound(&result, &source, scale, mode)
    return result
  }

  /// This value as a `Double`, for charts and ratios that do not need exactness.
  public var doubleValue: Double {
    NSDecimalNumber(decimal: self).doubleValue
  }

  /// `self` raised to a non-negative integer power, by repeated multiplication (exact).
  public func power(_ exponent: Int) -> Decimal {
    var result = Decimal(1)
    for _ in 0..<Swift.max(0, exponent) { result *= self }
    return result
  }
}
