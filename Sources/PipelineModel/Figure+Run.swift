import Foundation
import HospitalEconomics

// The figures only a run reports: the period's books (`period_…` in summary.csv) and the months
// of the trend (`pipeline.month_figures`), declared once like the year's (`Figure.swift`).

// MARK: - The period's books

extension Figure {
  public static let periodDays = Figure("period_days", .days)
  public static let periodVirtualVisits = Figure("period_virtual_visits", .visits)
  public static let periodOfflineVisits = Figure("period_offline_visits", .visits)
  public static let periodOfflineAdmissions = Figure("period_offline_admissions", .admissions)
  public static let periodOfflineSurgeries = Figure("period_offline_surgeries", .surgeries)
  public static let periodRegistrationRevenue = Figure("period_registration_revenue_cny", .cny)
  public static let periodOtherKeptRevenue = Figure("period_other_kept_revenue_cny", .cny)
  public static let periodDrugSales = Figure("period_drug_sales_cny", .cny)
  public static let periodDrugAcquisitionCost = Figure("period_drug_acquisition_cost_cny", .cny)
  public static let periodDrugMarkup = Figure("period_drug_markup_cny", .cny)
  public static let periodExcludedRevenue = Figure("period_excluded_revenue_cny", .cny)
  public static let periodGrossRevenue = Figure("period_gross_revenue_cny", .cny)
  public static let periodEffectiveRevenue = Figure("period_effective_revenue_cny", .cny)
  public static let periodOfflineRevenue = Figure("period_offline_revenue_cny", .cny)
  public static let periodStaffCost = Figure("period_staff_cost_cny", .cny)
  public static let periodStaffAverageHeadcount = Figure(
    "period_staff_average_headcount", .people, decimals: 2)
  public static let periodITNameplateEnergy = Figure(
    "period_it_nameplate_energy_kwh", .kilowattHours, decimals: 1)
  public static let periodNameplateEnergy = Figure(
    "period_nameplate_energy_kwh", .kilowattHours, decimals: 1)
  public static let periodElectricityCost = Figure("period_electricity_cost_cny", .cny)
  public static let periodITMeteredEnergy = Figure(
    "period_it_metered_energy_kwh", .kilowattHours, decimals: 1)
  public static let periodMeteredEnergy = Figure(
    "period_metered_energy_kwh", .kilowattHours, decimals: 1)
  public static let periodMeteredElectricityCost = Figure(
    "period_metered_electricity_cost_cny", .cny)
  public static let periodSoftwareAmortization = Figure("period_software_amortization_cny", .cny)
  public static let periodModelAmortization = Figure("period_model_amortization_cny", .cny)
  public static let periodHardwareDepreciation = Figure("period_hardware_depreciation_cny", .cny)
  public static let periodOtherServices = Figure("period_other_services_cny", .cny)
  public static let periodCashCost = Figure("period_cash_cost_cny", .cny)
  public static let periodTotalCost = Figure("period_total_cost_cny", .cny)
  public static let periodMargin = Figure("period_margin_cny", .cny)
  public static let periodNetCashFlow = Figure("period_net_cash_flow_cny", .cny)
  public static let periodStorageWritten = Figure(
    "period_storage_written_gb", .gigabytes, decimals: 3)
  public static let periodRetiredBookValue = Figure("period_retired_book_value_cny", .cny)
  public static let observedPeakSessions = Figure("observed_peak_sessions", .sessions)
  public static let annualizationFactor = Figure("annualization_factor", .factor, decimals: 6)
  /// The yearly visits at which the margin on data is zero with the period's costs held and each
  /// visit bringing the period's effective revenue per visit. Not the plan's `breakeven_visits`,
  /// which the model solves with storage growing with the visits.
  public static let breakevenVisitsCostsHeld = Figure(
    "breakeven_visits_costs_held", .visitsPerYear)

  /// The busiest hour's traffic in one direction (`network_peak_inbound_gbps`).
  public static func networkPeak(_ direction: String) -> Figure {
    Figure("network_peak_\(direction)_gbps", .gigabitsPerSecond, decimals: 3)
  }
}

// MARK: - The months of the trend

