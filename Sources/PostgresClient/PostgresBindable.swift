import Foundation

/// A Swift value that can be sent to PostgreSQL as a bound parameter (`$1`, `$2`, …).
///
/// Values travel in PostgreSQL's text format with an explicit type OID, so the server never
/// has to guess, and SQL text never contains data.
public protocol PostgresBindable: Sendable {
  /// The PostgreSQL type values of this Swift type are sent as (also for a nil of this type).
  static var postgresType: PostgresDataType { get }
  /// The value in PostgreSQL's text input format.
  var postgresText: String { get }
}

/// One bound parameter, already encoded: its type and its text (nil for SQL NULL).
public struct PostgresBind: Sendable, Hashable {
  /// The type sent with the parameter.
  public var type: PostgresDataType
  /// The text form, or nil for NULL.
  public var text: String?

  /// Encodes a value, or NULL when `value` is nil.
  public init(_ value: (any PostgresBindable)?) {
    self.type = value.map { Swift.type(of: $0).postgresType } ?? .unspecified
    self.text = value?.postgresText
  }

  /// A parameter from its type and text form (nil for NULL).
  public init(type: PostgresDataType, text: String?) {
    self.type = type
    self.text = text
  }
}

extension Int: PostgresBindable {
  /// `bigint`
  public static var postgresType: PostgresDataType { .int8 }
  /// Decimal digits.
  public var postgresText: String { String(self) }
}

extension Int64: PostgresBindable {
  /// `bigint`
  public static var postgresType: PostgresDataType { .int8 }
  /// Decimal digits.
  public var postgresText: String { String(self) }
}

extension Int32: PostgresBindable {
  /// `integer`
  public static var postgresType: PostgresDataType { .int4 }
  /// Decimal digits.
  public var postgresText: String { String(self) }
}

extension Decimal: PostgresBindable {
  /// `numeric`
  public static var postgresType: PostgresDataType { .numeric }
  /// Plain decimal notation (no exponent), exactly the value; `NaN` for Foundation's NaN,
  /// which PostgreSQL's numeric accepts (decoding rejects it again).
  public var postgresText: String { isNaN ? "NaN" : PostgresNumeric.plainText(self) }
}

extension Double: PostgresBindable {
  /// `double precision`
  public static var postgresType: PostgresDataType { .float8 }
  /// The shortest text that round-trips, or `NaN` / `Infinity` / `-Infinity`.
  public var postgresText: String {
    if isNaN { return "NaN" }
    if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
    return "\(self)"
  }
}

extension String: PostgresBindable {
  /// `text`
  public static var postgresType: PostgresDataType { .text }
  /// The string itself.
  public var postgresText: String { self }
}

extension Bool: PostgresBindable {
  /// `boolean`
  public static var postgresType: PostgresDataType { .bool }
  /// `t` or `f`.
  public var postgresText: String { self ? "t" : "f" }
}

extension Date: PostgresBindable {
  /// `timestamp with time zone`
  public static var postgresType: PostgresDataType { .timestamptz }
  /// ISO 8601 in UTC with microseconds: `2024-01-31T23:59:59.123456Z`.
  public var postgresText: String { PostgresTimestamp.iso8601(self) }
}

extension PostgresDate: PostgresBindable {
  /// `date`
  public static var postgresType: PostgresDataType { .date }
  /// `YYYY-MM-DD`.
  public var postgresText: String { description }
}
