import Foundation
import HospitalEconomics

/// The margin bridge as a report section and `bridge.csv`: from one set of figures to another,
/// driver by driver, a waterfall table, a chart of the margin walking from one end to the other,
/// and how the effects were found.
public enum BridgeReport {
  /// One end of a bridge: a plan, or the data of a period.
  public struct End: Sendable, Equatable {
    /// The name in CSV files, e.g. `paper-2024`.
    public var name: String
    /// The name in sentences and tables, e.g. "`paper-2024`" or "the data of 2026-10, annualized".
    public var display: String

    /// Creates an end.
    public init(name: String, display: String) {
      self.name = name
      self.display = display
    }
  }

  /// Every sentence and label of the section and its file, in one place.
  enum Words {
    static let title = "Margin bridge"
    static func headline(
      from: String, change: String, npvChange: String?, largest: (String, String)?
    ) -> String {
      "Against \(from) the yearly margin changes by \(change)"
        + (npvChange.map { " and the NPV by \($0)" } ?? "")
        + (largest.map {
          "; the largest effect is \($0.0) (\($0.1)): see *Margin bridge*, driver by driver."
        }
          ?? ".")
    }
    static func summary(
      from: String, to: String, fromMargin: String, toMargin: String, change: String
    ) -> String {
      "From \(from) to \(to), the yearly margin moves from \(fromMargin) to \(toMargin): **\(change)**."
    }
    static func npvSummary(fromNPV: String, toNPV: String, change: String) -> String {
      " The NPV moves from \(fromNPV) to \(toNPV) (\(change))."
    }
    static func largest(_ label: String, _ amount: String) -> String {
      " The largest effect: \(label) (\(amount))."
    }
    static let noChange = " No driver that moves the margin differs."
    static let tableIntro =
      "Bold rows are the two ends' own figures; each row between is one driver's effect, in whole fen, and the effects add up to the difference between the bold rows exactly."
    static func columns(npv: Bool, errors: Bool) -> [String] {
      ["Step", "Driver", "Id", "From → to", "Margin, CNY/year"]
        + (errors ? ["± margin (1 s.e.)"] : []) + (npv ? ["NPV, CNY"] : [])
        + (errors && npv ? ["± NPV (1 s.e.)"] : [])
    }
    static let numberColumns: Set<String> = [
      "Margin, CNY/year", "± margin (1 s.e.)", "NPV, CNY", "± NPV (1 s.e.)",
    ]
    static let startStep = "start"
    static let endStep = "end"
    static func chartIntro(_ unit: String) -> String {
      "Each bar is the size of one driver's effect on the yearly margin, from zero; its label gives the sign and the amount, in \(unit) (drivers with no effect are left out of the chart):"
    }
    static func chartTitle(_ unit: String) -> String {
      "Effect of each driver on the yearly margin, \(unit)"
    }
    static func others(_ count: Int) -> String { "\(count) other drivers" }
    static func step(_ label: String, _ amount: String) -> String { "\(label): \(amount)" }
    static func unmoved(_ list: String) -> String {
      "Drivers that differ but move neither the margin nor the NPV (reported, never costed): \(list)."
    }
    static let methodHeading = "How the effects are found"
    static func shapley(drivers: Int, npv: Bool, from: String, to: String) -> String {
      let who = drivers == 1 ? "the one driver that differs" : "the \(drivers) drivers that differ"
      return
        "Shapley values: a driver's effect is its change to the margin\(npv ? " (and to the NPV)" : "") averaged over every order in which \(who) could change from \(from) to \(to), so the order of keys in the files plays no role, a driver that changes nothing gets nothing, and the effects add up to the whole change."
    }
    static func exact(drivers: Int, evaluations: Int) -> String {
      "Exact: every one of the 2^\(drivers) = \(grouped(evaluations)) combinations of drivers moved and held was evaluated with the model (exact up to \(Shapley.exactPlayerLimit) drivers)."
    }
    static func sampled(
      drivers: Int, evaluations: Int, orders: Int, seed: UInt64, marginError: String,
      npvError: String
    ) -> String {
      "Sampled: \(drivers) drivers differ, more than the \(Shapley.exactPlayerLimit) computed exactly (2^\(drivers) combinations), so the average is estimated from \(grouped(orders)) random orders (\(grouped(orders / 2)) orders and their reverses, seed \(seed)): \(grouped(evaluations)) evaluations of the model. Each effect's standard error is in the table and in `bridge.csv`; the largest is \(marginError) for the margin and \(npvError) for the NPV. The effects still add up to the whole change exactly, because the steps of every order do."
    }
    static func products(lines: Int, evaluations: Int) -> String {
      "Each of the margin's \(lines) lines is the product of its drivers (the definitions below); within a line the Shapley values of a product are exact over every order of its factors, \(grouped(evaluations)) evaluations in all, and a driver that multiplies several lines (the visits) adds up its effects on each."
    }
    static func rounding(margin: Int, npv: Int?) -> String {
      let moved = margin + (npv ?? 0)
      return
        "Effects are rounded to whole fen by the largest-remainder method: each is rounded down, and the fen the change still lacks (here \(moved)) go one each to the effects with the largest remainders (ties: the first driver by id; fen in excess are taken back from the smallest), so the effects add up to the change between the ends as shown, exactly."
    }
    static func absentClasses(_ ids: String) -> String {
      "Device classes in one plan only (\(ids)) count as 0 units in the other, their other figures the same, so only their count differs."
    }
    static let csvHeader = [
      "step", "driver", "label", "unit", "from_value", "to_value", "margin_cny",
      "margin_standard_error_cny", "npv_cny", "npv_standard_error_cny", "note",
    ]
    static func grouped(_ count: Int) -> String {
      NumberFormat.grouped(Decimal(count), decimals: 0)
    }
  }

