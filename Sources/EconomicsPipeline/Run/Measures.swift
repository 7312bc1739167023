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
          visitsByChannel[try row.decode(String.self, "channel")] = VisitTotals(
            visits: try row.decode("visits"), durationSeconds: try row.decode("duration_seconds"),
            visitsWithDuration: try row.decode("visits_with_duration"))
        case .charges:
          charges.append(
            ChargeTotals(
              channel: try row.decode("channel"), kind: try row.decode("kind"),
              inpatient: try row.decode("inpatient"), count: try row.decode("charges"),
              amount: try row.decode("amount"), acquisitionCost: try row.decode("acquisition_cost")))
        case .concurrency:
          observedPeakSessions = try row.decode("peak_sessions")
          observedPeakAt = try row.decode(Date?.self, "peak_at")
        case .offlineActivity:
          admissions = try row.decode("admissions")
          surgeries = try row.decode("surgeries")
        case .staff:
          headcount.append(
            StaffCount(
              unit: try row.decode("unit"), role: try row.decode("role"),
              headcount: try row.decode("headcount")))
        case .payroll:
          payroll.append(
            PayrollTotals(
              unit: try row.decode("unit"), role: try row.decode("role"),
              people: try row.decode("people"), personMonths: try row.decode("person_months"),
              cost: try row.decode("cost")))
        case .devices:
          devices.append(
            DeviceTotals(
              deviceClass: try row.decode("device_class"), model: try row.decode("model"),
              devices: try row.decode("devices"), ratedKW: try row.decode("rated_kw"),
              capacityPB: try row.decode("capacity_pb"),
              nameplateKWh: try row.decode("nameplate_kwh"),
              purchaseValue: try row.decode(Decimal?.self, "purchase_value") ?? 0))
        case .energy:
          energy.append(
            EnergyTotals(
              deviceClass: try row.decode("device_class"),
              energyKWh: try row.decode(Double?.self, "energy_kwh") ?? 0,
              groupHours: try row.decode("group_hours"),
              averageUtilizationPct: try row.decode(Double?.self, "average_utilization_pct"),
              energyCost: try row.decode(Decimal?.self, "energy_cost") ?? 0,
              daysWithoutTariff: try row.decode("days_without_tariff")))
        case .tariffs:
          tariffHours.append(
            TariffHours(
              pricePerKWh: try row.decode(Decimal?.self, "price_per_kwh"),
              hours: try row.decode("hours"), days: try row.decode("days")))
        case .storage:
          storage.append(
            StorageTotals(
              contentKind: try row.decode("content_kind"), objects: try row.decode("objects"),
              bytes: try row.decode("bytes")))
        case .network:
          network.append(
            NetworkPeak(
              direction: try row.decode("direction"), peakGbps: try row.decode("peak_gbps"),
              p95Gbps: try row.decode("p95_gbps"), hours: try row.decode("hours")))
        case .capital:
          capital.append(
            CapitalTotals(
              category: try row.decode("category"), items: try row.decode("items"),
              amount: try row.decode("amount"), periodCharge: try row.decode("period_charge"),
              placedInService: try row.decode(Decimal?.self, "placed_in_service") ?? 0))
        case .contracts:
          contracts.append(
            ContractTotals(
              category: try row.decode("category"), contracts: try row.decode("contracts"),
              annualAmount: try row.decode("annual_amount"),
              periodAmount: try row.decode("period_amount")))
        }
      }
    } catch {
      throw fail(error)
    }
  }
}
