import Foundation
import HospitalEconomics
import PostgresClient
import TestSupport
import Testing

@testable import EconomicsPipeline

/// Conservation laws of the books, over random calendars, on the real PostgreSQL: the SQL files
/// run for random cuts of time (whole months, quarters, years, and arbitrary runs of days) in time
/// zones with and without daylight saving time, against random contracts, capital items, device
/// groups, tariffs and payroll. Each expected value is worked out here from the rows alone, with
/// Foundation's calendar and integer arithmetic in fen, never with the SQL under test.
///
/// The cases are drawn from a fixed seed (`METAHOSPITAL_PROPERTY_SEED` picks another), so a
/// failure names the case that reproduces it.
@Suite struct ConservationTests {
  /// Zones with daylight saving time (23- and 25-hour days) and without.
  static let zones = ["Europe/Berlin", "America/New_York", "Asia/Shanghai", "UTC"]

  static let seed: UInt64 =
    ProcessInfo.processInfo.environment["METAHOSPITAL_PROPERTY_SEED"].flatMap { UInt64($0) }
    ?? 20_261_204

  // MARK: - Days, without the database

  /// A local date as a day number (days since 1970-01-01 in the proleptic Gregorian calendar).
  struct Day: Comparable, Hashable, CustomStringConvertible {
    var number: Int

    static let gregorian: Calendar = {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
      return calendar
    }()

    init(number: Int) { self.number = number }

    init(_ year: Int, _ month: Int, _ day: Int) {
      let date = Self.gregorian.date(from: DateComponents(year: year, month: month, day: day))
      number = Int(((date ?? .distantPast).timeIntervalSince1970 / 86_400).rounded(.down))
    }

