import Foundation

/// The columns of a result: names and PostgreSQL types, shared by all its rows.
public final class PostgresColumns: Sendable {
  /// Column names in result order.
  public let names: [String]
  /// Column types (from `PQftype`) in result order.
  public let types: [PostgresDataType]
  private let indexByName: [String: Int]

  init(names: [String], types: [PostgresDataType]) {
    self.names = names
    self.types = types
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
    self.indexByName = index
  }

  /// The index of the first column with this name.
  public func index(of name: String) -> Int? { indexByName[name] }

  /// The number of columns.
  public var count: Int { names.count }
}

/// One row of a result, its values held as PostgreSQL text (nil for NULL).
///
/// Decode values with `decode(_:_:)`, by column name or index; a value that does not fit the
/// Swift type throws a `PostgresError` with code `.decoding` naming the column and both types.
public struct PostgresRow: Sendable {
  /// The result's columns.
  public let columns: PostgresColumns
  /// The values in text format, nil for NULL.
  public let values: [String?]
  /// Where the query came from, for error messages.
  let origin: String?

  /// Decodes the value of the named column.
  public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String)
    throws(PostgresError) -> T
  {
    guard let index = columns.index(of: column) else {
      throw PostgresError(
        code: .decoding,
        message:
          "no column named \"\(column)\" in the result (columns: \(columns.names.joined(separator: ", ")))",
        origin: origin)
    }
    return try decode(type, at: index)
  }

  /// Decodes the value of the named column as the type the context expects:
  /// `let visits: Int64 = try row.decode("visits")`.
  public func decode<T: PostgresDecodable>(_ column: String) throws(PostgresError) -> T {
    try decode(T.self, column)
  }

  /// Decodes the value of the column at a 0-based index.
  public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int)
    throws(PostgresError) -> T
  {
    guard values.indices.contains(index) else {
      throw PostgresError(
        code: .decoding, message: "no column at index \(index) (the result has \(values.count))",
        origin: origin)
    }
    let cell = PostgresCell(
      text: values[index], type: columns.types[index], columnName: columns.names[index],
      columnIndex: index)
    do {
      return try T.decode(from: cell)
    } catch {
      throw PostgresError(
        code: .decoding,
        message:
          "column \"\(cell.columnName)\" (\(cell.type)) cannot be decoded as \(T.self): \(error.reason)",
        origin: origin)
    }
  }
}

/// The rows of a completed query, held in memory. For large results use `stream(_:_:)`.
public struct PostgresRows: Sendable, RandomAccessCollection {
  /// The result's columns.
  public let columns: PostgresColumns
  /// The rows.
  public let rows: [PostgresRow]

  init(columns: PostgresColumns, rows: [PostgresRow]) {
    self.columns = columns
    self.rows = rows
  }

  /// A result kept earlier and read back: column names and types, and each row's values in
  /// PostgreSQL text format (nil for NULL). Decodes exactly as the query's own rows did.
  /// - Returns: `nil` when a row does not have one value per column.
  public init?(
    names: [String], types: [PostgresDataType], values: [[String?]], origin: String? = nil
  ) {
    guard names.count == types.count, values.allSatisfy({ $0.count == names.count }) else {
      return nil
    }
    let columns = PostgresColumns(names: names, types: types)
    self.init(
      columns: columns,
      rows: values.map { PostgresRow(columns: columns, values: $0, origin: origin) })
  }

  /// The first index.
  public var startIndex: Int { rows.startIndex }
  /// One past the last index.
  public var endIndex: Int { rows.endIndex }
  /// The row at `position`.
  public subscript(position: Int) -> PostgresRow { rows[position] }
}

// MARK: - Decoding

/// One value of a row, handed to `PostgresDecodable.decode(from:)`.
public struct PostgresCell: Sendable {
  /// The value in PostgreSQL text format, nil for NULL.
  public let text: String?
  /// The column's PostgreSQL type.
  public let type: PostgresDataType
  /// The column's name.
  public let columnName: String
  /// The column's 0-based index.
  public let columnIndex: Int
}

/// Why a value cannot become the requested Swift type; wrapped into a `PostgresError` that names
/// the column and types.
public struct PostgresDecodingFailure: Error, Sendable {
  /// A short reason, e.g. `"NULL is not allowed"` or `"3000000000 is out of range"`.
  public let reason: String

  /// Creates a failure with a reason.
  public init(_ reason: String) { self.reason = reason }
}

