import Foundation

// MARK: - Scalar drivers

/// The drivers that are single fields of ``Inputs`` (device classes add their own, see
/// ``DeviceField``). Raw values are the published driver ids.
public enum ScalarDriver: String, CaseIterable, Sendable {
  case annualVisits = "annual_visits"
  case minutesPerVisit = "minutes_per_visit"
  case openDaysPerYear = "open_days_per_year"
  case effectiveHoursPerDay = "effective_hours_per_day"
  case serviceRadiusKM = "service_radius_km"
  case registrationFeeCNY = "registration_fee_cny"
  case drugSpendPerVisitCNY = "drug_spend_per_visit_cny"
  case drugSpendBasis = "drug_spend_basis"
  case drugMarkupRate = "drug_markup_rate"
  case terminalBandwidthMbps = "terminal_bandwidth_mbps"
  case networkDirections = "network_directions"
  case storedVisitShare = "stored_visit_share"
  case imagingMBPerStoredVisit = "imaging_mb_per_stored_visit"
  case videoGBPerStoredVisit = "video_gb_per_stored_visit"
  case recordKBPerStoredVisit = "record_kb_per_stored_visit"
  case storageRetentionYears = "storage_retention_years"
  case storagePlanningUnit = "storage_planning_unit"
  case storagePlanningDecimals = "storage_planning_decimals"
  case storagePowerKWPerPB = "storage_power_kw_per_pb"
  case storagePriceCNYPerPB = "storage_price_cny_per_pb"
  case storageUsefulLifeYears = "storage_useful_life_years"
  case facilityFactor = "facility_factor"
  case hoursPerYear = "hours_per_year"
  case averageLoadShare = "average_load_share"
  case electricityTariffCNYPerKWh = "electricity_tariff_cny_per_kwh"
  case staffHeadcount = "staff_headcount"
  case staffAnnualCostPerPersonCNY = "staff_annual_cost_per_person_cny"
  case softwareCapexCNY = "software_capex_cny"
  case softwareAmortizationYears = "software_amortization_years"
  case modelCapexCNY = "model_capex_cny"
  case modelAmortizationYears = "model_amortization_years"
  case otherServicesCNYPerYear = "other_services_cny_per_year"
  case discountRate = "discount_rate"
  case appraisalYears = "appraisal_years"
  case offlineOutpatientVisits = "offline_outpatient_visits"
  case offlineInpatientAdmissions = "offline_inpatient_admissions"
  case offlineSurgeries = "offline_surgeries"
  case offlineOpenBeds = "offline_open_beds"
  case offlineDoctors = "offline_doctors"
  case offlineNurses = "offline_nurses"
  case offlineAdministrativeStaff = "offline_administrative_staff"
  case offlineOtherStaff = "offline_other_staff"
  case offlineMedicalRevenueCNY = "offline_medical_revenue_cny"
  case offlineITInvestmentCNY = "offline_it_investment_cny"

  /// The driver's id.
  public var id: DriverID { DriverID(rawValue: rawValue) }

