import Foundation

// MARK: - Units

/// A unit as code, CSV files and the language files' keys name it (`CNY/year`); reports show the
/// language's word for it.
public enum FigureUnit: String, Sendable, CaseIterable {
  case cny = "CNY"
  case cnyPerYear = "CNY/year"
  case cnyPerVisit = "CNY/visit"
  case cnyPerKWh = "CNY/kWh"
  case visits
  case visitsPerYear = "visits/year"
  case admissions
  case surgeries
  case people
  case share
  case factor = "×"
  case days
  case months
  case years
  case minutes = "min"
  case minutesPerVisit = "min/visit"
  case sessions
  case kilometres = "km"
  case gigabytes = "GB"
  case gigabytesPerYear = "GB/year"
  case petabytes = "PB"
  case petabytesPerYear = "PB/year"
  case gigabitsPerSecond = "Gbit/s"
  case watts = "W"
  case kilowatts = "kW"
  case kilowattHours = "kWh"
  case kilowattHoursPerYear = "kWh/year"
  case units

  /// Whether a figure in this unit is an amount of money.
  public var isMoney: Bool { self == .cny || self == .cnyPerYear || self == .cnyPerVisit }
}

// MARK: - Figures

/// One figure of the reports, declared once: its stable `snake_case` id (the CSV files' and the
/// language files' key, never changed once published), its unit, and the decimals it is shown
/// with (money to the fen). Every report, CSV column, label and month figure names a figure
/// through these declarations, never by spelling its id again.
public struct Figure: Sendable, Hashable, CustomStringConvertible {
  /// The stable id, e.g. `annual_margin_cny`.
  public let id: String
  /// The unit.
  public let unit: FigureUnit
  /// Decimals shown to people (money: 2).
  public let decimals: Int

  /// Declares a figure.
  public init(_ id: String, _ unit: FigureUnit, decimals: Int? = nil) {
    self.id = id
    self.unit = unit
    self.decimals = decimals ?? (unit.isMoney ? MoneyPolicy.displayScale : 0)
  }

  /// Declares the figure of a driver of the model, under the driver's id.
  public init(_ driver: ScalarDriver, _ unit: FigureUnit, decimals: Int? = nil) {
    self.init(driver.rawValue, unit, decimals: decimals)
  }

  /// The id as a driver's id (for figures that are drivers of the sensitivity or the bridge).
  public var driverID: DriverID { DriverID(rawValue: id) }

  /// The id.
  public var description: String { id }
}

// MARK: - The year: the plan's, and the data's annualized

extension Figure {
  public static let annualVisits = Figure(.annualVisits, .visitsPerYear)
  public static let minutesPerVisit = Figure(.minutesPerVisit, .minutes, decimals: 2)
  public static let registrationFee = Figure(.registrationFeeCNY, .cnyPerVisit)
  public static let drugMarkupRate = Figure(.drugMarkupRate, .share, decimals: 4)
  public static let staffHeadcount = Figure(.staffHeadcount, .people, decimals: 2)
  public static let staffCostPerPerson = Figure(.staffAnnualCostPerPersonCNY, .cnyPerYear)
  public static let electricityTariff = Figure(.electricityTariffCNYPerKWh, .cnyPerKWh, decimals: 4)
  public static let facilityFactor = Figure(.facilityFactor, .factor, decimals: 6)
  public static let averageLoadShare = Figure(.averageLoadShare, .share, decimals: 4)
  public static let otherServicesPerYear = Figure(.otherServicesCNYPerYear, .cnyPerYear)
  public static let discountRate = Figure(.discountRate, .share)

