import Foundation
import HospitalEconomics

// MARK: - The words of numbers and dates

// MARK: - Money

extension Wording {
  /// Where an amount stands: a headline (the verdict a reader quotes) or the body of a section.
  public enum Place: Sendable {
    /// Paragraphs before the first section.
    case headline
    /// Sections.
    case body
  }

  /// An amount in a table cell, in the unit the column heading names: CNY with fen in English
  /// (`26,364,096.00`), 万元 with two decimals in Chinese (`2,636.41`).
  public func money(_ amount: Decimal) -> String {
    NumberFormat.grouped(amount / moneyDivisor, decimals: MoneyPolicy.displayScale)
  }

  /// What amounts in tables are divided by: 1 in English (CNY), 10,000 in Chinese (万元).
  public var moneyDivisor: Decimal {
    switch language {
    case .en: 1
    case .zh: 10_000
    }
  }

  /// A price per unit (per visit, per kWh, per PB…), in CNY with fen in every language:
  /// `25.00`.
  public func price(_ amount: Decimal) -> String { NumberFormat.money(amount) }

  /// An amount in a sentence, with its unit, in a unit that never rounds a real amount away.
  /// English: millions of CNY from one million up (`535.36 M CNY`), CNY with fen below
  /// (`-23,221.72 CNY`). Chinese: 万元 from 1 万 up (`53,536.41 万元`), 元 below; in a headline
  /// 亿元 from 1 亿 up (`5.35 亿元`).
  public func amount(_ amount: Decimal, _ place: Place = .body) -> String {
    switch language {
    case .en:
      abs(amount) >= 1_000_000 ? million(amount) : yuan(amount)
    case .zh:
      if place == .headline && abs(amount) >= 100_000_000 {
        self(
          FormatPhrase.amountYi,
          ["number": NumberFormat.grouped(amount / 100_000_000, decimals: 2)])
      } else if abs(amount) >= 10_000 {
        self(FormatPhrase.amountWan, ["number": NumberFormat.grouped(amount / 10_000, decimals: 2)])
      } else {
        yuan(amount)
      }
    }
  }

  /// Amounts that stand together in one sentence. English: in one unit, millions of CNY when
  /// every non-zero amount reaches a million, else CNY with fen. Chinese: each in its own unit
  /// (``amount(_:_:)``), as Chinese prose writes them.
  public func amounts(_ values: [Decimal], _ place: Place = .body) -> [String] {
    switch language {
    case .en:
      let inMillions = values.allSatisfy { $0 == 0 || abs($0) >= 1_000_000 }
      return values.map { inMillions ? million($0) : yuan($0) }
    case .zh:
      return values.map { amount($0, place) }
    }
  }

  /// An amount of the one-off spending or a yearly flow in a sentence: always millions of CNY
  /// in English (`104.00 M CNY`), as ``amount(_:_:)`` in Chinese.
  public func millions(_ value: Decimal, _ place: Place = .body) -> String {
    switch language {
    case .en: million(value)
    case .zh: amount(value, place)
    }
  }

  /// An amount to the fen in a sentence: `326,086,956.52 CNY` in English, as
  /// ``amount(_:_:)`` in Chinese.
  public func exactAmount(_ value: Decimal) -> String {
    switch language {
    case .en: yuan(value)
    case .zh: amount(value)
    }
  }

  /// An amount to the fen, where a change of a few CNY must show (a restated month's figures):
  /// `-52,212.33` in English (as the sentence's figures are), `-52,212.33 元` in Chinese.
  public func preciseMoney(_ value: Decimal) -> String {
    switch language {
    case .en: NumberFormat.money(value)
    case .zh: yuan(value)
    }
  }

  /// An amount with its sign always written: `+500.00 M CNY`, `-15.82 M CNY`.
  public func signedAmount(_ value: Decimal, _ place: Place = .body) -> String {
    (value > 0 ? "+" : "") + amount(value, place)
  }

  private func yuan(_ value: Decimal) -> String {
    self(FormatPhrase.amountYuan, ["number": NumberFormat.money(value)])
  }

  private func million(_ value: Decimal) -> String {
    self(
      FormatPhrase.amountMillion, ["number": NumberFormat.grouped(value / 1_000_000, decimals: 2)])
  }

  // MARK: - Charts

