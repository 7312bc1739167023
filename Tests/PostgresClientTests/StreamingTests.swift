import Foundation
import TestSupport
import Testing

@testable import PostgresClient

/// A field of /proc/self/status in KiB (Linux): VmRSS now, VmHWM the peak so far.
func memoryKiB(_ field: String) -> Int? {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return nil
  }
  for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
    return Int(line.split(separator: " ").dropFirst().first ?? "")
  }
  return nil
}

@Suite("Streaming", .serialized)
struct StreamingTests {
  // Measured numbers are in `PostgresConnection.stream`'s documentation. Run the comparison with
  //   METAHOSPITAL_BENCH=1 swift test --filter StreamingTests
  static let millionRows: PostgresQuery =
    "SELECT g AS n, g * \(Decimal(string: "0.01") ?? 0) AS amount FROM generate_series(1, \(1_000_000)) AS g"

  @Test func streamsAMillionRowsInFlatMemory() throws {
    let connection = try TestDatabase.connect()
    let before = memoryKiB("VmHWM") ?? 0
    var count = 0
    var sum: Int64 = 0
    var amounts = Decimal(0)
    let elapsed = try ContinuousClock().measure {
      count = try connection.stream(Self.millionRows) { row in
        sum += try row.decode(Int64.self, "n")
        amounts += try row.decode(Decimal.self, "amount")
      }
    }
    let after = memoryKiB("VmHWM") ?? 0
    print("stream (single-row mode): \(count) rows in \(elapsed), VmHWM \(before) → \(after) KiB")
    #expect(count == 1_000_000)
    #expect(sum == 500_000_500_000)
    #expect(amounts == Decimal(string: "5000005000"))
    #expect(after - before < 32 * 1024)
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["METAHOSPITAL_BENCH"] != nil))
  func cursorAndBufferedForComparison() throws {
    let connection = try TestDatabase.connect()
    let before = memoryKiB("VmHWM") ?? 0
    var count = 0
    let elapsed = try ContinuousClock().measure {
      count = try connection.streamWithCursor(Self.millionRows) { row in
        _ = try row.decode(Int64.self, "n")
        _ = try row.decode(Decimal.self, "amount")
      }
    }
    let after = memoryKiB("VmHWM") ?? 0
    print(
      "stream (cursor, FETCH 1000): \(count) rows in \(elapsed), VmHWM \(before) → \(after) KiB")
    let buffered = try ContinuousClock().measure { _ = try connection.query(Self.millionRows) }
    print("query (buffered): in \(buffered), VmHWM → \(memoryKiB("VmHWM") ?? 0) KiB")
  }

  @Test func aThrowingBodyCancelsAndLeavesTheConnectionUsable() throws {
    struct Enough: Error {}
    let connection = try TestDatabase.connect()
    var seen = 0
    #expect(throws: Enough.self) {
      try connection.stream(Self.millionRows) { _ in
        seen += 1
        if seen == 10 { throw Enough() }
      }
    }
    #expect(seen == 10)
    #expect(try connection.query("SELECT 2 AS two").first?.decode(Int.self, "two") == 2)
  }

  @Test func streamReportsServerErrors() throws {
    let connection = try TestDatabase.connect()
    let error = try #require(throws: PostgresError.self) {
      try connection.stream("SELECT 1 / (g - \(5)) FROM generate_series(1, 10) AS g") { _ in }
    }
    #expect(error.sqlState == "22012")
    #expect(try connection.stream("SELECT 1 WHERE false") { _ in } == 0)
  }
}
