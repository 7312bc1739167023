import Foundation
import HospitalEconomics

/// A simulation of uncertain drivers as a report section and `simulation.csv`: percentiles of
/// the yearly margin, the NPV and the payback, the probability of breaking even, a histogram of
/// the margin, and the distributions the draws came from.
public enum SimulationReport {
  /// Every sentence and label of the section and its file, in one place.
  enum Words {
    static let title = "Uncertainty"
    static func summary(
      draws: String, seed: UInt64, drawn: Int, probability: String, error: String, median: String,
      plan: String
    ) -> String {
      "\(draws) draws of the year (seed \(seed)), \(drawn) driver\(drawn == 1 ? "" : "s") drawn from the ranges under `uncertainty:` and every other driver at the scenario's value. The meta-hospital breaks even (a yearly margin of 0 or more) in **\(probability) of the draws** (± \(error), one standard error); the median margin is \(median) a year, against \(plan) in the plan without uncertainty."
    }
    static func headline(
      drawn: Int, probability: String, draws: String, seed: UInt64, p10: String, p90: String,
      npv10: String, npv90: String
    ) -> String {
      "With its \(drawn) uncertain driver\(drawn == 1 ? "" : "s") drawn \(draws) times (seed \(seed)), the meta-hospital breaks even in \(probability) of the draws; in about 80 % of them the yearly margin lies from \(p10) (P10) to \(p90) (P90), and the NPV from \(npv10) to \(npv90) (see *Uncertainty*)."
    }
    static let columns = ["Figure", "P10", "P50", "P90", "Mean", "Plan", "Unit"]
    static let numberColumns: Set<String> = ["P10", "P50", "P90", "Mean", "Plan"]
    static let margin = "Yearly margin"
    static let npv = "NPV of the one-off spending"
    static let simplePayback = "Simple payback"
    static let discountedPayback = "Discounted payback"
    static let breakEven = "Probability of breaking even"
    static let never = "never"
    static func neverNote(_ count: String, _ share: String) -> String {
      "\(count) draws (\(share)) never repay the one-off spending: they rank above every payback that happens, and the mean is left out."
    }
    static let histogramHeading = "The yearly margin over the draws"
    static func histogramIntro(_ unit: String) -> String {
      "How many draws fall in each band of the yearly margin (\(unit); a band includes its lower bound, the last also its upper bound), bands from the lowest margin down to the highest:"
    }
    static func histogramTitle(_ unit: String, draws: String) -> String {
      "Draws by yearly margin, \(unit) (\(draws) draws)"
    }
    static let histogramAxis = "draws"
    static func binColumns(_ unit: String) -> [String] {
      ["Yearly margin from, \(unit)", "to, \(unit)", "Draws", "Share"]
    }
    static func bin(_ low: String, _ high: String) -> String { "\(low) to \(high)" }
    static let driversHeading = "The uncertain drivers"
    static let driverColumns = [
      "Driver", "Id", "Distribution", "Min", "Mode or mean (sd)", "Max", "Plan",
      "Mean of the draws' distribution", "Unit",
    ]
    static let noMoney = " — moves no money"
    static let methodHeading = "How the draws are made and read"
    static func method(seed: UInt64, draws: Int) -> [String] {
      [
        "Monte Carlo: each draw sets every uncertain driver to a value from its distribution (inverse transform sampling: a uniform number u in (0, 1) becomes the value whose cumulative probability is u) and computes the year with the same model as the plan. A normal distribution is truncated to its bounds. Drawn values are rounded as the scenario's own are: a count to whole units, anything else to 6 decimals.",
        "Reproducible: the numbers come from the tool's own generator (xoshiro256**, seeded by SplitMix64 from the seed and the driver's id), never the system's, so `--simulate \(draws) --seed \(seed)` gives the same draws on any machine, and a driver draws the same values whatever other drivers are uncertain and in whatever order the file lists them.",
        "Percentiles are nearest-rank: Pk is the ⌈k × N / 100⌉-th smallest of the N draws, itself one of the draws. At most k % of the draws lie below Pk and at most (100 − k) % above it: P90 is the value exceeded by at most 10 % of the draws, P10 the value at least 90 % of the draws reach.",
        "Breaking even means a yearly margin of 0 or more. Its probability is the share of such draws; its standard error, √(p (1 − p) / N), is the sampling error of that share (not the uncertainty of the ranges themselves).",
        "A payback that never happens (the cash flow does not repay the one-off spending, or the discounted one not within \(InvestmentAppraisal.paybackSearchYears) years) ranks above every payback that does; a percentile that lands on such draws reads \"never\".",
      ]
    }
    static let csvHeader = ["metric", "statistic", "value", "unit"]
  }

  // MARK: - The section

