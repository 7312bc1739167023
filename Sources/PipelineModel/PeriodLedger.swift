import Foundation
import HospitalEconomics

/// Where a figure of a run comes from.
public enum FigureSource: String, Sendable, Equatable {
  /// Measured: the period's data alone.
  case data
  /// A scenario assumption alone (e.g. the offline hospital's IT investment, the discount rate).
  case scenario
  /// Computed from data and scenario assumptions (e.g. electricity: metered data × the
  /// scenario's facility factor; NPV: data's cash flow at the scenario's discount rate).
  case dataAndScenario = "data+scenario"
  /// The period has no data for it and the job opted into the scenario's value, prorated.
  case fallback = "scenario fallback"
}

/// The meta-hospital's books for one period, straight from the data: what was billed, paid and
/// charged in the period. Every figure of a run — the period's, the annualized year's, break-even,
/// payback, NPV, sensitivity — is computed from this one ledger, never from a second reading of
/// the measures.
///
/// Lines are exact: money is summed in PostgreSQL `numeric` and kept as `Decimal`; amortization,
/// depreciation and contracts are rounded cumulatively per item (see `sql/extract/capital.sql`,
/// `contracts.sql`), so the ledgers of any split of a year into periods add up to the year's ledger
/// exactly. Electricity is costed at the tariff in force on each local day, nameplate (the figure
/// in the margin, as in the plan) and metered.
///
/// A line the data should fill but the period lacks is zero, as the books say, with a warning that
/// names it — unless the job opts the line into the scenario's value (`fallbacks:`), which is then
/// listed in ``fallbacksUsed``.
public struct PeriodLedger: Sendable, Equatable {
  /// The period.
  public var period: Period
  /// Days in the period, and in its year.
  public var fraction: PeriodFraction
  /// Hours in the period (local midnights to local midnight).
  public var hours: Decimal

  // MARK: Activity

  /// Virtual visits started in the period.
  public var virtualVisits: Int64
  /// Their interaction time, seconds, and the visits that have one.
  public var virtualInteractionSeconds: Int64
  /// Virtual visits with an interaction time.
  public var virtualVisitsWithDuration: Int64
  /// Offline outpatient visits.
  public var offlineVisits: Int64
  /// Admissions of the offline hospital.
  public var admissions: Int64
  /// Surgeries of the offline hospital.
  public var surgeries: Int64

  // MARK: Revenue of the virtual channel

  /// Each charge kind the virtual billing system billed, with its class.
  public var revenueByKind: [RevenueLine]
  /// Registration fees billed (kept), CNY.
  public var registrationRevenueCNY: Decimal
  /// Other kept charges billed, CNY.
  public var otherKeptRevenueCNY: Decimal
  /// Pass-through sales billed (drugs), CNY.
  public var passThroughSalesCNY: Decimal
  /// Acquisition cost of the pass-through charges that carry one, CNY.
  public var passThroughCostCNY: Decimal
  /// Markup kept on pass-through sales whose acquisition cost is known, CNY.
  public var passThroughMarkupCNY: Decimal
  /// Pass-through charges without an acquisition cost (they add no markup).
  public var passThroughMissingCost: Int64
  /// Billed by the virtual channel but excluded from its revenue, CNY.
  public var excludedCNY: Decimal
  /// Everything the offline billing system billed, CNY.
  public var offlineRevenueCNY: Decimal

  // MARK: Staff of the meta-hospital

  /// Payroll, CNY.
  public var staffCostCNY: Decimal
  /// People employed on at least one day.
  public var staffPeopleEmployed: Int64
  /// Days employed, summed over people (÷ days = average headcount).
  public var staffPersonDays: Int64
  /// People on the payroll.
  public var staffPeoplePaid: Int64

  // MARK: Energy

