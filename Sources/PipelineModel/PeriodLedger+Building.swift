import Foundation
import HospitalEconomics

// MARK: - Building the ledger

extension PeriodLedger {
  /// The ledger of a period's measures under a job's rules: each part of the books from its
  /// measures (activity, revenue, staff, energy, capital and services), each line's source, the
  /// scenario's value where the job lets a line without data fall back to it, and what the
  /// period lacks.
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
    var books = Provenance(fallbacks: fallbacks, fraction: fraction)

    // Activity.
    let virtual = m.visitsByChannel[.virtual]
    virtualVisits = virtual?.visits ?? 0
    virtualInteractionSeconds = virtual?.durationSeconds ?? 0
    virtualVisitsWithDuration = virtual?.visitsWithDuration ?? 0
    offlineVisits = m.visitsByChannel[.offline]?.visits ?? 0
    admissions = m.admissions
    surgeries = m.surgeries
    if virtualVisits == 0 { books.missing.append(MissingLine(reason: .noVirtualVisit, line: nil)) }

    let r = Self.revenue(m, revenue, plan: plan, virtualVisits: virtualVisits, books: &books)
    revenueByKind = r.byKind
    registrationRevenueCNY = r.registration
    otherKeptRevenueCNY = r.otherKept
    passThroughSalesCNY = r.sales
    passThroughMarkupCNY = r.markup
    passThroughCostCNY = r.cost
    passThroughMissingCost = r.missingCost
    excludedCNY = r.excluded
    offlineRevenueCNY = m.charges.filter { $0.channel == .offline }.map(\.amount).sum

    // Staff: payroll, and the average headcount from employment days.
    let metaPayroll = m.payroll.filter { $0.unit == .meta }
    let metaStaff = m.staff.filter { $0.unit == .meta }
    staffPeopleEmployed = metaStaff.map(\.people).reduce(0, +)
    staffPersonDays = metaStaff.map(\.personDays).reduce(0, +)
    staffPeoplePaid = metaPayroll.map(\.people).reduce(0, +)
    staffCostCNY = books.line(
      .staffCost, source: .data, fromData: metaPayroll.isEmpty ? nil : metaPayroll.map(\.cost).sum,
      fallback: .staffCost, annual: plan.staffCostCNY, missing: .noPayroll)

    // Energy, at each day's tariff, IT × the facility factor.
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
    books.sources[.meteredElectricity] = .dataAndScenario
    electricityCostCNY = books.line(
      .electricity, source: .dataAndScenario,
      fromData: m.devices.isEmpty ? nil : itNameplateCostCNY * factor,
      fallback: .electricity, annual: plan.annualElectricityCostCNY, missing: .noDeviceGroup)

    // Capital items: each category's charge of the period, and the items' cost.
    func charged(_ category: CapitalCategory) -> CapitalTotals? {
      m.capital.first { $0.category == category && $0.items > 0 }
    }
    softwareAmortizationCNY = books.line(
      .softwareAmortization, source: .data, fromData: charged(.software)?.periodCharge,
      fallback: .softwareAmortization, annual: plan.softwareAmortizationCNY,
      missing: .noSoftwareItem)
    modelAmortizationCNY = books.line(
      .modelAmortization, source: .data, fromData: charged(.model)?.periodCharge,
      fallback: .modelAmortization, annual: plan.modelAmortizationCNY, missing: .noModelItem)
    hardwareDepreciationCNY = books.line(
      .hardwareDepreciation, source: .data, fromData: charged(.hardware)?.periodCharge,
      fallback: .hardwareDepreciation, annual: plan.hardwareDepreciationCNY,
      missing: .noHardwareItem)
    softwareCapexCNY = charged(.software)?.amount ?? 0
    modelCapexCNY = charged(.model)?.amount ?? 0
    hardwareCapexCNY = charged(.hardware)?.amount ?? 0
    placedInServiceCNY = m.capital.map(\.placedInService).sum
    retiredBookValueCNY = m.capital.map(\.retiredBookValue).sum

    // Service contracts, pro rata per day.
    otherServicesCNY = books.line(
      .otherServices, source: .data,
      fromData: m.contracts.isEmpty ? nil : m.contracts.map(\.periodAmount).sum,
      fallback: .otherServices, annual: plan.otherServicesCNY, missing: .noServiceContract)

