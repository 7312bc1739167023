import EconomicsPipeline
import Foundation
import PipelineModel
import Testing

/// Reporting periods: how they are written, where they start and end in the hospital's calendar.
@Suite struct PeriodTests {
  static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt

  /// An instant written in ISO 8601 with its offset, e.g. `2026-09-30T16:00:00Z`.
  static func instant(_ text: String) throws -> Date {
    try Date(text, strategy: .iso8601)
  }

  // MARK: - Parsing

  @Test(arguments: [
    ("2026-10", Period.month(2026, 10)),
    ("2026-01", .month(2026, 1)),
    ("2026-Q3", .quarter(2026, 3)),
    ("2026-q1", .quarter(2026, 1)),
    ("2026", .year(2026)),
    (" 2026-12 ", .month(2026, 12)),
  ])
  func parsesMonthsQuartersAndYears(text: String, period: Period) throws {
    #expect(try Period(parsing: text) == period)
  }

  @Test(arguments: [
    "", "26", "26-10", "2026-13", "2026-00", "2026-1", "2026-001", "2026-Q0", "2026-Q5", "2026-Q",
    "2026-Q12", "Q3-2026", "2026-10-01", "2026/10", "abcd", "2026-", "10-2026", "0999",
    // Matched whole: no sign, no other script's digits, nothing after.
    "2026-+1", "+202-10", "2026-Q+", "٢٠٢٦-10", "2026-10\n", "2026-10\u{2028}",
  ])
  func rejectsMalformedText(text: String) {
    #expect(throws: PeriodError.malformed(text)) { try Period(parsing: text) }
  }

  @Test func malformedPeriodIsAUsageErrorShowingTheForms() {
    let error = PeriodError.malformed("2026-13")
    #expect(error.exitStatus == .usage)
    #expect(error.description.contains("'2026-13'"))
    #expect(error.description.contains("2026-10"))
    #expect(error.description.contains("2026-Q3"))
  }