  /// The scenario's facility factor (IT → facility energy), exact.
  public var facilityFactor: Decimal
  /// IT energy at nameplate, kWh, and its cost at each day's tariff, CNY.
  public var itNameplateKWh: Decimal
  /// Cost of the IT energy at nameplate, CNY.
  public var itNameplateCostCNY: Decimal
  /// Nameplate IT energy on days without a tariff (not costed), kWh.
  public var itUntariffedKWh: Decimal
  /// Metered IT energy, kWh.
  public var itMeteredKWh: Decimal
  /// Cost of the metered IT energy, CNY.
  public var itMeteredCostCNY: Decimal
  /// Facility energy at nameplate: IT × facility factor, kWh.
  public var nameplateKWh: Decimal
  /// Its cost, CNY: the electricity line of the margin.
  public var electricityCostCNY: Decimal
  /// Facility energy from the meters: IT × facility factor, kWh.
  public var meteredKWh: Decimal
  /// Its cost, CNY (shown beside, not costed).
  public var meteredElectricityCostCNY: Decimal

  // MARK: Capital and services

  /// Amortization of software falling in the period, CNY.
  public var softwareAmortizationCNY: Decimal
  /// Amortization of model building falling in the period, CNY.
  public var modelAmortizationCNY: Decimal
  /// Depreciation of hardware falling in the period, CNY.
  public var hardwareDepreciationCNY: Decimal
  /// Service contracts falling in the period, CNY.
  public var otherServicesCNY: Decimal
  /// Cost of the software items charged in the period, CNY (a stock).
  public var softwareCapexCNY: Decimal
  /// Cost of the model items charged in the period, CNY (a stock).
  public var modelCapexCNY: Decimal
  /// Cost of the hardware items charged in the period, CNY (a stock).
  public var hardwareCapexCNY: Decimal
  /// Cost of the capital items placed in service in the period, CNY.
  public var placedInServiceCNY: Decimal
  /// Book value of hardware retired in the period, CNY (not in the margin).
  public var retiredBookValueCNY: Decimal

  // MARK: Provenance

  /// Where each line comes from.
  public var sources: [LedgerLine: FigureSource]
  /// Lines that took the scenario's value, with that value (prorated to the period), CNY.
  public var fallbacksUsed: [(line: FallbackLine, amountCNY: Decimal)]
  /// Lines the data should fill but the period lacks, left at zero.
  public var missing: [MissingLine]

  /// The lines the period lacks, one English sentence each (for logs).
  public var missingLines: [String] { missing.map(\.description) }

  /// The period's money, by the definitions every report shares.
  public var financials: Financials {
    Financials(
      visits: Decimal(virtualVisits), registrationRevenueCNY: registrationRevenueCNY,
      otherKeptRevenueCNY: otherKeptRevenueCNY, passThroughSalesCNY: passThroughSalesCNY,
      passThroughMarkupCNY: passThroughMarkupCNY, staffCostCNY: staffCostCNY,
      electricityCostCNY: electricityCostCNY, meteredElectricityCostCNY: meteredElectricityCostCNY,
      otherServicesCNY: otherServicesCNY, softwareAmortizationCNY: softwareAmortizationCNY,
      modelAmortizationCNY: modelAmortizationCNY, hardwareDepreciationCNY: hardwareDepreciationCNY)
  }

  /// Average headcount of the meta-hospital: person-days ÷ days.
  public var staffAverageHeadcount: Decimal {
    Decimal(staffPersonDays) / Decimal(fraction.days)
  }

  public static func == (lhs: PeriodLedger, rhs: PeriodLedger) -> Bool {
    lhs.period == rhs.period && lhs.financials == rhs.financials && lhs.sources == rhs.sources
      && lhs.missing == rhs.missing
      && lhs.fallbacksUsed.map(\.line) == rhs.fallbacksUsed.map(\.line)
      && lhs.fallbacksUsed.map(\.amountCNY) == rhs.fallbacksUsed.map(\.amountCNY)
  }
}

