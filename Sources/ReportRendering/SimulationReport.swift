import Foundation
import HospitalEconomics

/// A simulation of uncertain drivers as a report section and `simulation.csv`: percentiles of
/// the yearly margin, the NPV and the payback, the probability of breaking even, a histogram of
/// the margin, and the distributions the draws came from.
public enum SimulationReport {
  typealias Say = SimulationPhrase

  // MARK: - The section

  /// The simulation section: summary, percentiles, histogram, drivers, method.
  /// - Parameters:
  ///   - result: the simulation's draws and percentiles.
  ///   - plan: the scenario's economics without uncertainty, shown beside the percentiles.
  ///   - inputs: the scenario's inputs, for the drivers' labels, units and values.
  ///   - w: the words of the report's language.
  /// - Returns: the section.
  public static func section(
    _ result: SimulationResult, plan: Economics, inputs: Inputs, _ w: Wording
  ) -> ReportSection {
    let draws = result.draws.count
    let drawsText = NumberFormat.grouped(Decimal(draws), decimals: 0)
    let margin = result.margin
    let never = w.missing("never")
    var blocks: [ReportBlock] = [
      .paragraph(
        w(
          result.drivers.count == 1 ? Say.summaryOne : .summaryMany,
          [
            "draws": drawsText, "seed": String(result.seed),
            "drivers": String(result.drivers.count),
            "probability": NumberFormat.percent(result.breakEvenProbability),
            "error": w(
              Say.pointsError,
              ["points": NumberFormat.grouped(result.breakEvenStandardError * 100, decimals: 1)]),
            "median": margin.p50.map { w.amount($0) } ?? never,
            "plan": w.amount(plan.annualMarginCNY),
          ]))
    ]
    func money(_ value: Decimal?) -> String { value.map(w.money) ?? never }
    func years(_ value: Decimal?) -> String {
      value.map { NumberFormat.grouped($0, decimals: 2) } ?? never
    }
    func row(
      _ label: Say, _ s: SimulationResult.Summary, _ plan: Decimal?, _ unit: String,
      _ format: (Decimal?) -> String
    ) -> [String] {
      [
        w(label), format(s.p10), format(s.p50), format(s.p90),
        s.mean.map { format($0) } ?? "", format(plan), w.unit(unit),
      ]
    }
    let rows = [
      row(.margin, margin, plan.annualMarginCNY, "CNY/year", money),
      row(.npv, result.npv, plan.npvCNY, "CNY", money),
      row(.simplePayback, result.simplePayback, plan.simplePaybackYears, "years", years),
      row(
        .discountedPayback, result.discountedPayback, plan.discountedPaybackYears, "years", years),
      [
        w(Say.breakEven), "", "", "", NumberFormat.percent(result.breakEvenProbability),
        w(plan.annualMarginCNY >= 0 ? Say.yes : .no), w.unit("share of draws"),
      ],
    ]
    let numbers = [
      w(Say.p10Column), w(Say.p50Column), w(Say.p90Column), w(Say.meanColumn), w(Say.planColumn),
    ]
    blocks.append(
      .table(
        ReportTable(
          columns: [w(Say.figureColumn)] + numbers + [w(Say.unitColumn)],
          rightAligned: Set(numbers), rows: rows)))
    let neverCount = max(result.simplePayback.undefined, result.discountedPayback.undefined)
    if neverCount > 0 {
      blocks.append(
        .paragraph(
          w(
            Say.neverNote,
            [
              "count": NumberFormat.grouped(Decimal(neverCount), decimals: 0),
              "share": NumberFormat.percent(Decimal(neverCount) / Decimal(draws)),
            ])))
    }

    // The histogram of the margin.
    let unit = w.chartUnit(fitting: [margin.min ?? 0, margin.max ?? 0])
    let bins = Histogram(result.draws.map { $0.marginCNY / unit.divisor })
    let binColumns = [
      w(Say.binFromColumn, ["unit": unit.name]), w(Say.binToColumn, ["unit": unit.name]),
      w(Say.drawsColumn), w(Say.shareColumn),
    ]
    blocks.append(.subheading(w(Say.histogramHeading)))
    blocks.append(.paragraph(w(Say.histogramIntro, ["unit": unit.name])))
    blocks.append(
      .mermaid(
        MermaidChart.bars(
          title: w(Say.histogramTitle, ["unit": unit.name, "draws": drawsText]),
          categories: bins.bins.map {
            w(Say.bin, ["low": number($0.low), "high": number($0.high)])
          },
          values: bins.bins.map { Decimal($0.count) }, valueAxis: w(Say.histogramAxis),
          horizontal: true)))
    blocks.append(
      .table(
        ReportTable(
          columns: binColumns, rightAligned: Set(binColumns),
          rows: bins.bins.map {
            [
              number($0.low), number($0.high), NumberFormat.grouped(Decimal($0.count), decimals: 0),
              NumberFormat.percent(Decimal($0.count) / Decimal(draws)),
            ]
          })))

    // The drivers drawn.
    let driverNumbers = [
      w(Say.minColumn), w(Say.centreColumn), w(Say.maxColumn), w(Say.planColumn),
      w(Say.expectedColumn),
    ]
    blocks.append(.subheading(w(Say.driversHeading)))
    blocks.append(
      .table(
        ReportTable(
          columns: [w(Say.driverColumn), w(Say.idColumn), w(Say.distributionColumn)]
            + driverNumbers + [w(Say.unitColumn)],
          rightAligned: Set(driverNumbers),
          rows: result.drivers.map { driver in
            let descriptor = inputs.descriptor(of: driver.id)
            let unit = descriptor?.unit ?? ""
            let moves = !MarginBridge.driversMovingNoMoney.contains(driver.id)
            func quantity(_ value: Double) -> String { w.driverQuantity(value, unit: unit) }
            return [
              MarkdownText.escape(descriptor.map(w.driverLabel) ?? driver.id.rawValue)
                + (moves ? "" : w(Say.noMoney)),
              "`\(driver.id)`", w(Say.distribution(driver.distribution)),
              driver.distribution.bounds.map { quantity($0.lowerBound) } ?? "",
              centre(driver.distribution, quantity),
              driver.distribution.bounds.map { quantity($0.upperBound) } ?? "",
              inputs.value(of: driver.id).map { w.driverValue($0, unit: unit) } ?? "",
              driver.distribution.expectedValue.map(quantity) ?? "", w.unit(unit),
            ]
          })))
    blocks.append(.subheading(w(Say.methodHeading)))
    blocks.append(
      .bullets([
        w(Say.methodDraws),
        w(Say.methodSeed, ["draws": String(draws), "seed": String(result.seed)]),
        w(Say.methodPercentiles), w(Say.methodBreakEven),
        w(Say.methodNever, ["years": String(InvestmentAppraisal.paybackSearchYears)]),
      ]))
    return ReportSection(id: "uncertainty", title: w(Say.title), blocks: blocks)
  }

