import Foundation

/// The money of a meta-hospital over one span of time: what it bills and keeps, what it costs,
/// and what follows from both (totals, margin, unit economics, break-even fee).
///
/// One set of definitions for every source of figures: ``Economics`` (the plan) builds its year
/// from a scenario's drivers, and a run builds its period from the data's ledger and annualizes it
/// with ``scaled(by:)``. Either way the totals, the margin and the ratios below are computed here
/// and nowhere else.
///
/// Totals are stored, not recomputed, so that scaling a period to a year multiplies each figure
/// once: an annualized margin is exactly the period's margin × the factor.
public struct Financials: Sendable, Equatable {
  // MARK: Volume

  /// Virtual visits in the span (a year's may be fractional once a period is annualized).
  public let visits: Decimal

  // MARK: Revenue

  /// Registration fees billed, CNY: kept in full.
  public let registrationRevenueCNY: Decimal
  /// Other charges kept in full (examinations, treatments… billed by the meta-hospital), CNY.
  public let otherKeptRevenueCNY: Decimal
  /// Pass-through sales billed (drugs), CNY: only their markup is kept.
  public let passThroughSalesCNY: Decimal
  /// The markup kept on pass-through sales, CNY (zero under the zero-markup policy).
  public let passThroughMarkupCNY: Decimal

  // MARK: Costs

  /// Staff cost, CNY.
  public let staffCostCNY: Decimal
  /// Electricity at nameplate power, CNY: the figure costed in the margin.
  public let electricityCostCNY: Decimal
  /// Electricity of the metered (or estimated metered) energy, CNY: shown beside, not costed.
  public let meteredElectricityCostCNY: Decimal
  /// Other services (network, security, maintenance, operations, promotion), CNY.
  public let otherServicesCNY: Decimal
  /// Amortization of the one-off software, CNY.
  public let softwareAmortizationCNY: Decimal
  /// Amortization of the one-off model building, CNY.
  public let modelAmortizationCNY: Decimal
  /// Depreciation of hardware, CNY.
  public let hardwareDepreciationCNY: Decimal

  // MARK: Totals

  /// Gross revenue: kept charges + pass-through sales, CNY.
  public let grossRevenueCNY: Decimal
  /// Effective revenue: kept charges + the pass-through markup, CNY (pass-through cost is not revenue).
  public let effectiveRevenueCNY: Decimal
  /// Cash running cost: staff + electricity (nameplate) + other services, CNY.
  public let cashCostCNY: Decimal
  /// Total cost: cash running cost + amortization + depreciation, CNY.
  public let totalCostCNY: Decimal
  /// Effective revenue − total cost, CNY.
  public let marginCNY: Decimal
  /// Net operating cash flow: effective revenue − cash running cost, CNY.
  public let netCashFlowCNY: Decimal

  // MARK: Ratios (the same for a span and its scaling: computed once, from the unscaled lines)

  /// Margin as a share of effective revenue; `nil` without revenue.
  public let marginShare: Decimal?
  /// Total cost per visit, CNY; `nil` without visits.
  public let costPerVisitCNY: Decimal?
  /// Effective revenue per visit, CNY; `nil` without visits.
  public let effectiveRevenuePerVisitCNY: Decimal?
  /// Registration revenue per visit (the average fee billed), CNY; `nil` without visits.
  public let registrationFeePerVisitCNY: Decimal?
  /// The registration fee at which the margin is zero, the costs and other revenue held:
  /// (total cost − markup − other kept revenue) / visits, CNY; `nil` without visits. Zero or less
  /// means the meta-hospital pays without any registration fee.
  public let breakevenRegistrationFeeCNY: Decimal?
  /// Total cost as a share of gross revenue (all of the meta-hospital's cost is IT); `nil` without
  /// gross revenue.
  public let totalCostShareOfGrossRevenue: Decimal?
  /// Total cost ÷ effective revenue: how many times the revenue the cost is; `nil` without revenue.
  let costToRevenue: Decimal?

