import Foundation

/// An SQL statement with its bound parameters.
///
/// Interpolated values become parameters, never SQL text:
/// ```swift
/// let rows = try connection.query("SELECT name FROM ward WHERE beds > \(minimumBeds)")
/// // sent as: SELECT name FROM ward WHERE beds > $1   with $1 = minimumBeds
/// ```
/// Identifiers that cannot be parameters go in through the deliberately loud
/// `\(unsafeSQL: name)`. SQL kept in files (with `$1`, `$2` written out) is run with
/// `PostgresQuery(sql:binds:origin:)`, whose `origin` names the file in errors and logs.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation,
  CustomStringConvertible
{
  /// The SQL text, with `$n` placeholders.
  public var sql: String
  /// The parameters, in `$n` order.
  public var binds: [PostgresBind]
  /// Where the SQL came from (e.g. `sql/extract/visits.sql`), shown in errors and logs.
  public var origin: String?

  /// A query from SQL text with explicit parameters for its `$1`, `$2`, … placeholders.
  public init(sql: String, binds: [(any PostgresBindable)?] = [], origin: String? = nil) {
    self.sql = sql
    self.binds = binds.map(PostgresBind.init)
    self.origin = origin
  }

  /// A query from raw SQL text without parameters. The name is loud on purpose: the text must not
  /// contain data from outside the program.
  public static func unsafeSQL(_ sql: String, origin: String? = nil) -> PostgresQuery {
    PostgresQuery(sql: sql, origin: origin)
  }

  /// A query from a string literal without interpolations.
  public init(stringLiteral value: String) {
    self.init(sql: value)
  }

  /// A query from an interpolated string: each interpolated value becomes a parameter.
  public init(stringInterpolation: StringInterpolation) {
    self.sql = stringInterpolation.sql
    self.binds = stringInterpolation.binds
    self.origin = nil
  }

  /// The SQL text and the number of parameters (never their values, which may be sensitive).
  public var description: String {
    binds.isEmpty ? sql : "\(sql) [\(binds.count) parameter\(binds.count == 1 ? "" : "s")]"
  }

  /// Builds the SQL text and its parameters from an interpolated string.
  public struct StringInterpolation: StringInterpolationProtocol {
    var sql = ""
    var binds: [PostgresBind] = []

    /// Reserves room for the literal text.
    public init(literalCapacity: Int, interpolationCount: Int) {
      sql.reserveCapacity(literalCapacity + interpolationCount * 3)
      binds.reserveCapacity(interpolationCount)
    }

    /// Appends SQL text.
    public mutating func appendLiteral(_ literal: String) { sql += literal }

    /// Appends a placeholder `$n` bound to `value`.
    public mutating func appendInterpolation(_ value: some PostgresBindable) {
      binds.append(PostgresBind(value))
      sql += "$\(binds.count)"
    }

    /// Appends a placeholder `$n` bound to `value`, or to NULL when it is nil.
    public mutating func appendInterpolation<T: PostgresBindable>(_ value: T?) {
      binds.append(PostgresBind(type: T.postgresType, text: value?.postgresText))
      sql += "$\(binds.count)"
    }

    /// Appends raw SQL, such as a quoted identifier. Never pass data from outside the program.
    public mutating func appendInterpolation(unsafeSQL sql: String) { self.sql += sql }
  }
}

extension String {
  /// Quotes an identifier for SQL (`"my table"`), doubling embedded quotes; for use with
  /// `\(unsafeSQL:)` when a name cannot be a parameter.
  public var postgresQuotedIdentifier: String {
    "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