  /// One sentence for the report's headline.
  public static func headline(_ result: SimulationResult, _ w: Wording) -> String {
    let margin = result.margin
    let never = w.missing("never")
    func amount(_ value: Decimal?) -> String { value.map { w.amount($0, .headline) } ?? never }
    return w(
      result.drivers.count == 1 ? Say.headlineOne : .headlineMany,
      [
        "drivers": String(result.drivers.count),
        "probability": NumberFormat.percent(result.breakEvenProbability),
        "draws": NumberFormat.grouped(Decimal(result.draws.count), decimals: 0),
        "seed": String(result.seed), "p10": amount(margin.p10), "p90": amount(margin.p90),
        "npv10": amount(result.npv.p10), "npv90": amount(result.npv.p90),
      ])
  }

  // MARK: - simulation.csv

  /// `simulation.csv`: one statistic a row (`metric,statistic,value,unit`), money to the fen,
  /// years and shares to 6 decimals; a payback percentile that lands on "never" is empty, and
  /// `never` counts those draws.
  public static func csv(_ result: SimulationResult) -> CSVTable {
    var rows: [[String]] = [
      ["draws", "count", String(result.draws.count), "draws"],
      ["seed", "value", String(result.seed), ""],
    ]
    func add(
      _ metric: String, _ s: SimulationResult.Summary, _ unit: String, money: Bool
    ) {
      func text(_ value: Decimal?) -> String {
        guard let value else { return "" }
        return money
          ? NumberFormat.plain(value, decimals: MoneyPolicy.displayScale)
          : NumberFormat.plainTrimmed(value.rounded(scale: 6, mode: .plain))
      }
      for (statistic, value) in [
        ("p10", s.p10), ("p50", s.p50), ("p90", s.p90), ("mean", s.mean), ("min", s.min),
        ("max", s.max),
      ] {
        rows.append([metric, statistic, text(value), unit])
      }
      if !money { rows.append([metric, "never", String(s.undefined), "draws"]) }
    }
    add("annual_margin_cny", result.margin, "CNY/year", money: true)
    add("npv_cny", result.npv, "CNY", money: true)
    add("simple_payback_years", result.simplePayback, "years", money: false)
    add("discounted_payback_years", result.discountedPayback, "years", money: false)
    rows.append([
      "breakeven_probability", "estimate",
      NumberFormat.plainTrimmed(result.breakEvenProbability.rounded(scale: 6, mode: .plain)),
      "share",
    ])
    rows.append([
      "breakeven_probability", "standard_error",
      NumberFormat.plainTrimmed(result.breakEvenStandardError.rounded(scale: 6, mode: .plain)),
      "share",
    ])
    return CSVTable(
      fileName: "simulation.csv", header: ["metric", "statistic", "value", "unit"], rows: rows)
  }

