import Foundation
import PostgresClient
import TestSupport
import Testing

@Suite("Bound parameters and decoding")
struct ValueTests {
  // MARK: - numeric

  static let decimals: [String] = [
    "0.01", "12345678901234.56", "-12345678901234.56", "0", "0.000000000000000000000000000001",
    "1234567890123456789012345678.0123456789", "-0.5", "100000000000000000000000000000000",
  ]

  @Test(arguments: decimals)
  func numericRoundTripsExactly(text: String) throws {
    let connection = try TestDatabase.connect()
    let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
    let row = try #require(
      try connection.query(
        "SELECT \(value)::numeric AS bound, \(unsafeSQL: text)::numeric AS literal"
      ).first)
    #expect(try row.decode(Decimal.self, "bound") == value)
    #expect(try row.decode(Decimal.self, "literal") == value)
    // The server received exactly the digits (compared as numeric, whatever the trailing zeros).
    let same = try connection.query(
      "SELECT \(value)::numeric = \(unsafeSQL: text)::numeric AS same")
    #expect(try same.first?.decode(Bool.self, "same") == true)
  }

  @Test func numericRejectsNaNInfinityAndTooManyDigits() throws {
    let connection = try TestDatabase.connect()
    for literal in [
      "'NaN'::numeric", "'Infinity'::numeric", "'-Infinity'::numeric",
      "1234567890123456789012345678901234567890.1::numeric",
    ] {
      let row = try #require(try connection.query("SELECT \(unsafeSQL: literal) AS amount").first)
      let error = try #require(throws: PostgresError.self) {
        try row.decode(Decimal.self, "amount")
      }
      #expect(error.code == .decoding)
      #expect(error.description.contains("amount"))
    }
  }

  // MARK: - Each type

  @Test func eachTypeRoundTrips() throws {
    let connection = try TestDatabase.connect()
    let date = Date(timeIntervalSince1970: 1_706_745_599.123456)
    let day = try #require(PostgresDate(year: 2024, month: 2, day: 29))
    let nothing: Int? = nil
    let row = try #require(
      try connection.query(
        """
        SELECT \(Int(-9_000_000_000_000)) AS i, \(Int64.max) AS i64, \(Int32.min) AS i32,
               \(2.5e-300) AS d, \("héllo 'quoted' $1") AS s, \(true) AS b, \(false) AS f,
               \(date) AS ts, \(day) AS day, \(nothing)::integer AS nothing,
               now() AS now, 'infinity'::timestamptz AS inf
        """
      ).first)
    #expect(try row.decode(Int.self, "i") == -9_000_000_000_000)
    #expect(try row.decode(Int64.self, "i64") == .max)
    #expect(try row.decode(Int32.self, "i32") == .min)
    #expect(try row.decode(Double.self, "d") == 2.5e-300)
    #expect(try row.decode(String.self, "s") == "héllo 'quoted' $1")
    #expect(try row.decode(Bool.self, "b"))
    #expect(try !row.decode(Bool.self, "f"))
    let decoded = try row.decode(Date.self, "ts")
    #expect(abs(decoded.timeIntervalSince(date)) < 0.000_001)
    #expect(try row.decode(PostgresDate.self, "day") == day)
    #expect(try row.decode(Int?.self, "nothing") == nil)
    #expect(try row.decode(Int?.self, "i") == -9_000_000_000_000)
    #expect(abs(try row.decode(Date.self, "now").timeIntervalSinceNow) < 60)
    #expect(throws: PostgresError.self) { try row.decode(Date.self, "inf") }
  }

  @Test func timestampsAreParsedRobustly() throws {
    let connection = try TestDatabase.connect()
    let rows = try connection.query(
      """
      SELECT '2024-01-31 23:59:59+05:30'::timestamptz AS a,
             '1969-12-31 23:59:59.5Z'::timestamptz AS b,
             '2024-03-01 12:00:00'::timestamp AS c
      """)
    let row = try #require(rows.first)
    #expect(try row.decode(Date.self, "a") == Date(timeIntervalSince1970: 1_706_725_799))
    #expect(try row.decode(Date.self, "b") == Date(timeIntervalSince1970: -0.5))
    #expect(try row.decode(Date.self, "c") == Date(timeIntervalSince1970: 1_709_294_400))
  }

  @Test func nullsBindAndDecode() throws {
    let connection = try TestDatabase.connect()
    let missing: String? = nil
    let row = try #require(
      try connection.query("SELECT \(missing) AS s, \(missing) IS NULL AS isnull").first)
    #expect(try row.decode(String?.self, "s") == nil)
    #expect(try row.decode(Bool.self, "isnull"))
    let error = try #require(throws: PostgresError.self) { try row.decode(String.self, "s") }
    #expect(error.description.contains("\"s\""))
    #expect(error.description.contains("NULL"))
  }

  // MARK: - Mismatches

  @Test func mismatchesNameTheColumnAndBothTypes() throws {
    let connection = try TestDatabase.connect()
    let row = try #require(
      try connection.query(
        "SELECT 'abc'::text AS label, 3000000000::bigint AS big, 1.5::float8 AS ratio"
      ).first)

    let text = try #require(throws: PostgresError.self) { try row.decode(Int.self, "label") }
    #expect(text.code == .decoding)
    #expect(text.description.contains("\"label\""))
    #expect(text.description.contains("text"))
    #expect(text.description.contains("Int"))

    let range = try #require(throws: PostgresError.self) { try row.decode(Int32.self, "big") }
    #expect(range.description.contains("\"big\""))
    #expect(range.description.contains("bigint"))
    #expect(range.description.contains("Int32"))

    let money = try #require(throws: PostgresError.self) { try row.decode(Decimal.self, "ratio") }
    #expect(money.description.contains("double precision"))

    #expect(throws: PostgresError.self) { try row.decode(Int.self, "no_such_column") }
  }

  @Test func interpolationMakesParametersNotText() {
    let name = "x'; DROP TABLE t; --"
    let query: PostgresQuery = "SELECT \(name), \(42), \(unsafeSQL: "\"col\"")"
    #expect(query.sql == "SELECT $1, $2, \"col\"")
    #expect(query.binds.map(\.text) == [name, "42"])
    #expect(!query.description.contains(name))
  }
}
