import Foundation

/// One figure of the paper's Tables 2–3 beside the value the model computes.
public struct PaperFigure: Sendable, Equatable {
  /// How the paper's figure relates to exact arithmetic on its own inputs.
  public enum Basis: String, Sendable {
    /// The paper's figure is exact arithmetic.
    case exact
    /// The paper rounds (e.g. "about 1,140").
    case rounded
    /// The paper's arithmetic slips (e.g. 226 Gbps for 228.3).
    case slip
    /// The paper's figure is an order of magnitude, not a computation.
    case approximate
    /// The paper's figure is in another unit convention (binary for decimal petabytes).
    case unitConvention
  }

  /// Stable snake_case id (the same as the summary id where there is one).
  public var id: String
  /// The paper's table.
  public var table: String
  /// Label for people.
  public var label: String
  /// Unit.
  public var unit: String
  /// The paper's figure.
  public var paperValue: Decimal
  /// The computed figure, at full precision.
  public var computedValue: Decimal
  /// Decimal places the paper states the figure with (the precision the match is judged at).
  public var paperDecimals: Int
  /// What kind of figure the paper gives.
  public var basis: Basis
  /// Why the figures differ in the paper baseline, when they do.
  public var note: String

  /// Computed − paper.
  public var deviation: Decimal { computedValue - paperValue }
  /// Deviation as a share of the paper's figure (`nil` for a zero paper figure).
  public var deviationShare: Decimal? { paperValue == 0 ? nil : deviation / paperValue }
  /// Whether the computed value, rounded to the paper's precision, equals the paper's figure.
  public var matches: Bool {
    computedValue.rounded(scale: paperDecimals, mode: .plain) == paperValue
  }

  /// The verdict for people: "exact", "rounded in paper", "slip in paper", "order of magnitude" or
  /// "binary vs decimal unit", or "differs" (the scenario departs from the paper).
  public var status: String {
    if matches { return basis == .exact ? "exact" : "matches" }
    let share = abs(deviationShare ?? 1)
    switch basis {
    case .rounded where share < Decimal(2) / 100: return "rounded in paper"
    case .slip where share < Decimal(2) / 100: return "slip in paper"
    case .approximate where share < Decimal(10) / 100: return "order of magnitude"
    case .unitConvention where share < Decimal(5) / 100: return "binary vs decimal unit"
    default: return "differs"
    }
  }
}