  /// Label and unit for people.
  public var labelAndUnit: (label: String, unit: String) {
    switch self {
    case .annualVisits: ("Patient visits", "visits/year")
    case .minutesPerVisit: ("Interaction time per visit", "min")
    case .openDaysPerYear: ("Open days", "days/year")
    case .effectiveHoursPerDay: ("Effective service hours", "h/day")
    case .serviceRadiusKM: ("Service radius", "km")
    case .registrationFeeCNY: ("Registration fee", "CNY/visit")
    case .drugSpendPerVisitCNY: ("Drug spending per visit", "CNY/visit")
    case .drugSpendBasis: ("Drug spending basis", "")
    case .drugMarkupRate: ("Drug markup", "share")
    case .terminalBandwidthMbps: ("XR terminal stream", "Mbit/s")
    case .networkDirections: ("Traffic directions", "directions")
    case .storedVisitShare: ("Visits stored", "share")
    case .imagingMBPerStoredVisit: ("Imaging per stored visit", "MB")
    case .videoGBPerStoredVisit: ("Audio/video per stored visit", "GB")
    case .recordKBPerStoredVisit: ("Record text per stored visit", "KB")
    case .storageRetentionYears: ("Storage retention", "years")
    case .storagePlanningUnit: ("Storage planning unit", "")
    case .storagePlanningDecimals: ("Storage planning rounding", "decimals")
    case .storagePowerKWPerPB: ("Storage power", "kW/PB")
    case .storagePriceCNYPerPB: ("Storage price", "CNY/PB")
    case .storageUsefulLifeYears: ("Storage useful life", "years")
    case .facilityFactor: ("Facility factor", "×")
    case .hoursPerYear: ("Operating hours", "h/year")
    case .averageLoadShare: ("Average load (metered estimate)", "share")
    case .electricityTariffCNYPerKWh: ("Electricity tariff", "CNY/kWh")
    case .staffHeadcount: ("Staff headcount", "people")
    case .staffAnnualCostPerPersonCNY: ("Cost per staff member", "CNY/year")
    case .softwareCapexCNY: ("Base software (one-off)", "CNY")
    case .softwareAmortizationYears: ("Software amortization", "years")
    case .modelCapexCNY: ("Model building (one-off)", "CNY")
    case .modelAmortizationYears: ("Model amortization", "years")
    case .otherServicesCNYPerYear: ("Other services", "CNY/year")
    case .discountRate: ("Discount rate", "share/year")
    case .appraisalYears: ("Appraisal horizon", "years")
    case .offlineOutpatientVisits: ("Offline outpatient visits", "visits/year")
    case .offlineInpatientAdmissions: ("Offline inpatient admissions", "admissions/year")
    case .offlineSurgeries: ("Offline surgeries", "surgeries/year")
    case .offlineOpenBeds: ("Offline open beds", "beds")
    case .offlineDoctors: ("Offline doctors", "people")
    case .offlineNurses: ("Offline nurses", "people")
    case .offlineAdministrativeStaff: ("Offline administrative staff", "people")
    case .offlineOtherStaff: ("Offline other staff", "people")
    case .offlineMedicalRevenueCNY: ("Offline medical revenue", "CNY/year")
    case .offlineITInvestmentCNY: ("Offline IT investment", "CNY/year")
    }
  }

  /// Whether moving this driver can change the yearly margin.
  public var affectsMargin: Bool {
    switch self {
    case .serviceRadiusKM, .drugSpendBasis, .storagePlanningUnit, .storagePlanningDecimals,
      .averageLoadShare,
      .discountRate, .appraisalYears, .offlineOutpatientVisits, .offlineInpatientAdmissions,
      .offlineSurgeries, .offlineOpenBeds, .offlineDoctors, .offlineNurses,
      .offlineAdministrativeStaff, .offlineOtherStaff, .offlineMedicalRevenueCNY,
      .offlineITInvestmentCNY,
      // Concurrency and bandwidth are reported, not costed: devices are sized by assumption.
      .minutesPerVisit, .openDaysPerYear, .effectiveHoursPerDay, .terminalBandwidthMbps,
      .networkDirections:
      false
    default:
      true
    }
  }

