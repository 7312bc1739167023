import Foundation
import HospitalEconomics

/// The economics of a period from data: the ledger, its annualization, and the model on data —
/// break-even, payback, NPV and sensitivity — all computed from the one ledger, and every figure
/// the reports show on data (unit figures, resources, drivers), each computed here once: the
/// report builders format them and compute nothing.
///
/// Flows (visits, revenue, costs, energy) are annualized as ledger × days in year ÷ days in the
/// period, each figure multiplied once, so a full year's annual figures equal its ledger to the
/// cent. Stocks (capital items' cost, headcount, installed devices and storage) are not scaled.
/// The scenario contributes only what the data cannot tell: the facility factor, the discount
/// rate and horizon, opening days and hours for the concurrency formula, the offline hospital's
/// IT investment, and any line the job lets fall back to it.
public struct PeriodActuals: Sendable {
  /// The period's books.
  public let ledger: PeriodLedger
  /// Days in the year ÷ days in the period: what flows are multiplied by.
  public let annualizationFactor: Decimal
  /// How far the period's monthly amounts (payroll, amortization, depreciation) annualized by
  /// days read from the same amounts counted by months: × days in the year ÷ days against
  /// × 12 ÷ months, less one (+5.2 % for a 29-day February of a leap year, 0 for a year).
  public let monthlyAmountsCalendarShare: Decimal
  /// The period's money.
  public let period: Financials
  /// The period's money annualized.
  public let annual: Financials
  /// Cost of the capital items charged in the period (software, model, hardware), CNY: the
  /// outlay that payback and NPV appraise.
  public let oneOffSpendingCNY: Decimal
  /// Payback and NPV of that outlay with the annualized net cash flow, at the scenario's rate.
  public let appraisal: InvestmentAppraisal
  /// Yearly visits at which the annualized revenue per visit covers the annualized cost, costs
  /// held; `nil` when a visit brings no effective revenue.
  public let breakevenVisits: Decimal?

  // MARK: Resources (averages over the period)

  /// A device class's energy in the period: nameplate (nil without a device group of the
  /// class) and metered (nil without telemetry).
  public struct ClassEnergy: Sendable {
    /// The class.
    public var deviceClass: DataDeviceClass
    /// IT energy at nameplate, kWh; nil without a device group of the class.
    public var nameplateKWh: Decimal?
    /// The telemetry of the class.
    public var metered: EnergyTotals?
  }

  /// Each device class with devices or telemetry in the period, in the schema's order.
  public let energyByClass: [ClassEnergy]
  /// Average nameplate power of each device class with devices, kW.
  public let powerKWByClass: [(deviceClass: DataDeviceClass, kW: Decimal)]
  /// Average IT power at nameplate, kW: IT nameplate energy ÷ hours.
  public let itPowerKW: Decimal
  /// Average facility power at nameplate, kW.
  public let facilityPowerKW: Decimal
  /// Average installed storage, decimal PB.
  public let storageInstalledPB: Decimal
  /// Bytes written to storage in the period, GB (decimal).
  public let storageWrittenGB: Decimal
  /// Metered ÷ nameplate IT energy; `nil` without nameplate energy.
  public let averageLoadShare: Decimal?
  /// Average interaction time of the period's virtual visits, minutes; `nil` without durations.
  public let minutesPerVisit: Decimal?
  /// Bytes written to storage in a year at the period's pace, GB.
  public let storageIncrementGB: Decimal
  /// Nameplate energy in a year at the period's pace, IT and facility, kWh.
  public let annualNameplateKWh: Decimal
  /// Metered energy in a year at the period's pace, IT and facility, kWh.
  public let annualMeteredKWh: Decimal
  /// IT nameplate energy in a year at the period's pace, kWh.
  public let annualITNameplateKWh: Decimal
  /// IT nameplate energy of the days with a tariff, in a year at the period's pace, kWh: what
  /// the electricity line is costed on.
  public let annualITCostedKWh: Decimal
  /// The paper's concurrency formula on the annualized visits: visits / open days / hours a day /
  /// (60 / minutes per visit), with the scenario's days and hours and the data's minutes.
  public let formulaSessions: Decimal?
  /// The scenario's facility factor, exact.
  public var facilityFactor: Decimal { ledger.facilityFactor }

  // MARK: Unit figures (each computed here once; every section and CSV file reads it)

  /// The tariff weighted by energy: nameplate IT cost ÷ IT kWh of the days with a tariff,
  /// CNY/kWh; `nil` without such energy.
  public let electricityTariffCNYPerKWh: Decimal?
  /// Payroll per average head, a year, CNY; `nil` without headcount.
  public let staffCostPerHeadCNY: Decimal?
  /// Markup kept on pass-through kinds ÷ their acquisition cost; `nil` without a cost.
  public let drugMarkupRate: Decimal?
  /// Pass-through sales per virtual visit, CNY; `nil` without visits.
  public let drugSalesPerVisitCNY: Decimal?
  /// Average staff per 10,000 virtual visits a year; `nil` without visits.
  public let staffPer10kVisits: Decimal?
  /// The offline hospital's revenue per outpatient visit (everything its billing system billed,
  /// inpatients included, as Table 1 counts it), CNY; `nil` without visits.
  public let offlineRevenuePerVisitCNY: Decimal?
  /// The offline hospital's average staff per 10,000 outpatient visits a year; `nil` without
  /// visits or staff.
  public let offlineStaffPer10kVisits: Decimal?

