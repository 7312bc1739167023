import Foundation
import HospitalEconomics
import Testing

/// Every figure of the paper's Tables 2–3, computed from the baseline inputs.
@Suite struct PaperFigureTests {
  let economics = Economics.compute(.paper2024)

  // MARK: - Exact figures

  @Test func powerIsExact() {
    #expect(economics.cpuPowerKW == 1_000)
    #expect(economics.gpuPowerKW == 1_889.6)
    #expect(economics.storagePowerKW == 120)
    #expect(economics.itPowerKW == 3_009.6)
    #expect(economics.facilityPowerKW == 6_019.2)
  }

  @Test func energyAndElectricityAreExact() {
    #expect(economics.annualEnergyKWh == 52_728_192)
    #expect(economics.annualElectricityCostCNY == 26_364_096)
  }

  @Test func revenueIsExact() {
    #expect(economics.grossRevenueCNY == 3_000_000_000)
    #expect(economics.effectiveRevenueCNY == 500_000_000)
    #expect(economics.drugMarginCNY == 0)
  }

  @Test func staffSoftwareModelAndServicesAreExact() {
    #expect(economics.staffCount == 800)
    #expect(economics.staffCostCNY == 240_000_000)
    #expect(economics.softwareCapexCNY == 104_000_000)
    #expect(economics.modelCapexCNY == 150_000_000)
    #expect(economics.otherServicesCNY == 120_000_000)
  }

  @Test func storageIsProvisionedAsInThePaper() {
    #expect(economics.storedVisitsPerYear == 2_000_000)
    #expect(abs(economics.storageIncrementGB - 5_001_000) < 1e-6)
    #expect(abs(economics.storageIncrementPB - 5.001) < 1e-9)
    #expect(abs(economics.storageIncrementBinaryPB - 4.769_325) < 1e-6)
    #expect(economics.storagePlannedIncrementPB == 4.8)
    #expect(economics.storageProvisionedPB == 24)
  }

  // MARK: - Where the paper rounds or slips

  @Test func concurrencyIsAbout1140() {
    // 20,000,000 / 365 / 8 / 6 = 1,141.552…
    #expect(abs(economics.concurrentSessions - 1_141.552_511) < 1e-6)
  }

  @Test func bandwidthIs228NotThePapers226() {
    #expect(abs(economics.oneWayBandwidthGbps - 114.155_251) < 1e-6)
    #expect(abs(economics.networkBandwidthGbps - 228.310_502) < 1e-6)
  }

  @Test func meteredEnergyIsAt45PercentLoad() {
    #expect(abs(economics.meteredEnergyKWh - 23_727_686.4) < 1e-3)
  }

  @Test func reproductionTableMarksEachFigure() throws {
    let figures = Dictionary(uniqueKeysWithValues: economics.paperReproduction.map { ($0.id, $0) })
    for id in [
      "facility_power_kw", "annual_energy_kwh", "annual_electricity_cost_cny", "gross_revenue_cny",
      "effective_revenue_cny", "staff_cost_cny", "software_capex_cny", "storage_power_kw",
      "storage_provisioned_pb",
    ] {
      #expect(figures[id]?.status == "exact", "\(id)")
    }
    #expect(figures["concurrent_sessions"]?.status == "rounded in paper")
    #expect(figures["network_bandwidth_gbps"]?.status == "slip in paper")
    #expect(figures["one_way_bandwidth_gbps"]?.status == "slip in paper")
    #expect(figures["storage_increment_binary_pb"]?.status == "matches")
    #expect(figures["storage_increment_pb"]?.status == "binary vs decimal unit")
    #expect(figures["metered_energy_kwh"]?.status == "order of magnitude")
    #expect(!economics.paperReproduction.contains { $0.status == "differs" })
  }

  // MARK: - Sustainability of the baseline

  @Test func baselineCostsAndMargin() {
    // Amortization: 104 M / 5 + 150 M / 3 = 20.8 M + 50 M.
    #expect(economics.softwareAmortizationCNY == 20_800_000)
    #expect(economics.modelAmortizationCNY == 50_000_000)
    // Hardware: 60 M / 4 + 32 M / 4 + 240 M / 5 + 36 M / 5 = 78.2 M a year on 368 M.
    #expect(economics.hardwareCapexCNY == 368_000_000)
    #expect(economics.hardwareDepreciationCNY == 78_200_000)
    // 240 M + 26,364,096 + 120 M + 20.8 M + 50 M + 78.2 M.
    #expect(economics.annualTotalCostCNY == 535_364_096)
    #expect(economics.annualMarginCNY == -35_364_096)
    // (535,364,096 − 0) / 20,000,000.
    #expect(economics.breakevenRegistrationFeeCNY == Decimal(string: "26.7682048"))
  }
}
