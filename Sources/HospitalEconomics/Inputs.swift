import Foundation

/// Everything the model needs to price a meta-hospital for one year.
///
/// The model is annual: every flow here is a yearly figure (visits a year, cost a year). A
/// shorter period is handled outside the model: annualize its measures with ``PeriodFraction``,
/// compute the year, and prorate the yearly results back to the period.
///
/// Each field is also a named driver (``DriverID``) so reports, sensitivity analysis and
/// provenance can refer to it; see `Inputs+Drivers.swift`.
public struct Inputs: Sendable, Equatable {
  /// The most yearly visits (or other yearly counts) a scenario may state: a billion.
  public static let maximumYearlyCount = 1_000_000_000

  // MARK: Service

  /// Virtual patient visits a year.
  public var annualVisits: Int
  /// Interaction time of one visit, in minutes.
  public var minutesPerVisit: Double
  /// Days a year the service is open.
  public var openDaysPerYear: Double
  /// Effective service hours a day.
  public var effectiveHoursPerDay: Double
  /// Service radius in kilometres (informational: it sets latency, not cost).
  public var serviceRadiusKM: Double

  // MARK: Revenue

  /// Registration fee charged per visit, CNY.
  public var registrationFeeCNY: Decimal
  /// Average drug spending per visit, CNY, on the basis ``drugSpendBasis`` says.
  public var drugSpendPerVisitCNY: Decimal
  /// Whether ``drugSpendPerVisitCNY`` is what patients are billed (markup included) or what the
  /// hospital paid for the drugs (markup added on top).
  public var drugSpendBasis: DrugSpendBasis
  /// Markup kept on drugs, as a share of their acquisition cost (0 = zero-markup policy).
  public var drugMarkupRate: Decimal

  // MARK: Network

  /// Bandwidth of one XR terminal stream, Mbit/s.
  public var terminalBandwidthMbps: Double
  /// Directions of traffic per session (2 = two-way interaction).
  public var networkDirections: Int

  // MARK: Storage

  /// Share of visits whose media and records are stored (0–1).
  public var storedVisitShare: Double
  /// CT/MR imaging stored per stored visit, MB (decimal: 1 GB = 1,000 MB).
  public var imagingMBPerStoredVisit: Double
  /// Audio/video stored per stored visit, GB.
  public var videoGBPerStoredVisit: Double
  /// Record text stored per stored visit, KB (1 GB = 1,000,000 KB).
  public var recordKBPerStoredVisit: Double
  /// Years of increments kept online.
  public var storageRetentionYears: Int
  /// Unit in which the yearly increment is planned (the paper plans in binary units).
  public var storagePlanningUnit: StoragePlanningUnit
  /// Decimal places the planned yearly increment is rounded to (the paper: 1, giving 4.8).
  public var storagePlanningDecimals: Int
  /// Power drawn per provisioned petabyte, kW.
  public var storagePowerKWPerPB: Double
  /// Purchase price of one provisioned petabyte, CNY.
  public var storagePriceCNYPerPB: Decimal
  /// Useful life of storage hardware, years (straight-line depreciation).
  public var storageUsefulLifeYears: Decimal

  // MARK: Compute devices

  /// Compute device classes (boards, CPUs), in report order.
  public var devices: [DeviceClass]

  // MARK: Power and energy

  /// Multiplier from IT power to facility power (cooling, rest of server, network; PUE-like).
  public var facilityFactor: Double
  /// Hours a year the facility runs at nameplate power.
  public var hoursPerYear: Double
  /// Average load as a share of nameplate, for the metered-energy estimate (0–1).
  public var averageLoadShare: Double
  /// Electricity tariff, CNY per kWh.
  public var electricityTariffCNYPerKWh: Decimal

  // MARK: Staff

  /// Meta-hospital staff headcount.
  public var staffHeadcount: Int
  /// Yearly cost of one staff member, CNY.
  public var staffAnnualCostPerPersonCNY: Decimal

  // MARK: One-off spending and running services

