import Foundation
import HospitalEconomics

/// What a report says about the scenario it was built from.
public struct ScenarioIdentity: Sendable, Equatable {
  /// Short name, e.g. `paper-2024` (also the default output folder name).
  public var name: String
  /// Title for people.
  public var title: String
  /// The scenario file chain, child first, as file names (`electricity-0.8.yaml`, `paper-2024.yaml`).
  public var files: [String]

  /// Creates an identity.
  public init(name: String, title: String, files: [String]) {
    self.name = name
    self.title = title
    self.files = files
  }
}

/// The building blocks of economics reports: each function returns one section, one set of
/// figures or one CSV table, so `plan` and later reports compose the ones they need.
public enum ReportSections {
  // MARK: - Verdict

  /// One paragraph a finance director can quote: does it pay, by how much, and where it breaks even.
  public static func verdict(_ e: Economics) -> String {
    verdict(
      e.financials, feeCNY: e.inputs.registrationFeeCNY, feeText: "a registration fee",
      breakevenVisits: e.breakevenVisits.map { Decimal($0) },
      volumeCondition: "with today's fee",
      noVolume:
        "no volume (a visit brings no more effective revenue than the storage it adds costs)")
  }

  /// The verdict on a year's money: `fee` is the registration fee the year was billed at
  /// (`feeText` names it), `breakevenVisits` the yearly visits at which it breaks even under
  /// `volumeCondition`, or nil (`noVolume` says why).
  public static func verdict(
    _ f: Financials, feeCNY: Decimal, feeText: String, breakevenVisits: Decimal?,
    volumeCondition: String, noVolume: String
  ) -> String {
    let fee = NumberFormat.money(feeCNY)
    let amounts = NumberFormat.amountsCNY([abs(f.marginCNY), f.totalCostCNY, f.effectiveRevenueCNY])
    let (margin, cost, revenue) = (amounts[0], amounts[1], amounts[2])
    let breakEvenFee: String
    if let value = f.breakevenRegistrationFeeCNY {
      breakEvenFee =
        value <= 0
        ? "any fee (its other revenue covers the cost)"
        : "\(NumberFormat.money(value)) CNY per visit"
    } else {
      breakEvenFee = "no fee (there are no visits)"
    }
    let breakEvenVisits =
      breakevenVisits.map { "\(NumberFormat.grouped($0, decimals: 0)) visits a year" } ?? noVolume
    if f.marginCNY < 0 {
      return
        "**The meta-hospital does not pay for itself.** At \(feeText) of \(fee) CNY it loses "
        + "\(margin) a year: a total cost of \(cost) (with amortization "
        + "and depreciation) against \(revenue) of effective revenue. It breaks even at a fee of \(breakEvenFee), "
        + "or at \(breakEvenVisits) \(volumeCondition)."
    }
    return
      "**The meta-hospital pays for itself.** At \(feeText) of \(fee) CNY it earns "
      + "\(margin) a year: a total cost of \(cost) (with amortization and "
      + "depreciation) against \(revenue) of effective revenue. The fee could fall to \(breakEvenFee), or "
      + "visits to \(breakEvenVisits), before it loses money."
  }

  /// One sentence on the one-off spending: payback and NPV.
  public static func investmentSentence(_ e: Economics) -> String {
    let rate = NumberFormat.percent(e.inputs.discountRate)
    let simple =
      e.simplePaybackYears.map { "\(NumberFormat.grouped($0, decimals: 1)) years" } ?? "never"
    let discounted =
      e.discountedPaybackYears.map { "\(NumberFormat.grouped($0, decimals: 1)) years" }
      ?? "not within \(InvestmentAppraisal.paybackSearchYears) years"
    return
      "The one-off spending of \(NumberFormat.millionsCNY(e.oneOffSpendingCNY)) (software, model, hardware) "
      + "is repaid by the yearly cash flow of \(NumberFormat.millionsCNY(e.annualNetCashFlowCNY)) in \(simple) "
      + "(\(discounted) discounted at \(rate)); its NPV over \(e.inputs.appraisalYears) years is "
      + "\(NumberFormat.millionsCNY(e.npvCNY))."
  }

  // MARK: - Figures