  // MARK: Devices against the plan's classes

  /// Each of the scenario's declared device classes with the data's groups that match it.
  public let matchedClasses: [MatchedClass]
  /// Device groups of the data that match no declaration: counted in energy and depreciation,
  /// reported as unplanned.
  public let unplannedDevices: [DeviceTotals]

  // MARK: The offline hospital

  /// Offline staff by role: average headcount over the period.
  public let offlineHeadcount: [(role: String, average: Decimal)]

  // MARK: Drivers and sensitivity

  /// The drivers of the figures from data (derived from the ledger) and the lines they multiply.
  public let drivers: [LineDriver]
  /// The sensitivity of the annualized margin to each driver.
  public let sensitivity: [SensitivityResult]

  /// A scenario device class and the data's groups that match it.
  public struct MatchedClass: Sendable {
    /// The declaration.
    public var match: DeviceMatch
    /// The groups of the data that match it.
    public var groups: [DeviceTotals]

    /// Average devices in service: device-days ÷ days.
    public func averageDevices(days: Int) -> Decimal {
      PeriodActuals.averageDevices(groups, days: days)
    }
    /// Average rated power of one device, W; `nil` without devices.
    public var ratedWattsPerDevice: Decimal? {
      let deviceDays = groups.map(\.deviceDays).reduce(0, +)
      return deviceDays > 0 ? groups.map(\.wattDays).sum / Decimal(deviceDays) : nil
    }
  }

  /// Average devices of some groups in service over `days`: device-days ÷ days.
  public static func averageDevices(_ groups: [DeviceTotals], days: Int) -> Decimal {
    Decimal(groups.map(\.deviceDays).reduce(0, +)) / Decimal(days)
  }