extension Figure {
  /// A month's figures as the trend and `pipeline.month_figures` name them (the ids a month was
  /// recorded under: they never change). Money is the month's amount.
  public enum Month {
    public static let virtualVisits = Figure("virtual_visits", .visits)
    public static let registrationRevenue = Figure(Figure.registrationRevenue.id, .cny)
    public static let otherKeptRevenue = Figure(Figure.otherKeptRevenue.id, .cny)
    public static let drugSales = Figure("drug_sales_cny", .cny)
    public static let drugMarkup = Figure("drug_markup_cny", .cny)
    public static let effectiveRevenue = Figure(Figure.effectiveRevenue.id, .cny)
    public static let staffCost = Figure(Figure.staffCost.id, .cny)
    public static let electricityCost = Figure("electricity_cost_cny", .cny)
    public static let otherServices = Figure(Figure.otherServices.id, .cny)
    public static let softwareAmortization = Figure(Figure.softwareAmortization.id, .cny)
    public static let modelAmortization = Figure(Figure.modelAmortization.id, .cny)
    public static let hardwareDepreciation = Figure(Figure.hardwareDepreciation.id, .cny)
    public static let totalCost = Figure("total_cost_cny", .cny)
    public static let margin = Figure("margin_cny", .cny)
    public static let nameplateEnergy = Figure("nameplate_energy_kwh", .kilowattHours)
    /// The plan prorated to the month, recorded beside its books and never compared.
    public static let planMargin = Figure("plan_margin_cny", .cny)
    /// The month's days, as `trend.csv` lists them.
    public static let days = Figure("days", .days)
  }

  /// The year to date and the year's forecast, as `summary.csv` names them.
  public enum YearToDate {
    public static let days = Figure("ytd_days", .days)
    public static let virtualVisits = Figure("ytd_virtual_visits", .visits)
    public static let effectiveRevenue = Figure("ytd_effective_revenue_cny", .cny)
    public static let totalCost = Figure("ytd_total_cost_cny", .cny)
    public static let margin = Figure("ytd_margin_cny", .cny)
    public static let planMargin = Figure("ytd_plan_margin_cny", .cny)
    public static let forecastEffectiveRevenue = Figure("forecast_effective_revenue_cny", .cny)
    public static let forecastTotalCost = Figure("forecast_total_cost_cny", .cny)
    public static let forecastMargin = Figure("forecast_margin_cny", .cny)
    public static let restatedMonths = Figure("restated_months", .months)
  }
}

// MARK: - Drivers of the figures from data

/// A driver of the figures from data: a figure of the annualized year and the label `bridge.csv`
/// gives it (in every language; reports name it in their own, under its id). The lines of the
/// margin on data are products of these drivers (``DataDrivers``), which the sensitivity and the
/// bridge from the plan move.
public struct DataDriver: Sendable, Hashable {
  /// The figure it is.
  public let figure: Figure
  /// Its label in `bridge.csv`.
  public let label: String

  package init(_ figure: Figure, _ label: String) {
    self.figure = figure
    self.label = label
  }

  /// As the model's sensitivity and bridge name drivers.
  public var descriptor: DriverDescriptor {
    DriverDescriptor(
      id: figure.driverID, label: label, unit: figure.unit.rawValue, affectsMargin: true)
  }
}

extension DataDriver {
  package static let visits = DataDriver(.annualVisits, "Virtual visits")
  package static let registrationFee = DataDriver(
    .registrationFee, "Registration fee (average billed)")
  package static let drugMarkupRate = DataDriver(
    .drugMarkupRate, "Drug markup (share of acquisition cost)")
  package static let drugMarkupPerVisit = DataDriver(
    Figure("drug_markup_per_visit_cny", .cnyPerVisit), "Drug markup kept per visit")
  package static let otherKeptRevenue = DataDriver(.otherKeptRevenue, "Other kept charges")
  package static let staffHeadcount = DataDriver(.staffHeadcount, "Staff (average headcount)")
  package static let costPerHead = DataDriver(
    .staffCostPerPerson, "Cost per staff member (per average head)")
  package static let itNameplateEnergy = DataDriver(.itNameplateEnergy, "IT energy at nameplate")
  package static let itCostedEnergy = DataDriver(
    .itCostedEnergy, "IT energy at nameplate, days with a tariff")
  package static let tariff = DataDriver(.electricityTariff, "Electricity tariff (energy-weighted)")
  package static let facilityFactor = DataDriver(.facilityFactor, "Facility factor")
  package static let otherServices = DataDriver(.otherServicesPerYear, "Other services (contracts)")
  package static let softwareAmortization = DataDriver(
    .softwareAmortization, "Software amortization")
  package static let modelAmortization = DataDriver(.modelAmortization, "Model amortization")
  package static let hardwareDepreciation = DataDriver(
    .hardwareDepreciation, "Hardware depreciation")

  // Whole lines, which stand for themselves in the bridge when a factor of theirs is missing.
  package static let registrationLine = DataDriver(
    .registrationRevenue, "Registration revenue (whole line)")
  package static let drugMarkupLine = DataDriver(
    Figure(Figure.Month.drugMarkup.id, .cnyPerYear), "Drug markup (whole line)")
  package static let staffLine = DataDriver(.staffCost, "Staff cost (whole line)")
  package static let electricityLine = DataDriver(.electricityCost, "Electricity (whole line)")
}