  // swift-format-ignore
  func value(in inputs: Inputs) -> DriverValue {
    let o = inputs.offlineHospital
    switch self {
    case .annualVisits: return .count(inputs.annualVisits)
    case .minutesPerVisit: return .quantity(inputs.minutesPerVisit)
    case .openDaysPerYear: return .quantity(inputs.openDaysPerYear)
    case .effectiveHoursPerDay: return .quantity(inputs.effectiveHoursPerDay)
    case .serviceRadiusKM: return .quantity(inputs.serviceRadiusKM)
    case .registrationFeeCNY: return .exact(inputs.registrationFeeCNY)
    case .drugSpendPerVisitCNY: return .exact(inputs.drugSpendPerVisitCNY)
    case .drugSpendBasis: return .choice(inputs.drugSpendBasis.rawValue)
    case .drugMarkupRate: return .exact(inputs.drugMarkupRate)
    case .terminalBandwidthMbps: return .quantity(inputs.terminalBandwidthMbps)
    case .networkDirections: return .count(inputs.networkDirections)
    case .storedVisitShare: return .quantity(inputs.storedVisitShare)
    case .imagingMBPerStoredVisit: return .quantity(inputs.imagingMBPerStoredVisit)
    case .videoGBPerStoredVisit: return .quantity(inputs.videoGBPerStoredVisit)
    case .recordKBPerStoredVisit: return .quantity(inputs.recordKBPerStoredVisit)
    case .storageRetentionYears: return .count(inputs.storageRetentionYears)
    case .storagePlanningUnit: return .choice(inputs.storagePlanningUnit.rawValue)
    case .storagePlanningDecimals: return .count(inputs.storagePlanningDecimals)
    case .storagePowerKWPerPB: return .quantity(inputs.storagePowerKWPerPB)
    case .storagePriceCNYPerPB: return .exact(inputs.storagePriceCNYPerPB)
    case .storageUsefulLifeYears: return .exact(inputs.storageUsefulLifeYears)
    case .facilityFactor: return .quantity(inputs.facilityFactor)
    case .hoursPerYear: return .quantity(inputs.hoursPerYear)
    case .averageLoadShare: return .quantity(inputs.averageLoadShare)
    case .electricityTariffCNYPerKWh: return .exact(inputs.electricityTariffCNYPerKWh)
    case .staffHeadcount: return .count(inputs.staffHeadcount)
    case .staffAnnualCostPerPersonCNY: return .exact(inputs.staffAnnualCostPerPersonCNY)
    case .softwareCapexCNY: return .exact(inputs.softwareCapexCNY)
    case .softwareAmortizationYears: return .exact(inputs.softwareAmortizationYears)
    case .modelCapexCNY: return .exact(inputs.modelCapexCNY)
    case .modelAmortizationYears: return .exact(inputs.modelAmortizationYears)
    case .otherServicesCNYPerYear: return .exact(inputs.otherServicesCNYPerYear)
    case .discountRate: return .exact(inputs.discountRate)
    case .appraisalYears: return .count(inputs.appraisalYears)
    case .offlineOutpatientVisits: return .count(o.outpatientVisits)
    case .offlineInpatientAdmissions: return .count(o.inpatientAdmissions)
    case .offlineSurgeries: return .count(o.surgeries)
    case .offlineOpenBeds: return .count(o.openBeds)
    case .offlineDoctors: return .count(o.doctors)
    case .offlineNurses: return .count(o.nurses)
    case .offlineAdministrativeStaff: return .count(o.administrativeStaff)
    case .offlineOtherStaff: return .count(o.otherStaff)
    case .offlineMedicalRevenueCNY: return .exact(o.medicalRevenueCNY)
    case .offlineITInvestmentCNY: return .exact(o.itInvestmentCNY)
    }
  }

