import Foundation
import HospitalEconomics

/// Mermaid charts that read right once rendered (GitHub renders Mermaid where analysts read).
///
/// Mermaid's `xychart-beta` draws a bar from the bottom of its value axis, not from zero, so a bar
/// tells the truth only on an axis that starts at zero and for a value of zero or more: every
/// bar chart here shows sizes (≥ 0) on an axis from 0, with the sign, where there is one, in the
/// label. Values that can be negative are drawn as lines, which sit at their value whatever the
/// axis; a line of zeros draws the zero the axis itself does not mark. Every chart stands beside
/// a table with the same figures, so a reader without Mermaid loses nothing.
public enum MermaidChart {
  /// Colours of an xychart's series, first to last: a strong blue for the figures, grey for a
  /// zero line. Mermaid's default palettes start with a pale tint that all but vanishes on white.
  static let palette =
    "%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#2563eb,#6b7280\"}}}}%%"

  /// Colours of a chart of two lines that the title names (blue, then orange): strong on white,
  /// and apart in print and in grey.
  static let twoLinePalette =
    "%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#1d4ed8,#ea580c\"}}}}%%"

  /// The same, on a chart 900 px wide instead of Mermaid's 700: bars across put their labels
  /// down the side, and Mermaid drops every label when the longest does not fit (Chinese labels
  /// with amounts in 万元 did not).
  static let widePalette =
    "%%{init: {\"xyChart\": {\"width\": 900}, \"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#2563eb,#6b7280\"}}}}%%"

  /// Bars of sizes (0 or more) from zero, one per category, largest axis value a round number.
  /// - Parameters:
  ///   - title: the chart's title.
  ///   - categories: one label per bar.
  ///   - values: one size per bar, 0 or more.
  ///   - valueAxis: the value axis's label.
  ///   - horizontal: bars across (categories down the side: long labels read better).
  /// - Returns: the Mermaid `xychart-beta` text.
  public static func bars(
    title: String, categories: [String], values: [Decimal], valueAxis: String,
    horizontal: Bool = false
  ) -> String {
    precondition(values.allSatisfy { $0 >= 0 }, "bars show sizes: values of 0 or more")
    // Across, Mermaid puts the value axis on top and clips a tick label at its very end: 5 % more
    // room keeps the last round tick inside.
    let round = niceCeiling(values.max() ?? 1)
    let top = horizontal ? round * Decimal(105) / 100 : round
    return [
      horizontal ? widePalette : palette, "xychart-beta" + (horizontal ? " horizontal" : ""),
      "  title \(quoted(title))",
      "  x-axis [\(categories.map(quoted).joined(separator: ", "))]",
      "  y-axis \(quoted(valueAxis)) 0 --> \(number(top))",
      "  bar [\(values.map(number).joined(separator: ", "))]",
    ].joined(separator: "\n")
  }

  /// Lines over categories (or a numeric axis from `numericAxis.from` to `.to`, points evenly
  /// spread), on a value axis wide enough for every point and for zero.
  /// - Parameters:
  ///   - title: the chart's title.
  ///   - categories: the labels along the axis, or nil with `numericAxis`.
  ///   - numericAxis: a numeric axis instead of categories.
  ///   - series: one array of values per line, each as long as the categories.
  ///   - valueAxis: the value axis's label.
  ///   - zeroLine: adds a line of zeros, so the chart shows where the values cross zero.
  /// - Returns: the Mermaid `xychart-beta` text.
  public static func lines(
    title: String, categories: [String]? = nil,
    numericAxis: (label: String, from: Decimal, to: Decimal)? = nil, series: [[Decimal]],
    valueAxis: String, zeroLine: Bool = false
  ) -> String {
    let all: [Decimal] = series.joined() + [0]
    let (low, high) = niceRange(all.min() ?? 0, all.max() ?? 1)
    var lines = [palette, "xychart-beta", "  title \(quoted(title))"]
    if let numericAxis {
      lines.append(
        "  x-axis \(quoted(numericAxis.label)) \(number(numericAxis.from)) --> \(number(numericAxis.to))"
      )
    } else {
      lines.append("  x-axis [\((categories ?? []).map(quoted).joined(separator: ", "))]")
    }
    lines.append("  y-axis \(quoted(valueAxis)) \(number(low)) --> \(number(high))")
    for values in series { lines.append("  line [\(values.map(number).joined(separator: ", "))]") }
    if zeroLine, let count = series.first?.count {
      lines.append("  line [\(Array(repeating: "0", count: count).joined(separator: ", "))]")
    }
    return lines.joined(separator: "\n")
  }

  /// A pie of shares, each slice labelled with its value (`showData`). Slices of 0 are left out.
  public static func pie(title: String, slices: [(label: String, value: Decimal)]) -> String {
    (["pie showData", "  title \(MarkdownText.mermaidLabel(title))"]
      + slices.filter { $0.value > 0 }.map { "  \(quoted($0.label)) : \(number($0.value))" })
      .joined(separator: "\n")
  }

  // MARK: - Money on an axis

  /// The unit a chart of amounts reads in (``Wording/chartUnit(fitting:)`` picks it): millions
  /// of CNY, 万元, CNY… so a small hospital's chart does not show every bar as 0.00.
  public struct MoneyUnit: Sendable, Equatable {
    /// What amounts are divided by.
    public var divisor: Decimal
    /// The unit's name, e.g. `M CNY`, `万元`.
    public var name: String

    /// Creates a unit.
    public init(divisor: Decimal, name: String) {
      self.divisor = divisor
      self.name = name
    }

    /// An amount in this unit, two decimals, with separators: `535.36`.
    public func text(_ amount: Decimal) -> String {
      NumberFormat.grouped(amount / divisor, decimals: 2)
    }

    /// An amount in this unit with its sign always written: `+8.33`, `-12.50`; an amount that
    /// rounds to nothing keeps its sign (`-0.00`), so a label never hides which way it went.
    public func signed(_ amount: Decimal) -> String {
      let shown = text(amount)
      if amount > 0 { return "+" + shown }
      if amount < 0 && !shown.hasPrefix("-") { return "-" + shown }
      return shown
    }
  }

  // MARK: - Numbers and text

  /// A number as Mermaid reads it: a dot, no separators, at most two decimals.
  static func number(_ value: Decimal) -> String {
    NumberFormat.plainTrimmed(value.rounded(scale: 2, mode: .plain))
  }

  /// A label in double quotes, made safe for Mermaid (``MarkdownText/mermaidLabel(_:)``).
  static func quoted(_ text: String) -> String {
    "\"" + MarkdownText.mermaidLabel(text) + "\""
  }

  /// The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (1 for 0 or less).
  public static func niceCeiling(_ value: Decimal) -> Decimal {
    guard value > 0 else { return 1 }
    var step = Decimal(1)
    while step < value { step *= 10 }
    while step / 10 >= value { step /= 10 }
    for multiple in [Decimal(1), 2, Decimal(string: "2.5") ?? 2, 5, 10]
    where step / 10 * multiple >= value {
      return step / 10 * multiple
    }
    return step
  }

  /// Round bounds around `low`…`high`, zero included: each a multiple of a round step.
  static func niceRange(_ low: Decimal, _ high: Decimal) -> (Decimal, Decimal) {
    let low = min(low, 0)
    let high = max(high, 0)
    let step = niceCeiling(max(high - low, 1) / 10)
    return (
      (low / step).rounded(scale: 0, mode: .down) * step,
      (high / step).rounded(scale: 0, mode: .up) * step
    )
  }
}