/// A line the data should fill but the period lacks: what is missing and, for a line a job may
/// let fall back to the scenario, which line stays at zero.
public struct MissingLine: Sendable, Equatable, CustomStringConvertible {
  /// What the period lacks.
  public enum Reason: String, Sendable, CaseIterable {
    case noVirtualVisit = "no_virtual_visit"
    case noRegistrationCharge = "no_registration_charge"
    case noDrugCharge = "no_drug_charge"
    case noPayroll = "no_payroll"
    case noDeviceGroup = "no_device_group"
    case noSoftwareItem = "no_software_item"
    case noModelItem = "no_model_item"
    case noHardwareItem = "no_hardware_item"
    case noServiceContract = "no_service_contract"
  }

  /// What the period lacks.
  public var reason: Reason
  /// The line left at zero; nil when no line is (no visits: every line may still have data).
  public var line: FallbackLine?

  /// One sentence for logs: what is missing, what stays at zero and how to fall back instead.
  public var description: String {
    let what =
      switch reason {
      case .noVirtualVisit: "no virtual visit started in the period"
      case .noRegistrationCharge: "no registration charge billed for the period's virtual visits"
      case .noDrugCharge: "no pass-through (drug) charge billed in the period"
      case .noPayroll: "no meta-hospital payroll for the period's months"
      case .noDeviceGroup: "no device group in service in the period"
      case .noSoftwareItem: "no software capital item charged in the period"
      case .noModelItem: "no model capital item charged in the period"
      case .noHardwareItem: "no hardware capital item charged in the period"
      case .noServiceContract: "no service contract runs in the period"
      }
    guard let line else { return what }
    return "\(what): \(line.label) is 0 for the period (what the books say); "
      + "set `fallbacks: { \(line.rawValue): scenario }` in the job to use the scenario's value instead"
  }
}

/// The lines of a ledger that carry a source.
public enum LedgerLine: String, Sendable, CaseIterable {
  case registrationRevenue, otherKeptRevenue, passThroughSales, staffCost, electricity,
    meteredElectricity, softwareAmortization, modelAmortization, hardwareDepreciation,
    otherServices
}

/// What the virtual billing system billed for one charge kind in the period.
public struct RevenueLine: Sendable, Equatable {
  /// The charge kind.
  public var kind: ChargeKind
  /// Its class in the job.
  public var revenueClass: RevenueClassification.Class
  /// Charges.
  public var charges: Int64
  /// Billed, CNY.
  public var billedCNY: Decimal
  /// Acquisition cost of the charges that carry one, CNY.
  public var acquisitionCostCNY: Decimal
  /// Billed on those charges minus their acquisition cost, CNY.
  public var markupCNY: Decimal
  /// Charges with an amount and no acquisition cost.
  public var missingCost: Int64

  /// What the meta-hospital keeps of it, CNY.
  public var keptCNY: Decimal {
    switch revenueClass {
    case .kept: billedCNY
    case .passThrough: markupCNY
    case .excluded: 0
    }
  }
}

// MARK: - Building the ledger

