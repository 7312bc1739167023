import Foundation
import HospitalEconomics

// MARK: - The cost structure and the margin against the fee

extension ReportSections {
  /// The cost lines of the charts, in order, with their phrases.
  static let costLines: [(FinancialLine, ChartsPhrase)] = [
    (.staffCost, .staff), (.electricity, .electricity), (.otherServices, .otherServices),
    (.softwareAmortization, .softwareAmortization), (.modelAmortization, .modelAmortization),
    (.hardwareDepreciation, .hardwareDepreciation),
  ]

  /// The cost lines of a year as a pie, beside the table of the same lines.
  public static func costStructure(_ f: Financials, _ w: Wording) -> [ReportBlock] {
    let unit = w.chartUnit(fitting: [f.totalCostCNY])
    let slices = costLines.map { line, label in
      (label: w(label), value: -line.marginContribution(in: f) / unit.divisor)
    }
    guard slices.contains(where: { $0.value > 0 }) else { return [] }
    return [
      .paragraph(w(ChartsPhrase.costIntro, ["unit": unit.name])),
      .mermaid(
        MermaidChart.pie(
          title: w(
            ChartsPhrase.costTitle, ["unit": unit.name, "total": unit.text(f.totalCostCNY)]),
          slices: slices)),
    ]
  }

  /// The yearly margin at fees from 0 to a round fee above both today's and the break-even fee,
  /// computed by the model at each fee: a table and a line crossing zero at the break-even fee.
  public static func marginAgainstFee(_ e: Economics, _ w: Wording) -> [ReportBlock] {
    guard let breakEven = e.breakevenRegistrationFeeCNY else { return [] }
    guard breakEven > 0 else {
      return [.subheading(w(ChartsPhrase.feeHeading)), .paragraph(w(ChartsPhrase.paysAtAnyFee))]
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
    let scenarioNote = w(ChartsPhrase.scenarioNote)
    var rows = zip(fees, margins).map { value, amount in
      (fee: value, margin: amount, note: value == fee ? scenarioNote : "")
    }
    if !fees.contains(fee) { rows.append((fee, e.annualMarginCNY, scenarioNote)) }
    rows.append((breakEven, margin(at: breakEven), w(ChartsPhrase.breakEvenNote)))
    rows.sort { $0.fee < $1.fee }
    let unit = w.chartUnit(fitting: margins)
    let columns = [
      w(ChartsPhrase.feeColumn), w(ChartsPhrase.marginColumn), w(ChartsPhrase.noteColumn),
    ]
    return [
      .subheading(w(ChartsPhrase.feeHeading)),
      .paragraph(
        w(
          ChartsPhrase.feeIntro,
          ["visits": NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0)])),
      .table(
        ReportTable(
          columns: columns, rightAligned: Set(columns.prefix(2)),
          rows: rows.map { [w.price($0.fee), w.money($0.margin), $0.note] })),
      .mermaid(
        MermaidChart.lines(
          title: w(ChartsPhrase.feeTitle, ["unit": unit.name, "break_even": w.price(breakEven)]),
          numericAxis: (w(ChartsPhrase.feeAxis), 0, top),
          series: [margins.map { $0 / unit.divisor }], valueAxis: unit.name, zeroLine: true)),
    ]
  }
}
