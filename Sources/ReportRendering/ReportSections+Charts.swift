import Foundation
import HospitalEconomics

// MARK: - The cost structure and the margin against the fee

extension ReportSections {
  /// Every sentence and label of the charts below, in one place.
  enum ChartWords {
    static let costLines: [(FinancialLine, String)] = [
      (.staffCost, "Staff"), (.electricity, "Electricity"), (.otherServices, "Other services"),
      (.softwareAmortization, "Software amortization"),
      (.modelAmortization, "Model amortization"),
      (.hardwareDepreciation, "Hardware depreciation"),
    ]
    static func costTitle(_ unit: String, total: String) -> String {
      "Yearly cost, \(unit) (total \(total))"
    }
    static func costIntro(_ unit: String) -> String {
      "Where the yearly cost goes (the lines of the table above, in \(unit); each slice labelled with its amount):"
    }
    static let feeHeading = "Margin against the registration fee"
    static func feeIntro(visits: String) -> String {
      "The yearly margin at other registration fees, every other driver held (\(visits) visits a year; costs do not depend on the fee, so the margin is a straight line). The chart's second line is zero: the margin line crosses it at the break-even fee."
    }
    static func feeTitle(_ unit: String, breakEven: String) -> String {
      "Yearly margin by registration fee, \(unit) (break-even \(breakEven) CNY)"
    }
    static let feeAxis = "Registration fee, CNY/visit"
    static let feeColumns = ["Registration fee, CNY/visit", "Yearly margin, CNY", "Note"]
    static let breakEvenNote = "break-even"
    static let scenarioNote = "this scenario"
    static let paysAtAnyFee =
      "The margin is positive even without a registration fee: the other revenue covers the cost."
  }

  /// The cost lines of a year as a pie, beside the table of the same lines.
  public static func costStructure(_ f: Financials) -> [ReportBlock] {
    let unit = MermaidChart.MoneyUnit.fitting([f.totalCostCNY])
    let slices = ChartWords.costLines.map { line, label in
      (label: label, value: -line.marginContribution(in: f) / unit.divisor)
    }
    guard slices.contains(where: { $0.value > 0 }) else { return [] }
    return [
      .paragraph(ChartWords.costIntro(unit.name)),
      .mermaid(
        MermaidChart.pie(
          title: ChartWords.costTitle(unit.name, total: unit.text(f.totalCostCNY)), slices: slices)),
    ]
  }

  /// The yearly margin at fees from 0 to a round fee above both today's and the break-even fee,
  /// computed by the model at each fee: a table and a line crossing zero at the break-even fee.
  public static func marginAgainstFee(_ e: Economics) -> [ReportBlock] {
    guard let breakEven = e.breakevenRegistrationFeeCNY else { return [] }
    guard breakEven > 0 else {
      return [.subheading(ChartWords.feeHeading), .paragraph(ChartWords.paysAtAnyFee)]
    }
    let fee = e.inputs.registrationFeeCNY
    let top = MermaidChart.niceCeiling(max(fee, breakEven) * 3 / 2)
    let steps = 10
    let fees = (0...steps).map { top * Decimal($0) / Decimal(steps) }
    func margin(at value: Decimal) -> Decimal {
      var inputs = e.inputs
      inputs.registrationFeeCNY = value
      return Economics.computeWithoutBreakEvenVolume(inputs).annualMarginCNY
    }
    let margins = fees.map(margin(at:))
    var rows = zip(fees, margins).map { value, amount in
      (fee: value, margin: amount, note: value == fee ? ChartWords.scenarioNote : "")
    }
    if !fees.contains(fee) { rows.append((fee, e.annualMarginCNY, ChartWords.scenarioNote)) }
    rows.append((breakEven, margin(at: breakEven), ChartWords.breakEvenNote))
    rows.sort { $0.fee < $1.fee }
    let breakEvenText = NumberFormat.money(breakEven)
    let unit = MermaidChart.MoneyUnit.fitting(margins)
    return [
      .subheading(ChartWords.feeHeading),
      .paragraph(
        ChartWords.feeIntro(
          visits: NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0))),
      .table(
        ReportTable(
          columns: ChartWords.feeColumns, rightAligned: Set(ChartWords.feeColumns.prefix(2)),
          rows: rows.map {
            [NumberFormat.money($0.fee), NumberFormat.money($0.margin), $0.note]
          })),
      .mermaid(
        MermaidChart.lines(
          title: ChartWords.feeTitle(unit.name, breakEven: breakEvenText),
          numericAxis: (ChartWords.feeAxis, 0, top), series: [margins.map { $0 / unit.divisor }],
          valueAxis: unit.name, zeroLine: true)),
    ]
  }
}
