import Foundation

/// Whether each source table has data for the period up to its last day: what a run says before
/// judging the data, so "the figures are low" is never read where "the load stopped on the 20th"
/// is the truth.
public struct DataCoverage: Sendable, Equatable {
  /// A source the report says how far reaches (its id names its phrase in `run.coverage`).
  public enum SourceID: String, Sendable, CaseIterable {
    case virtualVisits = "virtual_visits"
    case virtualCharges = "virtual_charges"
    case telemetry
    case payroll
    case storageWrites = "storage_writes"
    case networkPeaks = "network_peaks"
  }

  /// One source table's reach into the period.
  public struct Source: Sendable, Equatable {
    /// Stable id.
    public var id: SourceID
    /// What the table holds, for people and logs: `virtual visits`, `telemetry`…
    public var name: String
    /// The last local day (for payroll: month) with data in the period; nil when there is none.
    public var lastDay: LocalDate?
    /// Whether the source is counted by month (payroll) rather than by day.
    public var monthly: Bool

    /// A sentence for the report: `virtual visits end on 2026-10-20`, `no telemetry`.
    public func sentence(periodLastDay: LocalDate) -> String {
      guard let lastDay else { return "no \(name)" }
      if monthly {
        let month = String(lastDay.description.prefix(7))
        return isComplete(periodLastDay: periodLastDay)
          ? "\(name) through \(month)" : "\(name) ends with \(month)"
      }
      return isComplete(periodLastDay: periodLastDay)
        ? "\(name) through \(lastDay)" : "\(name) end on \(lastDay)"
    }

    /// Whether the data reaches the period's last day (payroll: its last month).
    public func isComplete(periodLastDay: LocalDate) -> Bool {
      guard let lastDay else { return false }
      return monthly
        ? (lastDay.year, lastDay.month) >= (periodLastDay.year, periodLastDay.month)
        : lastDay >= periodLastDay
    }
  }

  /// The period's last local day.
  public var periodLastDay: LocalDate
  /// The sources, in report order.
  public var sources: [Source]
  /// Whether any table holds a row for the period (offline visits and charges included).
  public var hasAnyData: Bool

  /// The coverage of a period's measures.
  public init(period: Period, measures m: Measures) {
    let lastMonth = period.months.last ?? period
    periodLastDay = LocalDate.lastDay(year: lastMonth.year, month: lastMonth.firstMonth)
    func latest(_ days: [LocalDate?]) -> LocalDate? { days.compactMap { $0 }.max() }
    let virtualCharges = m.charges.filter { $0.channel == .virtual }
    sources = [
      Source(
        id: .virtualVisits, name: "virtual visits",
        lastDay: m.visitsByChannel[.virtual]?.lastDay, monthly: false),
      Source(
        id: .virtualCharges, name: "virtual charges",
        lastDay: latest(virtualCharges.map(\.lastDay)), monthly: false),
      Source(
        id: .telemetry, name: "telemetry", lastDay: latest(m.energy.map(\.lastDay)),
        monthly: false),
      Source(
        id: .payroll, name: "meta-hospital payroll",
        lastDay: latest(m.payroll.filter { $0.unit == .meta }.map(\.lastMonth)), monthly: true),
      Source(
        id: .storageWrites, name: "storage writes", lastDay: latest(m.storage.map(\.lastDay)),
        monthly: false),
      Source(
        id: .networkPeaks, name: "network peaks", lastDay: latest(m.network.map(\.lastDay)),
        monthly: false),
    ]
    hasAnyData =
      sources.contains { $0.lastDay != nil } || !m.visitsByChannel.isEmpty || !m.charges.isEmpty
  }

  /// The sources that stop before the period's last day (or have nothing).
  public var incomplete: [Source] {
    sources.filter { !$0.isComplete(periodLastDay: periodLastDay) }
  }

  /// One sentence on every source: `virtual visits end on 2026-10-20; telemetry through 2026-10-31; …`.
  public var summary: String {
    sources.map { $0.sentence(periodLastDay: periodLastDay) }.joined(separator: "; ")
  }
}
