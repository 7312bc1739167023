import Foundation
import HospitalEconomics

/// Locale-independent number formatting, so reports are byte-identical on every machine.
public enum NumberFormat {
  /// `value` rounded half away from zero to `decimals` places, with `,` thousands separators and a
  /// `.` decimal point: `26,364,096.00`. Negative values use a hyphen-minus.
  public static func grouped(_ value: Decimal, decimals: Int) -> String {
    let plainText = plain(value, decimals: decimals)
    let negative = plainText.hasPrefix("-")
    let unsigned = negative ? String(plainText.dropFirst()) : plainText
    let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
    let integer = String(parts[0])
    var grouped = ""
    for (index, character) in integer.enumerated() {
      if index > 0 && (integer.count - index) % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    let fraction = parts.count > 1 ? "." + parts[1] : ""
    return (negative ? "-" : "") + grouped + fraction
  }

  /// `value` rounded half away from zero to exactly `decimals` places, no separators: `26364096.00`.
  public static func plain(_ value: Decimal, decimals: Int) -> String {
    let rounded = value.rounded(scale: decimals, mode: .plain)
    let text = rounded == 0 ? "0" : digits(of: rounded)
    guard decimals > 0 else { return text }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    return String(parts[0]) + "." + fraction
      + String(repeating: "0", count: max(0, decimals - fraction.count))
  }

  /// `value` with as many decimals as it has (six at most after the caller's rounding): `0.5`, `24`.
  public static func plainTrimmed(_ value: Decimal) -> String {
    let text = digits(of: value)
    return text == "-0" ? "0" : text
  }

  /// The decimal digits of `value` (Decimal's description is locale-independent), never in exponent form.
  private static func digits(of value: Decimal) -> String {
    if value.isNaN { return "NaN" }
    return value.description
  }
}

extension NumberFormat {
  /// `value` with its own decimals (six at most) and thousands separators: `1,889.6`, `0.5`, `20,000,000`.
  public static func groupedTrimmed(_ value: Decimal) -> String {
    let trimmed = plainTrimmed(value.rounded(scale: 6, mode: .plain))
    let decimals = trimmed.split(separator: ".").dropFirst().first?.count ?? 0
    return grouped(value, decimals: decimals)
  }

  /// Money in millions of CNY with two decimals: `535.36 M CNY`.
  public static func millionsCNY(_ value: Decimal) -> String {
    grouped(value / 1_000_000, decimals: 2) + " M CNY"
  }

  /// Money for a sentence, in a unit that never rounds a real amount away: millions of CNY from
  /// one million up (`535.36 M CNY`), whole CNY with fen below (`-23,221.72 CNY`).
  public static func amountCNY(_ value: Decimal) -> String {
    abs(value) >= 1_000_000 ? millionsCNY(value) : money(value) + " CNY"
  }

  /// Amounts that stand together in one sentence, in one unit: millions of CNY when every
  /// non-zero amount reaches a million, else whole CNY with fen (so none is rounded away).
  public static func amountsCNY(_ values: [Decimal]) -> [String] {
    let inMillions = values.allSatisfy { $0 == 0 || abs($0) >= 1_000_000 }
    return values.map { inMillions ? millionsCNY($0) : money($0) + " CNY" }
  }

  /// A moment with its offset from UTC, in `zone`: `2026-11-02T06:00:03+08:00`.
  public static func timestamp(_ date: Date, in zone: TimeZone) -> String {
    var style = Date.ISO8601FormatStyle(timeZone: zone)
    style = style.year().month().day().time(includingFractionalSeconds: false)
      .timeZone(separator: .colon)
    let text = date.formatted(style)
    // The style writes UTC as `Z`; say the offset in the same form as every other zone.
    return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
  }

  /// Money with two decimals and separators: `26,364,096.00`.
  public static func money(_ value: Decimal) -> String {
    grouped(value, decimals: MoneyPolicy.displayScale)
  }

  /// A share as a percentage with one decimal: `8.0 %`.
  public static func percent(_ share: Decimal) -> String {
    grouped(share * 100, decimals: 1) + " %"
  }

  /// A driver value for people.
  public static func driverValue(_ value: DriverValue) -> String {
    switch value {
    case .count(let count): grouped(Decimal(count), decimals: 0)
    case .quantity(let quantity): groupedTrimmed(Decimal(quantity: quantity))
    case .exact(let exact): groupedTrimmed(exact)
    case .choice(let choice): choice
    }
  }

  /// A driver value as a plain CSV field.
  public static func driverCSVValue(_ value: DriverValue) -> String {
    switch value {
    case .count(let count): String(count)
    case .quantity(let quantity): plainTrimmed(Decimal(quantity: quantity))
    case .exact(let exact): plainTrimmed(exact.rounded(scale: 6, mode: .plain))
    case .choice(let choice): choice
    }
  }
}