  // MARK: - The headline

  /// One sentence for the report's headline: the change and its largest part.
  public static func headline(_ bridge: MarginBridge, from: End, to: End) -> String {
    Words.headline(
      from: from.display, change: signedAmount(bridge.marginChangeCNY),
      npvChange: bridge.npvChangeCNY.map(signedAmount),
      largest: bridge.parts.first.map {
        (MarkdownText.escape($0.driver.label), signedAmount($0.marginCNY))
      })
  }

  // MARK: - The section

  /// The bridge section: summary, waterfall table, chart, drivers that move nothing, method.
  /// - Parameter extraMethod: sentences that go with the method (e.g. the drivers' definitions).
  public static func section(
    _ bridge: MarginBridge, from: End, to: End, extraMethod: [String] = [],
    chartLimit: Int = 12
  ) -> ReportSection {
    let npv = bridge.fromNPVCNY != nil
    let sampled: Bool
    if case .sampled = bridge.method { sampled = true } else { sampled = false }
    var summary = Words.summary(
      from: from.display, to: to.display,
      fromMargin: NumberFormat.amountCNY(bridge.fromMarginCNY),
      toMargin: NumberFormat.amountCNY(bridge.toMarginCNY),
      change: signedAmount(bridge.marginChangeCNY))
    if let fromNPV = bridge.fromNPVCNY, let toNPV = bridge.toNPVCNY,
      let change = bridge.npvChangeCNY
    {
      summary += Words.npvSummary(
        fromNPV: NumberFormat.amountCNY(fromNPV), toNPV: NumberFormat.amountCNY(toNPV),
        change: signedAmount(change))
    }
    if let first = bridge.parts.first {
      summary += Words.largest(
        MarkdownText.escape(first.driver.label), signedAmount(first.marginCNY))
    } else {
      summary += Words.noChange
    }

    func money(_ value: Decimal?) -> String { value.map(NumberFormat.money) ?? "" }
    func row(_ step: String, _ part: MarginBridge.Part) -> [String] {
      var cells = [
        step, MarkdownText.escape(part.driver.label), "`\(part.driver.id)`", change(part),
        signedMoney(part.marginCNY),
      ]
      if sampled { cells.append(money(part.marginStandardErrorCNY)) }
      if npv { cells.append(signedMoney(part.npvCNY ?? 0)) }
      if sampled && npv { cells.append(money(part.npvStandardErrorCNY)) }
      return cells
    }
    func end(_ step: String, _ end: End, margin: Decimal, npvValue: Decimal?) -> [String] {
      var cells = [step, "**\(end.display)**", "", "", "**\(NumberFormat.money(margin))**"]
      if sampled { cells.append("") }
      if npv { cells.append("**\(money(npvValue))**") }
      if sampled && npv { cells.append("") }
      return cells
    }
    let rows =
      [end(Words.startStep, from, margin: bridge.fromMarginCNY, npvValue: bridge.fromNPVCNY)]
      + bridge.parts.enumerated().map { row(String($0.offset + 1), $0.element) }
      + bridge.unmoved.enumerated().map {
        row(String(bridge.parts.count + $0.offset + 1), $0.element)
      }
      + [end(Words.endStep, to, margin: bridge.toMarginCNY, npvValue: bridge.toNPVCNY)]
    let columns = Words.columns(npv: npv, errors: sampled)

    var blocks: [ReportBlock] = [
      .paragraph(summary),
      .paragraph(Words.tableIntro),
      .table(ReportTable(columns: columns, rightAligned: Words.numberColumns, rows: rows)),
    ]
    if bridge.parts.contains(where: { $0.marginCNY != 0 }) {
      let unit = MermaidChart.MoneyUnit.fitting(bridge.parts.map(\.marginCNY))
      blocks.append(.paragraph(Words.chartIntro(unit.name)))
      blocks.append(.mermaid(chart(bridge, unit: unit, limit: chartLimit)))
    }
    if !bridge.unmoved.isEmpty {
      blocks.append(
        .paragraph(
          Words.unmoved(bridge.unmoved.map { "`\($0.driver.id)`" }.joined(separator: ", "))))
    }
    blocks.append(.subheading(Words.methodHeading))
    blocks.append(.bullets(method(bridge, from: from, to: to) + extraMethod))
    return ReportSection(id: "bridge", title: Words.title, blocks: blocks)
  }

