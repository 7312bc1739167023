import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - The model on data: sustainability, sensitivity, where the figures come from

extension RunReport {
  static func sustainabilitySection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunSustainabilityPhrase
    let w = input.wording
    let actual = input.actual
    let a = actual.annual
    let appraisal = actual.appraisal
    let plan = input.subject.inputs.inputs
    let rate = NumberFormat.percent(plan.discountRate)
    func years(_ value: Decimal?) -> String? { value.map { NumberFormat.grouped($0, decimals: 2) } }
    let rows: [[String]] = [
      [w(Say.effectiveRevenue), w.money(a.effectiveRevenueCNY), w.unit("CNY/year")],
      [w(Say.totalCost), w.money(a.totalCostCNY), w.unit("CNY/year")],
      [w(Say.margin), "**\(w.money(a.marginCNY))**", w.unit("CNY/year")],
      [
        w(Say.breakEvenFee), a.breakevenRegistrationFeeCNY.map(w.price) ?? w.missing("none"),
        w.unit("CNY/visit"),
      ],
      [
        w(Say.breakEvenVisits),
        actual.breakevenVisits.map { NumberFormat.grouped($0, decimals: 0) } ?? w.missing("none"),
        w.unit("visits/year"),
      ],
      [w(Say.oneOff), w.money(actual.oneOffSpendingCNY), w.unit("CNY")],
      [w(Say.netCashFlow), w.money(a.netCashFlowCNY), w.unit("CNY/year")],
      [
        w(Say.simplePayback), years(appraisal.simplePaybackYears) ?? w.missing("never"),
        w.unit("years"),
      ],
      [
        w(Say.discountedPayback, ["rate": rate]),
        years(appraisal.discountedPaybackYears)
          ?? ReportSections.noDiscountedPayback(appraisal, w), w.unit("years"),
      ],
      [
        w(Say.npv, ["years": String(plan.appraisalYears), "rate": rate]),
        w.money(appraisal.npvCNY), w.unit("CNY"),
      ],
    ]
    let value = w(Say.valueColumn)
    var blocks: [ReportBlock] = [
      .paragraph(annualVerdict(actual, w)),
      .table(
        ReportTable(
          columns: [w(Say.measureColumn), value, w(Say.unitColumn)], rightAligned: [value],
          rows: rows)),
    ]
    if actual.breakevenVisits == nil {
      blocks.append(.paragraph(w(Say.noVolume)))
    }
    blocks.append(.paragraph(w(Say.onData)))
    return ReportSection(id: "sustainability", title: w(Say.title), blocks: blocks)
  }

  static func sensitivitySection(_ input: RunReportInput) -> ReportSection {
    let w = input.wording
    var section = ReportSections.sensitivity(
      input.actual.sensitivity, settings: input.subject.sensitivity,
      label: { w.runDriverLabel($0) }, w)
    section.blocks.insert(.paragraph(w(RunSustainabilityPhrase.sensitivityIntro)), at: 0)
    return section
  }

  static func provenanceSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunProvenancePhrase
    let w = input.wording
    let rows = provenanceRows(input).map {
      [
        "`\($0.id)`", MarkdownText.escape($0.label(w)), $0.value(w), w.unit($0.unit),
        $0.source.text(w), $0.setIn.isEmpty ? "" : MarkdownText.code($0.setIn),
      ]
    }
    var blocks: [ReportBlock] = [
      .paragraph(w(Say.intro)), .table(ReportSections.assumptionsTable(rows, w)),
    ]
    let l = input.actual.ledger
    if !l.missing.isEmpty {
      blocks.append(.subheading(w(Say.missingHeading)))
      blocks.append(.bullets(l.missing.map { missingSentence($0, w) }))
    }
    return ReportSection(id: "provenance", title: w(Say.title), blocks: blocks)
  }
}