    sources = books.sources
    fallbacksUsed = books.fallbacksUsed
    missing = books.missing
  }

  /// What a ledger records while it is built: each line's source, the scenario's values used,
  /// and what the period lacks.
  struct Provenance {
    let fallbacks: Set<FallbackLine>
    let fraction: PeriodFraction
    var sources: [LedgerLine: FigureSource] = [:]
    var fallbacksUsed: [(FallbackLine, Decimal)] = []
    var missing: [MissingLine] = []

    /// A line from data, else — the period has no data for it — the scenario's year prorated
    /// when the job lets it fall back, else zero and a missing line.
    mutating func line(
      _ line: LedgerLine, source: FigureSource, fromData amount: Decimal?,
      fallback: FallbackLine, annual: Decimal, missing reason: MissingLine.Reason
    ) -> Decimal {
      sources[line] = source
      if let amount { return amount }
      if fallbacks.contains(fallback) {
        let prorated = fraction.prorate(annual)
        fallbacksUsed.append((fallback, prorated))
        sources[line] = .fallback
        return prorated
      }
      missing.append(MissingLine(reason: reason, line: fallback))
      return 0
    }
  }

  /// The revenue of the virtual channel by the job's classification: each kind's line, the
  /// registration fees (else the scenario's fee for each visit when the job lets them fall
  /// back), the other kept charges, and the pass-through sales with their markup (else the
  /// plan's per visit).
  static func revenue(
    _ m: Measures, _ classification: RevenueClassification, plan: Economics,
    virtualVisits: Int64, books: inout Provenance
  ) -> (
    byKind: [RevenueLine], registration: Decimal, otherKept: Decimal, sales: Decimal,
    markup: Decimal, cost: Decimal, missingCost: Int64, excluded: Decimal
  ) {
    var lines: [ChargeKind: RevenueLine] = [:]
    for charge in m.charges where charge.channel == .virtual {
      var line =
        lines[charge.kind]
        ?? RevenueLine(
          kind: charge.kind, revenueClass: classification.class(of: charge.kind), charges: 0,
          billedCNY: 0, acquisitionCostCNY: 0, markupCNY: 0, missingCost: 0)
      line.charges += charge.count
      line.billedCNY += charge.amount
      line.acquisitionCostCNY += charge.acquisitionCost
      line.markupCNY += charge.markup
      line.missingCost += charge.missingCost
      lines[charge.kind] = line
    }
    let byKind = ChargeKind.allCases.compactMap { lines[$0] }
    let kept = byKind.filter { $0.revenueClass == .kept }
    let passThrough = byKind.filter { $0.revenueClass == .passThrough }
    var registration = kept.filter { $0.kind == .registration }.map(\.billedCNY).sum
    books.sources[.registrationRevenue] = .data
    if virtualVisits > 0, !kept.contains(where: { $0.kind == .registration }) {
      if books.fallbacks.contains(.registrationRevenue) {
        // The scenario's fee for each of the period's visits.
        registration = plan.inputs.registrationFeeCNY * Decimal(virtualVisits)
        books.fallbacksUsed.append((.registrationRevenue, registration))
        books.sources[.registrationRevenue] = .fallback
      } else {
        books.missing.append(MissingLine(reason: .noRegistrationCharge, line: .registrationRevenue))
      }
    }
    books.sources[.otherKeptRevenue] = .data
    var sales = passThrough.map(\.billedCNY).sum
    var markup = passThrough.map(\.markupCNY).sum
    books.sources[.passThroughSales] = .data
    if virtualVisits > 0, passThrough.isEmpty {
      // The plan's drug sales and markup per visit, for the period's visits.
      let perVisit = plan.inputs.annualVisits > 0 ? Decimal(plan.inputs.annualVisits) : 1
      let visits = Decimal(virtualVisits)
      if books.fallbacks.contains(.drugSales) {
        sales = plan.drugRevenueCNY / perVisit * visits
        markup = plan.drugMarginCNY / perVisit * visits
        books.fallbacksUsed.append((.drugSales, sales))
        books.sources[.passThroughSales] = .fallback
      } else {
        books.missing.append(MissingLine(reason: .noDrugCharge, line: .drugSales))
      }
    }
    return (
      byKind, registration, kept.filter { $0.kind != .registration }.map(\.billedCNY).sum, sales,
      markup, passThrough.map(\.acquisitionCostCNY).sum,
      passThrough.map(\.missingCost).reduce(0, +),
      byKind.filter { $0.revenueClass == .excluded }.map(\.billedCNY).sum
    )
  }
}