  /// Each driver's effect as a bar of its size from zero, its sign and amount in the label
  /// (M CNY), largest first; past `limit` − 1 drivers the rest are gathered into one bar.
  static func chart(_ bridge: MarginBridge, unit: MermaidChart.MoneyUnit, limit: Int) -> String {
    var steps = bridge.parts.filter { $0.marginCNY != 0 }.map {
      (label: $0.driver.label, amount: $0.marginCNY)
    }
    if steps.count > limit {
      let rest = steps.dropFirst(limit - 1)
      steps =
        Array(steps.prefix(limit - 1)) + [
          (Words.others(rest.count), rest.map(\.amount).reduce(0, +))
        ]
    }
    return MermaidChart.bars(
      title: Words.chartTitle(unit.name),
      categories: steps.map { Words.step($0.label, unit.signed($0.amount)) },
      values: steps.map { abs($0.amount) / unit.divisor }, valueAxis: unit.name, horizontal: true)
  }

  static func method(_ bridge: MarginBridge, from: End, to: End) -> [String] {
    let npv = bridge.fromNPVCNY != nil
    var lines: [String] = []
    switch bridge.method {
    case .exact(let players, let evaluations):
      lines.append(Words.shapley(drivers: players, npv: npv, from: from.display, to: to.display))
      lines.append(Words.exact(drivers: players, evaluations: evaluations))
    case .sampled(let players, let evaluations, let orders, let seed):
      let marginError = bridge.parts.compactMap(\.marginStandardErrorCNY).max() ?? 0
      let npvError = bridge.parts.compactMap(\.npvStandardErrorCNY).max() ?? 0
      lines.append(Words.shapley(drivers: players, npv: npv, from: from.display, to: to.display))
      lines.append(
        Words.sampled(
          drivers: players, evaluations: evaluations, orders: orders, seed: seed,
          marginError: NumberFormat.amountCNY(marginError),
          npvError: NumberFormat.amountCNY(npvError)))
    case .products(let count, let evaluations):
      lines.append(
        Words.shapley(drivers: bridge.parts.count, npv: npv, from: from.display, to: to.display))
      lines.append(Words.products(lines: count, evaluations: evaluations))
    }
    if !bridge.classesInOnePlanOnly.isEmpty {
      lines.append(
        Words.absentClasses(bridge.classesInOnePlanOnly.map { "`\($0)`" }.joined(separator: ", ")))
    }
    lines.append(
      Words.rounding(
        margin: bridge.marginFenMoved, npv: bridge.fromNPVCNY == nil ? nil : bridge.npvFenMoved))
    return lines
  }

  // MARK: - bridge.csv

  /// `bridge.csv`: the start, each driver's effect, the end; money to the fen. The effects add
  /// up to `end` − `start` exactly.
  public static func csv(_ bridge: MarginBridge, from: End, to: End) -> CSVTable {
    func plain(_ value: Decimal?) -> String {
      value.map { NumberFormat.plain($0, decimals: MoneyPolicy.displayScale) } ?? ""
    }
    func row(_ step: String, _ part: MarginBridge.Part) -> [String] {
      [
        step, part.driver.id.rawValue, part.driver.label, part.driver.unit,
        NumberFormat.driverCSVValue(part.fromValue), NumberFormat.driverCSVValue(part.toValue),
        plain(part.marginCNY), plain(part.marginStandardErrorCNY), plain(part.npvCNY),
        plain(part.npvStandardErrorCNY), part.note ?? "",
      ]
    }
    let parts = bridge.parts + bridge.unmoved
    return CSVTable(
      fileName: "bridge.csv", header: Words.csvHeader,
      rows: [
        [
          "start", "", from.name, "", "", "", plain(bridge.fromMarginCNY), "",
          plain(bridge.fromNPVCNY), "", "",
        ]
      ]
        + parts.enumerated().map { row(String($0.offset + 1), $0.element) }
        + [
          [
            "end", "", to.name, "", "", "", plain(bridge.toMarginCNY), "",
            plain(bridge.toNPVCNY), "", "",
          ]
        ])
  }

  // MARK: - Formatting

  /// A driver's values, `from → to unit`.
  static func change(_ part: MarginBridge.Part) -> String {
    NumberFormat.driverValue(part.fromValue) + " → " + NumberFormat.driverValue(part.toValue)
      + (part.driver.unit.isEmpty ? "" : " " + part.driver.unit)
  }

  /// Money with its sign always written: `+500,000,000.00`, `-15,818,457.60`, `0.00`.
  static func signedMoney(_ value: Decimal) -> String {
    (value > 0 ? "+" : "") + NumberFormat.money(value)
  }

  /// An amount for a sentence with its sign always written: `+500.00 M CNY`.
  static func signedAmount(_ value: Decimal) -> String {
    (value > 0 ? "+" : "") + NumberFormat.amountCNY(value)
  }
}
