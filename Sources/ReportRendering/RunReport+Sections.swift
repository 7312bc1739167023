import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - The period's books

extension RunReport {
  static func ledgerSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunLedgerPhrase
    let w = input.wording
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let a = actual.annual
    let plan = input.plan
    func money(_ value: Decimal) -> String { w.money(value) }
    func source(_ line: LedgerLine) -> String { w.source(l.sources[line] ?? .data) }
    func flow(
      _ label: Say, _ period: Decimal, _ annual: Decimal, _ planYear: Decimal?, _ s: String
    )
      -> [String]
    {
      [w(label), money(period), money(annual), planYear.map(money) ?? "", s]
    }
    let revenueSource = w.source(
      combined([
        l.sources[.registrationRevenue] ?? .data, l.sources[.passThroughSales] ?? .data,
      ]))
    let data = w.source(.data)
    let rows: [[String]] = [
      [
        w(Say.virtualVisits), NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0),
        NumberFormat.grouped(a.visits, decimals: 0),
        NumberFormat.grouped(Decimal(plan.inputs.annualVisits), decimals: 0), data,
      ],
      flow(
        .registrationRevenue, p.registrationRevenueCNY, a.registrationRevenueCNY,
        plan.registrationRevenueCNY, source(.registrationRevenue)),
      flow(.otherKeptRevenue, p.otherKeptRevenueCNY, a.otherKeptRevenueCNY, 0, data),
      flow(
        .drugSales, p.passThroughSalesCNY, a.passThroughSalesCNY, plan.drugRevenueCNY,
        source(.passThroughSales)),
      flow(
        .drugMarkup, p.passThroughMarkupCNY, a.passThroughMarkupCNY, plan.drugMarginCNY,
        source(.passThroughSales)),
      flow(
        .grossRevenue, p.grossRevenueCNY, a.grossRevenueCNY, plan.grossRevenueCNY, revenueSource),
      flow(
        .effectiveRevenue, p.effectiveRevenueCNY, a.effectiveRevenueCNY,
        plan.effectiveRevenueCNY, revenueSource),
      flow(.staff, p.staffCostCNY, a.staffCostCNY, plan.staffCostCNY, source(.staffCost)),
      flow(
        .electricity, p.electricityCostCNY, a.electricityCostCNY, plan.annualElectricityCostCNY,
        source(.electricity)),
      flow(
        .otherServices, p.otherServicesCNY, a.otherServicesCNY, plan.otherServicesCNY,
        source(.otherServices)),
      flow(
        .softwareAmortization, p.softwareAmortizationCNY, a.softwareAmortizationCNY,
        plan.softwareAmortizationCNY, source(.softwareAmortization)),
      flow(
        .modelAmortization, p.modelAmortizationCNY, a.modelAmortizationCNY,
        plan.modelAmortizationCNY, source(.modelAmortization)),
      flow(
        .hardwareDepreciation, p.hardwareDepreciationCNY, a.hardwareDepreciationCNY,
        plan.hardwareDepreciationCNY, source(.hardwareDepreciation)),
      flow(.cashCost, p.cashCostCNY, a.cashCostCNY, plan.annualCashCostCNY, ""),
      flow(.totalCost, p.totalCostCNY, a.totalCostCNY, plan.annualTotalCostCNY, ""),
      flow(.margin, p.marginCNY, a.marginCNY, plan.annualMarginCNY, ""),
    ]
    let stocks: [[String]] = [
      [
        w(Say.headcount), NumberFormat.grouped(l.staffAverageHeadcount, decimals: 2),
        NumberFormat.grouped(Decimal(plan.inputs.staffHeadcount), decimals: 0), w.unit("people"),
      ],
      [
        w(Say.softwareItems), money(l.softwareCapexCNY), money(plan.softwareCapexCNY),
        w.unit("CNY"),
      ],
      [w(Say.modelItems), money(l.modelCapexCNY), money(plan.modelCapexCNY), w.unit("CNY")],
      [
        w(Say.hardwareItems), money(l.hardwareCapexCNY), money(plan.hardwareCapexCNY),
        w.unit("CNY"),
      ],
      [w(Say.placedInService), money(l.placedInServiceCNY), "", w.unit("CNY")],
      [w(Say.retired), money(l.retiredBookValueCNY), "", w.unit("CNY")],
    ]
    let factor =
      actual.annualizationFactor == 1
      ? w(Say.wholeYear)
      : w(
        Say.annualized,
        ["days_in_year": String(l.fraction.daysInYear), "days": String(l.fraction.days)])
    let (periodColumn, annualized, planYear) = (
      w(Say.periodColumn), w(Say.annualizedColumn), w(Say.planColumn)
    )
    let stockPlan = w(Say.stockPlanColumn)
    return ReportSection(
      id: "period-ledger", title: w(Say.title),
      blocks: [
        .paragraph(
          w(
            Say.intro,
            [
              "period": w.period(l.period), "days": String(l.fraction.days),
              "zone": input.subject.timeZone.identifier, "factor": factor,
            ])),
        .subheading(w(Say.flowsHeading)),
        .table(
          ReportTable(
            columns: [w(Say.lineColumn), periodColumn, annualized, planYear, w(Say.sourceColumn)],
            rightAligned: [periodColumn, annualized, planYear], rows: rows)),
        .subheading(w(Say.stocksHeading)),
        .table(
          ReportTable(
            columns: [w(Say.itemColumn), periodColumn, stockPlan, w(Say.unitColumn)],
            rightAligned: [periodColumn, stockPlan], rows: stocks)),
      ])
  }

  static func varianceSection(_ rows: [VarianceRow], _ w: Wording) -> ReportSection {
    typealias Say = RunVariancePhrase
    let numbers = [
      w(Say.planColumn), w(Say.actualColumn), w(Say.differenceColumn), w(Say.percentColumn),
    ]
    return ReportSection(
      id: "plan-vs-actual", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro)),
        .table(
          ReportTable(
            columns: [w(Say.driverColumn), w(Say.idColumn), w(Say.unitColumn)] + numbers + [
              w(Say.sourceColumn)
            ],
            rightAligned: Set(numbers),
            rows: rows.map {
              [
                $0.label(w), "`\($0.id)`", w.unit($0.unit), $0.show($0.plan, w),
                $0.show($0.actual, w), $0.show($0.difference, w),
                $0.percent.map { NumberFormat.plain($0, decimals: 1) } ?? "",
                "`\($0.source == VarianceRow.ledgerAnnualized ? w(Say.ledgerAnnualized) : $0.source)`",
              ]
            })),
      ])
  }

}
