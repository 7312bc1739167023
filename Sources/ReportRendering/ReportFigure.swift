import Foundation
import HospitalEconomics

/// One figure of a report: a stable CSV id, a typed value and its unit. Reports name figures in
/// their language through the language files (e.g. `key_figures.label.<id>`).
public struct ReportFigure: Sendable, Equatable {
  /// How a figure's value is typed, which decides its formatting.
  public enum Value: Sendable, Equatable {
    /// Money in CNY: two decimals, rounded half away from zero.
    case money(Decimal)
    /// A physical quantity, shown with `decimals` places (CSV keeps six).
    case quantity(Double, decimals: Int)
    /// An exact non-money figure (a fee-free ratio, years), shown with `decimals` places.
    case exact(Decimal, decimals: Int)
    /// A whole count.
    case count(Int)
    /// A share, shown as a percentage with one decimal (CSV keeps the share itself).
    case share(Decimal)
    /// No value (e.g. payback that never happens); `note` says why.
    case none(note: String)
  }

  /// Stable snake_case id, e.g. `annual_energy_kwh`.
  public var id: String
  /// The value.
  public var value: Value
  /// Unit, e.g. `CNY/year`, `kWh/year`, `share`.
  public var unit: String
  /// Where the figure comes from (`data`, `scenario`, `data+scenario`, `scenario fallback`);
  /// empty where every figure of a report has the same source (a plan's: the scenario).
  public var source: String
  /// Why the figure has no value, for `summary.csv`'s `note` (e.g. `no visits`, `after more
  /// than 100 years`); empty when it has one or the reason is the value's own note.
  public var note: String = ""

  /// Creates a figure.
  public init(id: String, value: Value, unit: String, source: String = "") {
    self.id = id
    self.value = value
    self.unit = unit
    self.source = source
  }

  /// The value formatted for people (thousands separators), without the unit.
  public var displayValue: String {
    switch value {
    case .money(let amount): NumberFormat.grouped(amount, decimals: MoneyPolicy.displayScale)
    case .quantity(let quantity, let decimals):
      NumberFormat.grouped(Decimal(quantity: quantity), decimals: decimals)
    case .exact(let value, let decimals): NumberFormat.grouped(value, decimals: decimals)
    case .count(let count): NumberFormat.grouped(Decimal(count), decimals: 0)
    case .share(let share): NumberFormat.grouped(share * 100, decimals: 1) + " %"
    case .none(let note): note
    }
  }

  /// The value as the number the CSV file carries (money to the fen, quantities and shares to 6
  /// decimals); nil when there is none. For comparing figures, e.g. plan against actual.
  public var decimalValue: Decimal? {
    switch value {
    case .money(let amount): amount.rounded(scale: MoneyPolicy.displayScale, mode: .plain)
    case .quantity(let quantity, _): Decimal(quantity: quantity)
    case .exact(let value, _): value.rounded(scale: 6, mode: .plain)
    case .count(let count): Decimal(count)
    case .share(let share): share.rounded(scale: 6, mode: .plain)
    case .none: nil
    }
  }

  /// The value as a plain CSV number (dot decimal, no separators); empty when there is none.
  public var csvValue: String {
    switch value {
    case .money(let amount): NumberFormat.plain(amount, decimals: MoneyPolicy.displayScale)
    case .quantity(let quantity, _): NumberFormat.plainTrimmed(Decimal(quantity: quantity))
    case .exact(let value, _): NumberFormat.plainTrimmed(value.rounded(scale: 6, mode: .plain))
    case .count(let count): String(count)
    case .share(let share): NumberFormat.plainTrimmed(share.rounded(scale: 6, mode: .plain))
    case .none: ""
    }
  }

  /// The unit written in the CSV (a share is written as a share, not a percentage).
  public var csvUnit: String { unit }

  /// `summary.csv`'s `note`: why the value is empty (`never: cash flow not positive`, `after
  /// more than 100 years`, `no visits`…); empty when there is a value.
  public var csvNote: String {
    guard case .none(let code) = value else { return "" }
    return note.isEmpty ? code : note
  }

  /// The figure with `why` as the reason it has no value (nil: none given).
  public func noting(_ why: String?) -> ReportFigure {
    var copy = self
    copy.note = why ?? ""
    return copy
  }
}

// MARK: - Figures of the catalogue

extension ReportFigure {
  /// An amount of money; `none` says why there is none.
  public init(_ figure: Figure, money: Decimal?, none: String = "none", source: String = "") {
    self.init(
      id: figure.id, value: money.map { .money($0) } ?? .none(note: none),
      unit: figure.unit.rawValue, source: source)
  }

  /// An exact figure at the figure's decimals; `none` says why there is none.
  public init(_ figure: Figure, exact: Decimal?, none: String = "none", source: String = "") {
    self.init(
      id: figure.id,
      value: exact.map { .exact($0, decimals: figure.decimals) } ?? .none(note: none),
      unit: figure.unit.rawValue, source: source)
  }

  /// A physical quantity at the figure's decimals.
  public init(_ figure: Figure, quantity: Double, source: String = "") {
    self.init(
      id: figure.id, value: .quantity(quantity, decimals: figure.decimals),
      unit: figure.unit.rawValue, source: source)
  }

  /// A whole count; `none` says why there is none.
  public init(_ figure: Figure, count: Int?, none: String = "none", source: String = "") {
    self.init(
      id: figure.id, value: count.map { .count($0) } ?? .none(note: none),
      unit: figure.unit.rawValue, source: source)
  }

  /// A share; `none` says why there is none.
  public init(_ figure: Figure, share: Decimal?, none: String = "n/a", source: String = "") {
    self.init(
      id: figure.id, value: share.map { .share($0) } ?? .none(note: none),
      unit: figure.unit.rawValue, source: source)
  }
}