  /// Computes the economics of a ledger.
  /// - Parameters:
  ///   - ledger: the period's books.
  ///   - m: the period's measures (device groups, storage, durations, offline staff).
  ///   - plan: the scenario's inputs: its assumptions fill what the data cannot tell.
  ///   - deviceMatches: how the scenario's device classes are found among the data's groups.
  ///   - settings: how far each driver moves in the sensitivity analysis.
  public init(
    ledger: PeriodLedger, measures m: Measures, plan: Inputs, deviceMatches: [DeviceMatch],
    sensitivity settings: SensitivitySettings
  ) {
    self.ledger = ledger
    let days = Decimal(ledger.fraction.days)
    let factor = Decimal(ledger.fraction.daysInYear) / days
    annualizationFactor = factor
    monthlyAmountsCalendarShare = factor * Decimal(ledger.period.grain.months) / 12 - 1
    period = ledger.financials
    annual = period.scaled(by: factor)
    oneOffSpendingCNY = ledger.softwareCapexCNY + ledger.modelCapexCNY + ledger.hardwareCapexCNY
    appraisal = InvestmentAppraisal(
      outlayCNY: oneOffSpendingCNY, annualCashFlowCNY: annual.netCashFlowCNY,
      discountRate: plan.discountRate, horizonYears: plan.appraisalYears)
    breakevenVisits = annual.breakevenVisitsWithCostsHeld

    // Resources.
    var byClass: [DataDeviceClass: Decimal] = [:]
    for device in m.devices { byClass[device.deviceClass, default: 0] += device.nameplateKWh }
    let hours = ledger.hours
    energyByClass = DataDeviceClass.allCases.compactMap { deviceClass in
      let metered = m.energy.first { $0.deviceClass == deviceClass }
      guard byClass[deviceClass] != nil || metered != nil else { return nil }
      return ClassEnergy(
        deviceClass: deviceClass, nameplateKWh: byClass[deviceClass], metered: metered)
    }
    powerKWByClass = energyByClass.compactMap { energy in
      energy.nameplateKWh.map { (energy.deviceClass, hours > 0 ? $0 / hours : 0) }
    }
    itPowerKW = hours > 0 ? ledger.itNameplateKWh / hours : 0
    facilityPowerKW = itPowerKW * ledger.facilityFactor
    storageInstalledPB =
      m.devices.filter { $0.deviceClass == .storage }.map(\.capacityPBDays).sum / days
    storageWrittenGB = m.storage.map(\.bytes).sum / 1_000_000_000
    storageIncrementGB = storageWrittenGB * factor
    annualNameplateKWh = ledger.nameplateKWh * factor
    annualMeteredKWh = ledger.meteredKWh * factor
    annualITNameplateKWh = ledger.itNameplateKWh * factor
    let tariffedKWh = ledger.itNameplateKWh - ledger.itUntariffedKWh
    annualITCostedKWh = tariffedKWh * factor
    electricityTariffCNYPerKWh = tariffedKWh > 0 ? ledger.itNameplateCostCNY / tariffedKWh : nil
    let headcount = ledger.staffAverageHeadcount
    staffCostPerHeadCNY = headcount > 0 ? annual.staffCostCNY / headcount : nil
    drugMarkupRate =
      ledger.passThroughCostCNY > 0 ? ledger.passThroughMarkupCNY / ledger.passThroughCostCNY : nil
    drugSalesPerVisitCNY = annual.visits > 0 ? annual.passThroughSalesCNY / annual.visits : nil
    staffPer10kVisits = annual.visits > 0 ? headcount * 10_000 / annual.visits : nil
    averageLoadShare =
      ledger.itNameplateKWh > 0 ? ledger.itMeteredKWh / ledger.itNameplateKWh : nil
    minutesPerVisit =
      ledger.virtualVisitsWithDuration > 0
      ? Decimal(ledger.virtualInteractionSeconds) / Decimal(ledger.virtualVisitsWithDuration) / 60
      : nil
    if let minutes = minutesPerVisit, minutes > 0 {
      formulaSessions =
        annual.visits / Decimal(quantity: plan.openDaysPerYear)
        / Decimal(quantity: plan.effectiveHoursPerDay) / (60 / minutes)
    } else {
      formulaSessions = nil
    }

    // Device groups against the scenario's declarations (the first that matches claims a group;
    // `validate` refuses declarations that overlap).
    var matched = deviceMatches.map { MatchedClass(match: $0, groups: []) }
    var unplanned: [DeviceTotals] = []
    for group in m.devices {
      if let index = matched.firstIndex(where: {
        $0.match.matches(deviceClass: group.deviceClass, model: group.model)
      }) {
        matched[index].groups.append(group)
      } else {
        unplanned.append(group)
      }
    }
    matchedClasses = matched
    unplannedDevices = unplanned

    offlineHeadcount = m.staff.filter { $0.unit == .offline }.map {
      ($0.role, Decimal($0.personDays) / days)
    }
    let offlineVisits = Decimal(ledger.offlineVisits)
    let offlineStaff = offlineHeadcount.map(\.average).sum
    let offlineAnnualVisits = offlineVisits * factor
    offlineRevenuePerVisitCNY = offlineVisits > 0 ? ledger.offlineRevenueCNY / offlineVisits : nil
    offlineStaffPer10kVisits =
      offlineAnnualVisits > 0 && offlineStaff > 0
      ? offlineStaff * 10_000 / offlineAnnualVisits : nil

    // Each driver's value, from the figures above.
    let costPerHead = staffCostPerHeadCNY
    let (markupRate, tariff) = (drugMarkupRate, electricityTariffCNYPerKWh)
    let (itNameplate, itCosted) = (annualITNameplateKWh, annualITCostedKWh)
    let annual = self.annual
    func value(of driver: DataDriver) -> Decimal? {
      switch driver {
      case .visits: annual.visits
      case .registrationFee: annual.registrationFeePerVisitCNY
      case .drugMarkupRate: markupRate
      case .drugMarkupPerVisit: annual.passThroughMarkupPerVisitCNY
      case .otherKeptRevenue: annual.otherKeptRevenueCNY
      case .staffHeadcount: ledger.staffAverageHeadcount
      case .costPerHead: costPerHead
      case .itNameplateEnergy: itNameplate
      case .itCostedEnergy: itCosted
      case .tariff: tariff
      case .facilityFactor: ledger.facilityFactor
      case .otherServices: annual.otherServicesCNY
      case .softwareAmortization: annual.softwareAmortizationCNY
      case .modelAmortization: annual.modelAmortizationCNY
      case .hardwareDepreciation: annual.hardwareDepreciationCNY
      default: nil
      }
    }
    var values: [DataDriver: Decimal] = [:]
    for driver in DataDrivers.sensitivity.map(\.driver) + DataDrivers.bridgeFactors {
      values[driver] = value(of: driver)
    }
    driverValues = values
    drivers = DataDrivers.sensitivity.compactMap { driver, lines in
      values[driver].map {
        LineDriver(
          descriptor: driver.descriptor,
          value: .exact($0.rounded(scale: driver.figure.decimals, mode: .plain)), lines: lines)
      }
    }
    sensitivity = Sensitivity.analyze(
      LineProducts(financials: annual, drivers: drivers), settings: settings)
  }

  /// Each driver's value on the data, exact.
  private let driverValues: [DataDriver: Decimal]

  /// The data's year (annualized) as lines of products of the bridge's factors.
  package var lineProducts: LineProducts {
    DataDrivers.lineProducts(annual) { driverValue(of: $0) }
  }

  /// A driver's value on the data, exact (the sensitivity shows it at the figure's decimals);
  /// nil where the data gives none.
  public func driverValue(of driver: DataDriver) -> Decimal? { driverValues[driver] }
}
