import Foundation

extension Inputs {
  /// The seed paper's baseline (Metaverse Med 2024, Tables 1–3), with the placeholder
  /// assumptions the paper leaves open (hardware prices and lives, amortization periods,
  /// discount rate). `Pipelines/scenarios/paper-2024.yaml` holds the same values.
  public static let paper2024 = Inputs(
    annualVisits: 20_000_000,
    minutesPerVisit: 10,
    openDaysPerYear: 365,
    effectiveHoursPerDay: 8,
    serviceRadiusKM: 3_000,
    registrationFeeCNY: 25,
    drugSpendPerVisitCNY: 125,
    drugSpendBasis: .billed,
    drugMarkupRate: 0,
    terminalBandwidthMbps: 100,
    networkDirections: 2,
    storedVisitShare: 0.1,
    imagingMBPerStoredVisit: 500,
    videoGBPerStoredVisit: 2,
    recordKBPerStoredVisit: 500,
    storageRetentionYears: 5,
    storagePlanningUnit: .binary,
    storagePlanningDecimals: 1,
    storagePowerKWPerPB: 5,
    storagePriceCNYPerPB: 1_500_000,
    storageUsefulLifeYears: 5,
    devices: [
      DeviceClass(
        id: "rtx_4090", name: "RTX 4090 board", count: 4_000, ratedPowerW: 450,
        unitPriceCNY: 15_000,
        usefulLifeYears: 4, isAccelerator: true),
      DeviceClass(
        id: "h100", name: "H100 board", count: 128, ratedPowerW: 700, unitPriceCNY: 250_000,
        usefulLifeYears: 4, isAccelerator: true),
      DeviceClass(
        id: "xeon_gold_5218r", name: "Xeon Gold 5218R CPU", count: 8_000, ratedPowerW: 125,
        unitPriceCNY: 30_000, usefulLifeYears: 5, isAccelerator: false),
    ],
    facilityFactor: 2,
    hoursPerYear: 8_760,
    averageLoadShare: 0.45,
    electricityTariffCNYPerKWh: Decimal(string: "0.5", locale: Locale(identifier: "en_US_POSIX"))
      ?? 0,
    staffHeadcount: 800,
    staffAnnualCostPerPersonCNY: 300_000,
    softwareCapexCNY: 104_000_000,
    softwareAmortizationYears: 5,
    modelCapexCNY: 150_000_000,
    modelAmortizationYears: 3,
    otherServicesCNYPerYear: 120_000_000,
    discountRate: Decimal(string: "0.08", locale: Locale(identifier: "en_US_POSIX")) ?? 0,
    appraisalYears: 5,
    offlineHospital: OfflineHospital(
      outpatientVisits: 5_000_000, inpatientAdmissions: 200_000, surgeries: 150_000,
      openBeds: 3_000,
      doctors: 2_000, nurses: 3_000, administrativeStaff: 100, otherStaff: 5_000,
      medicalRevenueCNY: 12_000_000_000, itInvestmentCNY: 200_000_000)
  )
}
