import Foundation
import HospitalEconomics
import ReportRendering

// MARK: - Margin bridge from the plan to the data

extension RunReport {
  /// The drivers of the run's bridge: (id, label, unit) of each driver and of each line that
  /// stands for itself. The labels are those `bridge.csv` carries, in every language; the report
  /// names them in its own (`run.bridge.driver` in the language files).
  enum BridgeDrivers {
    static let visits = ("annual_visits", "Virtual visits", "visits/year")
    static let fee = ("registration_fee_cny", "Registration fee (average billed)", "CNY/visit")
    static let otherKept = ("other_kept_revenue_cny", "Other kept charges", "CNY/year")
    static let markup = ("drug_markup_per_visit_cny", "Drug markup kept per visit", "CNY/visit")
    static let headcount = ("staff_headcount", "Staff (average headcount)", "people")
    static let costPerHead = (
      "staff_annual_cost_per_person_cny", "Cost per staff member (per average head)", "CNY/year"
    )
    static let energy = (
      "it_costed_energy_kwh", "IT energy at nameplate, days with a tariff", "kWh/year"
    )
    static let tariff = (
      "electricity_tariff_cny_per_kwh", "Electricity tariff (energy-weighted)", "CNY/kWh"
    )
    static let facility = ("facility_factor", "Facility factor", "×")
    static let services = ("other_services_cny_per_year", "Other services (contracts)", "CNY/year")
    static let software = ("software_amortization_cny", "Software amortization", "CNY/year")
    static let model = ("model_amortization_cny", "Model amortization", "CNY/year")
    static let hardware = ("hardware_depreciation_cny", "Hardware depreciation", "CNY/year")
    static let registrationLine = (
      "registration_revenue_cny", "Registration revenue (whole line)", "CNY/year"
    )
    static let markupLine = ("drug_markup_cny", "Drug markup (whole line)", "CNY/year")
    static let staffLine = ("staff_cost_cny", "Staff cost (whole line)", "CNY/year")
    static let electricityLine = (
      "annual_electricity_cost_cny", "Electricity (whole line)", "CNY/year"
    )
  }

  /// The bridge of the yearly margin from the plan's year to the data's, annualized: each line
  /// a product of drivers, Shapley values exact per line.
  static func planToDataBridge(_ input: RunReportInput) -> MarginBridge {
    let plan = input.plan
    let inputs = plan.inputs
    let actual = input.actual
    let a = actual.annual
    let l = actual.ledger
    typealias Words = BridgeDrivers
    func descriptor(_ words: (String, String, String)) -> DriverDescriptor {
      DriverDescriptor(
        id: DriverID(rawValue: words.0), label: words.1, unit: words.2, affectsMargin: true)
    }
    func factor(_ words: (String, String, String), _ from: Decimal?, _ to: Decimal?)
      -> MarginBridge.Factor
    {
      MarginBridge.Factor(descriptor: descriptor(words), from: from, to: to)
    }
    let planVisits = Decimal(inputs.annualVisits)
    let headcount = l.staffAverageHeadcount
    let tariffedKWh = l.itNameplateKWh - l.itUntariffedKWh
    let factors = [
      factor(Words.visits, planVisits, a.visits),
      factor(Words.fee, inputs.registrationFeeCNY, a.registrationFeePerVisitCNY),
      factor(Words.otherKept, plan.financials.otherKeptRevenueCNY, a.otherKeptRevenueCNY),
      factor(
        Words.markup, planVisits > 0 ? plan.drugMarginCNY / planVisits : nil,
        a.passThroughMarkupPerVisitCNY),
      factor(Words.headcount, Decimal(inputs.staffHeadcount), headcount),
      factor(
        Words.costPerHead, inputs.staffAnnualCostPerPersonCNY,
        headcount > 0 ? a.staffCostCNY / headcount : nil),
      factor(
        Words.energy, Decimal(quantity: plan.itPowerKW * inputs.hoursPerYear),
        tariffedKWh * actual.annualizationFactor),
      factor(
        Words.tariff, inputs.electricityTariffCNYPerKWh,
        tariffedKWh > 0 ? l.itNameplateCostCNY / tariffedKWh : nil),
      factor(Words.facility, Decimal(quantity: inputs.facilityFactor), l.facilityFactor),
      factor(Words.services, plan.otherServicesCNY, a.otherServicesCNY),
      factor(Words.software, plan.softwareAmortizationCNY, a.softwareAmortizationCNY),
      factor(Words.model, plan.modelAmortizationCNY, a.modelAmortizationCNY),
      factor(Words.hardware, plan.hardwareDepreciationCNY, a.hardwareDepreciationCNY),
    ]
    func line(
      _ line: FinancialLine, _ factors: [(String, String, String)], whole: (String, String, String)
    ) -> MarginBridge.ProductLine {
      MarginBridge.ProductLine(
        line: line, factors: factors.map { DriverID(rawValue: $0.0) }, whole: descriptor(whole))
    }
    let lines = [
      line(.registrationRevenue, [Words.visits, Words.fee], whole: Words.registrationLine),
      line(.otherKeptRevenue, [Words.otherKept], whole: Words.otherKept),
      line(.passThroughMarkup, [Words.visits, Words.markup], whole: Words.markupLine),
      line(.staffCost, [Words.headcount, Words.costPerHead], whole: Words.staffLine),
      line(
        .electricity, [Words.energy, Words.tariff, Words.facility], whole: Words.electricityLine),
      line(.otherServices, [Words.services], whole: Words.services),
      line(.softwareAmortization, [Words.software], whole: Words.software),
      line(.modelAmortization, [Words.model], whole: Words.model),
      line(.hardwareDepreciation, [Words.hardware], whole: Words.hardware),
    ]
    return MarginBridge.ofProducts(
      factors: factors, lines: lines, from: plan.financials, to: actual.annual)
  }