  /// The summary figures, with the stable ids every report's `summary.csv` uses.
  public static func summaryFigures(_ e: Economics) -> [ReportFigure] {
    func money(_ id: String, _ label: String, _ value: Decimal?, _ unit: String = "CNY/year")
      -> ReportFigure
    {
      ReportFigure(
        id: id, label: label, value: value.map { .money($0) } ?? .none(note: "n/a"), unit: unit)
    }
    func quantity(_ id: String, _ label: String, _ value: Double, _ decimals: Int, _ unit: String)
      -> ReportFigure
    {
      ReportFigure(id: id, label: label, value: .quantity(value, decimals: decimals), unit: unit)
    }
    func exact(_ id: String, _ label: String, _ value: Decimal?, _ decimals: Int, _ unit: String)
      -> ReportFigure
    {
      ReportFigure(
        id: id, label: label,
        value: value.map { .exact($0, decimals: decimals) } ?? .none(note: "never"), unit: unit)
    }
    func share(_ id: String, _ label: String, _ value: Decimal?) -> ReportFigure {
      ReportFigure(
        id: id, label: label, value: value.map { .share($0) } ?? .none(note: "n/a"), unit: "share")
    }
    return [
      quantity("concurrent_sessions", "Concurrent sessions", e.concurrentSessions, 2, "sessions"),
      quantity(
        "one_way_bandwidth_gbps", "Network bandwidth, one way", e.oneWayBandwidthGbps, 1, "Gbit/s"),
      quantity(
        "network_bandwidth_gbps", "Network bandwidth, two way", e.networkBandwidthGbps, 1, "Gbit/s"),
      quantity("storage_increment_gb", "Storage increment", e.storageIncrementGB, 0, "GB/year"),
      quantity(
        "storage_increment_pb", "Storage increment, decimal PB", e.storageIncrementPB, 3, "PB/year"),
      quantity(
        "storage_increment_binary_pb", "Storage increment, binary PB (1024² GB)",
        e.storageIncrementBinaryPB, 3,
        "PB/year"),
      quantity("storage_provisioned_pb", "Storage provisioned", e.storageProvisionedPB, 1, "PB"),
      quantity("cpu_power_kw", "CPU power, nameplate", e.cpuPowerKW, 1, "kW"),
      quantity("gpu_power_kw", "GPU power, nameplate", e.gpuPowerKW, 1, "kW"),
      quantity("storage_power_kw", "Storage power, nameplate", e.storagePowerKW, 1, "kW"),
      quantity("it_power_kw", "IT power, nameplate", e.itPowerKW, 1, "kW"),
      quantity("facility_power_kw", "Facility power, nameplate", e.facilityPowerKW, 1, "kW"),
      quantity("annual_energy_kwh", "Yearly energy, nameplate", e.annualEnergyKWh, 0, "kWh/year"),
      quantity(
        "metered_energy_kwh", "Yearly energy, metered estimate", e.meteredEnergyKWh, 0, "kWh/year"),
      money(
        "annual_electricity_cost_cny", "Electricity cost, nameplate", e.annualElectricityCostCNY),
      money(
        "metered_electricity_cost_cny", "Electricity cost, metered estimate",
        e.meteredElectricityCostCNY),
      money("registration_revenue_cny", "Registration revenue", e.registrationRevenueCNY),
      money("drug_revenue_cny", "Drug sales (pass-through)", e.drugRevenueCNY),
      money("gross_revenue_cny", "Gross revenue", e.grossRevenueCNY),
      money("effective_revenue_cny", "Effective revenue", e.effectiveRevenueCNY),
      ReportFigure(id: "staff_count", label: "Staff", value: .count(e.staffCount), unit: "people"),
      money("staff_cost_cny", "Staff cost", e.staffCostCNY),
      money("software_capex_cny", "Base software (one-off)", e.softwareCapexCNY, "CNY"),
      money("software_amortization_cny", "Software amortization", e.softwareAmortizationCNY),
      money("model_capex_cny", "Model building (one-off)", e.modelCapexCNY, "CNY"),
      money("model_amortization_cny", "Model amortization", e.modelAmortizationCNY),
      money("hardware_capex_cny", "Hardware (one-off)", e.hardwareCapexCNY, "CNY"),
      money("hardware_depreciation_cny", "Hardware depreciation", e.hardwareDepreciationCNY),
      money("other_services_cny", "Other services", e.otherServicesCNY),
      money("annual_cash_cost_cny", "Cash running cost", e.annualCashCostCNY),
      money("annual_total_cost_cny", "Total cost", e.annualTotalCostCNY),
      money("annual_margin_cny", "Margin", e.annualMarginCNY),
      share("margin_share", "Margin, share of effective revenue", e.marginShare),
      money("cost_per_visit_cny", "Total cost per visit", e.costPerVisitCNY, "CNY/visit"),
      money(
        "effective_revenue_per_visit_cny", "Effective revenue per visit",
        e.effectiveRevenuePerVisitCNY, "CNY/visit"),
      money(
        "breakeven_registration_fee_cny", "Break-even registration fee",
        e.breakevenRegistrationFeeCNY, "CNY/visit"),
      ReportFigure(
        id: "breakeven_visits", label: "Break-even visits",
        value: e.breakevenVisits.map { .count($0) } ?? .none(note: "none"), unit: "visits/year"),
      exact("staff_per_10k_visits", "Staff per 10,000 visits", e.staffPer10kVisits, 2, "people"),
      share(
        "it_share_of_gross_revenue", "IT spending, share of gross revenue", e.itShareOfGrossRevenue),
      money(
        "offline_revenue_per_visit_cny", "Offline: medical revenue per outpatient visit",
        e.offlineRevenuePerVisitCNY,
        "CNY/visit"),
      money(
        "offline_it_per_visit_cny", "Offline: IT investment per outpatient visit",
        e.offlineITPerVisitCNY, "CNY/visit"),
      exact(
        "offline_staff_per_10k_visits", "Offline: staff per 10,000 outpatient visits",
        e.offlineStaffPer10kVisits, 2, "people"),
      share(
        "offline_it_share_of_revenue", "Offline: IT investment, share of revenue",
        e.offlineITShareOfRevenue),
      money(
        "one_off_spending_cny", "One-off spending (software, model, hardware)", e.oneOffSpendingCNY,
        "CNY"),
      money("annual_net_cash_flow_cny", "Net operating cash flow", e.annualNetCashFlowCNY),
      exact("simple_payback_years", "Simple payback", e.simplePaybackYears, 2, "years"),
      exact("discounted_payback_years", "Discounted payback", e.discountedPaybackYears, 2, "years"),
      share("discount_rate", "Discount rate", e.inputs.discountRate),
      money("npv_cny", "NPV of the one-off spending", e.npvCNY, "CNY"),
    ]
  }

