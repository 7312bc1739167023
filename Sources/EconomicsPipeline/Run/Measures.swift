import Foundation
import PostgresClient

/// Everything the extraction queries measured for one period: aggregates, never rows.
///
/// Money is `Decimal` (PostgreSQL numeric, exact); counts are integers; physical quantities are
/// `Double` with the unit in the name.
public struct Measures: Sendable, Equatable {
  // MARK: visits and charges

  /// Visits by channel (`offline`, `virtual`).
  public var visitsByChannel: [String: VisitTotals] = [:]
  /// Charges by channel, kind and setting.
  public var charges: [ChargeTotals] = []
  /// The highest number of virtual sessions open at once, sampled at minute boundaries.
  public var observedPeakSessions: Int64 = 0
  /// When that peak occurred.
  public var observedPeakAt: Date?
  /// Admissions and surgeries of the offline hospital.
  public var admissions: Int64 = 0
  /// Surgeries of the offline hospital.
  public var surgeries: Int64 = 0

  // MARK: people

  /// Headcount in service during the period, by unit and role.
  public var headcount: [StaffCount] = []
  /// Payroll by unit and role.
  public var payroll: [PayrollTotals] = []

  // MARK: devices, energy, storage, network

  /// Devices in service, by class and model.
  public var devices: [DeviceTotals] = []
  /// Metered IT energy by device class.
  public var energy: [EnergyTotals] = []
  /// Hours of the period at each electricity price; a nil price means no tariff covers them.
  public var tariffHours: [TariffHours] = []
  /// Bytes written to storage by content kind.
  public var storage: [StorageTotals] = []
  /// Network peaks by direction.
  public var network: [NetworkPeak] = []

  // MARK: capital and contracts

  /// Capital items by category.
  public var capital: [CapitalTotals] = []
  /// Service contracts by category.
  public var contracts: [ContractTotals] = []

  /// Creates empty measures.
  public init() {}
}

// MARK: - Rows

/// Visits of one channel.
public struct VisitTotals: Sendable, Equatable {
  /// Visits started in the period.
  public var visits: Int64
  /// Their interaction time, seconds.
  public var durationSeconds: Int64
  /// Visits that have an interaction time.
  public var visitsWithDuration: Int64
}

/// Charges of one channel, kind and setting.
public struct ChargeTotals: Sendable, Equatable {
  /// `offline` or `virtual` billing system.
  public var channel: String
  /// `registration`, `drug`, `examination`, `treatment`, `surgery`, `bed` or `other`.
  public var kind: String
  /// Whether the charges belong to admissions.
  public var inpatient: Bool
  /// Number of charges.
  public var count: Int64
  /// Amount billed, CNY.
  public var amount: Decimal
  /// Acquisition cost of drugs, CNY.
  public var acquisitionCost: Decimal
}

/// Headcount of one unit and role.
public struct StaffCount: Sendable, Equatable {
  /// `offline` or `meta`.
  public var unit: String
  /// The role.
  public var role: String
  /// People in service during the period.
  public var headcount: Int64
}

/// Payroll of one unit and role.
public struct PayrollTotals: Sendable, Equatable {
  /// `offline` or `meta`.
  public var unit: String
  /// The role.
  public var role: String
  /// People paid in the period.
  public var people: Int64
  /// Person-months paid.
  public var personMonths: Int64
  /// Employer cost, CNY.
  public var cost: Decimal
}

/// Devices of one class and model in service during the period.
public struct DeviceTotals: Sendable, Equatable {
  /// `cpu`, `gpu`, `storage` or `network`.
  public var deviceClass: String
  /// The model.
  public var model: String
  /// Devices.
  public var devices: Int64
  /// Rated power of all of them, kW.
  public var ratedKW: Double
  /// Storage capacity, decimal petabytes.
  public var capacityPB: Double
  /// Rated power times hours in service within the period, kWh.
  public var nameplateKWh: Double
  /// Purchase value, CNY.
  public var purchaseValue: Decimal
}

/// Metered IT energy of one device class.
public struct EnergyTotals: Sendable, Equatable {
  /// The device class.
  public var deviceClass: String
  /// Metered IT energy, kWh.
  public var energyKWh: Double
  /// Device-group hours reported.
  public var groupHours: Int64
  /// Average utilization, percent.
  public var averageUtilizationPct: Double?
  /// The energy's cost at each day's tariff, CNY.
  public var energyCost: Decimal
  /// Days with energy but no tariff.
  public var daysWithoutTariff: Int64
}

/// Hours at one electricity price.
public struct TariffHours: Sendable, Equatable {
  /// CNY per kWh; nil when no tariff covers these hours.
  public var pricePerKWh: Decimal?
  /// Hours.
  public var hours: Double
  /// Days.
  public var days: Int64
}

/// Storage written for one kind of content.
public struct StorageTotals: Sendable, Equatable {
  /// `imaging`, `video`, `record_text` or `other`.
  public var contentKind: String
  /// Objects written.
  public var objects: Int64
  /// Bytes written (exact).
  public var bytes: Decimal
}

/// Network peaks of one direction.
public struct NetworkPeak: Sendable, Equatable {
  /// `inbound` or `outbound`.
  public var direction: String
  /// Highest hourly peak, Gbps.
  public var peakGbps: Double
  /// 95th percentile of the hourly peaks, Gbps.
  public var p95Gbps: Double
  /// Hours reported.
  public var hours: Int64
}

