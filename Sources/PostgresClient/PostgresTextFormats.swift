import Foundation

// MARK: - numeric

/// Exact conversion between PostgreSQL's `numeric` text and `Decimal`.
enum PostgresNumeric {
  /// The most significant digits a `Decimal` holds exactly.
  static let maximumDigits = 38

  /// Plain notation of a decimal (Foundation's `description` never uses an exponent).
  static func plainText(_ value: Decimal) -> String { value.description }

  /// Why a numeric text cannot become a `Decimal`.
  enum Failure: Error {
    case notFinite
    case malformed
    case tooManyDigits(Int)
  }

  /// Parses `-?digits[.digits]` exactly; rejects `NaN`, `Infinity` and values whose significant
  /// digits do not fit in a `Decimal` (rather than silently rounding money).
  static func parse(_ text: String) throws(Failure) -> Decimal {
    let lower = text.lowercased()
    if lower == "nan" || lower.hasSuffix("infinity") { throw .notFinite }
    var digits: [UInt8] = []
    digits.reserveCapacity(text.utf8.count)
    var negative = false
    var fractionDigits = 0
    var seenPoint = false
    for (index, byte) in text.utf8.enumerated() {
      switch byte {
      case UInt8(ascii: "-") where index == 0: negative = true
      case UInt8(ascii: "+") where index == 0: break
      case UInt8(ascii: "."):
        if seenPoint { throw .malformed }
        seenPoint = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        digits.append(byte - UInt8(ascii: "0"))
        if seenPoint { fractionDigits += 1 }
      default: throw .malformed
      }
    }
    if digits.isEmpty { throw .malformed }
    // Trailing zeros of the fraction carry no value; leading zeros neither.
    while fractionDigits > 0, digits.last == 0 {
      digits.removeLast()
      fractionDigits -= 1
    }
    var exponent = -fractionDigits
    // Trailing zeros of an integer go into the exponent so big round numbers stay exact.
    while exponent >= 0, digits.count > 1, digits.last == 0 {
      digits.removeLast()
      exponent += 1
    }
    let significant = Array(digits.drop(while: { $0 == 0 }))
    if significant.isEmpty { return Decimal(0) }
    if significant.count > maximumDigits { throw .tooManyDigits(significant.count) }
    // Decimal arithmetic is exact while the significand fits its 128-bit mantissa (38 digits).
    var significand = Decimal(0)
    for digit in significant {
      significand = significand * 10 + Decimal(Int(digit))
    }
    let value = Decimal(
      sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
    return value
  }
}

// MARK: - timestamptz

/// ISO 8601 text for `timestamptz`, and the parser for PostgreSQL's `DateStyle = ISO` output.
enum PostgresTimestamp {
  /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, rounded to the microsecond (PostgreSQL's precision).
  static func iso8601(_ date: Date) -> String {
    let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    let (seconds, fraction) = floorDivision(micros, 1_000_000)
    let (days, secondOfDay) = floorDivision(seconds, 86_400)
    let civil = CivilCalendar.civil(days: Int(days))
    let hour = secondOfDay / 3600
    let minute = secondOfDay % 3600 / 60
    let second = secondOfDay % 60
    func two(_ n: Int64) -> String { String(n).leftPadded(to: 2) }
    return "\(String(civil.year).leftPadded(to: 4))-\(String(civil.month).leftPadded(to: 2))-"
      + "\(String(civil.day).leftPadded(to: 2))T\(two(hour)):\(two(minute)):\(two(second))."
      + "\(String(fraction).leftPadded(to: 6))Z"
  }

  /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]]` (also with `T`); without an offset
  /// the time is taken as UTC (for `timestamp without time zone`). Rejects `infinity` and BC.
  static func parse(_ text: String) -> Date? {
    let bytes = Array(text.utf8)
    var index = 0
    func number(minDigits: Int, maxDigits: Int) -> Int? {
      var value = 0
      var count = 0
      while index < bytes.count, count < maxDigits, (48...57).contains(bytes[index]) {
        value = value * 10 + Int(bytes[index] - 48)
        index += 1
        count += 1
      }
      return count >= minDigits ? value : nil
    }
    func expect(_ scalar: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == scalar else { return false }
      index += 1
      return true
    }
    guard let year = number(minDigits: 4, maxDigits: 7), expect(45),  // -
      let month = number(minDigits: 2, maxDigits: 2), expect(45),
      let day = number(minDigits: 2, maxDigits: 2),
      let date = PostgresDate(year: year, month: month, day: day),
      expect(32) || expect(84),  // space or T
      let hour = number(minDigits: 2, maxDigits: 2), hour < 24, expect(58),  // :
      let minute = number(minDigits: 2, maxDigits: 2), minute < 60, expect(58),
      let second = number(minDigits: 2, maxDigits: 2), second < 61
    else { return nil }
    var micros = 0
    if expect(46) {  // .
      let start = index
      guard let fraction = number(minDigits: 1, maxDigits: 6) else { return nil }
      let count = index - start
      micros = fraction * Int(pow(10, Double(6 - count)))
      while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
    }
    var offsetSeconds = 0
    if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 {  // + or -
      let sign = bytes[index] == 45 ? -1 : 1
      index += 1
      guard let offsetHours = number(minDigits: 2, maxDigits: 2) else { return nil }
      var offsetMinutes = 0
      var offsetSecs = 0
      if expect(58) {
        guard let m = number(minDigits: 2, maxDigits: 2) else { return nil }
        offsetMinutes = m
        if expect(58) {
          guard let s = number(minDigits: 2, maxDigits: 2) else { return nil }
          offsetSecs = s
        }
      }
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60 + offsetSecs)
    } else if expect(90) {  // Z
    }
    guard index == bytes.count else { return nil }  // rejects " BC" and anything unexpected
    let seconds =
      date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
  }

  private static func floorDivision(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
    let quotient = a >= 0 ? a / b : (a - b + 1) / b
    return (quotient, a - quotient * b)
  }
}