  /// `summary.csv`: `metric,value,unit`, one figure a row.
  public static func summaryCSV(_ figures: [ReportFigure]) -> CSVTable {
    CSVTable(
      fileName: "summary.csv", header: ["metric", "value", "unit"],
      rows: figures.map { [$0.id, $0.csvValue, $0.csvUnit] })
  }

  /// `summary.csv` of figures with different sources: `metric,value,unit,source`.
  public static func summaryCSVWithSources(_ figures: [ReportFigure]) -> CSVTable {
    CSVTable(
      fileName: "summary.csv", header: ["metric", "value", "unit", "source"],
      rows: figures.map { [$0.id, $0.csvValue, $0.csvUnit, $0.source] })
  }

  /// What the effective revenue keeps of drug sales, for a note beside it.
  public static func drugNote(markupRate: Decimal, markupCNY: Decimal) -> String {
    markupRate == 0 && markupCNY == 0
      ? "drugs pass through at cost"
      : "drug markup of \(NumberFormat.percent(markupRate)) kept: \(NumberFormat.money(markupCNY)) CNY"
  }

  // MARK: - Sections

  /// The key figures, for a reader who stops after the headline.
  public static func keyFigures(_ e: Economics) -> ReportSection {
    let keyIDs = [
      "effective_revenue_cny", "annual_total_cost_cny", "annual_margin_cny",
      "breakeven_registration_fee_cny",
      "breakeven_visits", "facility_power_kw", "annual_energy_kwh", "annual_electricity_cost_cny",
      "npv_cny",
    ]
    let figures = summaryFigures(e)
    let rows = keyIDs.compactMap { id in figures.first { $0.id == id } }.map {
      [MarkdownText.escape($0.label), $0.displayValue, $0.unit, "`\($0.id)`"]
    }
    return ReportSection(
      id: "key-figures", title: "Key figures",
      blocks: [
        .table(
          ReportTable(
            columns: ["Figure", "Value", "Unit", "CSV id"], rightAligned: ["Value"], rows: rows))
      ])
  }