  @Test func wrongGrainNamesTheJobsGrainAndHowToWriteIt() {
    let error = PeriodError.wrongGrain(period: .year(2026), job: "monthly-economics", grain: .month)
    #expect(error.exitStatus == .usage)
    #expect(
      error.description
        == "period 2026 is a year, but job 'monthly-economics' reports by month: give --period as YYYY-MM, e.g. 2026-10"
    )
  }

  @Test(arguments: [Period.month(2026, 3), .month(2026, 12), .quarter(2026, 4), .year(2026)])
  func descriptionParsesBackToTheSamePeriod(period: Period) throws {
    #expect(try Period(parsing: period.description) == period)
  }

  // MARK: - Bounds in the hospital's calendar

  @Test func octoberStartsAtLocalMidnightOfShanghai() throws {
    let (start, end) = Period.month(2026, 10).bounds(in: Self.shanghai)
    #expect(start == (try Self.instant("2026-09-30T16:00:00Z")))
    #expect(end == (try Self.instant("2026-10-31T16:00:00Z")))
  }

  @Test func decemberEndsAtTheNextYearsFirstMidnight() throws {
    let (start, end) = Period.month(2026, 12).bounds(in: Self.shanghai)
    #expect(start == (try Self.instant("2026-11-30T16:00:00Z")))
    #expect(end == (try Self.instant("2026-12-31T16:00:00Z")))
  }

  @Test func quarterAndYearBounds() throws {
    let q3 = Period.quarter(2026, 3).bounds(in: Self.shanghai)
    #expect(q3.start == (try Self.instant("2026-06-30T16:00:00Z")))
    #expect(q3.end == (try Self.instant("2026-09-30T16:00:00Z")))
    let year = Period.year(2026).bounds(in: Self.shanghai)
    #expect(year.start == (try Self.instant("2025-12-31T16:00:00Z")))
    #expect(year.end == (try Self.instant("2026-12-31T16:00:00Z")))
  }

  @Test func monthsTileTheirYearWithoutGapsOrOverlaps() {
    let months = Period.year(2026).months
    #expect(
      months.first?.bounds(in: Self.shanghai).start
        == Period.year(2026).bounds(in: Self.shanghai).start)
    #expect(
      months.last?.bounds(in: Self.shanghai).end == Period.year(2026).bounds(in: Self.shanghai).end)
    for (earlier, later) in zip(months, months.dropFirst()) {
      #expect(earlier.bounds(in: Self.shanghai).end == later.bounds(in: Self.shanghai).start)
    }
  }

  // MARK: - Days

  @Test(arguments: [
    (Period.month(2028, 2), 29),
    (.month(2026, 2), 28),
    (.month(2026, 10), 31),
    (.month(2026, 11), 30),
    (.quarter(2026, 1), 90),
    (.quarter(2026, 3), 92),
    (.year(2026), 365),
    (.year(2028), 366),
  ])
  func dayCount(period: Period, days: Int) {
    #expect(period.dayCount == days)
  }

  @Test func daysInYearFollowLeapYears() {
    #expect(Period.month(2028, 2).daysInYear == 366)
    #expect(Period.quarter(2026, 2).daysInYear == 365)
  }

  // MARK: - The last closed period (what cron runs)

  @Test func lastClosedMonthQuarterAndYear() throws {
    let now = try Self.instant("2026-11-25T09:00:00Z")
    #expect(Period.lastClosed(.month, before: now, in: Self.shanghai) == .month(2026, 10))
    #expect(Period.lastClosed(.quarter, before: now, in: Self.shanghai) == .quarter(2026, 3))
    #expect(Period.lastClosed(.year, before: now, in: Self.shanghai) == .year(2025))
  }

  @Test func lastClosedWrapsIntoThePreviousYearInJanuary() throws {
    let now = try Self.instant("2027-01-02T06:00:00Z")
    #expect(Period.lastClosed(.month, before: now, in: Self.shanghai) == .month(2026, 12))
    #expect(Period.lastClosed(.quarter, before: now, in: Self.shanghai) == .quarter(2026, 4))
    #expect(Period.lastClosed(.year, before: now, in: Self.shanghai) == .year(2026))
  }

  @Test func lastClosedFollowsTheLocalCalendarNotUTC() throws {
    // 17:00 UTC on 31 October is 01:00 on 1 November in Shanghai: October has ended there.
    let now = try Self.instant("2026-10-31T17:00:00Z")
    #expect(Period.lastClosed(.month, before: now, in: Self.shanghai) == .month(2026, 10))
    #expect(Period.lastClosed(.month, before: now, in: .gmt) == .month(2026, 9))
  }

  @Test func isClosedAtTheLocalEndOfThePeriod() throws {
    let october = Period.month(2026, 10)
    #expect(!october.isClosed(at: try Self.instant("2026-10-31T15:59:59Z"), in: Self.shanghai))
    #expect(october.isClosed(at: try Self.instant("2026-10-31T16:00:00Z"), in: Self.shanghai))
  }

  // MARK: - Months, ordering

  @Test func monthsOfAQuarter() {
    #expect(Period.quarter(2026, 3).months == [.month(2026, 7), .month(2026, 8), .month(2026, 9)])
    #expect(Period.quarter(2026, 4).months.map(\.description) == ["2026-10", "2026-11", "2026-12"])
    #expect(Period.year(2026).months.count == 12)
    #expect(Period.month(2026, 5).months == [.month(2026, 5)])
  }

  @Test func periodsOrderByStartThenLength() {
    #expect(Period.month(2026, 9) < .month(2026, 10))
    #expect(Period.month(2026, 12) < .month(2027, 1))
    #expect(Period.month(2026, 7) < .quarter(2026, 3))
    #expect(Period.year(2025) < .month(2026, 1))
  }
}
