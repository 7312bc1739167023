import Foundation

// MARK: - Identity

/// The stable snake_case id of one input driver, e.g. `electricity_tariff_cny_per_kwh`.
///
/// The same ids name drivers in scenario sensitivity settings, provenance labels, reports and
/// CSV files, so they never change once published.
public struct DriverID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The snake_case id.
  public var rawValue: String

  /// Wraps a snake_case id.
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Wraps a snake_case id written as a literal.
  public init(stringLiteral value: String) { self.rawValue = value }

  /// The id itself.
  public var description: String { rawValue }

  /// Orders ids alphabetically.
  public static func < (lhs: DriverID, rhs: DriverID) -> Bool { lhs.rawValue < rhs.rawValue }
}

// MARK: - Values

/// The value of one driver, typed by what it measures.
public enum DriverValue: Sendable, Equatable {
  /// A whole count (visits, boards, people, years of retention).
  case count(Int)
  /// A physical quantity (minutes, Mbit/s, kW per PB, a share of load).
  case quantity(Double)
  /// An exact figure: money in CNY, or a rate or period that multiplies or divides money.
  case exact(Decimal)
  /// A setting chosen from a list (e.g. a unit convention).
  case choice(String)

  /// The value moved by `factor` (0.8 for −20 %): counts round half away from zero, choices stay.
  public func scaled(by factor: Decimal) -> DriverValue {
    switch self {
    case .count(let value):
      let scaled = (Decimal(value) * factor).rounded(scale: 0, mode: .plain)
      return .count(Int(truncating: NSDecimalNumber(decimal: scaled)))
    case .quantity(let value):
      return .quantity(value * factor.doubleValue)
    case .exact(let value):
      return .exact(value * factor)
    case .choice:
      return self
    }
  }

  /// The value as a `Decimal`, for comparison and display; `nil` for a choice.
  public var decimalValue: Decimal? {
    switch self {
    case .count(let value): Decimal(value)
    case .quantity(let value): Decimal(quantity: value)
    case .exact(let value): value
    case .choice: nil
    }
  }
}

// MARK: - Descriptors

/// What a driver is: its id, a label for people, its unit, and whether it can move the margin.
public struct DriverDescriptor: Sendable, Equatable {
  /// Stable id.
  public var id: DriverID
  /// Label for people, e.g. "Electricity tariff".
  public var label: String
  /// Unit, e.g. "CNY/kWh"; empty for a dimensionless setting.
  public var unit: String
  /// Whether moving this driver can change the yearly margin (sensitivity candidates).
  public var affectsMargin: Bool

  /// Creates a descriptor.
  public init(id: DriverID, label: String, unit: String, affectsMargin: Bool) {
    self.id = id
    self.label = label
    self.unit = unit
    self.affectsMargin = affectsMargin
  }
}