  /// The unit a chart of these amounts reads in, so a small hospital's chart does not show every
  /// bar as 0.00. English: millions of CNY from a million, thousands from a thousand, else CNY.
  /// Chinese: 万元 from 1 万, else 元.
  public func chartUnit(fitting amounts: [Decimal]) -> MermaidChart.MoneyUnit {
    let largest = amounts.map { abs($0) }.max() ?? 0
    switch language {
    case .en:
      if largest >= 1_000_000 {
        return .init(divisor: 1_000_000, name: self(FormatPhrase.unitMillion))
      }
      if largest >= 1_000 { return .init(divisor: 1_000, name: self(FormatPhrase.unitThousand)) }
      return .init(divisor: 1, name: self(FormatPhrase.unitYuan))
    case .zh:
      if largest >= 10_000 { return .init(divisor: 10_000, name: self(FormatPhrase.unitWan)) }
      return .init(divisor: 1, name: self(FormatPhrase.unitYuan))
    }
  }

  /// The unit of a chart that reads in millions of CNY (English) or 万元 (Chinese) when every
  /// non-zero amount reaches it, else CNY: the trend's monthly lines.
  public func chartUnitAllOrNothing(_ amounts: [Decimal]) -> MermaidChart.MoneyUnit {
    let (divisor, phrase): (Decimal, FormatPhrase) =
      language == .en ? (1_000_000, .unitMillion) : (10_000, .unitWan)
    let reaches = amounts.allSatisfy { abs($0) >= divisor || $0 == 0 }
    return reaches
      ? .init(divisor: divisor, name: self(phrase))
      : .init(divisor: 1, name: self(FormatPhrase.unitYuan))
  }

  // MARK: - Figures

  /// A figure's value for people, in the unit ``unit(_:)`` names for it: money whose unit is an
  /// amount (`CNY`, `CNY/year`) as ``money(_:)``, other money as a price.
  public func value(of figure: ReportFigure) -> String {
    switch figure.value {
    case .money(let amount):
      Self.amountUnits.contains(figure.unit) ? money(amount) : price(amount)
    case .none(let note): missing(note)
    default: figure.displayValue
    }
  }

  /// A driver's value for people, in the unit ``unit(_:)`` names for `unit`: an amount of
  /// money (`CNY`, `CNY/year`) in Chinese as 万元, exactly (`10,400`, `2,636.4096`); anything
  /// else as written.
  public func driverValue(_ value: DriverValue, unit: String) -> String {
    if case .choice(let choice) = value {
      return ChoicePhrase(rawValue: choice).map { self($0) } ?? choice
    }
    guard moneyDivisor != 1, Self.amountUnits.contains(unit), let decimal = value.decimalValue
    else { return NumberFormat.driverValue(value) }
    return NumberFormat.groupedTrimmed(decimal / moneyDivisor)
  }

  /// A quantity of a driver (a bound of its distribution), in the unit ``unit(_:)`` names for
  /// `unit`, with up to `scale` decimals: an amount of money in Chinese as 万元.
  public func driverQuantity(_ value: Double, unit: String, scale: Int = 4) -> String {
    guard moneyDivisor != 1, Self.amountUnits.contains(unit) else {
      return NumberFormat.groupedTrimmed(Decimal(quantity: value, scale: scale))
    }
    return NumberFormat.groupedTrimmed(
      (Decimal(quantity: value, scale: scale) / moneyDivisor).rounded(scale: 6, mode: .plain))
  }

  /// Units of money that are amounts (shown as ``money(_:)``), not prices.
  public static let amountUnits: Set<String> = ["CNY", "CNY/year"]

  /// The word for a missing value: `n/a`, `never`, `none`.
  public func missing(_ note: String) -> String {
    switch note {
    case "n/a": self(FormatPhrase.notApplicable)
    case "never": self(FormatPhrase.never)
    case "none": self(FormatPhrase.none)
    default: note
    }
  }

  // MARK: - Dates

  /// A calendar month: `2026-10`, `2026年10月`.
  public func month(year: Int, month: Int) -> String {
    self(FormatPhrase.month, ["year": Self.year(year), "month": monthNumber(month)])
  }

  /// A month on a chart's axis, where the title or the section names the year: `2026-10` in
  /// English (the month as everywhere else), `10月` in Chinese (short enough that ten labels
  /// do not overlap).
  public func chartMonth(year: Int, month: Int) -> String {
    let value = language == .en ? "\(Self.year(year))-\(monthNumber(month))" : String(month)
    return self(FormatPhrase.chartMonth, ["month": value])
  }

