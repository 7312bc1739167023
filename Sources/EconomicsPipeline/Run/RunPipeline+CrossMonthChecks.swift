import Foundation
import HospitalEconomics
import Logging
import PipelineModel
import PostgresClient
import ReportRendering

// MARK: - Stage 2: checks across the months of the year to date

extension RunPipeline {
  /// Ids that two months of the year to date share, for a check declared `-- across months:`:
  /// how many extra copies (one failing row per extra month, as one scan of the months would
  /// count them) and the lowest of those ids.
  struct SharedIDs: Sendable {
    var extra: Int64
    var samples: [String]
  }

  /// Compares the months' ids where their ranges overlap (each month's check row carries the
  /// ranges its ids fall in), for every check of `checks` declared across months.
  static func idsSharedAcrossMonths(
    checks: [SQLFile], months: [Period], results: [MonthKey: QueryResult],
    zone: TimeZone, on leader: PostgresConnection
  ) throws -> [String: SharedIDs] {
    var shared: [String: SharedIDs] = [:]
    guard let first = months.first, let last = months.last else { return shared }
    let (start, _) = first.bounds(in: zone)
    let (_, end) = last.bounds(in: zone)
    for file in checks {
      for across in AcrossMonths.parse(file.text) {
        let ranges = try months.map { month in
          guard let result = results[MonthKey(file: file.path, month: month)] else {
            return [ClosedRange<Int64>]()
          }
          return try CheckResult.results(from: result).first { $0.checkID == across.checkID }?
            .idRanges ?? []
        }
        let overlaps = AcrossMonths.overlaps(ranges)
        guard !overlaps.isEmpty else { continue }
        let row = try leader.query(
          across.query(ranges: overlaps, from: start, to: end, zone: zone, origin: file.path)
        ).first
        shared[across.checkID] = SharedIDs(
          extra: try row?.decode(Int64.self, "extra") ?? 0,
          samples: PostgresTextArray.parse(try row?.decode(String?.self, "sample_ids")))
      }
    }
    return shared
  }

  /// The period's check results, in the job's order: each monthly check composed over the
  /// period's months (with the ids the months share), the others as they ran for the period.
  static func composedChecks(
    _ files: [SQLFile], months: [Period], results: [MonthKey: QueryResult],
    direct: [String: QueryResult], shared: [String: SharedIDs]
  ) throws -> [CheckResult] {
    var composed: [CheckResult] = []
    for file in files {
      guard file.dependencies.isMonthly else {
        if let result = direct[file.path] { composed += try CheckResult.results(from: result) }
        continue
      }
      var perCheck: [String: [CheckResult]] = [:]
      var order: [String] = []
      for month in months {
        guard let result = results[MonthKey(file: file.path, month: month)] else { continue }
        for check in try CheckResult.results(from: result) {
          if perCheck[check.checkID] == nil { order.append(check.checkID) }
          perCheck[check.checkID, default: []].append(check)
        }
      }
      for id in order {
        guard var check = CheckResult.composing(perCheck[id] ?? []) else { continue }
        if let across = shared[id] {
          check.failing += across.extra
          check.sampleIDs = Array((check.sampleIDs + across.samples).prefix(5))
        }
        composed.append(check)
      }
    }
    return composed
  }
}