/// What the lines of the margin on data are products of, declared once: which drivers the
/// sensitivity moves (and the lines each multiplies), and the factors of each line in the bridge
/// from the plan (with the whole line that stands for it where a factor is missing).
package enum DataDrivers {
  /// The drivers the sensitivity on data moves, in report order, with the lines each multiplies:
  /// moving a driver by a share moves those lines, and only them, by the same share.
  package static let sensitivity: [(driver: DataDriver, lines: [FinancialLine])] = [
    (.visits, [.registrationRevenue, .otherKeptRevenue, .passThroughMarkup]),
    (.registrationFee, [.registrationRevenue]),
    (.drugMarkupRate, [.passThroughMarkup]),
    (.staffHeadcount, [.staffCost]),
    (.costPerHead, [.staffCost]),
    (.tariff, [.electricity]),
    (.facilityFactor, [.electricity]),
    (.itNameplateEnergy, [.electricity]),
    (.otherServices, [.otherServices]),
    (.softwareAmortization, [.softwareAmortization]),
    (.modelAmortization, [.modelAmortization]),
    (.hardwareDepreciation, [.hardwareDepreciation]),
  ]

  /// The factors of the bridge from the plan to the data, in order.
  package static let bridgeFactors: [DataDriver] = [
    .visits, .registrationFee, .otherKeptRevenue, .drugMarkupPerVisit, .staffHeadcount,
    .costPerHead, .itCostedEnergy, .tariff, .facilityFactor, .otherServices,
    .softwareAmortization, .modelAmortization, .hardwareDepreciation,
  ]

  /// Each line of the margin as a product of factors, and the driver that stands for the whole
  /// line when a factor has no value at one end.
  package static let bridgeLines:
    [(line: FinancialLine, factors: [DataDriver], whole: DataDriver)] = [
      (.registrationRevenue, [.visits, .registrationFee], .registrationLine),
      (.otherKeptRevenue, [.otherKeptRevenue], .otherKeptRevenue),
      (.passThroughMarkup, [.visits, .drugMarkupPerVisit], .drugMarkupLine),
      (.staffCost, [.staffHeadcount, .costPerHead], .staffLine),
      (.electricity, [.itCostedEnergy, .tariff, .facilityFactor], .electricityLine),
      (.otherServices, [.otherServices], .otherServices),
      (.softwareAmortization, [.softwareAmortization], .softwareAmortization),
      (.modelAmortization, [.modelAmortization], .modelAmortization),
      (.hardwareDepreciation, [.hardwareDepreciation], .hardwareDepreciation),
    ]

  /// The lines of the margin the bridge reads, for the plan's year or the data's.
  package static func lineProducts(
    _ financials: Financials, value: (DataDriver) -> Decimal?
  ) -> LineProducts {
    LineProducts(
      financials: financials,
      factors: bridgeFactors.map {
        LineProducts.Factor(descriptor: $0.descriptor, value: value($0))
      },
      lines: bridgeLines.map { line in
        LineProducts.ProductLine(
          line: line.line, factors: line.factors.map(\.figure.driverID),
          whole: line.whole.descriptor)
      })
  }

  /// The plan's year as lines of products of the bridge's factors.
  package static func lineProducts(_ plan: Economics) -> LineProducts {
    lineProducts(plan.financials) { planValue(of: $0, in: plan) }
  }

  /// A bridge factor's value in the plan's year.
  package static func planValue(of driver: DataDriver, in plan: Economics) -> Decimal? {
    let inputs = plan.inputs
    let visits = Decimal(inputs.annualVisits)
    switch driver {
    case .visits: return visits
    case .registrationFee: return inputs.registrationFeeCNY
    case .otherKeptRevenue: return plan.financials.otherKeptRevenueCNY
    case .drugMarkupPerVisit: return visits > 0 ? plan.drugMarginCNY / visits : nil
    case .staffHeadcount: return Decimal(inputs.staffHeadcount)
    case .costPerHead: return inputs.staffAnnualCostPerPersonCNY
    case .itCostedEnergy: return Decimal(quantity: plan.itPowerKW * inputs.hoursPerYear)
    case .tariff: return inputs.electricityTariffCNYPerKWh
    case .facilityFactor: return Decimal(quantity: inputs.facilityFactor)
    case .otherServices: return plan.otherServicesCNY
    case .softwareAmortization: return plan.softwareAmortizationCNY
    case .modelAmortization: return plan.modelAmortizationCNY
    case .hardwareDepreciation: return plan.hardwareDepreciationCNY
    default: return nil
    }
  }
}