/// Capital items of one category.
public struct CapitalTotals: Sendable, Equatable {
  /// `software`, `model` or `hardware`.
  public var category: String
  /// Items in service during the period.
  public var items: Int64
  /// Their total cost, CNY.
  public var amount: Decimal
  /// Amortization or depreciation falling in the period, CNY.
  public var periodCharge: Decimal
  /// Cost of the items placed in service during the period, CNY.
  public var placedInService: Decimal
}

/// Service contracts of one category.
public struct ContractTotals: Sendable, Equatable {
  /// The category.
  public var category: String
  /// Contracts.
  public var contracts: Int64
  /// Their yearly amounts, CNY.
  public var annualAmount: Decimal
  /// The part falling in the period, CNY.
  public var periodAmount: Decimal
}

// MARK: - Decoding

extension Measures {
  /// The measures the pipeline extracts, each from one SQL file named in the job file.
  public enum Source: String, CaseIterable, Sendable {
    case visits, charges, concurrency, staff, payroll, devices, energy, tariffs, storage, network,
      capital, contracts
    case offlineActivity = "offline_activity"
  }

  /// Fills the measure of `source` from its query's rows.
  /// - Throws: `RunError.unexpectedResult` naming the file and column when a row does not fit.
  public mutating func absorb(_ source: Source, _ result: QueryResult) throws(RunError) {
    let file = result.file.path
    func fail(_ error: any Error) -> RunError {
      .unexpectedResult(file: file, problem: "\(error)")
    }
    do {
      for row in result.rows {
        switch source {
        case .visits:
          visitsByChannel[try row.value(String.self, "channel")] = VisitTotals(
            visits: try row.value("visits"), durationSeconds: try row.value("duration_seconds"),
            visitsWithDuration: try row.value("visits_with_duration"))
        case .charges:
          charges.append(
            ChargeTotals(
              channel: try row.value("channel"), kind: try row.value("kind"),
              inpatient: try row.value("inpatient"), count: try row.value("charges"),
              amount: try row.value("amount"), acquisitionCost: try row.value("acquisition_cost")))
        case .concurrency:
          observedPeakSessions = try row.value("peak_sessions")
          observedPeakAt = try row.value(Date?.self, "peak_at")
        case .offlineActivity:
          admissions = try row.value("admissions")
          surgeries = try row.value("surgeries")
        case .staff:
          headcount.append(
            StaffCount(
              unit: try row.value("unit"), role: try row.value("role"),
              headcount: try row.value("headcount")))
        case .payroll:
          payroll.append(
            PayrollTotals(
              unit: try row.value("unit"), role: try row.value("role"),
              people: try row.value("people"), personMonths: try row.value("person_months"),
              cost: try row.value("cost")))
        case .devices:
          devices.append(
            DeviceTotals(
              deviceClass: try row.value("device_class"), model: try row.value("model"),
              devices: try row.value("devices"), ratedKW: try row.value("rated_kw"),
              capacityPB: try row.value("capacity_pb"),
              nameplateKWh: try row.value("nameplate_kwh"),
              purchaseValue: try row.value(Decimal?.self, "purchase_value") ?? 0))
        case .energy:
          energy.append(
            EnergyTotals(
              deviceClass: try row.value("device_class"),
              energyKWh: try row.value(Double?.self, "energy_kwh") ?? 0,
              groupHours: try row.value("group_hours"),
              averageUtilizationPct: try row.value(Double?.self, "average_utilization_pct"),
              energyCost: try row.value(Decimal?.self, "energy_cost") ?? 0,
              daysWithoutTariff: try row.value("days_without_tariff")))
        case .tariffs:
          tariffHours.append(
            TariffHours(
              pricePerKWh: try row.value(Decimal?.self, "price_per_kwh"),
              hours: try row.value("hours"), days: try row.value("days")))
        case .storage:
          storage.append(
            StorageTotals(
              contentKind: try row.value("content_kind"), objects: try row.value("objects"),
              bytes: try row.value("bytes")))
        case .network:
          network.append(
            NetworkPeak(
              direction: try row.value("direction"), peakGbps: try row.value("peak_gbps"),
              p95Gbps: try row.value("p95_gbps"), hours: try row.value("hours")))
        case .capital:
          capital.append(
            CapitalTotals(
              category: try row.value("category"), items: try row.value("items"),
              amount: try row.value("amount"), periodCharge: try row.value("period_charge"),
              placedInService: try row.value(Decimal?.self, "placed_in_service") ?? 0))
        case .contracts:
          contracts.append(
            ContractTotals(
              category: try row.value("category"), contracts: try row.value("contracts"),
              annualAmount: try row.value("annual_amount"),
              periodAmount: try row.value("period_amount")))
        }
      }
    } catch {
      throw fail(error)
    }
  }
}

extension PostgresRow {
  /// The named column's value, its type inferred from the context.
  fileprivate func value<T: PostgresDecodable>(_ column: String) throws(PostgresError) -> T {
    try decode(T.self, column)
  }

  /// The named column's value as `type`.
  fileprivate func value<T: PostgresDecodable>(_ type: T.Type, _ column: String)
    throws(PostgresError) -> T
  {
    try decode(T.self, column)
  }
}
