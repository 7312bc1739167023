// The three ways `PostgresClient` can read a large result, side by side: libpq's single-row mode
// (`stream`, what the pipeline uses), a cursor fetching 1,000 rows per trip (`streamWithCursor`),
// and the whole result in memory (`query`). Run by `bench/streaming`, which names the database.
//
//   stream-bench <database URL> [rows] [rounds]
//
// Prints, for each way and round, the wall time and the growth of the peak resident set
// (VmHWM) over the way's run; the ways run in the order above, so the buffered read comes last
// and its growth is not hidden by an earlier peak.
import Foundation
import Logging
import PostgresClient

func peakKiB() -> Int {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
  }
  return 0
}

let arguments = CommandLine.arguments.dropFirst()
guard let url = arguments.first else {
  FileHandle.standardError.write(Data("usage: stream-bench <database URL> [rows] [rounds]\n".utf8))
  exit(64)
}
let rows = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let rounds = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 3
let connection = try PostgresConnection(url, applicationName: "stream-bench", logger: Logger(label: "stream-bench"))
let query: PostgresQuery =
  "SELECT g AS n, g * \(Decimal(string: "0.01") ?? 0) AS amount FROM generate_series(1, \(rows)) AS g"

func measure(_ way: String, _ body: () throws -> Int) rethrows {
  let before = peakKiB()
  var count = 0
  let elapsed = try ContinuousClock().measure { count = try body() }
  let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  let growth = Double(peakKiB() - before) / 1024
  print(
    way.padding(toLength: 34, withPad: " ", startingAt: 0)
      + String(format: "%9d rows %8.2f s   peak RSS +%.1f MiB", count, seconds, growth))
}

for round in 1...rounds {
  print("round \(round)")
  try measure("stream (single-row mode)") {
    try connection.stream(query) { row in
      _ = try row.decode(Int64.self, "n")
      _ = try row.decode(Decimal.self, "amount")
    }
  }
  try measure("stream (cursor, FETCH 1000)") {
    try connection.streamWithCursor(query) { row in
      _ = try row.decode(Int64.self, "n")
      _ = try row.decode(Decimal.self, "amount")
    }
  }
  if round == 1 {
    try measure("query (whole result, not decoded)") { try connection.query(query).count }
  }
}
