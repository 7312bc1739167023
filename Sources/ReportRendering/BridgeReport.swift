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

  typealias Say = BridgePhrase

  static func grouped(_ count: Int) -> String { NumberFormat.grouped(Decimal(count), decimals: 0) }

  // MARK: - The headline

  /// One sentence for the report's headline: the change and its largest part.
  /// - Parameters:
  ///   - bridge: the margin bridge.
  ///   - from: where it starts.
  ///   - to: where it ends.
  ///   - label: a driver's label for people.
  ///   - w: the words of the report's language.
  /// - Returns: the sentence.
  public static func headline(
    _ bridge: MarginBridge, from: End, to: End, label: (DriverDescriptor) -> String,
    _ w: Wording
  ) -> String {
    w(
      Say.headline,
      [
        "from": from.display, "change": w.signedAmount(bridge.marginChangeCNY, .headline),
        "npv": bridge.npvChangeCNY.map {
          w(Say.headlineNpv, ["change": w.signedAmount($0, .headline)])
        } ?? "",
        "largest": bridge.parts.first.map {
          w(
            Say.headlineLargest,
            [
              "driver": MarkdownText.escape(label($0.driver)),
              "amount": w.signedAmount($0.marginCNY, .headline),
            ])
        } ?? w(Say.headlineEnd),
      ])
  }

  // MARK: - The section

  /// The bridge section: summary, waterfall table, chart, drivers that move nothing, method.
  /// - Parameters:
  ///   - bridge: the margin bridge.
  ///   - from: where it starts.
  ///   - to: where it ends.
  ///   - label: a driver's label for people.
  ///   - w: the words of the report's language.
  ///   - extraMethod: sentences that go with the method (e.g. the drivers' definitions).
  ///   - chartLimit: the most drivers the chart shows (the table shows all).
  /// - Returns: the section.
  public static func section(
    _ bridge: MarginBridge, from: End, to: End, label: (DriverDescriptor) -> String,
    _ w: Wording, extraMethod: [String] = [], chartLimit: Int = 12
  ) -> ReportSection {
    let npv = bridge.fromNPVCNY != nil
    let sampled: Bool
    if case .sampled = bridge.method { sampled = true } else { sampled = false }
    var summary = w(
      Say.summary,
      [
        "from": from.display, "to": to.display, "from_margin": w.amount(bridge.fromMarginCNY),
        "to_margin": w.amount(bridge.toMarginCNY),
        "change": w.signedAmount(bridge.marginChangeCNY),
      ])
    if let fromNPV = bridge.fromNPVCNY, let toNPV = bridge.toNPVCNY,
      let change = bridge.npvChangeCNY
    {
      summary += w(
        Say.npvSummary,
        [
          "from_npv": w.amount(fromNPV), "to_npv": w.amount(toNPV),
          "change": w.signedAmount(change),
        ])
    }
    if let first = bridge.parts.first {
      summary += w(
        Say.largest,
        [
          "driver": MarkdownText.escape(label(first.driver)),
          "amount": w.signedAmount(first.marginCNY),
        ])
    } else {
      summary += w(Say.noChange)
    }

    // The table's amounts: to the fen in CNY (English), or in the language's unit of money
    // rounded again so that the steps still add up to the ends as shown (Chinese: 万元).
    let table = Table(bridge, w)
    func money(_ value: Decimal?) -> String { value.map(table.plain) ?? "" }
    func row(_ step: String, _ index: Int, _ part: MarginBridge.Part) -> [String] {
      var cells = [
        step, MarkdownText.escape(label(part.driver)), "`\(part.driver.id)`",
        change(part, w), table.signed(table.margins[index]),
      ]
      if sampled { cells.append(money(part.marginStandardErrorCNY)) }
      if npv { cells.append(table.signed(table.npvs[index])) }
      if sampled && npv { cells.append(money(part.npvStandardErrorCNY)) }
      return cells
    }
    func end(_ step: String, _ end: End, margin: Decimal, npvValue: Decimal?) -> [String] {
      var cells = [step, "**\(end.display)**", "", "", "**\(table.plain(margin))**"]
      if sampled { cells.append("") }
      if npv { cells.append("**\(money(npvValue))**") }
      if sampled && npv { cells.append("") }
      return cells
    }
    let parts = bridge.parts + bridge.unmoved
    let rows =
      [end(w(Say.startStep), from, margin: bridge.fromMarginCNY, npvValue: bridge.fromNPVCNY)]
      + parts.enumerated().map { row(String($0.offset + 1), $0.offset, $0.element) }
      + [end(w(Say.endStep), to, margin: bridge.toMarginCNY, npvValue: bridge.toNPVCNY)]
    let numbers =
      [w(Say.marginColumn)] + (sampled ? [w(Say.marginErrorColumn)] : [])
      + (npv ? [w(Say.npvColumn)] : []) + (sampled && npv ? [w(Say.npvErrorColumn)] : [])
    let columns =
      [w(Say.stepColumn), w(Say.driverColumn), w(Say.idColumn), w(Say.changeColumn)] + numbers

    var blocks: [ReportBlock] = [
      .paragraph(summary),
      .paragraph(w(table.inFen ? Say.tableIntro : .tableIntroWan)),
      .table(ReportTable(columns: columns, rightAligned: Set(numbers), rows: rows)),
    ]
    if bridge.parts.contains(where: { $0.marginCNY != 0 }) {
      let unit = w.chartUnit(fitting: bridge.parts.map(\.marginCNY))
      blocks.append(.paragraph(w(Say.chartIntro, ["unit": unit.name])))
      blocks.append(.mermaid(chart(bridge, unit: unit, limit: chartLimit, label: label, w)))
    }
    if !bridge.unmoved.isEmpty {
      blocks.append(
        .paragraph(
          w(
            Say.unmoved,
            ["list": bridge.unmoved.map { "`\($0.driver.id)`" }.joined(separator: ", ")])))
    }
    blocks.append(.subheading(w(Say.methodHeading)))
    blocks.append(.bullets(method(bridge, from: from, to: to, table: table, w) + extraMethod))
    return ReportSection(id: "bridge", title: w(Say.title), blocks: blocks)
  }

  /// The amounts of the waterfall table as shown. English shows the bridge's own effects, whole
  /// fen that add up to the change exactly; a language that shows amounts in a larger unit
  /// (Chinese: 万元 with two decimals) rounds them again by the same largest-remainder method,
  /// so the rows as shown still add up to the ends as shown.
  struct Table {
    /// Whether amounts are shown to the fen (else in 万元 with two decimals).
    var inFen: Bool
    /// Each part's margin effect (parts, then the drivers that move nothing), in the unit shown.
    var margins: [Decimal]
    /// Each part's NPV effect, in the unit shown.
    var npvs: [Decimal]
    /// Units moved by the rounding: fen of the margin (and NPV), or 0.01 万元.
    var moved: (margin: Int, npv: Int)
    let wording: Wording

    init(_ bridge: MarginBridge, _ w: Wording) {
      wording = w
      let parts = bridge.parts + bridge.unmoved
      let divisor = w.moneyDivisor
      inFen = divisor == 1
      if inFen {
        margins = parts.map(\.marginCNY)
        npvs = parts.map { $0.npvCNY ?? 0 }
        moved = (bridge.marginFenMoved, bridge.fromNPVCNY == nil ? 0 : bridge.npvFenMoved)
        return
      }
      // In 万元: each end rounded to 0.01 万元, the effects rounded to add up to the difference.
      func rounded(_ values: [Decimal], from: Decimal, to: Decimal) -> ([Decimal], Int) {
        let shown = { (value: Decimal) in (value / divisor).rounded(scale: 2, mode: .plain) }
        let result = Shapley.roundedToFen(
          values.map { $0 / divisor }, total: shown(to) - shown(from))
        return (result.values, result.fenMoved)
      }
      let margin = rounded(
        parts.map(\.marginCNY), from: bridge.fromMarginCNY, to: bridge.toMarginCNY)
      let npv = rounded(
        parts.map { $0.npvCNY ?? 0 }, from: bridge.fromNPVCNY ?? 0, to: bridge.toNPVCNY ?? 0)
      margins = margin.0
      npvs = npv.0
      moved = (margin.1, bridge.fromNPVCNY == nil ? 0 : npv.1)
    }

    /// An amount in CNY as shown (an end, a standard error).
    func plain(_ value: Decimal) -> String { wording.money(value) }

    /// A shown effect with its sign always written: `+500,000,000.00`, `-1,581.85`, `0.00`.
    func signed(_ shown: Decimal) -> String {
      (shown > 0 ? "+" : "") + NumberFormat.money(shown)
    }
  }

  /// Each driver's effect as a bar of its size from zero, its sign and amount in the label,
  /// largest first; past `limit` − 1 drivers the rest are gathered into one bar.
  static func chart(
    _ bridge: MarginBridge, unit: MermaidChart.MoneyUnit, limit: Int,
    label: (DriverDescriptor) -> String, _ w: Wording
  ) -> String {
    var steps = bridge.parts.filter { $0.marginCNY != 0 }.map {
      (label: label($0.driver), amount: $0.marginCNY)
    }
    if steps.count > limit {
      let rest = steps.dropFirst(limit - 1)
      steps =
        Array(steps.prefix(limit - 1)) + [
          (w(Say.others, ["count": String(rest.count)]), rest.map(\.amount).reduce(0, +))
        ]
    }
    return MermaidChart.bars(
      title: w(Say.chartTitle, ["unit": unit.name]),
      categories: steps.map {
        w(Say.step, ["driver": $0.label, "amount": unit.signed($0.amount)])
      },
      values: steps.map { abs($0.amount) / unit.divisor }, valueAxis: unit.name, horizontal: true)
  }

  static func method(
    _ bridge: MarginBridge, from: End, to: End, table: Table, _ w: Wording
  ) -> [String] {
    let npv = bridge.fromNPVCNY != nil
    func shapley(_ drivers: Int) -> String {
      let values = ["npv": npv ? w(Say.npvToo) : "", "from": from.display, "to": to.display]
      return drivers == 1
        ? w(Say.shapleyOne, values)
        : w(Say.shapleyMany, values.merging(["drivers": String(drivers)]) { a, _ in a })
    }
    let limit = String(Shapley.exactPlayerLimit)
    var lines: [String] = []
    switch bridge.method {
    case .exact(let players, let evaluations):
      lines.append(shapley(players))
      lines.append(
        w(
          Say.exact,
          ["drivers": String(players), "evaluations": grouped(evaluations), "limit": limit]))
    case .sampled(let players, let evaluations, let orders, let seed):
      let marginError = bridge.parts.compactMap(\.marginStandardErrorCNY).max() ?? 0
      let npvError = bridge.parts.compactMap(\.npvStandardErrorCNY).max() ?? 0
      lines.append(shapley(players))
      lines.append(
        w(
          Say.sampled,
          [
            "drivers": String(players), "limit": limit, "evaluations": grouped(evaluations),
            "orders": grouped(orders), "pairs": grouped(orders / 2), "seed": String(seed),
            "margin_error": w.amount(marginError), "npv_error": w.amount(npvError),
          ]))
    case .products(let count, let evaluations):
      lines.append(shapley(bridge.parts.count))
      lines.append(w(Say.products, ["lines": String(count), "evaluations": grouped(evaluations)]))
    }
    if !bridge.classesInOnePlanOnly.isEmpty {
      lines.append(
        w(
          Say.absentClasses,
          ["ids": bridge.classesInOnePlanOnly.map { "`\($0)`" }.joined(separator: ", ")]))
    }
    lines.append(
      w(
        table.inFen ? Say.rounding : .roundingWan,
        ["moved": String(table.moved.margin + table.moved.npv)]))
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
      fileName: "bridge.csv",
      header: [
        "step", "driver", "label", "unit", "from_value", "to_value", "margin_cny",
        "margin_standard_error_cny", "npv_cny", "npv_standard_error_cny", "note",
      ],
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
  static func change(_ part: MarginBridge.Part, _ w: Wording) -> String {
    w.driverValue(part.fromValue, unit: part.driver.unit) + " → "
      + w.driverValue(part.toValue, unit: part.driver.unit)
      + (part.driver.unit.isEmpty ? "" : " " + w.unit(part.driver.unit))
  }
}