  // swift-format-ignore
  /// Sets the field; returns false when the value has the wrong kind.
  func set(_ value: DriverValue, in inputs: inout Inputs) -> Bool {
    switch (self, value) {
    case (.annualVisits, .count(let v)): inputs.annualVisits = v
    case (.minutesPerVisit, .quantity(let v)): inputs.minutesPerVisit = v
    case (.openDaysPerYear, .quantity(let v)): inputs.openDaysPerYear = v
    case (.effectiveHoursPerDay, .quantity(let v)): inputs.effectiveHoursPerDay = v
    case (.serviceRadiusKM, .quantity(let v)): inputs.serviceRadiusKM = v
    case (.registrationFeeCNY, .exact(let v)): inputs.registrationFeeCNY = v
    case (.drugSpendPerVisitCNY, .exact(let v)): inputs.drugSpendPerVisitCNY = v
    case (.drugSpendBasis, .choice(let v)):
      guard let basis = DrugSpendBasis(rawValue: v) else { return false }
      inputs.drugSpendBasis = basis
    case (.drugMarkupRate, .exact(let v)): inputs.drugMarkupRate = v
    case (.terminalBandwidthMbps, .quantity(let v)): inputs.terminalBandwidthMbps = v
    case (.networkDirections, .count(let v)): inputs.networkDirections = v
    case (.storedVisitShare, .quantity(let v)): inputs.storedVisitShare = v
    case (.imagingMBPerStoredVisit, .quantity(let v)): inputs.imagingMBPerStoredVisit = v
    case (.videoGBPerStoredVisit, .quantity(let v)): inputs.videoGBPerStoredVisit = v
    case (.recordKBPerStoredVisit, .quantity(let v)): inputs.recordKBPerStoredVisit = v
    case (.storageRetentionYears, .count(let v)): inputs.storageRetentionYears = v
    case (.storagePlanningUnit, .choice(let v)):
      guard let unit = StoragePlanningUnit(rawValue: v) else { return false }
      inputs.storagePlanningUnit = unit
    case (.storagePlanningDecimals, .count(let v)): inputs.storagePlanningDecimals = v
    case (.storagePowerKWPerPB, .quantity(let v)): inputs.storagePowerKWPerPB = v
    case (.storagePriceCNYPerPB, .exact(let v)): inputs.storagePriceCNYPerPB = v
    case (.storageUsefulLifeYears, .exact(let v)): inputs.storageUsefulLifeYears = v
    case (.facilityFactor, .quantity(let v)): inputs.facilityFactor = v
    case (.hoursPerYear, .quantity(let v)): inputs.hoursPerYear = v
    case (.averageLoadShare, .quantity(let v)): inputs.averageLoadShare = v
    case (.electricityTariffCNYPerKWh, .exact(let v)): inputs.electricityTariffCNYPerKWh = v
    case (.staffHeadcount, .count(let v)): inputs.staffHeadcount = v
    case (.staffAnnualCostPerPersonCNY, .exact(let v)): inputs.staffAnnualCostPerPersonCNY = v
    case (.softwareCapexCNY, .exact(let v)): inputs.softwareCapexCNY = v
    case (.softwareAmortizationYears, .exact(let v)): inputs.softwareAmortizationYears = v
    case (.modelCapexCNY, .exact(let v)): inputs.modelCapexCNY = v
    case (.modelAmortizationYears, .exact(let v)): inputs.modelAmortizationYears = v
    case (.otherServicesCNYPerYear, .exact(let v)): inputs.otherServicesCNYPerYear = v
    case (.discountRate, .exact(let v)): inputs.discountRate = v
    case (.appraisalYears, .count(let v)): inputs.appraisalYears = v
    case (.offlineOutpatientVisits, .count(let v)): inputs.offlineHospital.outpatientVisits = v
    case (.offlineInpatientAdmissions, .count(let v)): inputs.offlineHospital.inpatientAdmissions = v
    case (.offlineSurgeries, .count(let v)): inputs.offlineHospital.surgeries = v
    case (.offlineOpenBeds, .count(let v)): inputs.offlineHospital.openBeds = v
    case (.offlineDoctors, .count(let v)): inputs.offlineHospital.doctors = v
    case (.offlineNurses, .count(let v)): inputs.offlineHospital.nurses = v
    case (.offlineAdministrativeStaff, .count(let v)): inputs.offlineHospital.administrativeStaff = v
    case (.offlineOtherStaff, .count(let v)): inputs.offlineHospital.otherStaff = v
    case (.offlineMedicalRevenueCNY, .exact(let v)): inputs.offlineHospital.medicalRevenueCNY = v
    case (.offlineITInvestmentCNY, .exact(let v)): inputs.offlineHospital.itInvestmentCNY = v
    default: return false
    }
    return true
  }
}

// MARK: - Device drivers

/// The per-class drivers of a ``DeviceClass``; a driver id is `<class id>_<field>`,
/// e.g. `rtx_4090_unit_price_cny`.
public enum DeviceField: String, CaseIterable, Sendable {
  case count = "count"
  case ratedPowerW = "rated_power_w"
  case unitPriceCNY = "unit_price_cny"
  case usefulLifeYears = "useful_life_years"

  /// The driver id of this field for one device class.
  public func id(for deviceID: String) -> DriverID { DriverID(rawValue: "\(deviceID)_\(rawValue)") }

