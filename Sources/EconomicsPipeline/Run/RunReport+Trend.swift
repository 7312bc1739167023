import Foundation
import HospitalEconomics
import ReportRendering

// MARK: - The year to date

extension RunReport {
  /// The paragraph that opens a report whose months were restated: which month, which figures
  /// moved from what to what, why, and how to rebuild the month's own report.
  static func restatementParagraphs(_ input: RunReportInput) -> [String] {
    var paragraphs: [String] = []
    for r in input.trend.months.compactMap(\.restatement) {
      var moved: [String] = []
      for change in r.changes {
        let label = figureLabels[change.figure] ?? change.figure
        let money = change.figure.hasSuffix("_cny")
        let previous =
          money
          ? NumberFormat.money(change.previous)
          : NumberFormat.groupedTrimmed(change.previous.rounded(scale: 6, mode: .plain))
        let current =
          money
          ? NumberFormat.money(change.current)
          : NumberFormat.groupedTrimmed(change.current.rounded(scale: 6, mode: .plain))
        moved.append("\(label) \(previous) → \(current)")
      }
      let when = NumberFormat.timestamp(r.previousRecordedAt, in: input.job.timeZone)
      let cause =
        r.inputsChanged
        ? "the job's, scenario's or SQL files changed since, and may have changed the figures"
        : "the data changed since"
      let rebuild =
        input.job.grain == .month
        ? " (here: `metahospital run \(input.job.path) --period \(r.month)`, or add `--rebuild-restated`)."
        : "."
      paragraphs.append(
        "**Restated: \(r.month) changed since it was reported** (run `\(r.previousRunID)`, \(when)): "
          + moved.joined(separator: "; ") + " (\(cause)). "
          + "Rebuild its monthly report with `metahospital run <monthly job> --period \(r.month)`"
          + rebuild)
    }
    return paragraphs
  }

  /// Labels of the month figures.
  static let figureLabels: [String: String] = [
    "virtual_visits": "virtual visits", "registration_revenue_cny": "registration revenue",
    "other_kept_revenue_cny": "other kept revenue", "drug_sales_cny": "drug sales",
    "drug_markup_cny": "drug markup", "effective_revenue_cny": "effective revenue",
    "staff_cost_cny": "staff cost", "electricity_cost_cny": "electricity",
    "other_services_cny": "other services", "software_amortization_cny": "software amortization",
    "model_amortization_cny": "model amortization",
    "hardware_depreciation_cny": "hardware depreciation", "total_cost_cny": "total cost",
    "margin_cny": "margin", "nameplate_energy_kwh": "energy at nameplate (kWh)",
  ]

  /// How the forecast was made, in one sentence.
  static func forecastMethod(_ trend: Trend) -> String {
    switch trend.method {
    case .complete:
      "The year is complete: no forecast."
    case .runRate:
      "Forecast by run rate: the year to date × \(trend.daysInYear) ÷ \(trend.daysToDate) days (no data for last year, so no seasonality)."
    case .lastYearsSeasonality(let year):
      "Forecast with \(year)'s seasonality: each line of the year to date × \(year)'s full year ÷ \(year)'s same months."
    }
  }

