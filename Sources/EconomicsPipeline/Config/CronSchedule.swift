import Foundation
import PipelineModel

/// A job's `schedule`: a five-field cron expression, as crontab(5) reads it, checked here so that
/// `metahospital schedule` never writes a line that `crontab` refuses (it would refuse the whole
/// file), and so that the firing times can be shown in the job's time zone.
///
/// Fields: minute (0–59), hour (0–23), day of month (1–31), month (1–12 or `jan`–`dec`), day of
/// week (0–7, 0 and 7 are Sunday, or `sun`–`sat`). Each is `*`, a number, a range `a-b`, a step
/// `*/n` or `a-b/n`, or a comma-separated list of those; a month or weekday may also be one name.
/// As cron does, when both the day of month and the day of week are restricted (neither starts
/// with `*`), a day matches when either does.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
  /// The expression as written, fields separated by single spaces.
  public let text: String
  let minutes: Set<Int>
  let hours: Set<Int>
  let days: Set<Int>
  let months: Set<Int>
  /// Days of the week, 0 (Sunday) to 6.
  let weekdays: Set<Int>
  let daysRestricted: Bool
  let weekdaysRestricted: Bool

  /// The expression as written.
  public var description: String { text }

  /// A problem with an expression: what, and the 1-based character where it starts.
  public struct Problem: Error, Equatable, Sendable {
    /// What is wrong and what to write instead.
    public var message: String
    /// The character of the expression where the problem is, from 1.
    public var column: Int
  }

  /// The example every message ends with.
  static let example = "e.g. \"0 6 2 * *\" (06:00 on the 2nd of every month)"

  // MARK: - Parsing

  /// Reads an expression.
  public static func parse(_ text: String) -> Result<CronSchedule, Problem> {
    if text.hasPrefix("@") {
      return .failure(
        Problem(
          message:
            "`\(SafeText.visible(text))` is a shorthand that not every cron reads: write the five fields, \(example)",
          column: 1))
    }
    // Fields and the column each starts at.
    var fields: [(text: Substring, column: Int)] = []
    var column = 1
    var current: Substring.Index?
    for (offset, index) in zip(0..., text.indices) {
      let isSpace = text[index] == " " || text[index] == "\t"
      if isSpace, let start = current {
        fields.append((text[start..<index], column))
        current = nil
      } else if !isSpace, current == nil {
        current = index
        column = offset + 1
      }
    }
    if let start = current { fields.append((text[start...], column)) }
    guard fields.count == 5 else {
      return .failure(
        Problem(
          message:
            "must be a five-field cron expression (minute hour day month weekday), found \(fields.count) field\(fields.count == 1 ? "" : "s"); \(example), or `none` for a job cron does not run",
          column: 1))
    }
    let specs: [(name: String, range: ClosedRange<Int>, names: [String])] = [
      ("minute", 0...59, []),
      ("hour", 0...23, []),
      ("day of month", 1...31, []),
      (
        "month", 1...12,
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
      ),
      ("day of week", 0...7, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ]
    var sets: [Set<Int>] = []
    for (field, spec) in zip(fields, specs) {
      switch parseField(
        String(field.text), range: spec.range, names: spec.names, fieldName: spec.name)
      {
      case .success(let values): sets.append(values)
      case .failure(let problem):
        return .failure(
          Problem(message: problem.message, column: field.column + problem.column - 1))
      }
    }
    let weekdays = Set(sets[4].map { $0 == 7 ? 0 : $0 })
    return .success(
      CronSchedule(
        text: fields.map { String($0.text) }.joined(separator: " "), minutes: sets[0],
        hours: sets[1], days: sets[2], months: sets[3], weekdays: weekdays,
        daysRestricted: !fields[2].text.hasPrefix("*"),
        weekdaysRestricted: !fields[4].text.hasPrefix("*")))
  }

  private static func parseField(
    _ field: String, range: ClosedRange<Int>, names: [String], fieldName: String
  ) -> Result<Set<Int>, Problem> {
    if let index = names.firstIndex(of: field.lowercased()) {
      return .success([range.lowerBound == 0 ? index : index + 1])
    }
    var values: Set<Int> = []
    var column = 1
    for part in field.split(separator: ",", omittingEmptySubsequences: false) {
      defer { column += part.count + 1 }
      func problem(_ message: String) -> Result<Set<Int>, Problem> {
        .failure(
          Problem(
            message: "\(fieldName) `\(SafeText.visible(String(part)))`: \(message)", column: column)
        )
      }
      let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
      guard pieces.count <= 2, let base = pieces.first, !base.isEmpty else {
        return problem("expected `*`, a number, a range such as `1-5` or a step such as `*/15`")
      }
      var step = 1
      if pieces.count == 2 {
        guard let number = number(pieces[1]), number >= 1, number <= range.upperBound else {
          return problem("the step after `/` must be a whole number from 1 to \(range.upperBound)")
        }
        step = number
      }
      let bounds: ClosedRange<Int>
      if base == "*" {
        bounds = range.lowerBound...(fieldName == "day of week" ? 6 : range.upperBound)
      } else {
        let ends = base.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2, let low = number(ends[0]), let high = number(ends.last ?? "") else {
          let hint = names.isEmpty ? "" : " (a name such as `\(names[0])` only on its own)"
          return problem(
            "expected numbers from \(range.lowerBound) to \(range.upperBound)\(hint)")
        }
        guard range.contains(low), range.contains(high) else {
          return problem("must be from \(range.lowerBound) to \(range.upperBound)")
        }
        guard low <= high else { return problem("a range goes from low to high, e.g. `1-5`") }
        guard pieces.count == 1 || ends.count == 2 else {
          return problem("a step needs a range before it, e.g. `*/15` or `0-30/10`")
        }
        bounds = low...high
      }
      values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }
    return .success(values)
  }

  private static func number(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.count <= 2, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return nil
    }
    return Int(text)
  }

  // MARK: - Firing times

  /// Whether the schedule fires on the local day `day` (1–31) of `month` (1–12), a `weekday`
  /// (0 Sunday … 6).
  func firesOn(day: Int, month: Int, weekday: Int) -> Bool {
    guard months.contains(month) else { return false }
    let dayMatches = days.contains(day)
    let weekdayMatches = weekdays.contains(weekday)
    return daysRestricted && weekdaysRestricted
      ? (dayMatches || weekdayMatches) : (dayMatches && weekdayMatches)
  }

  /// The next `count` instants after `date` at which cron, running in `zone`, fires (within
  /// eight years: a schedule for 31 February never fires, and gives none).
  public func firings(after date: Date, in zone: TimeZone, count: Int) -> [Date] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    var found: [Date] = []
    var day = calendar.startOfDay(for: date)
    let sortedHours = hours.sorted()
    let sortedMinutes = minutes.sorted()
    for _ in 0..<(8 * 366) {
      let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
      if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
        firesOn(day: dayOfMonth, month: month, weekday: weekday - 1)
      {
        for hour in sortedHours {
          for minute in sortedMinutes {
            var wanted = parts
            wanted.hour = hour
            wanted.minute = minute
            wanted.weekday = nil
            // A local time skipped by a daylight-saving change is left out, as cron does not
            // promise it either.
            guard let instant = calendar.date(from: wanted),
              calendar.component(.hour, from: instant) == hour, instant > date
            else { continue }
            found.append(instant)
            if found.count == count { return found }
          }
        }
      }
      guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
      day = next
    }
    return found
  }
}

/// A job's `schedule` key: a cron expression, or `none` for a job that cron does not run (the
/// demo job, a job run by hand).
public enum JobSchedule: Sendable, Equatable, CustomStringConvertible {
  /// Cron runs the job at these times (in the server's time zone).
  case cron(CronSchedule)
  /// `schedule: none`: `metahospital schedule` leaves the job out.
  case none

  /// The word that switches scheduling off.
  public static let noneKeyword = "none"

  /// The expression, or `none`.
  public var description: String {
    switch self {
    case .cron(let schedule): schedule.text
    case .none: Self.noneKeyword
    }
  }

  /// The cron expression, or nil for `none`.
  public var cron: CronSchedule? {
    if case .cron(let schedule) = self { return schedule }
    return nil
  }
}
