import EconomicsPipeline
import Foundation
import PipelineModel
import TestSupport
import Testing

/// The run's margin bridge from the plan to the data, on the hand-made dataset.
@Suite struct RunBridgeTests {
  /// `bridge.csv` as (step, driver, margin) rows.
  static func bridge(_ folder: URL) throws -> [(step: String, driver: String, margin: Decimal)] {
    let text = try String(contentsOf: folder.appending(path: "bridge.csv"), encoding: .utf8)
    return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map {
      let fields = Self.fields($0)
      return (fields[0], fields[1], Decimal(string: fields[6]) ?? .nan)
    }
  }

  /// The fields of one RFC 4180 line (quoted fields may hold commas and doubled quotes).
  static func fields(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var characters = line.makeIterator()
    while let character = characters.next() {
      switch (character, quoted) {
      case ("\"", false) where field.isEmpty: quoted = true
      case ("\"", true):
        // A doubled quote is a quote; a single one ends the quoted part.
        var lookahead = characters
        if lookahead.next() == "\"" {
          field.append("\"")
          characters = lookahead
        } else {
          quoted = false
        }
      case (",", false):
        fields.append(field)
        field = ""
      default: field.append(character)
      }
    }
    fields.append(field)
    return fields
  }

  static func value(_ rows: [(step: String, driver: String, margin: Decimal)], _ driver: String)
    -> Decimal?
  {
    rows.first { $0.driver == driver }?.margin
  }

  // MARK: - The year, worked out by hand

  @Test func theYearsBridgeSplitsEachLineAsWorkedOutByHand() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025")
        _ = try HandMadeDataTests.run("job-year.yaml", "2025", url: url, out: out)
        let rows = try Self.bridge(out)
        // The ends: the plan's margin (the paper's with a facility factor of 1.5: electricity
        // 3,009.6 kW × 8,760 h × 0.5 × 1.5 = 19,773,072; margin 500,000,000 − 528,773,072) and
        // the data's (EXPECTED.md).
        #expect(rows.first?.step == "start")
        #expect(rows.first?.margin == -28_773_072)
        #expect(rows.last?.step == "end")
        #expect(rows.last?.margin == Decimal(string: "-636832.91"))
        // The parts add up to the change exactly.
        let parts = rows.dropFirst().dropLast().map(\.margin).reduce(0, +)
        #expect(parts == (Decimal(string: "-636832.91") ?? 0) + 28_773_072)
        // Registration = visits × fee: 20,000,000 × 25 → 6 × 130/6. Markup = visits × markup per
        // visit: 0 → 6 × 27.5/6. Each product's change split over both orders:
        // visits: (6 − 20 M) × ((25 + 130/6) + (0 + 27.5/6)) / 2 = −19,999,994 × 25.625
        //   = −512,499,846.25;
        // fee: (130/6 − 25) × (20 M + 6) / 2 = −33,333,343.33…;
        // markup per visit: 27.5/6 × (20 M + 6) / 2 = 45,833,347.08…;
        // other kept charges: 0 → 60.00, on their own.
        // The facility factor is the scenario's on both sides: no effect.
        let fen = Decimal(1) / 100
        func near(_ driver: String, _ expected: String) -> Bool {
          guard let value = Self.value(rows, driver), let target = Decimal(string: expected) else {
            return false
          }
          return abs(value - target) <= fen
        }
        #expect(near("annual_visits", "-512499846.25"))
        #expect(near("registration_fee_cny", "-33333343.333333"))
        #expect(near("drug_markup_per_visit_cny", "45833347.083333"))
        #expect(Self.value(rows, "other_kept_revenue_cny") == 60)
        #expect(Self.value(rows, "facility_factor") == 0)
        // Amortization moves as charged: 50,000,000 (plan: 150 M over 3 years) → 3,000.00.
        #expect(Self.value(rows, "model_amortization_cny") == Decimal(string: "49997000.00"))
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("## Margin bridge"))
        #expect(report.contains("electricity = IT energy at nameplate on days with a tariff"))
        #expect(!report.contains("Annualized by days"))
      }
    }
  }

  // MARK: - A month, annualized

  @Test func aMonthsBridgeAddsUpToItsAnnualizedMargin() throws {
    try HandMadeDataTests.withDataset { url in
      try withTemporaryDirectory { folder in
        let out = folder.appending(path: "2025-10")
        _ = try HandMadeDataTests.run("job-month.yaml", "2025-10", url: url, out: out)
        let rows = try Self.bridge(out)
        #expect(rows.last?.margin == Decimal(string: "-695577.67"))
        let parts = rows.dropFirst().dropLast().map(\.margin).reduce(0, +)
        #expect(parts == (Decimal(string: "-695577.67") ?? 0) + 28_773_072)
        // Every driver of every line is defined on this month: no line moves as one.
        #expect(
          !rows.contains { $0.driver.hasSuffix("_cost_cny") || $0.driver == "drug_markup_cny" })
        // October annualized by days: its monthly amounts read 365/31 ÷ 12 − 1 = −1.88 % against
        // twelve of them, which the bridge says (the year's bridge, above, needs no such word).
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(
          report.contains(
            "Annualized by days (× 365/31), the period's monthly amounts (payroll, amortization, depreciation) read -1.9 % against twelve months of them"
          ))
      }
    }
  }
}