extension PeriodLedger {
  /// The ledger of a period's measures under a job's rules.
  /// - Parameters:
  ///   - period: the period.
  ///   - zone: the job's time zone (its days and months).
  ///   - m: what the period's SQL files measured.
  ///   - revenue: the job's class of each charge kind.
  ///   - fallbacks: the lines the job lets fall back to the scenario.
  ///   - plan: the scenario's economics, for the lines the job lets fall back to the scenario.
  ///   - facilityFactor: the scenario's IT-to-facility multiplier.
  public init(
    period: Period, zone: TimeZone, measures m: Measures, revenue: RevenueClassification,
    fallbacks: Set<FallbackLine>, plan: Economics, facilityFactor: Double
  ) {
    self.period = period
    fraction = PeriodFraction(days: period.dayCount, daysInYear: period.daysInYear)
    let (start, end) = period.bounds(in: zone)
    hours = Decimal(Int((end.timeIntervalSince(start) / 3600).rounded()))
    var sources: [LedgerLine: FigureSource] = [:]
    var fallbacksUsed: [(FallbackLine, Decimal)] = []
    var missing: [MissingLine] = []
    let fraction = self.fraction
    func fallBack(_ line: FallbackLine, annual: Decimal, ledgerLine: LedgerLine) -> Decimal? {
      guard fallbacks.contains(line) else { return nil }
      let amount = fraction.prorate(annual)
      fallbacksUsed.append((line, amount))
      sources[ledgerLine] = .fallback
      return amount
    }
    func lacking(_ reason: MissingLine.Reason, _ line: FallbackLine) {
      missing.append(MissingLine(reason: reason, line: line))
    }

    // MARK: activity
    let virtual = m.visitsByChannel[.virtual]
    virtualVisits = virtual?.visits ?? 0
    virtualInteractionSeconds = virtual?.durationSeconds ?? 0
    virtualVisitsWithDuration = virtual?.visitsWithDuration ?? 0
    offlineVisits = m.visitsByChannel[.offline]?.visits ?? 0
    admissions = m.admissions
    surgeries = m.surgeries
    if virtualVisits == 0 { missing.append(MissingLine(reason: .noVirtualVisit, line: nil)) }

    // MARK: revenue of the virtual channel, by the job's classification
    var lines: [ChargeKind: RevenueLine] = [:]
    for charge in m.charges where charge.channel == .virtual {
      var line =
        lines[charge.kind]
        ?? RevenueLine(
          kind: charge.kind, revenueClass: revenue.class(of: charge.kind), charges: 0,
          billedCNY: 0, acquisitionCostCNY: 0, markupCNY: 0, missingCost: 0)
      line.charges += charge.count
      line.billedCNY += charge.amount
      line.acquisitionCostCNY += charge.acquisitionCost
      line.markupCNY += charge.markup
      line.missingCost += charge.missingCost
      lines[charge.kind] = line
    }
    revenueByKind = ChargeKind.allCases.compactMap { lines[$0] }
    let kept = revenueByKind.filter { $0.revenueClass == .kept }
    let passThrough = revenueByKind.filter { $0.revenueClass == .passThrough }
    var registration = kept.filter { $0.kind == .registration }.map(\.billedCNY).sum
    sources[.registrationRevenue] = .data
    if virtualVisits > 0, !kept.contains(where: { $0.kind == .registration }) {
      if fallbacks.contains(.registrationRevenue) {
        // The scenario's fee for each of the period's visits.
        registration = plan.inputs.registrationFeeCNY * Decimal(virtualVisits)
        fallbacksUsed.append((.registrationRevenue, registration))
        sources[.registrationRevenue] = .fallback
      } else {
        lacking(.noRegistrationCharge, .registrationRevenue)
      }
    }
    registrationRevenueCNY = registration
    otherKeptRevenueCNY = kept.filter { $0.kind != .registration }.map(\.billedCNY).sum
    sources[.otherKeptRevenue] = .data
    var sales = passThrough.map(\.billedCNY).sum
    var markup = passThrough.map(\.markupCNY).sum
    sources[.passThroughSales] = .data
    if virtualVisits > 0, passThrough.isEmpty {
      // The plan's drug sales and markup per visit, for the period's visits.
      let perVisit = plan.inputs.annualVisits > 0 ? Decimal(plan.inputs.annualVisits) : 1
      let visits = Decimal(virtualVisits)
      if fallbacks.contains(.drugSales) {
        sales = plan.drugRevenueCNY / perVisit * visits
        markup = plan.drugMarginCNY / perVisit * visits
        fallbacksUsed.append((.drugSales, sales))
        sources[.passThroughSales] = .fallback
      } else {
        lacking(.noDrugCharge, .drugSales)
      }
    }
    passThroughSalesCNY = sales
    passThroughMarkupCNY = markup
    passThroughCostCNY = passThrough.map(\.acquisitionCostCNY).sum
    passThroughMissingCost = passThrough.map(\.missingCost).reduce(0, +)
    excludedCNY = revenueByKind.filter { $0.revenueClass == .excluded }.map(\.billedCNY).sum
    offlineRevenueCNY = m.charges.filter { $0.channel == .offline }.map(\.amount).sum

    // MARK: staff: payroll, and the average headcount from employment days
    let metaPayroll = m.payroll.filter { $0.unit == .meta }
    let metaStaff = m.staff.filter { $0.unit == .meta }
    staffPeopleEmployed = metaStaff.map(\.people).reduce(0, +)
    staffPersonDays = metaStaff.map(\.personDays).reduce(0, +)
    staffPeoplePaid = metaPayroll.map(\.people).reduce(0, +)
    sources[.staffCost] = .data
    if metaPayroll.isEmpty {
      if let amount = fallBack(.staffCost, annual: plan.staffCostCNY, ledgerLine: .staffCost) {
        staffCostCNY = amount
      } else {
        staffCostCNY = 0
        lacking(.noPayroll, .staffCost)
      }
    } else {
      staffCostCNY = metaPayroll.map(\.cost).sum
    }

    // MARK: energy, at each day's tariff, IT × the facility factor
    let factor = Decimal(quantity: facilityFactor)
    self.facilityFactor = factor
    itNameplateKWh = m.devices.map(\.nameplateKWh).sum
    itNameplateCostCNY = m.devices.map(\.nameplateCost).sum
    itUntariffedKWh = m.devices.map(\.untariffedKWh).sum
    itMeteredKWh = m.energy.map(\.energyKWh).sum
    itMeteredCostCNY = m.energy.map(\.energyCost).sum
    nameplateKWh = itNameplateKWh * factor
    meteredKWh = itMeteredKWh * factor
    meteredElectricityCostCNY = itMeteredCostCNY * factor
    sources[.electricity] = .dataAndScenario
    sources[.meteredElectricity] = .dataAndScenario
    if m.devices.isEmpty {
      if let amount = fallBack(
        .electricity, annual: plan.annualElectricityCostCNY, ledgerLine: .electricity)
      {
        electricityCostCNY = amount
      } else {
        electricityCostCNY = 0
        lacking(.noDeviceGroup, .electricity)
      }
    } else {
      electricityCostCNY = itNameplateCostCNY * factor
    }

    // MARK: capital items and service contracts
    func charged(_ category: CapitalCategory) -> CapitalTotals? {
      m.capital.first { $0.category == category && $0.items > 0 }
    }
    func capitalLine(
      _ category: CapitalCategory, _ line: FallbackLine, _ ledgerLine: LedgerLine,
      annual: Decimal,
      missing reason: MissingLine.Reason
    ) -> Decimal {
      sources[ledgerLine] = .data
      if let item = charged(category) { return item.periodCharge }
      if let amount = fallBack(line, annual: annual, ledgerLine: ledgerLine) { return amount }
      lacking(reason, line)
      return 0
    }
    softwareAmortizationCNY = capitalLine(
      .software, .softwareAmortization, .softwareAmortization,
      annual: plan.softwareAmortizationCNY, missing: .noSoftwareItem)
    modelAmortizationCNY = capitalLine(
      .model, .modelAmortization, .modelAmortization, annual: plan.modelAmortizationCNY,
      missing: .noModelItem)
    hardwareDepreciationCNY = capitalLine(
      .hardware, .hardwareDepreciation, .hardwareDepreciation,
      annual: plan.hardwareDepreciationCNY, missing: .noHardwareItem)
    softwareCapexCNY = charged(.software)?.amount ?? 0
    modelCapexCNY = charged(.model)?.amount ?? 0
    hardwareCapexCNY = charged(.hardware)?.amount ?? 0
    placedInServiceCNY = m.capital.map(\.placedInService).sum
    retiredBookValueCNY = m.capital.map(\.retiredBookValue).sum
    sources[.otherServices] = .data
    if m.contracts.isEmpty {
      if let amount = fallBack(
        .otherServices, annual: plan.otherServicesCNY, ledgerLine: .otherServices)
      {
        otherServicesCNY = amount
      } else {
        otherServicesCNY = 0
        lacking(.noServiceContract, .otherServices)
      }
    } else {
      otherServicesCNY = m.contracts.map(\.periodAmount).sum
    }
    self.sources = sources
    self.fallbacksUsed = fallbacksUsed
    self.missing = missing
  }
}

extension Sequence where Element == Decimal {
  /// The exact sum.
  package var sum: Decimal { reduce(0, +) }
}