  // MARK: - Formatting

  static func number(_ value: Decimal) -> String { NumberFormat.groupedTrimmed(value) }

  static func centre(_ distribution: Distribution, _ quantity: (Double) -> String) -> String {
    switch distribution {
    case .fixed, .uniform: ""
    case .triangular(_, let mode, _): quantity(mode)
    case .normal(let mean, let sd, _, _): "\(quantity(mean)) (\(quantity(sd)))"
    }
  }
}

/// Draws counted in bands of equal width: a round width (1, 2, 2.5 or 5 × 10^k) that gives at
/// most 20 bands over the draws' range, bands starting at a multiple of the width.
struct Histogram {
  struct Bin {
    var low: Decimal
    var high: Decimal
    var count: Int
  }

  var bins: [Bin]

  init(_ values: [Decimal], maximumBins: Int = 20) {
    guard let low = values.min(), let high = values.max() else {
      bins = []
      return
    }
    var width = MermaidChart.niceCeiling(max(high - low, Decimal(1) / 100) / Decimal(maximumBins))
    var start = (low / width).rounded(scale: 0, mode: .down) * width
    var count =
      Int(
        truncating: NSDecimalNumber(
          decimal: ((high - start) / width).rounded(scale: 0, mode: .down))) + 1
    if count > maximumBins {
      width = MermaidChart.niceCeiling(width * 2)
      start = (low / width).rounded(scale: 0, mode: .down) * width
      count =
        Int(
          truncating: NSDecimalNumber(
            decimal: ((high - start) / width).rounded(scale: 0, mode: .down))) + 1
    }
    // The top value on an edge belongs to the last band, which then includes its upper bound.
    if count > 1, start + Decimal(count - 1) * width == high { count -= 1 }
    var counts = [Int](repeating: 0, count: count)
    for value in values {
      let index = Int(
        truncating: NSDecimalNumber(
          decimal: ((value - start) / width).rounded(scale: 0, mode: .down)))
      counts[min(max(index, 0), count - 1)] += 1
    }
    bins = counts.enumerated().map { index, count in
      Bin(
        low: start + Decimal(index) * width, high: start + Decimal(index + 1) * width, count: count)
    }
  }
}

extension SimulationPhrase {

  /// The name of a distribution.
  static func distribution(_ distribution: Distribution) -> SimulationPhrase {
    switch distribution {
    case .fixed: .fixed
    case .uniform: .uniform
    case .triangular: .triangular
    case .normal: .normal
    }
  }
}
