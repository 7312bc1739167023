import Foundation
import HospitalEconomics
import Testing

/// A small, non-paper scenario whose every figure is worked out by hand in the comments.
@Suite struct HandWorkedScenarioTests {
  static func decimal(_ text: String) -> Decimal {
    Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
  }

  static let clinic: Inputs = {
    var inputs = Inputs.paper2024
    inputs.annualVisits = 1_000_000
    inputs.minutesPerVisit = 12
    inputs.openDaysPerYear = 300
    inputs.effectiveHoursPerDay = 10
    inputs.registrationFeeCNY = 30
    inputs.drugSpendPerVisitCNY = 100
    inputs.drugSpendBasis = .acquisitionCost  // 100 CNY bought, 110 billed
    inputs.drugMarkupRate = decimal("0.1")
    inputs.terminalBandwidthMbps = 50
    inputs.networkDirections = 2
    inputs.storedVisitShare = 0.2
    inputs.imagingMBPerStoredVisit = 1_000
    inputs.videoGBPerStoredVisit = 1
    inputs.recordKBPerStoredVisit = 1_000
    inputs.storageRetentionYears = 3
    inputs.storagePlanningUnit = .decimal
    inputs.storagePlanningDecimals = 1
    inputs.storagePowerKWPerPB = 10
    inputs.storagePriceCNYPerPB = 1_000_000
    inputs.storageUsefulLifeYears = 4
    inputs.devices = [
      DeviceClass(
        id: "gpu", name: "GPU", count: 100, ratedPowerW: 300, unitPriceCNY: 20_000,
        usefulLifeYears: 4,
        isAccelerator: true),
      DeviceClass(
        id: "cpu", name: "CPU", count: 200, ratedPowerW: 200, unitPriceCNY: 10_000,
        usefulLifeYears: 5,
        isAccelerator: false),
    ]
    inputs.facilityFactor = 1.5
    inputs.electricityTariffCNYPerKWh = decimal("0.6")
    inputs.staffHeadcount = 50
    inputs.staffAnnualCostPerPersonCNY = 200_000
    inputs.softwareCapexCNY = 20_000_000
    inputs.softwareAmortizationYears = 4
    inputs.modelCapexCNY = 6_000_000
    inputs.modelAmortizationYears = 3
    inputs.otherServicesCNYPerYear = 3_000_000
    inputs.discountRate = decimal("0.1")
    inputs.appraisalYears = 3
    return inputs
  }()

  let economics = Economics.compute(clinic)

  // MARK: - Physical figures

  @Test func concurrencyAndNetwork() {
    // 1,000,000 / 300 / 10 / (60 / 12 = 5) = 66.667 sessions; × 50 Mbit/s = 3.333 Gbit/s; × 2 = 6.667.
    #expect(abs(economics.concurrentSessions - 66.666_667) < 1e-6)
    #expect(abs(economics.oneWayBandwidthGbps - 3.333_333) < 1e-6)
    #expect(abs(economics.networkBandwidthGbps - 6.666_667) < 1e-6)
  }

  @Test func storage() {
    // 200,000 stored × (1 GB + 1 GB + 0.001 GB) = 400,200 GB = 0.4002 PB → planned 0.4 → × 3 years = 1.2 PB.
    #expect(abs(economics.storageIncrementGB - 400_200) < 1e-6)
    #expect(economics.storagePlannedIncrementPB == 0.4)
    #expect(economics.storageProvisionedPB == 1.2)
    // 1.2 PB × 10 kW/PB = 12 kW.
    #expect(abs(economics.storagePowerKW - 12) < 1e-9)
  }

  @Test func powerAndEnergy() {
    // GPU 100 × 300 W = 30 kW; CPU 200 × 200 W = 40 kW; + 12 kW storage = 82 kW; × 1.5 = 123 kW.
    #expect(economics.gpuPowerKW == 30)
    #expect(economics.cpuPowerKW == 40)
    #expect(abs(economics.facilityPowerKW - 123) < 1e-9)
    // 123 kW × 8,760 h = 1,077,480 kWh; × 0.6 CNY = 646,488 CNY.
    #expect(abs(economics.annualEnergyKWh - 1_077_480) < 1e-6)
    #expect(economics.annualElectricityCostCNY == 646_488)
  }

  // MARK: - Money

  @Test func revenue() {
    // Registration 1,000,000 × 30 = 30 M; drugs 100 M at cost + 10 % markup = 110 M.
    #expect(economics.registrationRevenueCNY == 30_000_000)
    #expect(economics.drugRevenueCNY == 110_000_000)
    #expect(economics.grossRevenueCNY == 140_000_000)
    // Effective: 30 M registration + 10 M markup.
    #expect(economics.effectiveRevenueCNY == 40_000_000)
  }

  @Test func costsAndMargin() {
    #expect(economics.staffCostCNY == 10_000_000)  // 50 × 200,000
    #expect(economics.softwareAmortizationCNY == 5_000_000)  // 20 M / 4
    #expect(economics.modelAmortizationCNY == 2_000_000)  // 6 M / 3
    // GPU 2 M / 4 + CPU 2 M / 5 + storage 1.2 M / 4 = 0.5 M + 0.4 M + 0.3 M.
    #expect(economics.hardwareCapexCNY == 5_200_000)
    #expect(economics.hardwareDepreciationCNY == 1_200_000)
    // Cash: 10 M + 646,488 + 3 M = 13,646,488; total + 5 M + 2 M + 1.2 M = 21,846,488.
    #expect(economics.annualCashCostCNY == 13_646_488)
    #expect(economics.annualTotalCostCNY == 21_846_488)
    #expect(economics.annualMarginCNY == 18_153_512)
  }

  @Test func breakEven() {
    // Fee: (21,846,488 − 10,000,000 markup) / 1,000,000 visits = 11.846488 CNY.
    #expect(economics.breakevenRegistrationFeeCNY == Self.decimal("11.846488"))
    // Visits at 40 CNY a visit: 21,846,488 / 40 → 546,163; there storage plans 0.2 PB (0.6 provisioned),
    // so cost falls to 10 M + 599,184 + 3 M + 7 M + 1.05 M = 21,649,184 → 541,230, which is stable.
    #expect(economics.breakevenVisits == 541_230)
  }

  @Test func investment() throws {
    // One-off 20 M + 6 M + 5.2 M = 31.2 M; cash flow 40 M − 13,646,488 = 26,353,512 a year.
    #expect(economics.oneOffSpendingCNY == 31_200_000)
    #expect(economics.annualNetCashFlowCNY == 26_353_512)
    // 31.2 M / 26,353,512 = 1.18390 years.
    let simple = try #require(economics.simplePaybackYears)
    #expect(abs(simple.doubleValue - 1.183_903) < 1e-6)
    // Year 1 discounts to 23,957,738; year 2 to 21,779,762: 1 + (31.2 M − 23,957,738) / 21,779,762 = 1.33252.
    let discounted = try #require(economics.discountedPaybackYears)
    #expect(abs(discounted.doubleValue - 1.332_523) < 1e-6)
    // NPV at 10 % over 3 years: 26,353,512 × 2.486852 − 31.2 M = 34,337,283.79.
    #expect(economics.npvCNY.roundedForDisplay() == Self.decimal("34337283.79"))
  }
}
