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

extension Sequence where Element == Decimal {
  /// The exact sum.
  package var sum: Decimal { reduce(0, +) }
}