  /// Yearly cost against effective revenue, unit economics beside the offline hospital,
  /// break-even, payback and NPV.
  public static func sustainability(_ e: Economics, placeholders: Set<DriverID>) -> ReportSection {
    func mark(_ ids: [DriverID]) -> String {
      ids.contains { placeholders.contains($0) } ? " (placeholder)" : ""
    }
    let deviceIDs = e.inputs.devices.flatMap { d in
      [DeviceField.unitPriceCNY, .usefulLifeYears].map { $0.id(for: d.id) }
    }
    let software =
      "\(NumberFormat.millionsCNY(e.softwareCapexCNY)) over \(NumberFormat.groupedTrimmed(e.inputs.softwareAmortizationYears)) years"
    let model =
      "\(NumberFormat.millionsCNY(e.modelCapexCNY)) over \(NumberFormat.groupedTrimmed(e.inputs.modelAmortizationYears)) years"
    let costRows: [[String]] = [
      [
        "Effective revenue (registration + drug markup)", NumberFormat.money(e.effectiveRevenueCNY),
        drugNote(markupRate: e.inputs.drugMarkupRate, markupCNY: e.drugMarginCNY),
      ],
      ["Staff", NumberFormat.money(-e.staffCostCNY), "\(e.staffCount) people"],
      [
        "Electricity, nameplate", NumberFormat.money(-e.annualElectricityCostCNY),
        "metered estimate: \(NumberFormat.money(e.meteredElectricityCostCNY))",
      ],
      [
        "Other services", NumberFormat.money(-e.otherServicesCNY),
        "network, security, maintenance, operations",
      ],
      [
        "Software amortization", NumberFormat.money(-e.softwareAmortizationCNY),
        software + mark([ScalarDriver.softwareAmortizationYears.id]),
      ],
      [
        "Model amortization", NumberFormat.money(-e.modelAmortizationCNY),
        model + mark([ScalarDriver.modelAmortizationYears.id]),
      ],
      [
        "Hardware depreciation", NumberFormat.money(-e.hardwareDepreciationCNY),
        "on \(NumberFormat.millionsCNY(e.hardwareCapexCNY))"
          + mark(deviceIDs + [ScalarDriver.storagePriceCNYPerPB.id]),
      ],
      ["**Total cost**", "**\(NumberFormat.money(-e.annualTotalCostCNY))**", ""],
      [
        "**Margin**", "**\(NumberFormat.money(e.annualMarginCNY))**",
        e.marginShare.map { NumberFormat.percent($0) + " of effective revenue" } ?? "",
      ],
    ]
    func perVisit(_ value: Decimal?) -> String { value.map(NumberFormat.money) ?? "n/a" }
    func ratio(_ value: Decimal?) -> String {
      value.map { NumberFormat.grouped($0, decimals: 2) } ?? "n/a"
    }
    let comparisonRows: [[String]] = [
      ["Total cost per visit", perVisit(e.costPerVisitCNY), "not in the paper", "CNY/visit"],
      [
        "Effective revenue per visit", perVisit(e.effectiveRevenuePerVisitCNY),
        perVisit(e.offlineRevenuePerVisitCNY) + " (all medical revenue, inpatients included)",
        "CNY/visit",
      ],
      [
        "IT spending per visit", perVisit(e.costPerVisitCNY) + " (all cost is IT)",
        perVisit(e.offlineITPerVisitCNY), "CNY/visit",
      ],
      [
        "IT spending, share of revenue",
        (e.itShareOfGrossRevenue.map(NumberFormat.percent) ?? "n/a") + " of gross",
        e.offlineITShareOfRevenue.map(NumberFormat.percent) ?? "n/a", "share",
      ],
      [
        "Staff per 10,000 visits", ratio(e.staffPer10kVisits), ratio(e.offlineStaffPer10kVisits),
        "people",
      ],
    ]
    let breakEven: [String] = [
      "Break-even registration fee: **\(perVisit(e.breakevenRegistrationFeeCNY)) CNY per visit** at \(NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0)) visits a year.",
      e.breakevenVisits.map {
        "Break-even volume: **\(NumberFormat.grouped(Decimal($0), decimals: 0)) visits a year** at \(NumberFormat.money(e.inputs.registrationFeeCNY)) CNY, with devices held at this scenario's levels and storage growing with visits."
      }
        ?? "Break-even volume: **none**. At \(NumberFormat.money(e.inputs.registrationFeeCNY)) CNY a visit brings no more effective revenue than the storage it adds costs (capital and power), so no volume breaks even with devices held at this scenario's levels.",
    ]
    let investmentRows: [[String]] = [
      [
        "One-off spending (software, model, hardware)", NumberFormat.money(e.oneOffSpendingCNY),
        "CNY",
      ],
      [
        "Net operating cash flow (effective revenue − cash running cost)",
        NumberFormat.money(e.annualNetCashFlowCNY), "CNY/year",
      ],
      [
        "Simple payback",
        e.simplePaybackYears.map { NumberFormat.grouped($0, decimals: 2) } ?? "never", "years",
      ],
      [
        "Discounted payback at \(NumberFormat.percent(e.inputs.discountRate))\(mark([ScalarDriver.discountRate.id]))",
        e.discountedPaybackYears.map { NumberFormat.grouped($0, decimals: 2) }
          ?? "not within \(InvestmentAppraisal.paybackSearchYears) years", "years",
      ],
      [
        "NPV over \(e.inputs.appraisalYears) years\(mark([ScalarDriver.appraisalYears.id]))",
        NumberFormat.money(e.npvCNY), "CNY",
      ],
    ]
    return ReportSection(
      id: "sustainability", title: "Sustainability",
      blocks: [
        .paragraph(verdict(e)),
        .subheading("Yearly result"),
        .table(
          ReportTable(
            columns: ["Line", "CNY/year", "Note"], rightAligned: ["CNY/year"], rows: costRows)),
      ] + costStructure(e.financials) + [
        .subheading("Against the offline hospital (paper Table 1)"),
        .table(
          ReportTable(
            columns: ["Measure", "Meta-hospital", "Offline hospital", "Unit"],
            rightAligned: ["Meta-hospital", "Offline hospital"], rows: comparisonRows)),
        .subheading("Break-even"),
        .bullets(breakEven),
      ] + marginAgainstFee(e) + [
        .subheading("One-off spending"),
        .paragraph(investmentSentence(e)),
        .table(
          ReportTable(
            columns: ["Measure", "Value", "Unit"], rightAligned: ["Value"], rows: investmentRows)),
        .paragraph(
          "Hardware is bought in year 0 and depreciated straight-line; the NPV counts no hardware replacement and no residual value."
        ),
      ])
  }

