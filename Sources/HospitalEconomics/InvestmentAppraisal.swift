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

  /// Why a payback has no year.
  public enum NoPayback: String, Sendable, Equatable {
    /// The yearly cash flow is not positive: nothing is ever repaid.
    case cashFlowNotPositive = "never: cash flow not positive"
    /// Discounted, the cash flows never add up to the outlay (cash flow ÷ rate ≤ outlay).
    case neverAtThisRate = "never at this discount rate"
    /// Repaid, but after the years the search looks at (``paybackSearchYears``).
    case beyondSearch = "after more than 100 years"
  }

  /// Why the simple payback has no year; nil when it has one.
  public var simplePaybackAbsence: NoPayback? {
    annualCashFlowCNY > 0 ? nil : .cashFlowNotPositive
  }

  /// Why the discounted payback has no year; nil when it has one.
  public var discountedPaybackAbsence: NoPayback? {
    guard discountedPaybackYears == nil else { return nil }
    if annualCashFlowCNY <= 0 { return .cashFlowNotPositive }
    if discountRate > 0, annualCashFlowCNY <= outlayCNY * discountRate { return .neverAtThisRate }
    return .beyondSearch
  }

  /// The year (interpolated within it) when the discounted cash flow first covers the outlay.
  public var discountedPaybackYears: Decimal? { npvAndDiscountedPayback.discountedPaybackYears }

  /// −outlay + Σ cash flow / (1 + rate)^t for t = 1…horizon, CNY.
  public var npvCNY: Decimal { npvAndDiscountedPayback.npvCNY }

  /// The NPV and the discounted payback in one pass over the years, each year's present value
  /// (cash flow ÷ (1 + rate)^t, the discount one multiplication a year) computed once for both.
  ///
  /// A cash flow whose perpetuity (cash flow ÷ rate) does not exceed the outlay never repays it,
  /// so the payback search stops at once instead of discounting a hundred years that cannot
  /// reach it.
  public var npvAndDiscountedPayback: (npvCNY: Decimal, discountedPaybackYears: Decimal?) {
    var searching = annualCashFlowCNY > 0 && outlayCNY > 0
    var payback: Decimal? = annualCashFlowCNY > 0 && outlayCNY <= 0 ? 0 : nil
    // The perpetuity test, cash flow ÷ rate ≤ outlay, multiplied out (a division is slow).
    if searching, discountRate > 0, annualCashFlowCNY <= outlayCNY * discountRate {
      searching = false
    }
    let growth = 1 + discountRate
    var npv = -outlayCNY
    var cumulative = Decimal(0)
    var discount = Decimal(1)
    var year = 1
    while year <= horizonYears || (searching && year <= Self.paybackSearchYears) {
      discount *= growth
      let present = annualCashFlowCNY / discount
      if year <= horizonYears { npv += present }
      if searching && year <= Self.paybackSearchYears {
        let reached = cumulative + present
        if reached >= outlayCNY {
          payback = Decimal(year - 1) + (outlayCNY - cumulative) / present
          searching = false
        } else {
          cumulative = reached
        }
      }
      year += 1
    }
    return (npv, payback)
  }
}
