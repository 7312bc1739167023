import Foundation
import HospitalEconomics

/// Everything the extraction queries measured for one period: aggregates, never rows.
///
/// Money is `Decimal` (PostgreSQL numeric, exact); counts are integers; physical quantities are
/// `Double` with the unit in the name.
public struct Measures: Sendable, Equatable {
  // MARK: visits and charges

  /// Visits by channel.
  public var visitsByChannel: [Channel: VisitTotals] = [:]
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

  /// Staff employed during the period, by unit and role.
  public var staff: [StaffCount] = []
  /// Payroll by unit and role.
  public var payroll: [PayrollTotals] = []

  // MARK: devices, energy, storage, network

  /// Devices in service, by class and model.
  public var devices: [DeviceTotals] = []
  /// Metered IT energy by device class.
  public var energy: [EnergyTotals] = []
  /// The electricity tariffs in force during the period, in day order.
  public var tariffs: [TariffSpan] = []
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

// MARK: - Sources

extension Measures {
  /// The measures the pipeline extracts, each from one SQL file named in the job file.
  public enum Source: String, CaseIterable, Sendable {
    case visits, charges, concurrency, staff, payroll, devices, energy, tariffs, storage, network,
      capital, contracts
    case offlineActivity = "offline_activity"
  }
}

// MARK: - Composing months

extension Measures {
  /// The measures read month by month (the fact tables: visits, charges, concurrency, energy).
  public static let monthlySources: Set<Source> = [.visits, .charges, .concurrency, .energy]

  /// The measures of a longer period from its months' fact measures: counts and money added,
  /// first and last days the earliest and latest, the peak the highest. Every other measure (the
  /// small tables', read directly for the whole period) is taken from `direct`.
  public static func composing(months: [Measures], direct: Measures) -> Measures {
    var result = direct
    result.visitsByChannel = [:]
    result.charges = []
    result.energy = []
    result.observedPeakSessions = 0
    result.observedPeakAt = nil
    var charges: [String: ChargeTotals] = [:]
    var chargeOrder: [String] = []
    var energy: [DataDeviceClass: EnergyTotals] = [:]
    var energyOrder: [DataDeviceClass] = []
    for month in months {
      for (channel, v) in month.visitsByChannel {
        if var total = result.visitsByChannel[channel] {
          total.visits += v.visits
          total.durationSeconds += v.durationSeconds
          total.visitsWithDuration += v.visitsWithDuration
          total.firstDay = [total.firstDay, v.firstDay].compactMap { $0 }.min()
          total.lastDay = [total.lastDay, v.lastDay].compactMap { $0 }.max()
          result.visitsByChannel[channel] = total
        } else {
          result.visitsByChannel[channel] = v
        }
      }
      for c in month.charges {
        let key = "\(c.channel)|\(c.kind)|\(c.inpatient)"
        if var total = charges[key] {
          total.count += c.count
          total.amount += c.amount
          total.amountWithCost += c.amountWithCost
          total.acquisitionCost += c.acquisitionCost
          total.missingCost += c.missingCost
          total.lastDay = [total.lastDay, c.lastDay].compactMap { $0 }.max()
          charges[key] = total
        } else {
          charges[key] = c
          chargeOrder.append(key)
        }
      }
      for e in month.energy {
        if var total = energy[e.deviceClass] {
          total.energyKWh += e.energyKWh
          total.groupHours += e.groupHours
          total.weightedUtilization += e.weightedUtilization
          total.deviceHours += e.deviceHours
          total.energyCost += e.energyCost
          total.daysWithoutTariff += e.daysWithoutTariff
          total.lastDay = [total.lastDay, e.lastDay].compactMap { $0 }.max()
          energy[e.deviceClass] = total
        } else {
          energy[e.deviceClass] = e
          energyOrder.append(e.deviceClass)
        }
      }
      if month.observedPeakSessions > result.observedPeakSessions {
        result.observedPeakSessions = month.observedPeakSessions
        result.observedPeakAt = month.observedPeakAt
      }
    }
    result.charges = chargeOrder.compactMap { charges[$0] }.sorted {
      ($0.channel, $0.kind, $0.inpatient ? 1 : 0) < ($1.channel, $1.kind, $1.inpatient ? 1 : 0)
    }
    result.energy = energyOrder.compactMap { energy[$0] }.sorted { $0.deviceClass < $1.deviceClass }
    return result
  }
}