  /// The paper's Tables 2–3 figure by figure beside the computed values.
  public static func paperReproduction(_ e: Economics) -> ReportSection {
    let rows = e.paperReproduction.map { f -> [String] in
      [
        f.table, f.label, NumberFormat.groupedTrimmed(f.paperValue),
        NumberFormat.grouped(
          f.computedValue, decimals: f.basis == .exact ? f.paperDecimals : max(f.paperDecimals, 2)),
        NumberFormat.grouped(
          f.deviation, decimals: f.basis == .exact ? f.paperDecimals : max(f.paperDecimals, 2)),
        f.deviationShare.map { NumberFormat.grouped($0 * 100, decimals: 2) + " %" } ?? "",
        f.unit, f.status, f.note,
      ]
    }
    return ReportSection(
      id: "paper-reproduction", title: "Paper reproduction (Tables 2–3)",
      blocks: [
        .paragraph(
          "Each figure of the paper's Tables 2 and 3 beside the value computed from this scenario. \"exact\": equal at the paper's precision; \"rounded in paper\" and \"slip in paper\": the paper's own figure departs from exact arithmetic on its inputs (the note says how); \"differs\": this scenario departs from the paper."
        ),
        .table(
          ReportTable(
            columns: [
              "Table", "Figure", "Paper", "Computed", "Deviation", "Deviation %", "Unit", "Status",
              "Note",
            ],
            rightAligned: ["Paper", "Computed", "Deviation", "Deviation %"], rows: rows)),
        .paragraph(
          "Power is **nameplate**: every device at rated power all year, as the paper sizes it, and that is the energy costed in the margin. A **metered** figure (from utilization telemetry) is lower; the estimate at the scenario's average load share (\(NumberFormat.percent(Decimal(quantity: e.inputs.averageLoadShare)))) is \(NumberFormat.grouped(Decimal(quantity: e.meteredEnergyKWh), decimals: 0)) kWh a year, \(NumberFormat.money(e.meteredElectricityCostCNY)) CNY."
        ),
      ])
  }

