/// A PostgreSQL type, identified by its OID (`pg_type.oid`), as reported by `PQftype`.
public struct PostgresDataType: Hashable, Sendable, CustomStringConvertible {
  /// The type's OID; 0 lets the server infer the type of a parameter.
  public let oid: UInt32

  /// Creates a type from its OID.
  public init(oid: UInt32) { self.oid = oid }

  /// Let the server infer the type (used for NULL parameters).
  public static let unspecified = PostgresDataType(oid: 0)
  /// `boolean`
  public static let bool = PostgresDataType(oid: 16)
  /// `bigint`
  public static let int8 = PostgresDataType(oid: 20)
  /// `smallint`
  public static let int2 = PostgresDataType(oid: 21)
  /// `integer`
  public static let int4 = PostgresDataType(oid: 23)
  /// `text`
  public static let text = PostgresDataType(oid: 25)
  /// `oid`
  public static let oidType = PostgresDataType(oid: 26)
  /// `real`
  public static let float4 = PostgresDataType(oid: 700)
  /// `double precision`
  public static let float8 = PostgresDataType(oid: 701)
  /// `character(n)`
  public static let bpchar = PostgresDataType(oid: 1042)
  /// `character varying`
  public static let varchar = PostgresDataType(oid: 1043)
  /// `name`
  public static let name = PostgresDataType(oid: 19)
  /// `date`
  public static let date = PostgresDataType(oid: 1082)
  /// `timestamp without time zone`
  public static let timestamp = PostgresDataType(oid: 1114)
  /// `timestamp with time zone`
  public static let timestamptz = PostgresDataType(oid: 1184)
  /// `numeric`
  public static let numeric = PostgresDataType(oid: 1700)

  private static let names: [UInt32: String] = [
    0: "unknown", 16: "boolean", 19: "name", 20: "bigint", 21: "smallint", 23: "integer",
    25: "text", 26: "oid", 114: "json", 700: "real", 701: "double precision",
    1042: "character", 1043: "character varying", 1082: "date", 1083: "time",
    1114: "timestamp without time zone", 1184: "timestamp with time zone", 1186: "interval",
    1700: "numeric", 2950: "uuid", 3802: "jsonb",
  ]

  /// The SQL name of the type (`"numeric"`), or `"oid 12345"` for types this client does not know.
  public var description: String { Self.names[oid] ?? "oid \(oid)" }
}
