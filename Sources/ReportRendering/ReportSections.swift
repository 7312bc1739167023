import Foundation
import HospitalEconomics

/// What a report says about the scenario it was built from.
public struct ScenarioIdentity: Sendable, Equatable {
  /// Short name, e.g. `paper-2024` (also the default output folder name).
  public var name: String
  /// Title for people.
  public var title: String
  /// The title in each language the scenario gives one for.
  public var titles: [ReportLanguage: String]
  /// The scenario file chain, child first, as file names (`electricity-0.8.yaml`, `paper-2024.yaml`).
  public var files: [String]

  /// Creates an identity.
  public init(
    name: String, title: String, titles: [ReportLanguage: String] = [:], files: [String]
  ) {
    self.name = name
    self.title = title
    self.titles = titles
    self.files = files
  }

  /// The title in `language`, else the plain title.
  public func title(in language: ReportLanguage) -> String { titles[language] ?? title }
}

/// The building blocks of economics reports: each function returns one section, one set of
/// figures or one CSV table, so `plan` and later reports compose the ones they need.
public enum ReportSections {
  // MARK: - Verdict

  /// One paragraph a finance director can quote: does it pay, by how much, and where it breaks even.
  public static func verdict(_ e: Economics, _ w: Wording, _ place: Wording.Place = .body) -> String
  {
    verdict(
      e.financials, feeCNY: e.inputs.registrationFeeCNY,
      breakevenVisits: e.breakevenVisits.map { Decimal($0) }, onData: false, w, place)
  }

  /// The verdict on a year's money: `fee` is the registration fee the year was billed at (on
  /// data, the average fee billed), `breakevenVisits` the yearly visits at which it breaks even
  /// with today's fee (on data: with the period's costs held), or nil.
  public static func verdict(
    _ f: Financials, feeCNY: Decimal, breakevenVisits: Decimal?, onData: Bool, _ w: Wording,
    _ place: Wording.Place = .body
  ) -> String {
    let amounts = w.amounts([abs(f.marginCNY), f.totalCostCNY, f.effectiveRevenueCNY], place)
    let breakEvenFee: String
    if let value = f.breakevenRegistrationFeeCNY {
      breakEvenFee =
        value <= 0
        ? w(VerdictPhrase.breakEvenAnyFee)
        : w(VerdictPhrase.breakEvenFee, ["fee": w.price(value)])
    } else {
      breakEvenFee = w(VerdictPhrase.breakEvenNoFee)
    }
    let breakEvenVisits =
      breakevenVisits.map {
        w(VerdictPhrase.breakEvenVisits, ["visits": NumberFormat.grouped($0, decimals: 0)])
      } ?? w(onData ? VerdictPhrase.noVolumeOnData : .noVolume)
    let values = [
      "fee": w.price(feeCNY), "margin": amounts[0], "cost": amounts[1], "revenue": amounts[2],
      "break_even_fee": breakEvenFee, "break_even_visits": breakEvenVisits,
    ]
    if f.marginCNY < 0 {
      if f.visits == 0 {
        return w(
          VerdictPhrase.losesNoVisits,
          ["margin": amounts[0], "cost": amounts[1], "revenue": amounts[2]])
      }
      return w(onData ? VerdictPhrase.losesOnData : .loses, values)
    }
    return w(onData ? VerdictPhrase.paysOnData : .pays, values)
  }

  /// Why a discounted payback has no year, in words: never at this rate, or not within the
  /// years searched.
  public static func noDiscountedPayback(_ appraisal: InvestmentAppraisal, _ w: Wording) -> String {
    appraisal.discountedPaybackAbsence == .beyondSearch
      ? w(VerdictPhrase.discountedNever, ["years": String(InvestmentAppraisal.paybackSearchYears)])
      : w(VerdictPhrase.discountedNeverAtRate)
  }

  /// One sentence on the one-off spending: payback and NPV.
  public static func investmentSentence(
    _ e: Economics, _ w: Wording, _ place: Wording.Place = .body
  ) -> String {
    let simple =
      e.simplePaybackYears.map {
        w(VerdictPhrase.paybackYears, ["years": NumberFormat.grouped($0, decimals: 1)])
      } ?? w(VerdictPhrase.paybackNever)
    let discounted =
      e.discountedPaybackYears.map {
        w(VerdictPhrase.paybackYears, ["years": NumberFormat.grouped($0, decimals: 1)])
      } ?? noDiscountedPayback(e.appraisal, w)
    let always = [
      "one_off": w.millions(e.oneOffSpendingCNY, place),
      "cash_flow": w.millions(e.annualNetCashFlowCNY, place),
      "years": String(e.inputs.appraisalYears), "npv": w.millions(e.npvCNY, place),
    ]
    if e.annualNetCashFlowCNY <= 0 { return w(VerdictPhrase.investmentNever, always) }
    return w(
      VerdictPhrase.investment,
      always.merging([
        "simple": simple, "discounted": discounted,
        "rate": NumberFormat.percent(e.inputs.discountRate),
      ]) { $1 })
  }

  // MARK: - Figures

  /// The summary figures, with the stable ids every report's `summary.csv` uses.
  /// Every figure's source is the scenario.
  public static func summaryFigures(_ e: Economics) -> [ReportFigure] {
    planFigures(e).map {
      var figure = $0
      figure.source = "scenario"
      return figure
    }
  }