  public static let registrationRevenue = Figure("registration_revenue_cny", .cnyPerYear)
  public static let otherKeptRevenue = Figure("other_kept_revenue_cny", .cnyPerYear)
  public static let drugRevenue = Figure("drug_revenue_cny", .cnyPerYear)
  public static let drugMargin = Figure("drug_margin_cny", .cnyPerYear)
  public static let grossRevenue = Figure("gross_revenue_cny", .cnyPerYear)
  public static let effectiveRevenue = Figure("effective_revenue_cny", .cnyPerYear)
  public static let staffCount = Figure("staff_count", .people)
  public static let staffCost = Figure("staff_cost_cny", .cnyPerYear)
  public static let annualEnergy = Figure("annual_energy_kwh", .kilowattHoursPerYear)
  public static let meteredEnergy = Figure("metered_energy_kwh", .kilowattHoursPerYear)
  public static let electricityCost = Figure("annual_electricity_cost_cny", .cnyPerYear)
  public static let meteredElectricityCost = Figure("metered_electricity_cost_cny", .cnyPerYear)
  public static let softwareCapex = Figure("software_capex_cny", .cny)
  public static let softwareAmortization = Figure("software_amortization_cny", .cnyPerYear)
  public static let modelCapex = Figure("model_capex_cny", .cny)
  public static let modelAmortization = Figure("model_amortization_cny", .cnyPerYear)
  public static let hardwareCapex = Figure("hardware_capex_cny", .cny)
  public static let hardwareDepreciation = Figure("hardware_depreciation_cny", .cnyPerYear)
  public static let otherServices = Figure("other_services_cny", .cnyPerYear)
  public static let cashCost = Figure("annual_cash_cost_cny", .cnyPerYear)
  public static let totalCost = Figure("annual_total_cost_cny", .cnyPerYear)
  public static let margin = Figure("annual_margin_cny", .cnyPerYear)
  public static let marginShare = Figure("margin_share", .share)
  public static let averageRegistrationFee = Figure("average_registration_fee_cny", .cnyPerVisit)
  public static let costPerVisit = Figure("cost_per_visit_cny", .cnyPerVisit)
  public static let effectiveRevenuePerVisit = Figure(
    "effective_revenue_per_visit_cny", .cnyPerVisit)
  public static let breakevenFee = Figure("breakeven_registration_fee_cny", .cnyPerVisit)
  /// The yearly visits at which the plan's margin is zero, solved with the model: devices held at
  /// the scenario's levels, storage growing with the visits.
  public static let breakevenVisits = Figure("breakeven_visits", .visitsPerYear)
  public static let staffPer10kVisits = Figure("staff_per_10k_visits", .people, decimals: 2)
  public static let itShareOfGrossRevenue = Figure("it_share_of_gross_revenue", .share)
  public static let oneOffSpending = Figure("one_off_spending_cny", .cny)
  public static let netCashFlow = Figure("annual_net_cash_flow_cny", .cnyPerYear)
  public static let simplePayback = Figure("simple_payback_years", .years, decimals: 2)
  public static let discountedPayback = Figure("discounted_payback_years", .years, decimals: 2)
  public static let npv = Figure("npv_cny", .cny)
  public static let drugSalesPerVisit = Figure("drug_sales_per_visit_cny", .cnyPerVisit)

  // The resources.
  public static let concurrentSessions = Figure("concurrent_sessions", .sessions, decimals: 2)
  public static let oneWayBandwidth = Figure(
    "one_way_bandwidth_gbps", .gigabitsPerSecond, decimals: 1)
  public static let networkBandwidth = Figure(
    "network_bandwidth_gbps", .gigabitsPerSecond, decimals: 1)
  public static let storedVisits = Figure("stored_visits", .visitsPerYear)
  public static let storageIncrement = Figure("storage_increment_gb", .gigabytesPerYear)
  public static let storageIncrementPB = Figure(
    "storage_increment_pb", .petabytesPerYear, decimals: 3)
  public static let storageIncrementBinaryPB = Figure(
    "storage_increment_binary_pb", .petabytesPerYear, decimals: 3)
  public static let storageProvisioned = Figure("storage_provisioned_pb", .petabytes, decimals: 1)
  public static let storageInstalled = Figure("storage_installed_pb", .petabytes, decimals: 3)
  public static let itPower = Figure("it_power_kw", .kilowatts, decimals: 1)
  public static let facilityPower = Figure("facility_power_kw", .kilowatts, decimals: 1)
  public static let itNameplateEnergy = Figure("it_nameplate_energy_kwh", .kilowattHoursPerYear)
  public static let itCostedEnergy = Figure("it_costed_energy_kwh", .kilowattHoursPerYear)

  /// The nameplate power of the CPUs, the GPUs and the storage (Table 3).
  public static let cpuPower = power(ofClass: "cpu")
  public static let gpuPower = power(ofClass: "gpu")
  public static let storagePower = power(ofClass: "storage")

  /// The nameplate power of a device class (`cpu_power_kw`, `gpu_power_kw`, …).
  public static func power(ofClass deviceClass: String) -> Figure {
    Figure("\(deviceClass)_power_kw", .kilowatts, decimals: 1)
  }

  /// The service radius of Table 2 (a driver of the plan, a line of the paper's tables).
  public static let serviceRadius = Figure(.serviceRadiusKM, .kilometres)

  // The offline hospital.
  public static let offlineRevenuePerVisit = Figure("offline_revenue_per_visit_cny", .cnyPerVisit)
  public static let offlineITPerVisit = Figure("offline_it_per_visit_cny", .cnyPerVisit)
  public static let offlineStaffPer10kVisits = Figure(
    "offline_staff_per_10k_visits", .people, decimals: 2)
  public static let offlineITShareOfRevenue = Figure("offline_it_share_of_revenue", .share)
}