  fileprivate var unit: String {
    switch self {
    case .count: "units"
    case .ratedPowerW: "W"
    case .unitPriceCNY: "CNY/unit"
    case .usefulLifeYears: "years"
    }
  }

  fileprivate var labelSuffix: String {
    switch self {
    case .count: "count"
    case .ratedPowerW: "rated power"
    case .unitPriceCNY: "unit price"
    case .usefulLifeYears: "useful life"
    }
  }
}

extension DeviceField {
  /// The field and device class name of a device driver's descriptor (`rtx_4090_unit_price_cny`,
  /// "RTX 4090 unit price" → `.unitPriceCNY`, "RTX 4090"), so a report can name it in its own
  /// language; `nil` for a driver of another kind.
  public static func of(_ descriptor: DriverDescriptor) -> (field: DeviceField, deviceName: String)?
  {
    for field in allCases
    where descriptor.id.rawValue.hasSuffix("_" + field.rawValue)
      && descriptor.label.hasSuffix(" " + field.labelSuffix)
    {
      return (field, String(descriptor.label.dropLast(field.labelSuffix.count + 1)))
    }
    return nil
  }
}

// MARK: - Access by id

extension Inputs {
  /// Every driver of these inputs, in a stable order: scalars first, then each device class.
  public var driverDescriptors: [DriverDescriptor] {
    var result = ScalarDriver.allCases.map { driver in
      DriverDescriptor(
        id: driver.id, label: driver.labelAndUnit.label, unit: driver.labelAndUnit.unit,
        affectsMargin: driver.affectsMargin)
    }
    for device in devices {
      for field in DeviceField.allCases {
        result.append(
          DriverDescriptor(
            id: field.id(for: device.id), label: "\(device.name) \(field.labelSuffix)",
            unit: field.unit,
            affectsMargin: true))
      }
    }
    return result
  }

  /// The descriptor of one driver, or `nil` for an unknown id.
  public func descriptor(of id: DriverID) -> DriverDescriptor? {
    driverDescriptors.first { $0.id == id }
  }

  /// The current value of a driver, or `nil` for an unknown id.
  public func value(of id: DriverID) -> DriverValue? {
    if let scalar = ScalarDriver(rawValue: id.rawValue) { return scalar.value(in: self) }
    guard let (index, field) = deviceField(of: id) else { return nil }
    let device = devices[index]
    switch field {
    case .count: return .count(device.count)
    case .ratedPowerW: return .quantity(device.ratedPowerW)
    case .unitPriceCNY: return .exact(device.unitPriceCNY)
    case .usefulLifeYears: return .exact(device.usefulLifeYears)
    }
  }

  /// A copy with one driver set; `nil` when the id is unknown or the value has the wrong kind.
  public func setting(_ id: DriverID, to value: DriverValue) -> Inputs? {
    var copy = self
    if let scalar = ScalarDriver(rawValue: id.rawValue) {
      return scalar.set(value, in: &copy) ? copy : nil
    }
    guard let (index, field) = deviceField(of: id) else { return nil }
    return copy.setDevice(at: index, field, to: value) ? copy : nil
  }

  /// Sets one field of the device class at `index`; false when the value has the wrong kind.
  mutating func setDevice(at index: Int, _ field: DeviceField, to value: DriverValue) -> Bool {
    switch (field, value) {
    case (.count, .count(let v)): devices[index].count = v
    case (.ratedPowerW, .quantity(let v)): devices[index].ratedPowerW = v
    case (.unitPriceCNY, .exact(let v)): devices[index].unitPriceCNY = v
    case (.usefulLifeYears, .exact(let v)): devices[index].usefulLifeYears = v
    default: return false
    }
    return true
  }

  /// The device class (by index) and field a device driver id names, or `nil`.
  func deviceField(of id: DriverID) -> (Int, DeviceField)? {
    for (index, device) in devices.enumerated() {
      for field in DeviceField.allCases where field.id(for: device.id) == id {
        return (index, field)
      }
    }
    return nil
  }
}