  private static func planFigures(_ e: Economics) -> [ReportFigure] {
    func money(_ figure: Figure, _ value: Decimal?) -> ReportFigure {
      ReportFigure(figure, money: value, none: "n/a")
    }
    let appraisal = e.appraisal
    let noVisits = e.inputs.annualVisits == 0 ? "no visits" : nil
    func quantity(_ figure: Figure, _ value: Double) -> ReportFigure {
      ReportFigure(figure, quantity: value)
    }
    func exact(_ figure: Figure, _ value: Decimal?) -> ReportFigure {
      ReportFigure(figure, exact: value, none: "never")
    }
    return [
      quantity(.concurrentSessions, e.concurrentSessions),
      quantity(.oneWayBandwidth, e.oneWayBandwidthGbps),
      quantity(.networkBandwidth, e.networkBandwidthGbps),
      quantity(.storageIncrement, e.storageIncrementGB),
      quantity(.storageIncrementPB, e.storageIncrementPB),
      quantity(.storageIncrementBinaryPB, e.storageIncrementBinaryPB),
      quantity(.storageProvisioned, e.storageProvisionedPB),
      quantity(.cpuPower, e.cpuPowerKW),
      quantity(.gpuPower, e.gpuPowerKW),
      quantity(.storagePower, e.storagePowerKW),
      quantity(.itPower, e.itPowerKW),
      quantity(.facilityPower, e.facilityPowerKW),
      quantity(.annualEnergy, e.annualEnergyKWh),
      quantity(.meteredEnergy, e.meteredEnergyKWh),
      money(.electricityCost, e.annualElectricityCostCNY),
      money(.meteredElectricityCost, e.meteredElectricityCostCNY),
      money(.registrationRevenue, e.registrationRevenueCNY),
      money(.drugRevenue, e.drugRevenueCNY),
      money(.grossRevenue, e.grossRevenueCNY),
      money(.effectiveRevenue, e.effectiveRevenueCNY),
      ReportFigure(.staffCount, count: e.staffCount),
      money(.staffCost, e.staffCostCNY),
      money(.softwareCapex, e.softwareCapexCNY),
      money(.softwareAmortization, e.softwareAmortizationCNY),
      money(.modelCapex, e.modelCapexCNY),
      money(.modelAmortization, e.modelAmortizationCNY),
      money(.hardwareCapex, e.hardwareCapexCNY),
      money(.hardwareDepreciation, e.hardwareDepreciationCNY),
      money(.otherServices, e.otherServicesCNY),
      money(.cashCost, e.annualCashCostCNY),
      money(.totalCost, e.annualTotalCostCNY),
      money(.margin, e.annualMarginCNY),
      ReportFigure(.marginShare, share: e.marginShare),
      money(.costPerVisit, e.costPerVisitCNY).noting(noVisits),
      money(.effectiveRevenuePerVisit, e.effectiveRevenuePerVisitCNY).noting(noVisits),
      money(.breakevenFee, e.breakevenRegistrationFeeCNY).noting(noVisits),
      ReportFigure(.breakevenVisits, count: e.breakevenVisits).noting("no volume breaks even"),
      exact(.staffPer10kVisits, e.staffPer10kVisits),
      ReportFigure(.itShareOfGrossRevenue, share: e.itShareOfGrossRevenue),
      money(.offlineRevenuePerVisit, e.offlineRevenuePerVisitCNY),
      money(.offlineITPerVisit, e.offlineITPerVisitCNY),
      exact(.offlineStaffPer10kVisits, e.offlineStaffPer10kVisits),
      ReportFigure(.offlineITShareOfRevenue, share: e.offlineITShareOfRevenue),
      money(.oneOffSpending, e.oneOffSpendingCNY),
      money(.netCashFlow, e.annualNetCashFlowCNY),
      exact(.simplePayback, e.simplePaybackYears).noting(
        appraisal.simplePaybackAbsence?.rawValue),
      exact(.discountedPayback, e.discountedPaybackYears).noting(
        appraisal.discountedPaybackAbsence?.rawValue),
      ReportFigure(.discountRate, share: e.inputs.discountRate),
      money(.npv, e.npvCNY),
    ]
  }

  /// `summary.csv`: `metric,value,unit,source,note`, one figure a row; `note` says why a value
  /// is empty. A plan's figures are the scenario's (`summaryFigures(_:)`), a run's name theirs.
  public static func summaryCSV(_ figures: [ReportFigure]) -> CSVTable {
    CSVTable(
      fileName: "summary.csv", header: ["metric", "value", "unit", "source", "note"],
      rows: figures.map { [$0.id, $0.csvValue, $0.csvUnit, $0.source, $0.csvNote] })
  }

  /// What the effective revenue keeps of drug sales, for a note beside it.
  public static func drugNote(markupRate: Decimal, markupCNY: Decimal, _ w: Wording) -> String {
    markupRate == 0 && markupCNY == 0
      ? w(SustainabilityPhrase.drugsAtCost)
      : w(
        SustainabilityPhrase.drugMarkupKept,
        ["rate": NumberFormat.percent(markupRate), "amount": w.exactAmount(markupCNY)])
  }

  // MARK: - Sections

}