  /// A calendar quarter, 1–4: `2026-Q3`, `2026年第3季度`.
  public func quarter(year: Int, quarter: Int) -> String {
    self(FormatPhrase.quarter, ["year": Self.year(year), "quarter": String(quarter)])
  }

  /// A calendar year: `2026`, `2026年`.
  public func year(_ year: Int) -> String {
    self(FormatPhrase.year, ["year": Self.year(year)])
  }

  /// A day: `2026-10-20`, `2026年10月20日`.
  public func day(year: Int, month: Int, day: Int) -> String {
    self(
      FormatPhrase.day,
      ["year": Self.year(year), "month": monthNumber(month), "day": monthNumber(day)])
  }

  /// A moment with its offset from UTC, in `zone`: `2026-11-02T06:00:03+08:00`,
  /// `2026年11月2日 06:00:03(UTC+08:00)`.
  public func timestamp(_ date: Date, in zone: TimeZone) -> String {
    let iso = NumberFormat.timestamp(date, in: zone)  // 2026-11-02T06:00:03+08:00
    let parts = iso.split(separator: "T", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return iso }
    let numbers = parts[0].split(separator: "-").compactMap { Int($0) }
    let time = String(parts[1].prefix(8))
    let offset = String(parts[1].dropFirst(8))
    guard numbers.count == 3 else { return iso }
    return self(
      FormatPhrase.timestamp,
      [
        "date": day(year: numbers[0], month: numbers[1], day: numbers[2]), "time": time,
        "offset": offset,
      ])
  }

  /// Month and day numbers: two digits in English (ISO 8601), as they are in Chinese.
  private func monthNumber(_ number: Int) -> String {
    language == .en && number < 10 ? "0\(number)" : String(number)
  }

  private static func year(_ year: Int) -> String {
    let text = String(year)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
  }
}

// MARK: - Settings chosen from a list

// MARK: - Units

extension UnitPhrase {

  /// The unit as code and CSV files write it.
  var code: String {
    switch self {
    case .cny: "CNY"
    case .cnyPerYear: "CNY/year"
    case .cnyPerVisit: "CNY/visit"
    case .cnyPerKwh: "CNY/kWh"
    case .cnyPerPb: "CNY/PB"
    case .cnyPerUnit: "CNY/unit"
    case .visits: "visits"
    case .visitsPerYear: "visits/year"
    case .admissions: "admissions"
    case .admissionsPerYear: "admissions/year"
    case .surgeries: "surgeries"
    case .surgeriesPerYear: "surgeries/year"
    case .beds: "beds"
    case .people: "people"
    case .share: "share"
    case .sharePerYear: "share/year"
    case .shareOfDraws: "share of draws"
    case .years: "years"
    case .days: "days"
    case .daysPerYear: "days/year"
    case .months: "months"
    case .hoursPerDay: "h/day"
    case .hoursPerYear: "h/year"
    case .minutes: "min"
    case .minutesPerVisit: "min/visit"
    case .sessions: "sessions"
    case .directions: "directions"
    case .decimals: "decimals"
    case .units: "units"
    case .watts: "W"
    case .kilowatts: "kW"
    case .kilowattsPerPb: "kW/PB"
    case .kilowattHours: "kWh"
    case .kilowattHoursPerYear: "kWh/year"
    case .kilobytes: "KB"
    case .megabytes: "MB"
    case .gigabytes: "GB"
    case .gigabytesPerYear: "GB/year"
    case .petabytes: "PB"
    case .petabytesPerYear: "PB/year"
    case .megabitsPerSecond: "Mbit/s"
    case .gigabitsPerSecond: "Gbit/s"
    case .kilometres: "km"
    case .factor: "×"
    }
  }

  static let byCode: [String: UnitPhrase] = Dictionary(
    allCases.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
}

extension Wording {
  /// A unit for people: `CNY/year` → `CNY/year` in English, `万元/年` in Chinese. An empty
  /// unit stays empty.
  public func unit(_ code: String) -> String {
    guard !code.isEmpty else { return "" }
    guard let phrase = UnitPhrase.byCode[code] else {
      assertionFailure("unit `\(code)` has no phrase")
      return code
    }
    return self(phrase)
  }

  /// Whether `code` names a unit the language files carry.
  public static func knowsUnit(_ code: String) -> Bool {
    code.isEmpty || UnitPhrase.byCode[code] != nil
  }
}
