import Foundation

/// Payback and NPV of an outlay in year 0 repaid by an even yearly cash flow at the end of each year.
public struct InvestmentAppraisal: Sendable, Equatable {
  /// Outlay in year 0, CNY.
  public var outlayCNY: Decimal
  /// Net cash flow at the end of each year, CNY.
  public var annualCashFlowCNY: Decimal
  /// Discount rate a year (0.08 = 8 %).
  public var discountRate: Decimal
  /// Years of cash flow counted in the NPV.
  public var horizonYears: Int

  /// Creates an appraisal.
  public init(
    outlayCNY: Decimal, annualCashFlowCNY: Decimal, discountRate: Decimal, horizonYears: Int
  ) {
    self.outlayCNY = outlayCNY
    self.annualCashFlowCNY = annualCashFlowCNY
    self.discountRate = discountRate
    self.horizonYears = horizonYears
  }

  /// Years of the discounted-payback search before giving up.
  public static let paybackSearchYears = 100

  /// Outlay / yearly cash flow; `nil` when the cash flow is not positive.
  public var simplePaybackYears: Decimal? {
    annualCashFlowCNY > 0 ? outlayCNY / annualCashFlowCNY : nil
  }

  /// The year (interpolated within it) when the discounted cash flow first covers the outlay.
  ///
  /// A cash flow whose perpetuity (cash flow ÷ rate) does not exceed the outlay never repays it,
  /// so the search stops at once instead of discounting a hundred years that cannot reach it.
  public var discountedPaybackYears: Decimal? {
    guard annualCashFlowCNY > 0 else { return nil }
    if outlayCNY <= 0 { return 0 }
    if discountRate > 0, annualCashFlowCNY / discountRate <= outlayCNY { return nil }
    var cumulative = Decimal(0)
    var discount = Decimal(1)
    for year in 1...Self.paybackSearchYears {
      // (1 + rate)^year, one multiplication a year: the same products as `power(year)`.
      discount *= 1 + discountRate
      let present = annualCashFlowCNY / discount
      if cumulative + present >= outlayCNY {
        return Decimal(year - 1) + (outlayCNY - cumulative) / present
      }
      cumulative += present
    }
    return nil
  }

  /// −outlay + Σ cash flow / (1 + rate)^t for t = 1…horizon, CNY.
  public var npvCNY: Decimal {
    var total = -outlayCNY
    var discount = Decimal(1)
    for _ in stride(from: 1, through: horizonYears, by: 1) {
      discount *= 1 + discountRate
      total += annualCashFlowCNY / discount
    }
    return total
  }
}