  /// Builds the figures from their lines; every total is computed here.
  public init(
    visits: Decimal, registrationRevenueCNY: Decimal, otherKeptRevenueCNY: Decimal = 0,
    passThroughSalesCNY: Decimal, passThroughMarkupCNY: Decimal, staffCostCNY: Decimal,
    electricityCostCNY: Decimal, meteredElectricityCostCNY: Decimal, otherServicesCNY: Decimal,
    softwareAmortizationCNY: Decimal, modelAmortizationCNY: Decimal,
    hardwareDepreciationCNY: Decimal
  ) {
    self.visits = visits
    self.registrationRevenueCNY = registrationRevenueCNY
    self.otherKeptRevenueCNY = otherKeptRevenueCNY
    self.passThroughSalesCNY = passThroughSalesCNY
    self.passThroughMarkupCNY = passThroughMarkupCNY
    self.staffCostCNY = staffCostCNY
    self.electricityCostCNY = electricityCostCNY
    self.meteredElectricityCostCNY = meteredElectricityCostCNY
    self.otherServicesCNY = otherServicesCNY
    self.softwareAmortizationCNY = softwareAmortizationCNY
    self.modelAmortizationCNY = modelAmortizationCNY
    self.hardwareDepreciationCNY = hardwareDepreciationCNY
    grossRevenueCNY = registrationRevenueCNY + otherKeptRevenueCNY + passThroughSalesCNY
    effectiveRevenueCNY = registrationRevenueCNY + otherKeptRevenueCNY + passThroughMarkupCNY
    cashCostCNY = staffCostCNY + electricityCostCNY + otherServicesCNY
    totalCostCNY =
      cashCostCNY + softwareAmortizationCNY + modelAmortizationCNY + hardwareDepreciationCNY
    marginCNY = effectiveRevenueCNY - totalCostCNY
    netCashFlowCNY = effectiveRevenueCNY - cashCostCNY
    let hasVisits = visits > 0
    marginShare = effectiveRevenueCNY > 0 ? marginCNY / effectiveRevenueCNY : nil
    costPerVisitCNY = hasVisits ? totalCostCNY / visits : nil
    effectiveRevenuePerVisitCNY = hasVisits ? effectiveRevenueCNY / visits : nil
    registrationFeePerVisitCNY = hasVisits ? registrationRevenueCNY / visits : nil
    breakevenRegistrationFeeCNY =
      hasVisits ? (totalCostCNY - passThroughMarkupCNY - otherKeptRevenueCNY) / visits : nil
    totalCostShareOfGrossRevenue = grossRevenueCNY > 0 ? totalCostCNY / grossRevenueCNY : nil
    costToRevenue = effectiveRevenueCNY > 0 ? totalCostCNY / effectiveRevenueCNY : nil
  }

  private init(scaling other: Financials, by factor: Decimal) {
    visits = other.visits * factor
    registrationRevenueCNY = other.registrationRevenueCNY * factor
    otherKeptRevenueCNY = other.otherKeptRevenueCNY * factor
    passThroughSalesCNY = other.passThroughSalesCNY * factor
    passThroughMarkupCNY = other.passThroughMarkupCNY * factor
    staffCostCNY = other.staffCostCNY * factor
    electricityCostCNY = other.electricityCostCNY * factor
    meteredElectricityCostCNY = other.meteredElectricityCostCNY * factor
    otherServicesCNY = other.otherServicesCNY * factor
    softwareAmortizationCNY = other.softwareAmortizationCNY * factor
    modelAmortizationCNY = other.modelAmortizationCNY * factor
    hardwareDepreciationCNY = other.hardwareDepreciationCNY * factor
    grossRevenueCNY = other.grossRevenueCNY * factor
    effectiveRevenueCNY = other.effectiveRevenueCNY * factor
    cashCostCNY = other.cashCostCNY * factor
    totalCostCNY = other.totalCostCNY * factor
    marginCNY = other.marginCNY * factor
    netCashFlowCNY = other.netCashFlowCNY * factor
    marginShare = other.marginShare
    costPerVisitCNY = other.costPerVisitCNY
    effectiveRevenuePerVisitCNY = other.effectiveRevenuePerVisitCNY
    registrationFeePerVisitCNY = other.registrationFeePerVisitCNY
    breakevenRegistrationFeeCNY = other.breakevenRegistrationFeeCNY
    totalCostShareOfGrossRevenue = other.totalCostShareOfGrossRevenue
    costToRevenue = other.costToRevenue
  }

  /// Every flow (visits and money) multiplied by `factor`, each figure once: a period's figures
  /// annualized with `days in year / days`. A factor of 1 returns the same figures.
  public func scaled(by factor: Decimal) -> Financials {
    factor == 1 ? self : Financials(scaling: self, by: factor)
  }

  // MARK: - Derived

  /// The cost without the staff's payroll per visit, CNY (what the meta-hospital spends on
  /// devices, power, software, models and services, beside the offline hospital's IT); `nil`
  /// without visits.
  public var nonStaffCostPerVisitCNY: Decimal? {
    visits > 0 ? (totalCostCNY - staffCostCNY) / visits : nil
  }

  /// The cost without the staff's payroll as a share of gross revenue; `nil` without revenue.
  public var nonStaffCostShareOfGrossRevenue: Decimal? {
    grossRevenueCNY > 0 ? (totalCostCNY - staffCostCNY) / grossRevenueCNY : nil
  }

  /// Pass-through markup per visit, CNY; `nil` without visits.
  public var passThroughMarkupPerVisitCNY: Decimal? {
    visits > 0 ? passThroughMarkupCNY / visits : nil
  }

  /// Visits at which effective revenue covers the total cost when every cost is held at this
  /// span's level and each visit brings this span's effective revenue per visit: the answer on
  /// data, where the device estate is what it is. `nil` when a visit brings no effective revenue
  /// (no volume breaks even). Rounded up to a whole visit.
  public var breakevenVisitsWithCostsHeld: Decimal? {
    guard visits > 0, let costToRevenue else { return nil }
    guard totalCostCNY > 0 else { return 0 }
    return (visits * costToRevenue).rounded(scale: 0, mode: .up)
  }
}
