import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - The year to date

extension RunReport {
  /// The paragraph that opens a report whose months were restated: which month, which figures
  /// moved from what to what, why, and how to rebuild the month's own report.
  static func restatementParagraphs(_ input: RunReportInput) -> [String] {
    typealias Say = RunTrendPhrase
    let w = input.wording
    var paragraphs: [String] = []
    for r in input.trend.months.compactMap(\.restatement) {
      var moved: [String] = []
      for change in r.changes {
        let label = w.named(change.figure, as: RunTrendFigurePhrase.self)
        let money = change.figure.hasSuffix("_cny")
        func value(_ value: Decimal) -> String {
          money
            ? w.preciseMoney(value)
            : NumberFormat.groupedTrimmed(value.rounded(scale: 6, mode: .plain))
        }
        moved.append(
          w(
            Say.restatedChange,
            ["figure": label, "previous": value(change.previous), "current": value(change.current)]
          ))
      }
      let rebuild =
        input.subject.grain == .month
        ? w(Say.rebuildHere, ["job": input.subject.jobPath, "period": r.month.description])
        : w(Say.rebuildEnd)
      paragraphs.append(
        w(
          Say.restated,
          [
            "month": w.period(r.month), "run": r.previousRunID,
            "when": w.timestamp(r.previousRecordedAt, in: input.subject.timeZone),
            "changes": w.clauses(moved), "cause": w(r.inputsChanged ? Say.causeInputs : .causeData),
            "period": r.month.description, "rebuild": rebuild,
          ]))
    }
    return paragraphs
  }

  /// How the forecast was made, in one sentence.
  static func forecastMethod(_ trend: Trend, _ w: Wording) -> String {
    switch trend.method {
    case .complete: w(RunTrendPhrase.complete)
    case .notEnded: w(RunTrendPhrase.notEnded)
    default:
      w(
        RunTrendPhrase.lineByLine,
        ["month": trend.months.last.map { w.period($0.month) } ?? ""])
    }
  }

  /// One line's method, for the forecast table.
  static func lineMethod(_ line: Trend.LineForecast, _ trend: Trend, _ w: Wording) -> String {
    typealias Say = RunTrendPhrase
    switch line.method {
    case .runRate:
      return w(
        Say.runRate, ["days_in_year": String(trend.daysInYear), "days": String(trend.daysToDate)])
    case .lastYearsSeasonality(let year):
      let factor = line.yearToDate != 0 ? line.forecast / line.yearToDate : 1
      return w(
        Say.seasonality,
        ["year": w.year(year), "factor": NumberFormat.grouped(factor, decimals: 3)])
    case .latestMonth(let month, let perDay):
      return perDay
        ? w(
          Say.latestDay,
          ["month": w.period(month), "days": String(trend.daysInYear - trend.daysToDate)])
        : trend.months.count == 11
          ? w(Say.latestOneMonth, ["month": w.period(month)])
          : w(
            Say.latestMonth, ["month": w.period(month), "months": String(12 - trend.months.count)])
    case .complete, .notEnded, .lineByLine:
      return ""
    }
  }

  /// The forecast line by line: the ledger's lines (metered electricity, outside the margin, is
  /// left out), each with its year to date, its full year and its method.
  static func forecastTable(_ trend: Trend, _ w: Wording) -> ReportTable? {
    guard trend.method == .lineByLine else { return nil }
    typealias Say = RunTrendPhrase
    typealias Label = RunLedgerPhrase
    let labels: [Trend.ForecastLine: Label] = [
      .visits: .virtualVisits, .registrationRevenue: .registrationRevenue,
      .otherKeptRevenue: .otherKeptRevenue, .passThroughSales: .drugSales,
      .passThroughMarkup: .drugMarkup, .staffCost: .staff, .electricity: .electricity,
      .otherServices: .otherServices, .softwareAmortization: .softwareAmortization,
      .modelAmortization: .modelAmortization, .hardwareDepreciation: .hardwareDepreciation,
    ]
    let rows = trend.lines.compactMap { line -> [String]? in
      guard let label = labels[line.line] else { return nil }
      func show(_ value: Decimal) -> String {
        line.line == .visits ? NumberFormat.grouped(value, decimals: 0) : w.money(value)
      }
      return [
        w(label), show(line.yearToDate), show(line.forecast), lineMethod(line, trend, w),
      ]
    }
    let numbers = [w(Say.toDateColumn), w(Say.fullYearColumn)]
    return ReportTable(
      columns: [w(Say.lineColumn)] + numbers + [w(Say.methodColumn)],
      rightAligned: Set(numbers), rows: rows)
  }