    var date: Date { Date(timeIntervalSince1970: Double(number) * 86_400) }
    var parts: (year: Int, month: Int, day: Int) {
      let c = Self.gregorian.dateComponents([.year, .month, .day], from: date)
      return (c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
    var description: String {
      let (y, m, d) = parts
      return String(format: "%04d-%02d-%02d", y, m, d)
    }
    /// The first day of the month `months` after this day's month.
    func monthStart(adding months: Int = 0) -> Day {
      let (y, m, _) = parts
      let index = y * 12 + (m - 1) + months
      return Day(index / 12, index % 12 + 1, 1)
    }
    /// The same day `years` later; 29 February becomes 28 February in a common year.
    func adding(years: Int) -> Day {
      let shifted = Self.gregorian.date(byAdding: .year, value: years, to: date) ?? date
      return Day(number: Int((shifted.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
    static func + (day: Day, days: Int) -> Day { Day(number: day.number + days) }
    static func - (a: Day, b: Day) -> Int { a.number - b.number }
    static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    /// The instant this local day begins in `zone`.
    func start(in zone: TimeZone) -> Date {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      let (y, m, d) = parts
      let noon = calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 12)) ?? date
      return calendar.startOfDay(for: noon)
    }
    /// This local day's length in `zone`, in hours: 23, 24 or 25.
    func hours(in zone: TimeZone) -> Int {
      Int(((self + 1).start(in: zone).timeIntervalSince(start(in: zone)) / 3600).rounded())
    }
  }

  /// `numerator ÷ denominator` rounded half away from zero (the fen of PostgreSQL's `round`).
  static func rounded(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
    return 2 * abs(r) >= denominator ? q + (numerator < 0 ? -1 : 1) : q
  }

  /// A fen amount as PostgreSQL numeric text (`1234.05`).
  static func money(_ fen: Int64) -> String {
    String(format: "%@%lld.%02lld", fen < 0 ? "-" : "", abs(fen) / 100, abs(fen) % 100)
  }

  /// A numeric column in fen (exact: the column is money).
  static func fen(_ value: Decimal) -> Int64 {
    Int64(truncating: NSDecimalNumber(decimal: value * 100))
  }

  /// Cuts `[from, to)` into runs of days at up to `count` random days in between.
  static func cuts(from: Day, to: Day, count: Int, _ random: inout RandomStream) -> [(Day, Day)] {
    var points = Set<Int>()
    if to - from > 1 {
      for _ in 0..<count {
        points.insert(from.number + 1 + Int(random.next() % UInt64(to - from - 1)))
      }
    }
    let bounds = [from.number] + points.sorted() + [to.number]
    return zip(bounds, bounds.dropFirst()).map { (Day(number: $0), Day(number: $1)) }
  }

  /// Runs an SQL file of the project for local days `[from, to)` of `zone`.
  static func run(
    _ file: String, from: Day, to: Day, zone: TimeZone, on c: PostgresConnection
  ) throws -> PostgresRows {
    let sql = try String(contentsOfFile: Repository.path(file), encoding: .utf8)
    return try c.query(
      PostgresQuery(
        sql: sql, binds: [from.start(in: zone), to.start(in: zone), zone.identifier],
        origin: file))
  }

  /// Sums a numeric column over every row.
  static func sum(_ rows: PostgresRows, _ column: String) throws -> Decimal {
    var total: Decimal = 0
    for row in rows { total += try row.decode(Decimal?.self, column) ?? 0 }
    return total
  }

  static func random(_ random: inout RandomStream, _ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(random.next() % UInt64(range.count))
  }

  static func migrated(_ body: (PostgresConnection) throws -> Void) throws {
    try TestDatabase.withScratchDatabase { url in
      let connection = try TestDatabase.connect(url)
      try Migrator(folder: Repository.path("sql/migrations"), logger: TestDatabase.quietLogger)
        .migrate(on: connection)
      try body(connection)
    }
  }

  @Test func theCalendarHelpersAgreeWithKnownDays() {
    let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
    #expect(Day(2028, 3, 26).hours(in: berlin) == 23)
    #expect(Day(2028, 10, 29).hours(in: berlin) == 25)
    #expect(Day(2028, 6, 1).hours(in: berlin) == 24)
    #expect(Day(2028, 2, 29).adding(years: 1).description == "2029-02-28")
    #expect(Day(2028, 3, 1) - Day(2028, 2, 1) == 29)
    #expect(Self.rounded(5, 2) == 3 && Self.rounded(-5, 2) == -3 && Self.rounded(4, 3) == 1)
  }

  // MARK: - Contracts

  /// A contract's cost over days `[start, x)`, in fen: its annual amount per contract year,
  /// each contract year spread over its own days (365, or 366 when it holds a 29 February).
  static func contractCost(annualFen: Int64, start: Day, to x: Day) -> Int64 {
    var k = 0
    while start.adding(years: k + 1) <= x { k += 1 }
    let (a0, a1) = (start.adding(years: k), start.adding(years: k + 1))
    let length = Int64(a1 - a0)
    return rounded(annualFen * (Int64(k) * length + Int64(x - a0)), length)
  }

  @Test func everyContractCostsItsTermHoweverItIsCut() throws {
    var random = RandomStream(seed: Self.seed, key: "contracts")
    var failures: [String] = []
    var cases = 0
    try Self.migrated { c in
      for index in 0..<600 {
        let zone = TimeZone(identifier: Self.zones[index % Self.zones.count]) ?? .gmt
        // A start on 29 February now and then; terms of whole contract years half the time.
        let start =
          index % 7 == 0
          ? Day(2028, 2, 29) : Day(2026, 1, 1) + Self.random(&random, 0...1800)
        let years = Self.random(&random, 1...3)
        let end =
          index % 2 == 0
          ? start.adding(years: years) + -1 : start + Self.random(&random, 0...1200)
        let annualFen = Int64(Self.random(&random, 0...2_000_000_000))
        try c.execute("DELETE FROM hospital.service_contracts")
        try c.execute(
          PostgresQuery(
            sql: """
              INSERT INTO hospital.service_contracts
                (contract_id, category, vendor, annual_amount, starts_on, ends_on)
              VALUES (1, 'network', 'v', $1::numeric, $2::date, $3::date)
              """, binds: [Self.money(annualFen), start.description, end.description]))
        let expected = Self.contractCost(annualFen: annualFen, start: start, to: end + 1)
        if index % 2 == 0, expected != annualFen * Int64(years) {
          failures.append(
            "case \(index): \(years) whole years cost \(expected), not \(years) × \(annualFen)")
        }
        // However the term is cut, and cut outside it too, the pieces add up to its cost.
        let from = start + -Self.random(&random, 0...40)
        let to = end + 1 + Self.random(&random, 0...40)
        var total: Decimal = 0
        for (lo, hi) in Self.cuts(from: from, to: to, count: Self.random(&random, 0...6), &random) {
          total += try Self.sum(
            try Self.run("sql/extract/contracts.sql", from: lo, to: hi, zone: zone, on: c),
            "period_amount")
        }
        if Self.fen(total) != expected {
          failures.append(
            "case \(index): \(Self.money(annualFen)) a year \(start)…\(end) in \(zone.identifier): pieces \(total), term \(Self.money(expected))"
          )
        }
        cases += 1
      }
    }
    #expect(cases == 600)
    #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
  }

  // MARK: - Capital items

  @Test func everyCapitalItemChargesItsCostOverItsLifeAndRetirement() throws {
    var random = RandomStream(seed: Self.seed, key: "capital")
    var failures: [String] = []
    var cases = 0
    try Self.migrated { c in
      for index in 0..<500 {
        let zone = TimeZone(identifier: Self.zones[index % Self.zones.count]) ?? .gmt
        let category = ["software", "model", "hardware"][index % 3]
        let inService = Day(2026, 1, 1) + Self.random(&random, 0...1800)
        let life = Self.random(&random, 1...84)
        let amountFen = Int64(Self.random(&random, 1...900_000_000))
        // Hardware is retired before the end of its life half the time.
        let retired: Day? =
          category == "hardware" && index % 2 == 0
          ? inService + Self.random(&random, 1...(life * 31)) : nil
        try c.execute("DELETE FROM hospital.capital_items")
        try c.execute("DELETE FROM hospital.devices")
        try c.execute(
          PostgresQuery(
            sql: """
              INSERT INTO hospital.devices
                (device_id, device_class, model, device_count, rated_watts, in_service_on, retired_on)
              VALUES (1, 'gpu', 'm', 1, 100, $1::date, $2::date)
              """, binds: [inService.description, retired?.description]))
        try c.execute(
          PostgresQuery(
            sql: """
              INSERT INTO hospital.capital_items
                (item_id, category, description, amount, in_service_on, useful_life_months, device_id)
              VALUES (1, $1, 'i', $2::numeric, $3::date, $4::int, $5::int)
              """,
            binds: [
              category, Self.money(amountFen), inService.description, String(life),
              category == "hardware" ? "1" : nil,
            ]))
        let from = inService.monthStart() + -Self.random(&random, 0...60)
        let to = inService.monthStart(adding: life) + Self.random(&random, 0...60)
        var charged: Decimal = 0
        var bookValue: Decimal = 0
        var placed: Decimal = 0
        for (lo, hi) in Self.cuts(from: from, to: to, count: Self.random(&random, 0...8), &random) {
          let rows = try Self.run("sql/extract/capital.sql", from: lo, to: hi, zone: zone, on: c)
          charged += try Self.sum(rows, "period_charge")
          bookValue += try Self.sum(rows, "retired_book_value")
          placed += try Self.sum(rows, "placed_in_service")
        }
        // Charged from its first month, a month at a time, to its life or its retirement month.
        var months = life
        if let retired {
          let (ry, rm, _) = retired.parts
          let (sy, sm, _) = inService.parts
          months = min(life, max(0, (ry * 12 + rm) - (sy * 12 + sm)))
        }
        let expectedCharge = Self.rounded(amountFen * Int64(months), Int64(life))
        if Self.fen(charged) != expectedCharge || Self.fen(charged + bookValue) != amountFen
          || Self.fen(placed) != amountFen
        {
          failures.append(
            "case \(index): \(category) \(Self.money(amountFen)) from \(inService), \(life) months, retired \(retired?.description ?? "never"): charged \(charged) (expected \(Self.money(expectedCharge))), book value \(bookValue), placed \(placed)"
          )
        }
        cases += 1
      }
    }
    #expect(cases == 500)
    #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
  }

  // MARK: - Energy

  @Test func aDaysNameplateEnergyCountsItsRealHours() throws {
    var random = RandomStream(seed: Self.seed, key: "energy")
    var failures: [String] = []
    var sawShortDay = false
    var sawLongDay = false
    try Self.migrated { c in
      try c.execute(
        "INSERT INTO hospital.electricity_tariffs VALUES ('2020-01-01', 0.5000), ('2027-07-01', 0.6125), ('2028-03-26', 0.4410)"
      )
      for index in 0..<300 {
        let zone = TimeZone(identifier: Self.zones[index % Self.zones.count]) ?? .gmt
        // Near a change of clocks often: the last Sundays of March and October, the second
        // Sunday of March and the first of November (New York).
        let near = [Day(2027, 3, 28), Day(2027, 10, 31), Day(2028, 3, 12), Day(2028, 11, 5)]
        let inService =
          index % 2 == 0
          ? near[index / 2 % near.count] + -Self.random(&random, 0...3)
          : Day(2026, 6, 1) + Self.random(&random, 0...900)
        let retired: Day? =
          index % 3 == 0 ? nil : inService + Self.random(&random, 1...60)
        let (count, watts) = (Self.random(&random, 1...4000), Self.random(&random, 1...900))
        try c.execute("DELETE FROM hospital.devices")
        try c.execute(
          PostgresQuery(
            sql: """
              INSERT INTO hospital.devices
                (device_id, device_class, model, device_count, rated_watts, in_service_on, retired_on)
              VALUES (1, 'gpu', 'm', $1::int, $2::float8, $3::date, $4::date)
              """,
            binds: [String(count), String(watts), inService.description, retired?.description]))
        let from = inService + -Self.random(&random, 0...5)
        let to = (retired ?? inService + 40) + Self.random(&random, 0...5)
        var expectedWh: Int64 = 0
        var day = max(from, inService)
        while day < min(to, retired ?? to) {
          let hours = day.hours(in: zone)
          sawShortDay = sawShortDay || hours == 23
          sawLongDay = sawLongDay || hours == 25
          expectedWh += Int64(count) * Int64(watts) * Int64(hours)
          day = day + 1
        }
        var kwh: Decimal = 0
        for (lo, hi) in Self.cuts(from: from, to: to, count: Self.random(&random, 0...5), &random) {
          kwh += try Self.sum(
            try Self.run("sql/extract/devices.sql", from: lo, to: hi, zone: zone, on: c),
            "nameplate_kwh")
        }
        if kwh * 1000 != Decimal(expectedWh) {
          failures.append(
            "case \(index): \(count) × \(watts) W from \(inService) to \(retired?.description ?? "–") in \(zone.identifier), \(from)…\(to): \(kwh) kWh, expected \(Decimal(expectedWh) / 1000)"
          )
        }
      }
    }
    #expect(sawShortDay && sawLongDay)
    #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
  }

  // MARK: - Months, quarters, years

  /// Every flow of the period files that the run reads for a whole period (contracts, capital
  /// items, device energy and its cost, payroll): the months add up to their quarter and the
  /// quarters to their year, to the fen, line by line.
  @Test func monthsAddUpToQuartersAndQuartersToYears() throws {
    var random = RandomStream(seed: Self.seed, key: "months")
    let flows: [(file: String, keys: [String], columns: [String])] = [
      ("sql/extract/contracts.sql", ["category"], ["period_amount"]),
      (
        "sql/extract/capital.sql", ["category"],
        ["period_charge", "placed_in_service", "retired_book_value"]
      ),
      (
        "sql/extract/devices.sql", ["device_class", "model"],
        ["device_days", "watt_days", "nameplate_kwh", "nameplate_cost", "untariffed_kwh"]
      ),
      ("sql/extract/payroll.sql", ["unit", "role"], ["person_months", "cost"]),
    ]
    var failures: [String] = []
    var compared = 0
    try Self.migrated { c in
      // A year's worth of random rows around 2027–2029.
      var statements: [String] = []
      let categories = ["network", "security", "maintenance", "operations", "promotion", "other"]
      for id in 1...80 {
        let start = Day(2026, 6, 1) + Self.random(&random, 0...1100)
        let end = start + Self.random(&random, 0...900)
        statements.append(
          "INSERT INTO hospital.service_contracts VALUES (\(id), '\(categories[id % 6])', 'v', \(Self.money(Int64(Self.random(&random, 0...900_000_000)))), '\(start)', '\(end)')"
        )
      }
      for id in 1...40 {
        let start = Day(2026, 6, 1) + Self.random(&random, 0...1100)
        let retired = id % 3 == 0 ? "'\(start + Self.random(&random, 1...700))'" : "NULL"
        statements.append(
          "INSERT INTO hospital.devices (device_id, device_class, model, device_count, rated_watts, capacity_pb, in_service_on, retired_on) VALUES (\(id), '\(["cpu", "gpu", "storage"][id % 3])', 'm\(id % 4)', \(Self.random(&random, 1...500)), \(Self.random(&random, 0...900)), \(id % 3 == 2 ? "0.5" : "NULL"), '\(start)', \(retired))"
        )
      }
      for id in 1...60 {
        let start = Day(2026, 1, 1) + Self.random(&random, 0...1300)
        let category = ["software", "model", "hardware"][id % 3]
        statements.append(
          "INSERT INTO hospital.capital_items VALUES (\(id), '\(category)', 'i', \(Self.money(Int64(Self.random(&random, 1...500_000_000)))), '\(start)', \(Self.random(&random, 1...60)), \(category == "hardware" ? String(id % 40 + 1) : "NULL"))"
        )
      }
      for (day, price) in [
        ("2026-01-01", "0.5000"), ("2027-04-15", "0.5731"), ("2028-02-29", "0.6017"),
      ] {
        statements.append("INSERT INTO hospital.electricity_tariffs VALUES ('\(day)', \(price))")
      }
      for id in 1...30 {
        let hired = Day(2026, 1, 1) + Self.random(&random, 0...700)
        statements.append(
          "INSERT INTO hospital.staff VALUES (\(id), '\(id % 2 == 0 ? "meta" : "offline")', '\(["doctor", "nurse", "engineer"][id % 3])', '\(hired)', NULL)"
        )
        var month = hired.monthStart()
        while month < Day(2030, 1, 1) {
          statements.append(
            "INSERT INTO hospital.payroll VALUES (\(id), '\(month)', \(Self.money(Int64(Self.random(&random, 500_000...9_000_000)))))"
          )
          month = month.monthStart(adding: 1)
        }
      }
      try c.simpleExecute(statements.joined(separator: ";\n"), origin: "random rows")

      func totals(
        _ flow: (file: String, keys: [String], columns: [String]), _ from: Day, _ to: Day,
        _ zone: TimeZone
      )
        throws -> [String: Decimal]
      {
        var totals: [String: Decimal] = [:]
        for row in try Self.run(flow.file, from: from, to: to, zone: zone, on: c) {
          let key = try flow.keys.map { try row.decode(String.self, $0) }.joined(separator: "/")
          for column in flow.columns {
            totals["\(key) \(column)", default: 0] += try row.decode(Decimal?.self, column) ?? 0
          }
        }
        return totals.filter { $0.value != 0 }
      }
      for zoneName in Self.zones {
        let zone = TimeZone(identifier: zoneName) ?? .gmt
        for year in 2027...2029 {
          for flow in flows {
            var quarters: [String: Decimal] = [:]
            for quarter in 0..<4 {
              var months: [String: Decimal] = [:]
              for m in 1...3 {
                let first = Day(year, quarter * 3 + m, 1)
                months.merge(try totals(flow, first, first.monthStart(adding: 1), zone)) { $0 + $1 }
              }
              let q = try totals(
                flow, Day(year, quarter * 3 + 1, 1),
                Day(year, quarter * 3 + 1, 1).monthStart(adding: 3), zone)
              if months.filter({ $0.value != 0 }) != q {
                failures.append(
                  "\(flow.file) \(year) Q\(quarter + 1) \(zoneName): months \(months) ≠ quarter \(q)"
                )
              }
              quarters.merge(q) { $0 + $1 }
              compared += 1
            }
            let y = try totals(flow, Day(year, 1, 1), Day(year + 1, 1, 1), zone)
            if quarters.filter({ $0.value != 0 }) != y {
              failures.append("\(flow.file) \(year) \(zoneName): quarters \(quarters) ≠ year \(y)")
            }
            #expect(!y.isEmpty, "\(flow.file) \(year): the random rows give the year something")
          }
        }
      }
    }
    #expect(compared == Self.zones.count * 3 * flows.count * 4)
    #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(3))")
  }
}