  /// The simulation section: summary, percentiles, histogram, drivers, method.
  /// - Parameters:
  ///   - plan: the scenario's economics without uncertainty, shown beside the percentiles.
  ///   - inputs: the scenario's inputs, for the drivers' labels, units and values.
  public static func section(_ result: SimulationResult, plan: Economics, inputs: Inputs)
    -> ReportSection
  {
    let draws = result.draws.count
    let drawsText = NumberFormat.grouped(Decimal(draws), decimals: 0)
    let margin = result.margin
    var blocks: [ReportBlock] = [
      .paragraph(
        Words.summary(
          draws: drawsText, seed: result.seed, drawn: result.drivers.count,
          probability: NumberFormat.percent(result.breakEvenProbability),
          error: NumberFormat.grouped(result.breakEvenStandardError * 100, decimals: 1) + " points",
          median: margin.p50.map(NumberFormat.amountCNY) ?? Words.never,
          plan: NumberFormat.amountCNY(plan.annualMarginCNY)))
    ]
    func money(_ value: Decimal?) -> String { value.map(NumberFormat.money) ?? Words.never }
    func years(_ value: Decimal?) -> String {
      value.map { NumberFormat.grouped($0, decimals: 2) } ?? Words.never
    }
    func row(
      _ label: String, _ s: SimulationResult.Summary, _ plan: Decimal?, _ unit: String,
      _ format: (Decimal?) -> String
    ) -> [String] {
      [
        label, format(s.p10), format(s.p50), format(s.p90),
        s.mean.map { format($0) } ?? "", format(plan), unit,
      ]
    }
    let rows = [
      row(Words.margin, margin, plan.annualMarginCNY, "CNY/year", money),
      row(Words.npv, result.npv, plan.npvCNY, "CNY", money),
      row(Words.simplePayback, result.simplePayback, plan.simplePaybackYears, "years", years),
      row(
        Words.discountedPayback, result.discountedPayback, plan.discountedPaybackYears, "years",
        years),
      [
        Words.breakEven, "", "", "", NumberFormat.percent(result.breakEvenProbability),
        plan.annualMarginCNY >= 0 ? "yes" : "no", "share of draws",
      ],
    ]
    blocks.append(
      .table(ReportTable(columns: Words.columns, rightAligned: Words.numberColumns, rows: rows)))
    let never = max(result.simplePayback.undefined, result.discountedPayback.undefined)
    if never > 0 {
      blocks.append(
        .paragraph(
          Words.neverNote(
            NumberFormat.grouped(Decimal(never), decimals: 0),
            NumberFormat.percent(Decimal(never) / Decimal(draws)))))
    }

    // The histogram of the margin.
    let unit = MermaidChart.MoneyUnit.fitting([margin.min ?? 0, margin.max ?? 0])
    let bins = Histogram(result.draws.map { $0.marginCNY / unit.divisor })
    let binColumns = Words.binColumns(unit.name)
    blocks.append(.subheading(Words.histogramHeading))
    blocks.append(.paragraph(Words.histogramIntro(unit.name)))
    blocks.append(
      .mermaid(
        MermaidChart.bars(
          title: Words.histogramTitle(unit.name, draws: drawsText),
          categories: bins.bins.map { Words.bin(number($0.low), number($0.high)) },
          values: bins.bins.map { Decimal($0.count) }, valueAxis: Words.histogramAxis,
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
    blocks.append(.subheading(Words.driversHeading))
    blocks.append(
      .table(
        ReportTable(
          columns: Words.driverColumns,
          rightAligned: [
            "Min", "Mode or mean (sd)", "Max", "Plan", "Mean of the draws' distribution",
          ],
          rows: result.drivers.map { driver in
            let descriptor = inputs.descriptor(of: driver.id)
            let moves = !MarginBridge.driversMovingNoMoney.contains(driver.id)
            return [
              MarkdownText.escape(descriptor?.label ?? driver.id.rawValue)
                + (moves ? "" : Words.noMoney),
              "`\(driver.id)`", driver.distribution.name,
              driver.distribution.bounds.map { quantity($0.lowerBound) } ?? "",
              centre(driver.distribution),
              driver.distribution.bounds.map { quantity($0.upperBound) } ?? "",
              inputs.value(of: driver.id).map(NumberFormat.driverValue) ?? "",
              driver.distribution.expectedValue.map(quantity) ?? "", descriptor?.unit ?? "",
            ]
          })))
    blocks.append(.subheading(Words.methodHeading))
    blocks.append(.bullets(Words.method(seed: result.seed, draws: draws)))
    return ReportSection(id: "uncertainty", title: Words.title, blocks: blocks)
  }

  /// One sentence for the report's headline.
  public static func headline(_ result: SimulationResult) -> String {
    let margin = result.margin
    return Words.headline(
      drawn: result.drivers.count, probability: NumberFormat.percent(result.breakEvenProbability),
      draws: NumberFormat.grouped(Decimal(result.draws.count), decimals: 0), seed: result.seed,
      p10: margin.p10.map(NumberFormat.amountCNY) ?? Words.never,
      p90: margin.p90.map(NumberFormat.amountCNY) ?? Words.never,
      npv10: result.npv.p10.map(NumberFormat.amountCNY) ?? Words.never,
      npv90: result.npv.p90.map(NumberFormat.amountCNY) ?? Words.never)
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
    return CSVTable(fileName: "simulation.csv", header: Words.csvHeader, rows: rows)
  }

  // MARK: - Formatting

  static func number(_ value: Decimal) -> String { NumberFormat.groupedTrimmed(value) }

  static func quantity(_ value: Double) -> String {
    NumberFormat.groupedTrimmed(Decimal(quantity: value, scale: 4))
  }

  static func centre(_ distribution: Distribution) -> String {
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