  static func trendSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunTrendPhrase
    let w = input.wording
    let trend = input.trend
    func money(_ value: Decimal) -> String { w.money(value) }
    func perVisit(_ f: Financials) -> String {
      f.costPerVisitCNY.map(w.price) ?? w.missing("n/a")
    }
    var rows = trend.months.map { m -> [String] in
      [
        m.restatement == nil
          ? w.period(m.month) : w(Say.restatedMonth, ["month": w.period(m.month)]),
        NumberFormat.grouped(Decimal(m.ledger.virtualVisits), decimals: 0),
        money(m.money.effectiveRevenueCNY), money(m.money.totalCostCNY), money(m.money.marginCNY),
        NumberFormat.grouped(m.ledger.nameplateKWh, decimals: 0), perVisit(m.money),
        money(m.plan.marginCNY),
      ]
    }
    let ytd = trend.yearToDate
    rows.append([
      w(Say.yearToDate, ["days": String(trend.daysToDate)]),
      NumberFormat.grouped(ytd.visits, decimals: 0),
      "**\(money(ytd.effectiveRevenueCNY))**", "**\(money(ytd.totalCostCNY))**",
      "**\(money(ytd.marginCNY))**",
      NumberFormat.grouped(trend.months.map(\.ledger.nameplateKWh).reduce(0, +), decimals: 0),
      perVisit(ytd), money(trend.planToDate.marginCNY),
    ])
    rows.append([
      w(Say.planToDate), NumberFormat.grouped(trend.planToDate.visits, decimals: 0),
      money(trend.planToDate.effectiveRevenueCNY), money(trend.planToDate.totalCostCNY),
      money(trend.planToDate.marginCNY), "", perVisit(trend.planToDate), "",
    ])
    if trend.method == .lineByLine {
      rows.append([
        w(Say.forecast), NumberFormat.grouped(trend.forecast.visits, decimals: 0),
        money(trend.forecast.effectiveRevenueCNY), money(trend.forecast.totalCostCNY),
        money(trend.forecast.marginCNY), "", perVisit(trend.forecast), "",
      ])
    }
    rows.append([
      w(Say.planYear), NumberFormat.grouped(trend.planYear.visits, decimals: 0),
      money(trend.planYear.effectiveRevenueCNY), money(trend.planYear.totalCostCNY),
      money(trend.planYear.marginCNY), "", perVisit(trend.planYear), "",
    ])
    let behind = ytd.marginCNY - trend.planToDate.marginCNY
    let numbers = [
      w(Say.visitsColumn), w(Say.revenueColumn), w(Say.costColumn), w(Say.marginColumn),
      w(Say.energyColumn), w(Say.costPerVisitColumn), w(Say.planMarginColumn),
    ]
    return ReportSection(
      id: "trend", title: w(Say.title),
      blocks: [
        .paragraph(
          w(
            behind < 0 ? Say.introBelow : .introAbove,
            [
              "year": w.year(input.period.year), "amount": w.amount(abs(behind)),
              "forecast": forecastMethod(trend, w),
            ])),
        .table(
          ReportTable(
            columns: [w(Say.monthColumn)] + numbers, rightAligned: Set(numbers), rows: rows)),
        .mermaid(trendChart(trend, w)),
      ]
        + (forecastTable(trend, w).map { [.subheading(w(Say.forecastHeading)), .table($0)] } ?? []))
  }

  /// Effective revenue and total cost month by month, as lines (a line does not start from the
  /// axis minimum, as xychart bars do).
  static func trendChart(_ trend: Trend, _ w: Wording) -> String {
    let values = trend.months.flatMap { [$0.money.effectiveRevenueCNY, $0.money.totalCostCNY] }
    let unit = w.chartUnitAllOrNothing(values)
    let scale = unit.divisor
    func series(_ pick: (Financials) -> Decimal) -> String {
      trend.months.map { NumberFormat.plain(pick($0.money) / scale, decimals: 2) }
        .joined(separator: ", ")
    }
    let top = ((values.max() ?? 0) / scale * 11 / 10).rounded(scale: 0, mode: .up)
    let bottom = min(0, ((values.min() ?? 0) / scale).rounded(scale: 0, mode: .down))
    let labels = trend.months.map {
      "\"\(MarkdownText.mermaidLabel(w.chartMonth(year: $0.month.year, month: $0.month.firstMonth)))\""
    }
    .joined(separator: ", ")
    let title = MarkdownText.mermaidLabel(w(RunTrendPhrase.chartTitle, ["unit": unit.name]))
    return """
      \(MermaidChart.twoLinePalette)
      xychart-beta
        title "\(title)"
        x-axis [\(labels)]
        y-axis "\(MarkdownText.mermaidLabel(unit.name))" \(NumberFormat.plain(bottom, decimals: 0)) --> \(NumberFormat.plain(max(top, 1), decimals: 0))
        line [\(series(\.effectiveRevenueCNY))]
        line [\(series(\.totalCostCNY))]
      """
  }

  static func trendCSV(_ trend: Trend) -> CSVTable {
    typealias M = Figure.Month
    return CSVTable(
      fileName: "trend.csv",
      header: [
        "month", M.days.id, M.virtualVisits.id, M.effectiveRevenue.id, M.totalCost.id,
        M.margin.id, M.nameplateEnergy.id, Figure.costPerVisit.id,
        "plan_" + M.effectiveRevenue.id, "plan_" + M.totalCost.id, M.planMargin.id, "restated",
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
            NumberFormat.timestamp(r.previousRecordedAt, in: input.subject.timeZone),
            r.inputsChanged ? "inputs" : "data",
          ]
        }
      })
  }

  /// The year-to-date and forecast figures of `summary.csv`.
  static func trendFigures(_ trend: Trend) -> [ReportFigure] {
    let ytd = trend.yearToDate
    let forecast = trend.forecast
    typealias F = Figure.YearToDate
    func money(_ figure: Figure, _ value: Decimal, _ source: FigureSource) -> ReportFigure {
      ReportFigure(figure, money: value, source: source.rawValue)
    }
    return [
      ReportFigure(F.days, count: trend.daysToDate, source: FigureSource.data.rawValue),
      ReportFigure(
        F.virtualVisits, count: Int(truncating: NSDecimalNumber(decimal: ytd.visits)),
        source: FigureSource.data.rawValue),
      money(F.effectiveRevenue, ytd.effectiveRevenueCNY, .data),
      money(F.totalCost, ytd.totalCostCNY, .dataAndScenario),
      money(F.margin, ytd.marginCNY, .dataAndScenario),
      money(F.planMargin, trend.planToDate.marginCNY, .scenario),
      money(F.forecastEffectiveRevenue, forecast.effectiveRevenueCNY, .data),
      money(F.forecastTotalCost, forecast.totalCostCNY, .dataAndScenario),
      money(F.forecastMargin, forecast.marginCNY, .dataAndScenario),
      ReportFigure(
        F.restatedMonths, count: trend.months.filter { $0.restatement != nil }.count,
        source: FigureSource.data.rawValue),
    ]
  }
}
