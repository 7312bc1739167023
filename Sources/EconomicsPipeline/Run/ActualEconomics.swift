import Foundation
import HospitalEconomics

/// The economics of a period from data: the ledger, its annualization, and the model on data —
/// break-even, payback, NPV and sensitivity — all computed from the one ledger.
///
/// Flows (visits, revenue, costs, energy) are annualized as ledger × days in year ÷ days in the
/// period, each figure multiplied once, so a full year's annual figures equal its ledger to the
/// cent. Stocks (capital items' cost, headcount, installed devices and storage) are not scaled.
/// The scenario contributes only what the data cannot tell: the facility factor, the discount
/// rate and horizon, opening days and hours for the concurrency formula, the offline hospital's
/// IT investment, and any line the job lets fall back to it.
public struct ActualEconomics: Sendable {
  /// The period's books.
  public let ledger: PeriodLedger
  /// Days in the year ÷ days in the period: what flows are multiplied by.
  public let annualizationFactor: Decimal
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

  /// Average nameplate power of each data device class (`cpu`, `gpu`, `storage`, `network`), kW.
  public let powerKWByClass: [(deviceClass: String, kW: Decimal)]
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
  /// The paper's concurrency formula on the annualized visits: visits / open days / hours a day /
  /// (60 / minutes per visit), with the scenario's days and hours and the data's minutes.
  public let formulaSessions: Decimal?
  /// The scenario's facility factor, exact.
  public var facilityFactor: Decimal { ledger.facilityFactor }

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
      Decimal(groups.map(\.deviceDays).reduce(0, +)) / Decimal(days)
    }
    /// Average rated power of one device, W; `nil` without devices.
    public var ratedWattsPerDevice: Decimal? {
      let deviceDays = groups.map(\.deviceDays).reduce(0, +)
      return deviceDays > 0 ? groups.map(\.wattDays).sum / Decimal(deviceDays) : nil
    }
  }

  /// Computes the economics of a ledger.
  /// - Parameters:
  ///   - ledger: the period's books.
  ///   - m: the period's measures (device groups, storage, durations, offline staff).
  ///   - scenario: the plan: its assumptions fill what the data cannot tell.
  public init(ledger: PeriodLedger, measures m: Measures, scenario: Scenario) {
    let plan = scenario.inputs.inputs
    self.ledger = ledger
    let days = Decimal(ledger.fraction.days)
    let factor = Decimal(ledger.fraction.daysInYear) / days
    annualizationFactor = factor
    period = ledger.financials
    annual = period.scaled(by: factor)
    oneOffSpendingCNY = ledger.softwareCapexCNY + ledger.modelCapexCNY + ledger.hardwareCapexCNY
    appraisal = InvestmentAppraisal(
      outlayCNY: oneOffSpendingCNY, annualCashFlowCNY: annual.netCashFlowCNY,
      discountRate: plan.discountRate, horizonYears: plan.appraisalYears)
    breakevenVisits = annual.breakevenVisitsWithCostsHeld

    // Resources.
    var byClass: [String: Decimal] = [:]
    for device in m.devices { byClass[device.deviceClass, default: 0] += device.nameplateKWh }
    let hours = ledger.hours
    powerKWByClass = DeviceMatch.dataClasses.compactMap { deviceClass in
      byClass[deviceClass].map { (deviceClass, hours > 0 ? $0 / hours : 0) }
    }
    itPowerKW = hours > 0 ? ledger.itNameplateKWh / hours : 0
    facilityPowerKW = itPowerKW * ledger.facilityFactor
    storageInstalledPB =
      m.devices.filter { $0.deviceClass == "storage" }.map(\.capacityPBDays).sum / days
    storageWrittenGB = m.storage.map(\.bytes).sum / 1_000_000_000
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
    var matched = scenario.deviceMatches.map { MatchedClass(match: $0, groups: []) }
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

    offlineHeadcount = m.staff.filter { $0.unit == "offline" }.map {
      ($0.role, Decimal($0.personDays) / days)
    }

    drivers = Self.drivers(ledger: ledger, annual: annual, days: days)
    sensitivity = Sensitivity.analyze(annual, drivers: drivers, settings: scenario.sensitivity)
  }

  /// The drivers of the figures from data, with the lines each multiplies. Values are shown at
  /// their reading precision (visits and kWh whole, money to the fen, rates to 4 decimals); the
  /// margin effects come from the lines themselves, not from the rounded values.
  static func drivers(ledger: PeriodLedger, annual: Financials, days: Decimal) -> [LineDriver] {
    func driver(
      _ id: DriverID, _ label: String, _ unit: String, _ value: Decimal?, decimals: Int,
      _ lines: [FinancialLine]
    ) -> LineDriver? {
      guard let value else { return nil }
      return LineDriver(
        descriptor: DriverDescriptor(id: id, label: label, unit: unit, affectsMargin: true),
        value: .exact(value.rounded(scale: decimals, mode: .plain)), lines: lines)
    }
    let headcount = ledger.staffAverageHeadcount
    let tariffedKWh = ledger.itNameplateKWh - ledger.itUntariffedKWh
    let factor = Decimal(ledger.fraction.daysInYear) / days
    let candidates: [LineDriver?] = [
      driver(
        ScalarDriver.annualVisits.id, "Virtual visits", "visits/year", annual.visits, decimals: 0,
        [.registrationRevenue, .otherKeptRevenue, .passThroughMarkup]),
      driver(
        ScalarDriver.registrationFeeCNY.id, "Registration fee (average billed)", "CNY/visit",
        annual.registrationFeePerVisitCNY, decimals: 2, [.registrationRevenue]),
      driver(
        ScalarDriver.drugMarkupRate.id, "Drug markup (share of acquisition cost)", "share",
        ledger.passThroughCostCNY > 0
          ? ledger.passThroughMarkupCNY / ledger.passThroughCostCNY : nil, decimals: 4,
        [.passThroughMarkup]),
      driver(
        ScalarDriver.staffHeadcount.id, "Staff (average headcount)", "people", headcount,
        decimals: 2, [.staffCost]),
      driver(
        ScalarDriver.staffAnnualCostPerPersonCNY.id, "Cost per staff member (per average head)",
        "CNY/year", headcount > 0 ? annual.staffCostCNY / headcount : nil, decimals: 2,
        [.staffCost]),
      driver(
        ScalarDriver.electricityTariffCNYPerKWh.id, "Electricity tariff (energy-weighted)",
        "CNY/kWh", tariffedKWh > 0 ? ledger.itNameplateCostCNY / tariffedKWh : nil, decimals: 4,
        [.electricity]),
      driver(
        ScalarDriver.facilityFactor.id, "Facility factor", "×", ledger.facilityFactor,
        decimals: 6, [.electricity]),
      driver(
        "it_nameplate_energy_kwh", "IT energy at nameplate", "kWh/year",
        ledger.itNameplateKWh * factor, decimals: 0, [.electricity]),
      driver(
        ScalarDriver.otherServicesCNYPerYear.id, "Other services (contracts)", "CNY/year",
        annual.otherServicesCNY, decimals: 2, [.otherServices]),
      driver(
        "software_amortization_cny", "Software amortization", "CNY/year",
        annual.softwareAmortizationCNY, decimals: 2, [.softwareAmortization]),
      driver(
        "model_amortization_cny", "Model amortization", "CNY/year", annual.modelAmortizationCNY,
        decimals: 2, [.modelAmortization]),
      driver(
        "hardware_depreciation_cny", "Hardware depreciation", "CNY/year",
        annual.hardwareDepreciationCNY, decimals: 2, [.hardwareDepreciation]),
    ]
    return candidates.compactMap { $0 }
  }
}