  /// The section: the shared bridge section with the run's definitions.
  static func bridgeSection(_ input: RunReportInput, _ bridge: MarginBridge) -> ReportSection {
    let w = input.wording
    let (from, to) = bridgeEnds(input, w)
    var section = BridgeReport.section(
      bridge, from: from, to: to,
      label: { w.named($0.id.rawValue, as: RunBridgeDriver.self) }, w,
      extraMethod: [w(RunBridgePhrase.definitions), w(RunBridgePhrase.wholeLine)])
    section.blocks.insert(.paragraph(w(RunBridgePhrase.intro)), at: 0)
    // Monthly amounts annualized by days differ from twelve of them: say how much of the
    // bridge's staff, amortization and depreciation effects is the calendar.
    let fraction = input.actual.ledger.fraction
    let calendar =
      input.actual.annualizationFactor * Decimal(input.period.grain.months) / 12 - 1
    if NumberFormat.percent(calendar.magnitude) != NumberFormat.percent(0) {
      section.blocks.insert(
        .paragraph(
          w(
            RunBridgePhrase.calendar,
            [
              "days_in_year": String(fraction.daysInYear), "days": String(fraction.days),
              "share": (calendar > 0 ? "+" : "") + NumberFormat.percent(calendar),
            ])), at: 1)
    }
    return section
  }

  /// `bridge.csv` of the run.
  static func bridgeCSV(_ input: RunReportInput, _ bridge: MarginBridge) -> CSVTable {
    let (from, to) = bridgeEnds(input, input.wording)
    return BridgeReport.csv(bridge, from: from, to: to)
  }

  /// The ends: the plan and the data of the period (`bridge.csv` names them the same in every
  /// language).
  private static func bridgeEnds(_ input: RunReportInput, _ w: Wording) -> (
    BridgeReport.End, BridgeReport.End
  ) {
    let scenario = input.scenario.name
    let period = input.period
    let annualized = input.actual.annualizationFactor != 1
    return (
      BridgeReport.End(
        name: "plan \(scenario)",
        display: w(RunBridgePhrase.plan, ["scenario": MarkdownText.code(scenario)])),
      BridgeReport.End(
        name: "data \(period)",
        display: w(
          annualized ? RunBridgePhrase.dataAnnualized : .data, ["period": w.period(period)]))
    )
  }
}