  static func trendSection(_ input: RunReportInput) -> ReportSection {
    let trend = input.trend
    func money(_ value: Decimal) -> String { NumberFormat.money(value) }
    func perVisit(_ f: Financials) -> String { f.costPerVisitCNY.map(NumberFormat.money) ?? "n/a" }
    var rows = trend.months.map { m -> [String] in
      [
        m.month.description + (m.restatement == nil ? "" : " (restated)"),
        NumberFormat.grouped(Decimal(m.ledger.virtualVisits), decimals: 0),
        money(m.money.effectiveRevenueCNY), money(m.money.totalCostCNY), money(m.money.marginCNY),
        NumberFormat.grouped(m.ledger.nameplateKWh, decimals: 0), perVisit(m.money),
        money(m.plan.marginCNY),
      ]
    }
    let ytd = trend.yearToDate
    rows.append([
      "**Year to date** (\(trend.daysToDate) days)", NumberFormat.grouped(ytd.visits, decimals: 0),
      "**\(money(ytd.effectiveRevenueCNY))**", "**\(money(ytd.totalCostCNY))**",
      "**\(money(ytd.marginCNY))**",
      NumberFormat.grouped(trend.months.map(\.ledger.nameplateKWh).reduce(0, +), decimals: 0),
      perVisit(ytd), money(trend.planToDate.marginCNY),
    ])
    rows.append([
      "Plan, prorated to date", NumberFormat.grouped(trend.planToDate.visits, decimals: 0),
      money(trend.planToDate.effectiveRevenueCNY), money(trend.planToDate.totalCostCNY),
      money(trend.planToDate.marginCNY), "", perVisit(trend.planToDate), "",
    ])
    if trend.method != .complete {
      rows.append([
        "Forecast, full year", NumberFormat.grouped(trend.forecast.visits, decimals: 0),
        money(trend.forecast.effectiveRevenueCNY), money(trend.forecast.totalCostCNY),
        money(trend.forecast.marginCNY), "", perVisit(trend.forecast), "",
      ])
    }
    rows.append([
      "Plan, full year", NumberFormat.grouped(trend.planYear.visits, decimals: 0),
      money(trend.planYear.effectiveRevenueCNY), money(trend.planYear.totalCostCNY),
      money(trend.planYear.marginCNY), "", perVisit(trend.planYear), "",
    ])
    let behind = ytd.marginCNY - trend.planToDate.marginCNY
    return ReportSection(
      id: "trend", title: "The year to date",
      blocks: [
        .paragraph(
          "Each month of \(input.period.year) to date as its data says (its books, without fallbacks), beside the plan's margin prorated to the month's days; "
            + "year to date, the margin is \(NumberFormat.amountCNY(abs(behind))) \(behind < 0 ? "below" : "above") the plan prorated. "
            + forecastMethod(trend) + " `trend.csv` holds the same months."),
        .table(
          ReportTable(
            columns: [
              "Month", "Virtual visits", "Effective revenue, CNY", "Total cost, CNY",
              "Margin, CNY", "Energy, kWh", "Cost per visit, CNY", "Plan margin, CNY",
            ],
            rightAligned: [
              "Virtual visits", "Effective revenue, CNY", "Total cost, CNY", "Margin, CNY",
              "Energy, kWh", "Cost per visit, CNY", "Plan margin, CNY",
            ], rows: rows)),
        .mermaid(trendChart(trend)),
      ])
  }

  /// Effective revenue and total cost month by month, as lines (a line does not start from the
  /// axis minimum, as xychart bars do).
  static func trendChart(_ trend: Trend) -> String {
    let values = trend.months.flatMap { [$0.money.effectiveRevenueCNY, $0.money.totalCostCNY] }
    let inMillions = values.allSatisfy { abs($0) >= 1_000_000 || $0 == 0 }
    let scale: Decimal = inMillions ? 1_000_000 : 1
    let unit = inMillions ? "M CNY" : "CNY"
    func series(_ pick: (Financials) -> Decimal) -> String {
      trend.months.map { NumberFormat.plain(pick($0.money) / scale, decimals: 2) }
        .joined(separator: ", ")
    }
    let top = ((values.max() ?? 0) / scale * 11 / 10).rounded(scale: 0, mode: .up)
    let bottom = min(0, ((values.min() ?? 0) / scale).rounded(scale: 0, mode: .down))
    let labels = trend.months.map { "\"\($0.month)\"" }.joined(separator: ", ")
    return """
      xychart-beta
        title "Effective revenue (first line) and total cost (second line), \(unit) a month"
        x-axis [\(labels)]
        y-axis "\(unit)" \(NumberFormat.plain(bottom, decimals: 0)) --> \(NumberFormat.plain(max(top, 1), decimals: 0))
        line [\(series(\.effectiveRevenueCNY))]
        line [\(series(\.totalCostCNY))]
      """
  }