/// A Swift type that can be read from a PostgreSQL text value.
public protocol PostgresDecodable {
  /// Decodes a value, throwing `PostgresDecodingFailure` when it does not fit.
  static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Self
}

extension PostgresCell {
  /// The text, or a failure when the value is NULL.
  func requireText() throws(PostgresDecodingFailure) -> String {
    guard let text else { throw PostgresDecodingFailure("the value is NULL; decode an Optional") }
    return text
  }

  /// Fails unless the column's type is one of `accepted`.
  func require(_ accepted: Set<PostgresDataType>) throws(PostgresDecodingFailure) {
    guard accepted.contains(type) else {
      throw PostgresDecodingFailure(
        "a \(type) column cannot be read as this type")
    }
  }
}

private let integerTypes: Set<PostgresDataType> = [.int2, .int4, .int8, .oidType]

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
  /// nil for NULL, otherwise the wrapped type's decoding.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Self {
    guard cell.text != nil else { return nil }
    return try Wrapped.decode(from: cell)
  }
}

extension FixedWidthInteger where Self: PostgresDecodable {
  fileprivate static func decodeInteger(from cell: PostgresCell) throws(PostgresDecodingFailure)
    -> Self
  {
    try cell.require(integerTypes)
    let text = try cell.requireText()
    guard let value = Self(text) else {
      throw PostgresDecodingFailure("\(text) is out of range")
    }
    return value
  }
}

extension Int64: PostgresDecodable {
  /// From `smallint`, `integer`, `bigint` (and `oid`).
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Int64 {
    try decodeInteger(from: cell)
  }
}

extension Int32: PostgresDecodable {
  /// From `smallint`, `integer`, or `bigint` values within range.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Int32 {
    try decodeInteger(from: cell)
  }
}

extension Int: PostgresDecodable {
  /// From `smallint`, `integer`, `bigint` (and `oid`).
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Int {
    try decodeInteger(from: cell)
  }
}

extension Decimal: PostgresDecodable {
  /// Exactly from `numeric` or an integer type. NaN, ±Infinity and values with more than 38
  /// significant digits are rejected rather than rounded.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Decimal {
    try cell.require(integerTypes.union([.numeric]))
    let text = try cell.requireText()
    do {
      return try PostgresNumeric.parse(text)
    } catch {
      switch error {
      case .notFinite: throw PostgresDecodingFailure("\(text) is not a finite number")
      case .malformed: throw PostgresDecodingFailure("\"\(text)\" is not a number")
      case .tooManyDigits(let n):
        throw PostgresDecodingFailure("\(n) significant digits do not fit exactly (max 38)")
      }
    }
  }
}

extension Double: PostgresDecodable {
  /// From `double precision`, `real` or an integer type (never from `numeric`: money stays exact).
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Double {
    try cell.require(integerTypes.union([.float4, .float8]))
    let text = try cell.requireText()
    switch text {
    case "NaN": return .nan
    case "Infinity": return .infinity
    case "-Infinity": return -.infinity
    default:
      guard let value = Double(text) else {
        throw PostgresDecodingFailure("\"\(text)\" is not a number")
      }
      return value
    }
  }
}

extension String: PostgresDecodable {
  /// The text form of a value of any type (e.g. `uuid` or `json` as text).
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> String {
    try cell.requireText()
  }
}

extension Bool: PostgresDecodable {
  /// From `boolean`.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Bool {
    try cell.require([.bool])
    switch try cell.requireText() {
    case "t": return true
    case "f": return false
    case let other: throw PostgresDecodingFailure("\"\(other)\" is not a boolean")
    }
  }
}

extension PostgresDate: PostgresDecodable {
  /// From `date` (finite, AD).
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> PostgresDate
  {
    try cell.require([.date])
    let text = try cell.requireText()
    guard let date = PostgresDate(iso: text) else {
      throw PostgresDecodingFailure("\"\(text)\" is not a finite ISO date")
    }
    return date
  }
}

extension Date: PostgresDecodable {
  /// From `timestamptz` (or `timestamp`, taken as UTC). Needs `DateStyle = ISO`, which the
  /// connection sets; `infinity` and BC timestamps are rejected.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> Date {
    try cell.require([.timestamptz, .timestamp])
    let text = try cell.requireText()
    guard let date = PostgresTimestamp.parse(text) else {
      throw PostgresDecodingFailure("\"\(text)\" is not a finite ISO timestamp")
    }
    return date
  }
}
