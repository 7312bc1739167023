import Foundation
import HospitalEconomics
import Testing

/// Drug spending on either basis, and break-even volume where none exists, worked out by hand.
@Suite struct DrugsAndBreakEvenTests {
  static func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
  }

  // MARK: - Drug spending: billed or acquisition cost

  @Test func billedSpendingHoldsTheMarkupOnce() {
    // 115 CNY billed a visit at a 15 % markup: bought for 100, 15 kept. 20 M visits:
    // sales 2,300,000,000; markup 300,000,000 (not 115 × 0.15 = 17.25 a visit on top).
    var inputs = Inputs.paper2024
    inputs.drugSpendBasis = .billed
    inputs.drugSpendPerVisitCNY = 115
    inputs.drugMarkupRate = Self.decimal("0.15")
    let e = Economics.compute(inputs)
    #expect(e.drugRevenueCNY == 2_300_000_000)
    #expect(e.drugMarginCNY.rounded(scale: 2, mode: .plain) == 300_000_000)
    #expect(
      e.effectiveRevenueCNY.rounded(scale: 2, mode: .plain) == 800_000_000)  // 500 M + 300 M
    #expect(e.grossRevenueCNY == 2_800_000_000)  // 500 M registration + 2,300 M drugs
  }

  @Test func acquisitionCostSpendingGetsTheMarkupOnTop() {
    // 100 CNY bought a visit at 15 %: billed 115, 15 kept: the same year as 115 billed.
    var inputs = Inputs.paper2024
    inputs.drugSpendBasis = .acquisitionCost
    inputs.drugSpendPerVisitCNY = 100
    inputs.drugMarkupRate = Self.decimal("0.15")
    let e = Economics.compute(inputs)
    #expect(e.drugRevenueCNY == 2_300_000_000)
    #expect(e.drugMarginCNY == 300_000_000)
  }

  @Test func atZeroMarkupBothBasesPassDrugsThrough() {
    for basis in DrugSpendBasis.allCases {
      var inputs = Inputs.paper2024
      inputs.drugSpendBasis = basis
      let e = Economics.compute(inputs)
      #expect(e.drugRevenueCNY == 2_500_000_000, "\(basis)")
      #expect(e.drugMarginCNY == 0, "\(basis)")
    }
  }

  // MARK: - Break-even volume

  @Test func noVolumeBreaksEvenWhenAVisitEarnsLessThanItsStorageCosts() {
    // The paper's storage cost per visit, in the limit of many visits: one visit in ten stores
    // 2.5005 GB; 5 years kept; in binary planning units 1 PB = 1,048,576 GB:
    //   PB a visit = 0.1 × 2.5005 × 5 / 1,048,576 = 1.19233131…e-6
    //   a PB a year = 1,500,000 / 5 (capital) + 5 kW × 2 × 8,760 h × 0.5 CNY (power) = 343,800
    //   = 0.40992… CNY a visit a year.
    // At a fee of 0.40 CNY with no drug markup, every visit costs more than it brings.
    var inputs = Inputs.paper2024
    inputs.registrationFeeCNY = Self.decimal("0.40")
    let e = Economics.compute(inputs)
    #expect(e.breakevenVisits == nil)
    // At 0.42 CNY a visit earns more than its storage: a (large) volume breaks even.
    inputs.registrationFeeCNY = Self.decimal("0.42")
    let visits = Economics.compute(inputs).breakevenVisits
    #expect(visits.map { $0 > 0 } == true)
  }

  @Test func noVolumeBreaksEvenWithoutRevenuePerVisit() {
    var inputs = Inputs.paper2024
    inputs.registrationFeeCNY = 0
    #expect(Economics.compute(inputs).breakevenVisits == nil)
  }

  @Test func financialsScaleEveryFlowOnceAndKeepTheirRatios() {
    let period = Financials(
      visits: 4, registrationRevenueCNY: 80, otherKeptRevenueCNY: 60, passThroughSalesCNY: 200,
      passThroughMarkupCNY: 20, staffCostCNY: 46_000, electricityCostCNY: Self.decimal("1908.72"),
      meteredElectricityCostCNY: Self.decimal("1.8255"), otherServicesCNY: Self.decimal("3702.74"),
      softwareAmortizationCNY: Self.decimal("833.33"), modelAmortizationCNY: 1_000,
      hardwareDepreciationCNY: Self.decimal("5791.67"))
    // Worked out: gross 340, effective 160, cash 51,611.46, total 59,236.46, margin −59,076.46.
    #expect(period.grossRevenueCNY == 340)
    #expect(period.effectiveRevenueCNY == 160)
    #expect(period.cashCostCNY == Self.decimal("51611.46"))
    #expect(period.totalCostCNY == Self.decimal("59236.46"))
    #expect(period.marginCNY == Self.decimal("-59076.46"))
    #expect(period.costPerVisitCNY == Self.decimal("14809.115"))
    #expect(period.breakevenRegistrationFeeCNY == Self.decimal("14789.115"))
    let factor = Decimal(365) / 31
    let annual = period.scaled(by: factor)
    #expect(annual.marginCNY == period.marginCNY * factor)
    #expect(annual.totalCostCNY == period.totalCostCNY * factor)
    #expect(annual.costPerVisitCNY == period.costPerVisitCNY)
    #expect(annual.breakevenRegistrationFeeCNY == period.breakevenRegistrationFeeCNY)
    #expect(period.scaled(by: 1) == period)
    // Costs held: 59,236.46 / 160 × 4 × 365/31 = 17,436.5… → 17,437 visits a year.
    #expect(annual.breakevenVisitsWithCostsHeld == 17_437)
  }
}
