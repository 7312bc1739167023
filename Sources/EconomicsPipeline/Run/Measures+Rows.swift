import Foundation
import HospitalEconomics
import PipelineModel
import PostgresClient

// MARK: - Decoding

extension Measures {

  /// The sources whose query always returns exactly one row (a total over the period).
  static let singleRowSources: Set<Source> = [.concurrency, .offlineActivity]

  /// Fills the measure of `source` from its query's rows.
  /// - Throws: `RunError.unexpectedResult` naming the file and column when a row does not fit,
  ///   or when a query that must return one row returned none or several.
  public mutating func absorb(_ source: Source, _ result: QueryResult) throws(RunError) {
    let file = result.file.path
    if Self.singleRowSources.contains(source),
      result.rows.filter({ row in
        result.rows.columns.index(of: "check_id").map { row.values[$0] == nil } ?? true
      }).count != 1
    {
      throw .unexpectedResult(
        file: file,
        problem:
          "returned \(result.rows.count) rows where one row (the period's totals) is expected")
    }
    let checkColumn = result.rows.columns.index(of: "check_id")
    /// A coded column: one of the values its type (the schema's CHECK) allows.
    func coded<T: RawRepresentable>(_ row: PostgresRow, _ column: String) throws -> T
    where T.RawValue == String {
      let text = try row.decode(String.self, column)
      guard let value = T(rawValue: text) else {
        throw RunError.unexpectedResult(
          file: file, problem: "column \(column) holds `\(text)`, which the schema does not allow")
      }
      return value
    }
    do {
      // A file that also checks (a row with a check_id) shares its scan: those rows are checks.
      for row in result.rows where checkColumn.map({ row.values[$0] == nil }) ?? true {
        switch source {
        case .visits:
          visitsByChannel[try coded(row, "channel")] = VisitTotals(
            visits: try row.decode("visits"), durationSeconds: try row.decode("duration_seconds"),
            visitsWithDuration: try row.decode("visits_with_duration"),
            firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"))
        case .charges:
          charges.append(
            ChargeTotals(
              channel: try coded(row, "channel"), kind: try coded(row, "kind"),
              inpatient: try row.decode("inpatient"), count: try row.decode("charges"),
              amount: try row.decode("amount"), amountWithCost: try row.decode("amount_with_cost"),
              acquisitionCost: try row.decode("acquisition_cost"),
              missingCost: try row.decode("missing_cost"), lastDay: try row.decode("last_day")))
        case .concurrency:
          observedPeakSessions = try row.decode("peak_sessions")
          observedPeakAt = try row.decode(Date?.self, "peak_at")
        case .offlineActivity:
          admissions = try row.decode("admissions")
          surgeries = try row.decode("surgeries")
        case .staff:
          staff.append(
            StaffCount(
              unit: try coded(row, "unit"), role: try row.decode("role"),
              people: try row.decode("people"), personDays: try row.decode("person_days")))
        case .payroll:
          payroll.append(
            PayrollTotals(
              unit: try coded(row, "unit"), role: try row.decode("role"),
              people: try row.decode("people"), personMonths: try row.decode("person_months"),
              cost: try row.decode("cost"), lastMonth: try row.decode("last_month")))
        case .devices:
          devices.append(
            DeviceTotals(
              deviceClass: try coded(row, "device_class"), model: try row.decode("model"),
              groups: try row.decode("device_groups"), devices: try row.decode("devices"),
              deviceDays: try row.decode("device_days"), wattDays: try row.decode("watt_days"),
              capacityPBDays: try row.decode("capacity_pb_days"),
              nameplateKWh: try row.decode("nameplate_kwh"),
              nameplateCost: try row.decode("nameplate_cost"),
              untariffedKWh: try row.decode("untariffed_kwh")))
        case .energy:
          energy.append(
            EnergyTotals(
              deviceClass: try coded(row, "device_class"),
              energyKWh: try row.decode("energy_kwh"),
              groupHours: try row.decode("group_hours"),
              weightedUtilization: try row.decode("weighted_utilization"),
              deviceHours: try row.decode("device_hours"),
              energyCost: try row.decode("energy_cost"),
              daysWithoutTariff: try row.decode("days_without_tariff"),
              lastDay: try row.decode("last_day")))
        case .tariffs:
          tariffs.append(
            TariffSpan(
              pricePerKWh: try row.decode(Decimal?.self, "price_per_kwh"),
              firstDay: try row.decode("first_day"), lastDay: try row.decode("last_day"),
              days: try row.decode("days")))
        case .storage:
          storage.append(
            StorageTotals(
              contentKind: try coded(row, "content_kind"), objects: try row.decode("objects"),
              bytes: try row.decode("bytes"), lastDay: try row.decode("last_day")))
        case .network:
          network.append(
            NetworkPeak(
              direction: try coded(row, "direction"), peakGbps: try row.decode("peak_gbps"),
              p95Gbps: try row.decode("p95_gbps"), hours: try row.decode("hours"),
              lastDay: try row.decode("last_day")))
        case .capital:
          capital.append(
            CapitalTotals(
              category: try coded(row, "category"), items: try row.decode("items"),
              amount: try row.decode("amount"), periodCharge: try row.decode("period_charge"),
              placedInService: try row.decode("placed_in_service"),
              retiredBookValue: try row.decode("retired_book_value")))
        case .contracts:
          contracts.append(
            ContractTotals(
              category: try row.decode("category"), contracts: try row.decode("contracts"),
              annualAmount: try row.decode("annual_amount"),
              periodAmount: try row.decode("period_amount")))
        }
      }
    } catch {
      throw .unexpectedResult(file: file, problem: "\(error)")
    }
  }
}

/// A day of the data as PostgreSQL returns a `date`.
extension LocalDate: PostgresDecodable {
  /// Decodes a `date` column.
  public static func decode(from cell: PostgresCell) throws(PostgresDecodingFailure) -> LocalDate {
    let date = try PostgresDate.decode(from: cell)
    guard let day = LocalDate(year: date.year, month: date.month, day: date.day) else {
      throw PostgresDecodingFailure("not a calendar day: \(date)")
    }
    return day
  }
}