  /// One-off base software spending, CNY.
  public var softwareCapexCNY: Decimal
  /// Straight-line amortization period of the software, years.
  public var softwareAmortizationYears: Decimal
  /// One-off model building spending, CNY.
  public var modelCapexCNY: Decimal
  /// Straight-line amortization period of the model, years.
  public var modelAmortizationYears: Decimal
  /// Other services a year (network, security, maintenance, operations, promotion), CNY.
  public var otherServicesCNYPerYear: Decimal

  // MARK: Finance

  /// Discount rate for NPV and discounted payback, a share a year (0.08 = 8 %).
  public var discountRate: Decimal
  /// Horizon of the NPV appraisal, years.
  public var appraisalYears: Int

  // MARK: Offline hospital (comparison only)

  /// The offline tertiary hospital the meta-hospital is compared with.
  public var offlineHospital: OfflineHospital

  /// Creates inputs from every driver; see the property documentation for units.
  public init(
    annualVisits: Int, minutesPerVisit: Double, openDaysPerYear: Double,
    effectiveHoursPerDay: Double,
    serviceRadiusKM: Double, registrationFeeCNY: Decimal, drugSpendPerVisitCNY: Decimal,
    drugSpendBasis: DrugSpendBasis, drugMarkupRate: Decimal, terminalBandwidthMbps: Double,
    networkDirections: Int,
    storedVisitShare: Double, imagingMBPerStoredVisit: Double, videoGBPerStoredVisit: Double,
    recordKBPerStoredVisit: Double, storageRetentionYears: Int,
    storagePlanningUnit: StoragePlanningUnit,
    storagePlanningDecimals: Int, storagePowerKWPerPB: Double, storagePriceCNYPerPB: Decimal,
    storageUsefulLifeYears: Decimal, devices: [DeviceClass], facilityFactor: Double,
    hoursPerYear: Double,
    averageLoadShare: Double, electricityTariffCNYPerKWh: Decimal, staffHeadcount: Int,
    staffAnnualCostPerPersonCNY: Decimal, softwareCapexCNY: Decimal,
    softwareAmortizationYears: Decimal,
    modelCapexCNY: Decimal, modelAmortizationYears: Decimal, otherServicesCNYPerYear: Decimal,
    discountRate: Decimal, appraisalYears: Int, offlineHospital: OfflineHospital
  ) {
    self.annualVisits = annualVisits
    self.minutesPerVisit = minutesPerVisit
    self.openDaysPerYear = openDaysPerYear
    self.effectiveHoursPerDay = effectiveHoursPerDay
    self.serviceRadiusKM = serviceRadiusKM
    self.registrationFeeCNY = registrationFeeCNY
    self.drugSpendPerVisitCNY = drugSpendPerVisitCNY
    self.drugSpendBasis = drugSpendBasis
    self.drugMarkupRate = drugMarkupRate
    self.terminalBandwidthMbps = terminalBandwidthMbps
    self.networkDirections = networkDirections
    self.storedVisitShare = storedVisitShare
    self.imagingMBPerStoredVisit = imagingMBPerStoredVisit
    self.videoGBPerStoredVisit = videoGBPerStoredVisit
    self.recordKBPerStoredVisit = recordKBPerStoredVisit
    self.storageRetentionYears = storageRetentionYears
    self.storagePlanningUnit = storagePlanningUnit
    self.storagePlanningDecimals = storagePlanningDecimals
    self.storagePowerKWPerPB = storagePowerKWPerPB
    self.storagePriceCNYPerPB = storagePriceCNYPerPB
    self.storageUsefulLifeYears = storageUsefulLifeYears
    self.devices = devices
    self.facilityFactor = facilityFactor
    self.hoursPerYear = hoursPerYear
    self.averageLoadShare = averageLoadShare
    self.electricityTariffCNYPerKWh = electricityTariffCNYPerKWh
    self.staffHeadcount = staffHeadcount
    self.staffAnnualCostPerPersonCNY = staffAnnualCostPerPersonCNY
    self.softwareCapexCNY = softwareCapexCNY
    self.softwareAmortizationYears = softwareAmortizationYears
    self.modelCapexCNY = modelCapexCNY
    self.modelAmortizationYears = modelAmortizationYears
    self.otherServicesCNYPerYear = otherServicesCNYPerYear
    self.discountRate = discountRate
    self.appraisalYears = appraisalYears
    self.offlineHospital = offlineHospital
  }
}

