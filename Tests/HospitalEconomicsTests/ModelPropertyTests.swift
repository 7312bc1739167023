import Foundation
import HospitalEconomics
import Testing

/// Properties that hold for any scenario, checked around the paper baseline.
@Suite struct ModelPropertyTests {
  // MARK: - Volume

  @Test func doublingVisitsDoublesRevenueAndKeepsNameplateEnergy() {
    var doubled = Inputs.paper2024
    doubled.annualVisits *= 2
    let base = Economics.compute(.paper2024)
    let twice = Economics.compute(doubled)
    #expect(twice.grossRevenueCNY == 2 * base.grossRevenueCNY)
    #expect(twice.effectiveRevenueCNY == 2 * base.effectiveRevenueCNY)
    // Storage grows, but device power is an assumption: only storage energy moves.
    let deviceEnergy = { (e: Economics) in
      (e.cpuPowerKW + e.gpuPowerKW) * e.inputs.facilityFactor * 8_760
    }
    #expect(deviceEnergy(twice) == deviceEnergy(base))
  }

  @Test func doublingVisitsWithoutStorageKeepsNameplateEnergyExactly() {
    var base = Inputs.paper2024
    base.storedVisitShare = 0
    var doubled = base
    doubled.annualVisits *= 2
    #expect(Economics.compute(doubled).annualEnergyKWh == Economics.compute(base).annualEnergyKWh)
  }

  // MARK: - Fee

  @Test(arguments: [0, 10, 25, 26, 30, 50])
  func marginRisesWithTheRegistrationFee(fee: Int) {
    var lower = Inputs.paper2024
    lower.registrationFeeCNY = Decimal(fee)
    var higher = lower
    higher.registrationFeeCNY += 1
    #expect(Economics.compute(higher).annualMarginCNY > Economics.compute(lower).annualMarginCNY)
  }

  @Test func breakEvenFeeGivesZeroMargin() throws {
    var inputs = Inputs.paper2024
    inputs.registrationFeeCNY = try #require(
      Economics.compute(.paper2024).breakevenRegistrationFeeCNY)
    #expect(Economics.compute(inputs).annualMarginCNY == 0)
  }

  @Test func breakEvenVisitsCoverCost() throws {
    let visits = try #require(Economics.compute(.paper2024).breakevenVisits)
    var at = Inputs.paper2024
    at.annualVisits = visits
    var below = at
    below.annualVisits = visits - 1
    #expect(Economics.compute(at).annualMarginCNY >= 0)
    #expect(Economics.compute(below).annualMarginCNY < 0)
  }

  // MARK: - Drivers

  @Test func everyDriverRoundTrips() throws {
    let inputs = Inputs.paper2024
    for descriptor in inputs.driverDescriptors {
      let value = try #require(inputs.value(of: descriptor.id), "\(descriptor.id)")
      #expect(inputs.setting(descriptor.id, to: value) == inputs, "\(descriptor.id)")
    }
    #expect(inputs.value(of: "no_such_driver") == nil)
    #expect(inputs.setting("annual_visits", to: .quantity(1)) == nil)
  }

  @Test func driverIDsAreUniqueSnakeCase() {
    let ids = Inputs.paper2024.driverDescriptors.map(\.id.rawValue)
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } })
  }

  // MARK: - Sensitivity

  @Test func sensitivityIsRankedAndSymmetricForLinearDrivers() throws {
    let results = Sensitivity.analyze(Inputs.paper2024)
    #expect(
      results.first?.driver.id == "annual_visits"
        || results.first?.driver.id == "registration_fee_cny")
    for (a, b) in zip(results, results.dropFirst()) { #expect(a.magnitudeCNY >= b.magnitudeCNY) }
    let fee = try #require(results.first { $0.driver.id == "registration_fee_cny" })
    // ±20 % of 25 CNY × 20 M visits = ±100 M.
    #expect(fee.lowEffectCNY == -100_000_000)
    #expect(fee.highEffectCNY == 100_000_000)
    // Zero: cannot move by a share.
    #expect(!results.contains { $0.driver.id == "drug_markup_rate" })
  }

  @Test func sensitivitySwingIsConfigurablePerDriver() throws {
    let settings = SensitivitySettings(swings: ["electricity_tariff_cny_per_kwh": 1])
    let tariff = try #require(
      Sensitivity.analyze(Inputs.paper2024, settings: settings).first {
        $0.driver.id == "electricity_tariff_cny_per_kwh"
      })
    #expect(tariff.highEffectCNY == -26_364_096)
    #expect(tariff.lowEffectCNY == 26_364_096)
  }

  // MARK: - Periods

  @Test func periodFractionAnnualizesAndProrates() {
    let october = PeriodFraction(days: 31, daysInYear: 365)
    #expect(october.annualize(31) == 365)
    #expect(october.prorate(365_000) == 31_000)
    #expect(PeriodFraction.year.prorate(500_000_000) == 500_000_000)
  }

  // MARK: - Money

  @Test func displayRoundingIsHalfAwayFromZero() {
    #expect(Decimal(string: "2.345")?.roundedForDisplay() == Decimal(string: "2.35"))
    #expect(Decimal(string: "-2.345")?.roundedForDisplay() == Decimal(string: "-2.35"))
    #expect(Decimal(quantity: 0.1 + 0.2) == Decimal(string: "0.3"))
  }
}