  /// Compute, power, storage and network, and the hardware capital behind them.
  public static func resources(_ e: Economics, placeholders: Set<DriverID>) -> ReportSection {
    var powerRows = e.devicePowerKW.map { d -> [String] in
      let device = e.inputs.devices.first { $0.id == d.id }
      return [
        MarkdownText.escape(d.name), NumberFormat.grouped(Decimal(device?.count ?? 0), decimals: 0),
        NumberFormat.groupedTrimmed(Decimal(quantity: device?.ratedPowerW ?? 0)) + " W",
        NumberFormat.grouped(Decimal(quantity: d.value), decimals: 1),
      ]
    }
    powerRows.append([
      "Storage",
      NumberFormat.grouped(Decimal(quantity: e.storageProvisionedPB), decimals: 1) + " PB",
      NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.storagePowerKWPerPB)) + " kW/PB",
      NumberFormat.grouped(Decimal(quantity: e.storagePowerKW), decimals: 1),
    ])
    powerRows.append([
      "**IT power**", "", "",
      "**\(NumberFormat.grouped(Decimal(quantity: e.itPowerKW), decimals: 1))**",
    ])
    powerRows.append([
      "**Facility power** (× \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.facilityFactor))), nameplate)",
      "", "", "**\(NumberFormat.grouped(Decimal(quantity: e.facilityPowerKW), decimals: 1))**",
    ])
    let energyRows: [[String]] = [
      [
        "Nameplate (facility power × \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.hoursPerYear))) h)",
        NumberFormat.grouped(Decimal(quantity: e.annualEnergyKWh), decimals: 0),
        NumberFormat.money(e.annualElectricityCostCNY), "costed",
      ],
      [
        "Metered estimate (× \(NumberFormat.percent(Decimal(quantity: e.inputs.averageLoadShare))) average load)",
        NumberFormat.grouped(Decimal(quantity: e.meteredEnergyKWh), decimals: 0),
        NumberFormat.money(e.meteredElectricityCostCNY), "shown for comparison",
      ],
    ]
    let capitalRows = e.hardware.map { item -> [String] in
      let priceID: DriverID =
        item.id == "storage"
        ? ScalarDriver.storagePriceCNYPerPB.id : DeviceField.unitPriceCNY.id(for: item.id)
      let lifeID: DriverID =
        item.id == "storage"
        ? ScalarDriver.storageUsefulLifeYears.id : DeviceField.usefulLifeYears.id(for: item.id)
      let placeholder = placeholders.contains(priceID) || placeholders.contains(lifeID)
      return [
        MarkdownText.escape(item.name),
        NumberFormat.groupedTrimmed(item.quantity) + " " + item.unit,
        NumberFormat.money(item.unitPriceCNY),
        NumberFormat.money(item.capexCNY), NumberFormat.groupedTrimmed(item.usefulLifeYears),
        NumberFormat.money(item.depreciationPerYearCNY), placeholder ? "placeholder" : "assumption",
      ]
    }
    let storage =
      "One visit in \(NumberFormat.groupedTrimmed(Decimal(quantity: 1 / max(e.inputs.storedVisitShare, 1e-12)))) is stored: \(NumberFormat.grouped(Decimal(quantity: e.storedVisitsPerYear), decimals: 0)) visits × \(NumberFormat.groupedTrimmed(Decimal(quantity: e.storageIncrementGB / max(e.storedVisitsPerYear, 1)))) GB = \(NumberFormat.grouped(Decimal(quantity: e.storageIncrementGB), decimals: 0)) GB a year, "
      + "\(NumberFormat.grouped(Decimal(quantity: e.storageIncrementPB), decimals: 3)) PB in decimal units or \(NumberFormat.grouped(Decimal(quantity: e.storageIncrementBinaryPB), decimals: 3)) PB in binary units (1024² GB). "
      + "Planned in \(e.inputs.storagePlanningUnit.rawValue) units rounded to \(e.inputs.storagePlanningDecimals) decimal(s): \(NumberFormat.groupedTrimmed(Decimal(quantity: e.storagePlannedIncrementPB))) PB a year × \(e.inputs.storageRetentionYears) years kept = **\(NumberFormat.groupedTrimmed(Decimal(quantity: e.storageProvisionedPB))) PB provisioned**."
    let network =
      "\(NumberFormat.grouped(Decimal(quantity: e.concurrentSessions), decimals: 2)) concurrent sessions (\(NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0)) visits / \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.openDaysPerYear))) days / \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.effectiveHoursPerDay))) h / (60 / \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.minutesPerVisit))) min)) × \(NumberFormat.groupedTrimmed(Decimal(quantity: e.inputs.terminalBandwidthMbps))) Mbit/s = "
      + "\(NumberFormat.grouped(Decimal(quantity: e.oneWayBandwidthGbps), decimals: 1)) Gbit/s one way, **\(NumberFormat.grouped(Decimal(quantity: e.networkBandwidthGbps), decimals: 1)) Gbit/s** over \(e.inputs.networkDirections) directions."
    return ReportSection(
      id: "resources", title: "Resources",
      blocks: [
        .subheading("Power (nameplate)"),
        .table(
          ReportTable(
            columns: ["Item", "Units", "Rated", "kW"], rightAligned: ["Units", "Rated", "kW"],
            rows: powerRows)),
        .subheading("Energy"),
        .table(
          ReportTable(
            columns: ["Basis", "kWh/year", "CNY/year", "Use"],
            rightAligned: ["kWh/year", "CNY/year"], rows: energyRows)),
        .subheading("Storage"),
        .paragraph(storage),
        .subheading("Network"),
        .paragraph(network),
        .subheading("Hardware capital"),
        .table(
          ReportTable(
            columns: [
              "Item", "Quantity", "Unit price CNY", "Capex CNY", "Life (years)",
              "Depreciation CNY/year", "Source",
            ],
            rightAligned: [
              "Quantity", "Unit price CNY", "Capex CNY", "Life (years)", "Depreciation CNY/year",
            ],
            rows: capitalRows)),
        .paragraph(
          "The paper does not price hardware: unit prices and useful lives are placeholders until purchase records replace them."
        ),
      ])
  }

  /// The tornado: each driver moved down and up, ranked by its effect on the yearly margin.
  public static func sensitivity(
    _ results: [SensitivityResult], settings: SensitivitySettings, chartLimit: Int = 12
  )
    -> ReportSection
  {
    let rows = results.enumerated().map { index, r -> [String] in
      [
        String(index + 1), MarkdownText.escape(r.driver.label), "`\(r.driver.id)`",
        "±" + NumberFormat.percent(r.swing),
        NumberFormat.driverValue(r.lowValue) + " / " + NumberFormat.driverValue(r.baseValue) + " / "
          + NumberFormat.driverValue(r.highValue)
          + (r.driver.unit.isEmpty ? "" : " " + r.driver.unit),
        NumberFormat.money(r.lowEffectCNY), NumberFormat.money(r.highEffectCNY),
      ]
    }
    // Bars show the size of the larger change, from zero; the label carries both signed changes.
    let charted = results.prefix(chartLimit)
    let unit = MermaidChart.MoneyUnit.fitting(charted.map(\.magnitudeCNY))
    let chart = MermaidChart.bars(
      title: "Change in yearly margin, \(unit.name) (label: down / up)",
      categories: charted.map {
        "\($0.driver.label): \(unit.signed($0.lowEffectCNY)) / \(unit.signed($0.highEffectCNY))"
      },
      values: charted.map { $0.magnitudeCNY / unit.divisor }, valueAxis: unit.name, horizontal: true
    )
    return ReportSection(
      id: "sensitivity", title: "Sensitivity",
      blocks: [
        .paragraph(
          "Each driver moved down and up by its swing (default ±\(NumberFormat.percent(settings.defaultSwing)), set per driver under `sensitivity:` in the scenario), the others held, ranked by the larger change in the yearly margin (CNY/year). Counts round to whole units; drivers at zero cannot move by a share and are left out."
        ),
        .table(
          ReportTable(
            columns: [
              "Rank", "Driver", "Id", "Swing", "Low / base / high", "Margin change, down",
              "Margin change, up",
            ],
            rightAligned: ["Rank", "Margin change, down", "Margin change, up"], rows: rows)),
        .paragraph(
          "The \(charted.count) largest effects: each bar is the larger of the two changes, from zero; its label gives both, driver down / driver up, in \(unit.name)."
        ),
        .mermaid(chart),
      ])
  }

  /// `sensitivity.csv`: one row per driver in rank order.
  public static func sensitivityCSV(_ results: [SensitivityResult]) -> CSVTable {
    CSVTable(
      fileName: "sensitivity.csv",
      header: [
        "rank", "driver", "unit", "swing", "low_value", "base_value", "high_value",
        "base_margin_cny",
        "margin_at_low_cny", "margin_at_high_cny", "margin_change_low_cny",
        "margin_change_high_cny",
      ],
      rows: results.enumerated().map { index, r in
        [
          String(index + 1), r.driver.id.rawValue, r.driver.unit,
          NumberFormat.plainTrimmed(r.swing),
          NumberFormat.driverCSVValue(r.lowValue), NumberFormat.driverCSVValue(r.baseValue),
          NumberFormat.driverCSVValue(r.highValue),
          NumberFormat.plain(r.baseMarginCNY, decimals: 2),
          NumberFormat.plain(r.marginAtLowCNY, decimals: 2),
          NumberFormat.plain(r.marginAtHighCNY, decimals: 2),
          NumberFormat.plain(r.lowEffectCNY, decimals: 2),
          NumberFormat.plain(r.highEffectCNY, decimals: 2),
        ]
      })
  }

  /// `paper_reproduction.csv`: each paper figure, computed value and deviation.
  public static func paperReproductionCSV(_ e: Economics) -> CSVTable {
    CSVTable(
      fileName: "paper_reproduction.csv",
      header: [
        "figure", "paper_table", "unit", "paper_value", "computed_value", "deviation",
        "deviation_share", "status", "note",
      ],
      rows: e.paperReproduction.map { f in
        [
          f.id, f.table, f.unit, NumberFormat.plainTrimmed(f.paperValue),
          NumberFormat.plainTrimmed(f.computedValue.rounded(scale: 6, mode: .plain)),
          NumberFormat.plainTrimmed(f.deviation.rounded(scale: 6, mode: .plain)),
          f.deviationShare.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) }
            ?? "", f.status, f.note,
        ]
      })
  }

  /// Every driver with its value, unit and where it came from; placeholders flagged.
  public static func assumptions(_ inputs: AttributedInputs) -> ReportSection {
    let rows = inputs.inputs.driverDescriptors.map { d -> [String] in
      let value = inputs.inputs.value(of: d.id).map(NumberFormat.driverValue) ?? ""
      let provenance = inputs.provenance[d.id]
      let kind =
        provenance.map { $0.kind == "placeholder" ? "**placeholder**" : $0.kind } ?? "unknown"
      return [
        "`\(d.id)`", MarkdownText.escape(d.label), value, d.unit, kind,
        provenance.map { MarkdownText.code($0.location) } ?? "",
      ]
    }
    let placeholders = inputs.placeholderDrivers.map { "`\($0)`" }.joined(separator: ", ")
    return ReportSection(
      id: "assumptions", title: "Assumptions and their sources",
      blocks: [
        .paragraph(
          "Every driver of the model with its value and where it comes from: an assumption from a scenario file (with its key path), a **placeholder** (a value the paper does not give; replace it when real data exists) or a measure from data."
            + (placeholders.isEmpty ? "" : " Placeholders in this report: \(placeholders).")),
        .table(
          ReportTable(
            columns: ["Driver", "Label", "Value", "Unit", "Source", "Set in"],
            rightAligned: ["Value"], rows: rows)),
      ])
  }

  /// `assumptions.csv`: driver, value, unit, provenance kind and location.
  public static func assumptionsCSV(_ inputs: AttributedInputs) -> CSVTable {
    CSVTable(
      fileName: "assumptions.csv", header: ["driver", "value", "unit", "source", "set_in"],
      rows: inputs.inputs.driverDescriptors.map { d in
        let provenance = inputs.provenance[d.id]
        return [
          d.id.rawValue, inputs.inputs.value(of: d.id).map(NumberFormat.driverCSVValue) ?? "",
          d.unit,
          provenance?.kind ?? "unknown", provenance?.location ?? "",
        ]
      })
  }

  /// How to read the figures: units, rounding, what is annual.
  public static func method() -> ReportSection {
    ReportSection(
      id: "method", title: "Method and conventions",
      blocks: [
        .bullets([
          "All flows are yearly. Money is in CNY, computed exactly (decimal arithmetic) and shown to 2 decimals, rounded half away from zero; CSV files carry the same rounding for money and up to 6 decimals for quantities.",
          "Physical quantities carry their unit: kW for power, kWh for energy, GB and PB for storage (decimal 1 PB = 10^6 GB unless marked binary, 1024² GB), Gbit/s for bandwidth.",
          "Total cost = staff + electricity (nameplate) + other services + straight-line amortization of the one-off software and model + straight-line depreciation of hardware. Effective revenue = registration fees + drug markup; drug sales at cost pass through.",
          "Every figure in `summary.csv` has a stable id (`metric`) and one unit per row; the same ids appear in every report.",
        ])
      ])
  }
}