extension Economics {
  /// Every figure of the paper's Tables 2 and 3 beside the computed value.
  public var paperReproduction: [PaperFigure] {
    func q(_ value: Double) -> Decimal { Decimal(quantity: value) }
    func d(_ text: String) -> Decimal {
      Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }
    let device = { (id: String) in self.inputs.devices.first { $0.id == id } }
    var figures: [PaperFigure] = [
      PaperFigure(
        id: Figure.serviceRadius.id, table: "Table 2", label: "Service radius", unit: "km",
        paperValue: 3_000,
        computedValue: q(inputs.serviceRadiusKM), paperDecimals: 0, basis: .exact, note: ""),
      PaperFigure(
        id: Figure.annualVisits.id, table: "Table 2", label: "Patient visits", unit: "visits/year",
        paperValue: 20_000_000, computedValue: Decimal(inputs.annualVisits), paperDecimals: 0,
        basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.minutesPerVisit.id, table: "Table 2", label: "Interaction time",
        unit: "min/visit",
        paperValue: 10,
        computedValue: q(inputs.minutesPerVisit), paperDecimals: 0, basis: .exact, note: ""),
      PaperFigure(
        id: Figure.grossRevenue.id, table: "Table 2", label: "Gross revenue", unit: "CNY/year",
        paperValue: 3_000_000_000, computedValue: grossRevenueCNY, paperDecimals: 0, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.effectiveRevenue.id, table: "Table 2",
        label: "Effective revenue (registration only)",
        unit: "CNY/year", paperValue: 500_000_000, computedValue: registrationRevenueCNY,
        paperDecimals: 0, basis: .exact,
        note: effectiveRevenueCNY == registrationRevenueCNY
          ? ""
          : "The paper's effective revenue is the registration fees alone; this scenario's drug "
            + "markup and other kept revenue are left out of this row."),
      PaperFigure(
        id: Figure.concurrentSessions.id, table: "Table 3", label: "Concurrent sessions",
        unit: "sessions",
        paperValue: 1_140, computedValue: q(concurrentSessions), paperDecimals: 0, basis: .rounded,
        note: "The paper writes \"about 1,140\" for 20,000,000 / 365 / 8 / 6 = 1,141.55."),
      PaperFigure(
        id: Figure.oneWayBandwidth.id, table: "Table 3", label: "Network bandwidth, one way",
        unit: "Gbit/s",
        paperValue: 113, computedValue: q(oneWayBandwidthGbps), paperDecimals: 0, basis: .slip,
        note: "1,141.55 sessions × 100 Mbit/s = 114.2 Gbit/s; the paper's 113 is about 1 % low."),
      PaperFigure(
        id: Figure.networkBandwidth.id, table: "Table 3", label: "Network bandwidth, two way",
        unit: "Gbit/s",
        paperValue: 226, computedValue: q(networkBandwidthGbps), paperDecimals: 0, basis: .slip,
        note: "The paper doubles its 113 Gbit/s; doubling the exact 114.2 gives 228.3 Gbit/s."),
      PaperFigure(
        id: Figure.storedVisits.id, table: "Table 3", label: "Visits stored (one in ten)",
        unit: "visits/year",
        paperValue: 2_000_000, computedValue: q(storedVisitsPerYear), paperDecimals: 0,
        basis: .exact, note: ""),
      PaperFigure(
        id: Figure.storageIncrement.id, table: "Table 3", label: "Storage increment",
        unit: "GB/year",
        paperValue: 5_001_000, computedValue: q(storageIncrementGB), paperDecimals: 0,
        basis: .exact,
        note: "2,000,000 × (500 MB + 2 GB + 500 KB) = 2,000,000 × 2.5005 GB."),
      PaperFigure(
        id: Figure.storageIncrementBinaryPB.id, table: "Table 3",
        label: "Storage increment, binary units (1024² GB)",
        unit: "PB/year", paperValue: d("4.8"), computedValue: q(storageIncrementBinaryPB),
        paperDecimals: 1,
        basis: .rounded,
        note:
          "The paper divides 5,001,000 GB by 1024² (4.77 binary PB) and rounds to 4.8; provisioning uses 4.8."
      ),
      PaperFigure(
        id: Figure.storageIncrementPB.id, table: "Table 3",
        label: "Storage increment, decimal PB (10^6 GB)",
        unit: "PB/year", paperValue: d("4.8"), computedValue: q(storageIncrementPB),
        paperDecimals: 1,
        basis: .unitConvention,
        note: "In SI petabytes the same 5,001,000 GB is 5.0 PB; the paper's 4.8 is a binary figure."
      ),
      PaperFigure(
        id: Figure.storageProvisioned.id, table: "Table 3",
        label: "Storage provisioned (retention × increment)",
        unit: "PB", paperValue: 24, computedValue: q(storageProvisionedPB), paperDecimals: 0,
        basis: .exact,
        note: "5 years × 4.8 PB in the paper's binary planning unit (25.0 PB in SI units)."),
      PaperFigure(
        id: Figure.cpuPower.id, table: "Table 3", label: "CPU power (8,000 × 125 W)", unit: "kW",
        paperValue: 1_000,
        computedValue: q(cpuPowerKW), paperDecimals: 1, basis: .exact, note: ""),
      PaperFigure(
        id: Figure.gpuPower.id, table: "Table 3", label: "GPU power (4,000 × 450 W + 128 × 700 W)",
        unit: "kW",
        paperValue: d("1889.6"), computedValue: q(gpuPowerKW), paperDecimals: 1, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.storagePower.id, table: "Table 3", label: "Storage power (24 PB × 5 kW/PB)",
        unit: "kW",
        paperValue: 120, computedValue: q(storagePowerKW), paperDecimals: 1, basis: .exact, note: ""
      ),
      PaperFigure(
        id: Figure.facilityPower.id, table: "Table 3",
        label: "Facility power (× facility factor 2), nameplate",
        unit: "kW", paperValue: d("6019.2"), computedValue: q(facilityPowerKW), paperDecimals: 1,
        basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.annualEnergy.id, table: "Table 3", label: "Yearly energy, nameplate (× 8,760 h)",
        unit: "kWh/year",
        paperValue: 52_728_192, computedValue: q(annualEnergyKWh), paperDecimals: 0, basis: .exact,
        note: "Every device at rated power all year."),
      PaperFigure(
        id: Figure.meteredEnergy.id, table: "Table 3",
        label: "Yearly energy, metered estimate (average load)",
        unit: "kWh/year", paperValue: 24_000_000, computedValue: q(meteredEnergyKWh),
        paperDecimals: 0,
        basis: .approximate,
        note:
          "Not in the paper's table: the restatement puts metered energy at ~45 % load \"of the order of 24 M kWh\"."
      ),
      PaperFigure(
        id: Figure.electricityCost.id, table: "Table 3",
        label: "Electricity cost, nameplate (0.5 CNY/kWh)",
        unit: "CNY/year", paperValue: 26_364_096, computedValue: annualElectricityCostCNY,
        paperDecimals: 0,
        basis: .exact, note: ""),
      PaperFigure(
        id: Figure.softwareCapex.id, table: "Table 3", label: "Base software (one-off)",
        unit: "CNY",
        paperValue: 104_000_000, computedValue: softwareCapexCNY, paperDecimals: 0, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.staffCount.id, table: "Table 3", label: "Staff (2,000 doctors × 4 / 10)",
        unit: "people",
        paperValue: 800, computedValue: Decimal(staffCount), paperDecimals: 0, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.staffCost.id, table: "Table 3", label: "Staff cost (800 × 300,000)",
        unit: "CNY/year",
        paperValue: 240_000_000, computedValue: staffCostCNY, paperDecimals: 0, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.modelCapex.id, table: "Table 3", label: "Model building (one-off)", unit: "CNY",
        paperValue: 150_000_000, computedValue: modelCapexCNY, paperDecimals: 0, basis: .exact,
        note: ""),
      PaperFigure(
        id: Figure.otherServices.id, table: "Table 3", label: "Other services", unit: "CNY/year",
        paperValue: 120_000_000, computedValue: otherServicesCNY, paperDecimals: 0, basis: .exact,
        note: ""),
    ]
    // The compute estate is an input, but the paper states it: show it so a what-if that changes it is visible.
    let estate: [(String, String, Decimal)] = [
      ("rtx_4090", "RTX 4090 boards", 4_000), ("h100", "H100 boards", 128),
      ("xeon_gold_5218r", "Xeon Gold 5218R CPUs", 8_000),
    ]
    for (offset, (id, label, paper)) in estate.enumerated() {
      figures.insert(
        PaperFigure(
          id: "\(id)_count", table: "Table 3", label: label, unit: "units", paperValue: paper,
          computedValue: Decimal(device(id)?.count ?? 0), paperDecimals: 0, basis: .exact, note: ""),
        at: 5 + offset)
    }
    return figures
  }
}