// MARK: - Parts

/// What a drug spending figure per visit measures.
public enum DrugSpendBasis: String, Sendable, Equatable, CaseIterable {
  /// What patients are billed: the markup is inside the figure (sales = spending).
  case billed
  /// What the hospital paid: the markup is added on top (sales = spending × (1 + markup)).
  case acquisitionCost = "acquisition_cost"
}

/// The unit in which a storage increment is planned and provisioned.
public enum StoragePlanningUnit: String, Sendable, Equatable, CaseIterable {
  /// 1 PB = 10^6 GB (SI).
  case decimal
  /// 1 "PB" = 1024² GB, as the paper divides (strictly a pebibyte-like unit).
  case binary

  /// Gigabytes in one planning petabyte.
  public var gigabytesPerPB: Double {
    switch self {
    case .decimal: 1_000_000
    case .binary: 1_048_576
    }
  }
}

/// One class of compute device, priced and depreciated straight-line.
public struct DeviceClass: Sendable, Equatable {
  /// Stable snake_case id, e.g. `rtx_4090`; prefixes the class's driver ids.
  public var id: String
  /// Human-readable name, e.g. "RTX 4090 board".
  public var name: String
  /// Units installed.
  public var count: Int
  /// Rated (nameplate) power of one unit, W.
  public var ratedPowerW: Double
  /// Purchase price of one unit, CNY.
  public var unitPriceCNY: Decimal
  /// Useful life, years.
  public var usefulLifeYears: Decimal
  /// Whether the class counts as GPU power (else CPU/server power) in the power breakdown.
  public var isAccelerator: Bool

  /// Creates a device class.
  public init(
    id: String, name: String, count: Int, ratedPowerW: Double, unitPriceCNY: Decimal,
    usefulLifeYears: Decimal, isAccelerator: Bool
  ) {
    self.id = id
    self.name = name
    self.count = count
    self.ratedPowerW = ratedPowerW
    self.unitPriceCNY = unitPriceCNY
    self.usefulLifeYears = usefulLifeYears
    self.isAccelerator = isAccelerator
  }
}

/// The offline tertiary hospital of the paper's Table 1, for comparison.
public struct OfflineHospital: Sendable, Equatable {
  /// Outpatient visits a year.
  public var outpatientVisits: Int
  /// Inpatient admissions a year.
  public var inpatientAdmissions: Int
  /// Surgeries a year.
  public var surgeries: Int
  /// Open beds.
  public var openBeds: Int
  /// Doctors.
  public var doctors: Int
  /// Nurses.
  public var nurses: Int
  /// Full-time administrative staff.
  public var administrativeStaff: Int
  /// Other staff (facilities, IT, security, catering).
  public var otherStaff: Int
  /// Medical revenue a year, CNY.
  public var medicalRevenueCNY: Decimal
  /// IT investment a year, CNY.
  public var itInvestmentCNY: Decimal

  /// Creates the offline hospital's figures.
  public init(
    outpatientVisits: Int, inpatientAdmissions: Int, surgeries: Int, openBeds: Int, doctors: Int,
    nurses: Int, administrativeStaff: Int, otherStaff: Int, medicalRevenueCNY: Decimal,
    itInvestmentCNY: Decimal
  ) {
    self.outpatientVisits = outpatientVisits
    self.inpatientAdmissions = inpatientAdmissions
    self.surgeries = surgeries
    self.openBeds = openBeds
    self.doctors = doctors
    self.nurses = nurses
    self.administrativeStaff = administrativeStaff
    self.otherStaff = otherStaff
    self.medicalRevenueCNY = medicalRevenueCNY
    self.itInvestmentCNY = itInvestmentCNY
  }

  /// All staff: doctors, nurses, administration and others.
  public var totalStaff: Int { doctors + nurses + administrativeStaff + otherStaff }
}
