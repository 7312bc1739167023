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
  // The time each way takes is measured by `bench/streaming`, not here.
  static let millionRows: PostgresQuery =
    "SELECT g AS n, g * \(Decimal(string: "0.01") ?? 0) AS amount FROM generate_series(1, \(1_000_000)) AS g"

  @Test func streamsAMillionRowsInFlatMemory() throws {
    let connection = try TestDatabase.connect()
    let before = memoryKiB("VmHWM") ?? 0
    var count = 0
    var sum: Int64 = 0
    var amounts = Decimal(0)
    count = try connection.stream(Self.millionRows) { row in
      sum += try row.decode(Int64.self, "n")
      amounts += try row.decode(Decimal.self, "amount")
    }
    let after = memoryKiB("VmHWM") ?? 0
    #expect(count == 1_000_000)
    #expect(sum == 500_000_500_000)
    #expect(amounts == Decimal(string: "5000005000"))
    #expect(after - before < 32 * 1024)
  }

  @Test func aCursorReadsTheSameRowsInFlatMemory() throws {
    let connection = try TestDatabase.connect()
    let before = memoryKiB("VmHWM") ?? 0
    var sum: Int64 = 0
    var amounts = Decimal(0)
    let count = try connection.streamWithCursor(Self.millionRows) { row in
      sum += try row.decode(Int64.self, "n")
      amounts += try row.decode(Decimal.self, "amount")
    }
    let after = memoryKiB("VmHWM") ?? 0
    #expect(count == 1_000_000)
    #expect(sum == 500_000_500_000)
    #expect(amounts == Decimal(string: "5000005000"))
    #expect(after - before < 32 * 1024)
    #expect(!connection.isInTransaction, "the cursor's transaction is closed")
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
