import Foundation
import HospitalEconomics
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// Every sentence of a run report about the calendar (the period's days, the factor
/// that annualizes it, the percentages by which monthly amounts read differently, the year to
/// date and the days left) agrees with the figures of the same report and with the calendar
/// worked out here: months, a quarter and a year of a leap year in a time zone with daylight
/// saving time (Europe/Berlin, 2024). A day's real hours (23, 24, 25) are proven on the SQL that
/// counts them (`ConservationTests`): no sentence of the report states them.
@Suite struct CalendarSentenceTests {
  typealias Day = ConservationTests.Day
  static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt

  /// Noon of `day` in Berlin.
  static func berlinNoon(_ day: Day) -> Date { day.start(in: berlin).addingTimeInterval(12 * 3600) }

  /// A shipped job with its time zone and grain replaced, written to `folder`.
  static func job(_ name: String, grain: String, in folder: URL) throws -> String {
    var text = try String(
      contentsOfFile: Repository.path("Pipelines/\(name).yaml"), encoding: .utf8)
    for (line, replacement) in [
      ("time_zone: Asia/Shanghai", "time_zone: Europe/Berlin"),
      ("grain: month", "grain: \(grain)"), ("grain: year", "grain: \(grain)"),
    ] {
      text = text.replacingOccurrences(of: line, with: replacement)
    }
    let path = folder.appending(path: "\(name)-\(grain).yaml").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Every match of `pattern` in `text`, as its capture groups.
  static func matches(_ pattern: String, in text: String) -> [[String]] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).map { match in
      (1..<match.numberOfRanges).map {
        Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? ""
      }
    }
  }

  /// `share` as the report prints a percentage: one decimal, a sign when not zero.
  static func percent(_ share: Double) -> String {
    let text = String(format: "%.1f", share * 100)
    return text == "0.0" || text == "-0.0" ? "0.0" : (share > 0 ? "+" : "") + text
  }

  @Test func everyCalendarSentenceAgreesWithTheReportsFigures() throws {
    try TestDatabase.withScratchDatabase { url in
      let connection = try SeededDatabase.migrate(url)
      _ = try Seeder(logger: TestDatabase.quietLogger).seed(
        Seeder.Request(
          year: 2024, scale: SeededDatabase.scale, seed: 2024, timeZone: Self.berlin,
          scenarioPath: SeededDatabase.scenario,
          sqlPath: Repository.path("sql/seed/synthetic.sql")),
        on: connection)
      try withTemporaryDirectory { folder in
        let monthly = try Self.job("monthly-economics", grain: "month", in: folder)
        let quarterly = try Self.job("monthly-economics", grain: "quarter", in: folder)
        let yearly = try Self.job("yearly-economics", grain: "year", in: folder)
        let periods: [(job: String, period: String, first: Day, end: Day, months: Int)] = [
          (monthly, "2024-02", Day(2024, 2, 1), Day(2024, 3, 1), 1),
          (monthly, "2024-03", Day(2024, 3, 1), Day(2024, 4, 1), 1),
          (monthly, "2024-10", Day(2024, 10, 1), Day(2024, 11, 1), 1),
          (monthly, "2024-07", Day(2024, 7, 1), Day(2024, 8, 1), 1),
          (quarterly, "2024-Q1", Day(2024, 1, 1), Day(2024, 4, 1), 3),
          (yearly, "2024", Day(2024, 1, 1), Day(2025, 1, 1), 12),
        ]
        for (job, period, first, end, months) in periods {
          let out = folder.appending(path: period)
          _ = try runJob(job, period: period, url: url, out: out)
          let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
          let summary = try csvValues(out.appending(path: "summary.csv"))
          let days = end - first
          let daysInYear = 366
          let yearToDate = end - Day(2024, 1, 1)
          let share = Double(daysInYear) / Double(days) * Double(months) / 12 - 1
          let context = Comment(rawValue: period)

          // The figures.
          #expect(summary["period_days"] == String(days), context)
          let factor = Double(summary["annualization_factor"] ?? "") ?? 0
          #expect(abs(factor - Double(daysInYear) / Double(days)) < 5e-7, context)
          if months == 12 {
            for (flow, annual) in [
              ("period_total_cost_cny", "annual_total_cost_cny"),
              ("period_margin_cny", "annual_margin_cny"),
              ("period_effective_revenue_cny", "effective_revenue_cny"),
              ("period_staff_cost_cny", "staff_cost_cny"),
              ("period_other_services_cny", "other_services_cny"),
              ("period_electricity_cost_cny", "annual_electricity_cost_cny"),
              ("period_virtual_visits", "annual_visits"),
            ] {
              #expect(summary[flow] != nil && summary[flow] == summary[annual], "\(annual)")
            }
            #expect(summary["ytd_days"] == String(days), context)
          }

          // The sentences.
          let stated = Self.matches(
            #"\((\d+) days, (?:from data|Europe/Berlin calendar)\)"#, in: report)
          #expect(stated.count == 2, context)
          #expect(stated.allSatisfy { $0 == [String(days)] }, context)
          let factors = Self.matches(#"× (\d+)/(\d+)\)"#, in: report)
          #expect(factors.isEmpty == (months == 12), context)
          #expect(factors.allSatisfy { $0 == [String(daysInYear), String(days)] }, context)
          if months < 12 {
            let method = Self.matches(
              #"this period's (\d+) days × (\d+)/(\d+) read ([+-]?[\d.]+) % against × (\d+)"#,
              in: report)
            #expect(
              method == [
                [
                  String(days), String(daysInYear), String(days), Self.percent(share),
                  String(12 / months),
                ]
              ], "\(period): \(method)")
            let bridge = Self.matches(#"([+-][\d.]+) % against twelve months of them"#, in: report)
            #expect(bridge.allSatisfy { $0 == [Self.percent(share)] }, context)
            #expect(bridge.count == (Self.percent(share) == "0.0" ? 0 : 1), context)
            #expect(report.contains("a whole year is not annualized") == false, context)
          } else {
            #expect(report.contains("a whole year is not annualized"), context)
            #expect(!report.contains("against twelve months of them"), context)
          }
          let toDate = Self.matches(#"\*\*Year to date\*\* \((\d+) days\)"#, in: report)
          #expect(toDate.allSatisfy { $0 == [String(yearToDate)] } && !toDate.isEmpty, context)
          for runRate in Self.matches(#"run rate: × (\d+)/(\d+) days"#, in: report) {
            #expect(runRate == [String(daysInYear), String(yearToDate)], context)
          }
          for left in Self.matches(#"for the (\d+) days left"#, in: report) {
            #expect(left == [String(daysInYear - yearToDate)], context)
          }
          // A year that has ended says so once, without a forecast that contradicts it.
          if months == 12 {
            #expect(!report.contains("has not ended"), context)
            #expect(report.contains("The year is complete: no forecast."), context)
          }
        }
        // The same year run on 20 December, before it ended: it says so, and nothing says the
        // year is complete.
        let early = folder.appending(path: "2024-early")
        _ = try RunPipeline(logger: TestDatabase.quietLogger).run(
          RunPipeline.Request(
            jobPath: yearly, period: "2024", outputDirectory: early.path,
            database: DatabaseSettings.resolve(flag: url, environment: [:]),
            root: Repository.root,
            now: Self.berlinNoon(Day(2024, 12, 20))))
        let report = try String(contentsOf: early.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("**The period has not ended yet**"))
        #expect(report.contains("The year has not ended: all its months have begun"))
        #expect(!report.contains("The year is complete"))
      }
    }
  }
}
