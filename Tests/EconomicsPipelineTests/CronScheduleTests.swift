import Foundation
import PipelineModel
import Testing

@testable import EconomicsPipeline

/// A job's `schedule`: what crontab(5) accepts, and when it fires.
@Suite struct CronScheduleTests {
  static let utc = TimeZone(identifier: "UTC") ?? .gmt
  static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
  static let newYork = TimeZone(identifier: "America/New_York") ?? .gmt

  /// An instant written as a local time in `zone`.
  static func date(_ text: String, _ zone: TimeZone = utc) throws -> Date {
    let parts = text.split(whereSeparator: { "- :".contains($0) }).compactMap { Int($0) }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    return try #require(
      calendar.date(
        from: DateComponents(
          year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])))
  }

  static func schedule(_ text: String) throws -> CronSchedule {
    try CronSchedule.parse(text).get()
  }

  // MARK: - Parsing

  @Test(arguments: [
    "0 6 2 * *", "0 7 2 1 *", "*/15 * * * *", "0 0-23/6 * * 1-5", "30 2 1,15 * *",
    "0 6 * jan mon", "0 6 * * 7", "0   6 2 * *",
  ])
  func whatCrontabAcceptsIsAccepted(text: String) throws {
    let schedule = try Self.schedule(text)
    #expect(!schedule.text.contains("  "))
  }

  @Test(arguments: [
    ("0 0 6 2 * *", "found 6 fields"),
    ("0 6 2 *", "found 4 fields"),
    ("60 6 2 * *", "minute `60`: must be from 0 to 59"),
    ("0 24 2 * *", "hour `24`: must be from 0 to 23"),
    ("0 6 0 * *", "day of month `0`: must be from 1 to 31"),
    ("0 6 2 13 *", "month `13`: must be from 1 to 12"),
    ("0 6 2 * 8", "day of week `8`: must be from 0 to 7"),
    ("0 6 5-2 * *", "a range goes from low to high"),
    ("*/0 6 2 * *", "the step after `/` must be a whole number"),
    ("5/10 6 2 * *", "a step needs a range before it"),
    ("0 6 2 jan-mar *", "a name such as `jan` only on its own"),
    ("a b c d e", "minute `a`"),
    ("@monthly", "write the five fields"),
    ("0 6 2,,3 * *", "day of month ``"),
  ])
  func whatCrontabRefusesIsRefusedSayingWhy(text: String, message: String) {
    guard case .failure(let problem) = CronSchedule.parse(text) else {
      Issue.record("\(text) was accepted")
      return
    }
    #expect(problem.message.contains(message), "\(problem.message)")
  }

  // MARK: - Firing times

  @Test func theMonthlyJobFiresOnTheSecondOfEachMonth() throws {
    let firings = try Self.schedule("0 6 2 * *").firings(
      after: Self.date("2026-11-25 22:00"), in: Self.utc, count: 3)
    #expect(
      firings == [
        try Self.date("2026-12-02 06:00"), try Self.date("2027-01-02 06:00"),
        try Self.date("2027-02-02 06:00"),
      ])
  }

  @Test func firingsAreReadInTheGivenZone() throws {
    let firing = try #require(
      try Self.schedule("0 6 2 * *").firings(
        after: Self.date("2026-11-25 22:00"), in: Self.shanghai, count: 1
      ).first)
    #expect(firing == (try Self.date("2026-12-01 22:00")))  // 06:00 in Shanghai is 22:00 UTC
  }

  @Test func aRestrictedDayOfMonthAndWeekdayFireOnEither() throws {
    // The 13th, and every Friday: cron's rule when both fields are restricted.
    let firings = try Self.schedule("0 0 13 * 5").firings(
      after: Self.date("2026-11-01 00:00"), in: Self.utc, count: 4)
    #expect(
      firings == [
        try Self.date("2026-11-06 00:00"), try Self.date("2026-11-13 00:00"),
        try Self.date("2026-11-20 00:00"), try Self.date("2026-11-27 00:00"),
      ])
    // With the weekday `*`, only the day of month.
    let monthly = try Self.schedule("0 0 13 * *").firings(
      after: Self.date("2026-11-01 00:00"), in: Self.utc, count: 2)
    #expect(monthly == [try Self.date("2026-11-13 00:00"), try Self.date("2026-12-13 00:00")])
  }

  @Test func sundayIsZeroOrSevenAndNamesCount() throws {
    let after = try Self.date("2026-11-25 00:00")  // a Wednesday
    let sunday = try Self.date("2026-11-29 08:00")
    for text in ["0 8 * * 0", "0 8 * * 7", "0 8 * * sun", "0 8 * * SUN"] {
      #expect(try Self.schedule(text).firings(after: after, in: Self.utc, count: 1) == [sunday])
    }
    #expect(
      try Self.schedule("0 8 1 feb *").firings(after: after, in: Self.utc, count: 1) == [
        try Self.date("2027-02-01 08:00")
      ])
  }

  @Test func stepsAndListsExpand() throws {
    let firings = try Self.schedule("*/20 1,3 * * *").firings(
      after: Self.date("2026-11-25 00:00"), in: Self.utc, count: 4)
    #expect(
      firings == [
        try Self.date("2026-11-25 01:00"), try Self.date("2026-11-25 01:20"),
        try Self.date("2026-11-25 01:40"), try Self.date("2026-11-25 03:00"),
      ])
  }

  @Test func aDayThatNeverComesNeverFires() throws {
    #expect(
      try Self.schedule("0 6 31 2 *").firings(
        after: Self.date("2026-11-25 00:00"), in: Self.utc, count: 1
      ).isEmpty)
    // 29 February fires in leap years only.
    #expect(
      try Self.schedule("0 6 29 2 *").firings(
        after: Self.date("2026-11-25 00:00"), in: Self.utc, count: 1) == [
          try Self.date("2028-02-29 06:00")
        ])
  }

  @Test func aTimeSkippedByDaylightSavingIsLeftOut() throws {
    // New York skipped 02:00–03:00 on 8 March 2026.
    let firings = try Self.schedule("30 2 * * *").firings(
      after: Self.date("2026-03-07 12:00", Self.newYork), in: Self.newYork, count: 2)
    #expect(
      firings == [
        try Self.date("2026-03-09 02:30", Self.newYork),
        try Self.date("2026-03-10 02:30", Self.newYork),
      ])
  }
}