  static func trendCSV(_ trend: Trend) -> CSVTable {
    CSVTable(
      fileName: "trend.csv",
      header: [
        "month", "days", "virtual_visits", "effective_revenue_cny", "total_cost_cny", "margin_cny",
        "nameplate_energy_kwh", "cost_per_visit_cny", "plan_effective_revenue_cny",
        "plan_total_cost_cny", "plan_margin_cny", "restated",
      ],
      rows: trend.months.map { m in
        [
          m.month.description, String(m.ledger.fraction.days), String(m.ledger.virtualVisits),
          NumberFormat.plain(m.money.effectiveRevenueCNY, decimals: 2),
          NumberFormat.plain(m.money.totalCostCNY, decimals: 2),
          NumberFormat.plain(m.money.marginCNY, decimals: 2),
          NumberFormat.plainTrimmed(m.ledger.nameplateKWh.rounded(scale: 6, mode: .plain)),
          m.money.costPerVisitCNY.map { NumberFormat.plain($0, decimals: 2) } ?? "",
          NumberFormat.plain(m.plan.effectiveRevenueCNY, decimals: 2),
          NumberFormat.plain(m.plan.totalCostCNY, decimals: 2),
          NumberFormat.plain(m.plan.marginCNY, decimals: 2), m.restatement == nil ? "no" : "yes",
        ]
      })
  }

  static func restatementsCSV(_ input: RunReportInput) -> CSVTable {
    CSVTable(
      fileName: "restatements.csv",
      header: [
        "month", "figure", "previous", "current", "difference", "previous_run",
        "previous_recorded_at", "cause",
      ],
      rows: input.trend.months.compactMap(\.restatement).flatMap { r in
        r.changes.map { c in
          let decimals = c.figure.hasSuffix("_cny") ? 2 : 6
          func plain(_ value: Decimal) -> String {
            decimals == 2
              ? NumberFormat.plain(value, decimals: 2)
              : NumberFormat.plainTrimmed(value.rounded(scale: 6, mode: .plain))
          }
          return [
            r.month.description, c.figure, plain(c.previous), plain(c.current),
            plain(c.current - c.previous), r.previousRunID,
            NumberFormat.timestamp(r.previousRecordedAt, in: input.job.timeZone),
            r.inputsChanged ? "inputs" : "data",
          ]
        }
      })
  }

  /// The year-to-date and forecast figures of `summary.csv`.
  static func trendFigures(_ trend: Trend) -> [ReportFigure] {
    let ytd = trend.yearToDate
    func money(_ id: String, _ label: String, _ value: Decimal, _ source: FigureSource)
      -> ReportFigure
    {
      ReportFigure(id: id, label: label, value: .money(value), unit: "CNY", source: source.rawValue)
    }
    return [
      ReportFigure(
        id: "ytd_days", label: "Days to date", value: .count(trend.daysToDate), unit: "days",
        source: "data"),
      ReportFigure(
        id: "ytd_virtual_visits", label: "Virtual visits to date",
        value: .count(Int(truncating: NSDecimalNumber(decimal: ytd.visits))), unit: "visits",
        source: "data"),
      money(
        "ytd_effective_revenue_cny", "Effective revenue to date", ytd.effectiveRevenueCNY, .data),
      money("ytd_total_cost_cny", "Total cost to date", ytd.totalCostCNY, .dataAndScenario),
      money("ytd_margin_cny", "Margin to date", ytd.marginCNY, .dataAndScenario),
      money(
        "ytd_plan_margin_cny", "Plan's margin prorated to date", trend.planToDate.marginCNY,
        .scenario),
      money(
        "forecast_effective_revenue_cny", "Effective revenue, full-year forecast",
        trend.forecast.effectiveRevenueCNY, .data),
      money(
        "forecast_total_cost_cny", "Total cost, full-year forecast", trend.forecast.totalCostCNY,
        .dataAndScenario),
      money(
        "forecast_margin_cny", "Margin, full-year forecast", trend.forecast.marginCNY,
        .dataAndScenario),
      ReportFigure(
        id: "restated_months", label: "Months restated since reported",
        value: .count(trend.months.filter { $0.restatement != nil }.count), unit: "months",
        source: "data"),
    ]
  }
}
