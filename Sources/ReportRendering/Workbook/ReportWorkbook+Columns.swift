import Foundation
import HospitalEconomics

// How each column of the reports' CSV files becomes cells: by the column's name, in one place,
// from the conventions the CSV files follow (money columns end in `_cny`, a value beside a
// `unit` column is in that unit). A test checks that every column of every report is named here.

extension ReportWorkbook {
  /// What a CSV column holds.
  enum ColumnKind: Sendable, Equatable {
    /// Ids, names, labels, statuses, months, times, notes: text.
    case text
    /// Money in CNY (`_cny`).
    case money
    /// A share (0.2 for 20 %).
    case share
    /// A percentage in points (12.5 for 12.5 %), written in the cell as the share it is.
    case percentagePoints
    /// A count or a quantity in the column's own unit.
    case quantity
    /// A value in the unit its row's `unit` column names (a row without a unit column: the unit
    /// of the figure its `figure` column names, by the figure's id).
    case measured
    /// A limit in the unit that the named column of its row names (`rows`, `percent`).
    case limit(unitColumn: String)
  }

  /// Every column of the reports' CSV files that is not money (`…_cny`), by name.
  static let columnKinds: [String: ColumnKind] = [
    // Text.
    "metric": .text, "unit": .text, "source": .text, "note": .text, "driver": .text,
    "set_in": .text, "step": .text, "label": .text, "figure": .text, "paper_table": .text,
    "status": .text, "statistic": .text, "check_id": .text, "warn_unit": .text,
    "fail_unit": .text, "sample_ids": .text, "sql_file": .text, "kind": .text, "class": .text,
    "month": .text, "restated": .text, "previous_run": .text, "previous_recorded_at": .text,
    "cause": .text,
    // Values in their row's unit.
    "value": .measured, "plan": .measured, "actual": .measured, "difference": .measured,
    "low_value": .measured, "base_value": .measured, "high_value": .measured,
    "from_value": .measured, "to_value": .measured, "paper_value": .measured,
    "computed_value": .measured, "deviation": .measured, "previous": .measured,
    "current": .measured,
    // Shares and percentages.
    "swing": .share, "deviation_share": .share, "difference_pct": .percentagePoints,
    // Counts and quantities.
    "rank": .quantity, "days": .quantity, "virtual_visits": .quantity, "charges": .quantity,
    "charges_missing_cost": .quantity, "failing": .quantity, "examined": .quantity,
    "nameplate_energy_kwh": .quantity,
    // Check limits.
    "warn_at": .limit(unitColumn: "warn_unit"), "fail_at": .limit(unitColumn: "fail_unit"),
  ]

  /// What the column `name` holds; nil for a column not declared here (written as text).
  static func columnKind(_ name: String) -> ColumnKind? {
    name.hasSuffix("_cny") ? .money : columnKinds[name]
  }

  /// How the fields of column `name` of `table` are written.
  static func columnFormat(_ name: String, in table: CSVTable) -> Sheet.ColumnFormat {
    switch columnKind(name) ?? .text {
    case .text: .text
    case .money: .number(.money)
    case .share: .number(.percentage)
    case .percentagePoints: .percentagePoints
    case .quantity: .byRow { row in .number(quantityStyle(row[name] ?? "")) }
    case .measured:
      if table.header.contains("unit") {
        .byRow { row in unitFormat(row["unit"] ?? "", field: row[name] ?? "") }
      } else if table.header.contains("figure") {
        .byRow { row in
          let figure = row["figure"] ?? ""
          return figure.hasSuffix("_cny")
            ? .number(.money) : .number(quantityStyle(row[name] ?? ""))
        }
      } else {
        .byRow { row in .number(quantityStyle(row[name] ?? "")) }
      }
    case .limit(let unitColumn):
      .byRow { row in unitFormat(row[unitColumn] ?? "", field: row[name] ?? "") }
    }
  }

  /// How a value in `unit` is written: money, shares as percentages, a check's `percent` in
  /// points; anything else as a quantity. A word without a unit is a setting chosen from a
  /// list (`billed`, `binary`): text.
  static func unitFormat(_ unit: String, field: String) -> Sheet.ColumnFormat {
    if unit.isEmpty, Sheet.plainDecimal(field) == nil { return .text }
    return unit == "percent"
      ? .percentagePoints : .number(numberStyle(unit: unit, field: field))
  }

  /// The number style of a value in `unit` written as `field` in a CSV file: money (two
  /// decimals, thousands separators) for an amount or a price in CNY (`CNY`, `CNY/year`,
  /// `CNY/visit`, `CNY/unit`…), a percentage for a share (`share`, `share/year`); else the
  /// field's own decimals with thousands separators (a count is an integer; a tariff in
  /// `CNY/kWh` keeps its decimals), or, without a unit (a seed), without separators.
  static func numberStyle(unit: String, field: String) -> Sheet.NumberStyle {
    if isMoney(unit) { return .money }
    let share = FigureUnit.share.rawValue
    if unit == share || unit.hasPrefix(share + "/") { return .percentage }
    if unit.isEmpty { return .decimal(decimals(field)) }
    return quantityStyle(field)
  }

  /// Whether a value in `unit` is money shown to the fen: CNY, or CNY per anything but a kWh.
  static func isMoney(_ unit: String) -> Bool {
    let cny = FigureUnit.cny.rawValue
    return unit == cny || (unit.hasPrefix(cny + "/") && unit != FigureUnit.cnyPerKWh.rawValue)
  }

  /// The field's own decimals with thousands separators; an integer without any.
  static func quantityStyle(_ field: String) -> Sheet.NumberStyle {
    let places = decimals(field)
    return places == 0 ? .integer : .grouped(places)
  }

  /// The decimals a plain CSV number is written with: 2 for `-12.50`, 0 for `7`.
  static func decimals(_ field: String) -> Int {
    field.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
  }
}
