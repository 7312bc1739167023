import Foundation

// The rows of ``Measures``: what each extraction query returns, one aggregate a row.

/// Visits of one channel.
public struct VisitTotals: Sendable, Equatable {
  /// Visits started in the period.
  public var visits: Int64
  /// Their interaction time, seconds.
  public var durationSeconds: Int64
  /// Visits that have an interaction time.
  public var visitsWithDuration: Int64
  /// The local day of the first visit.
  public var firstDay: LocalDate?
  /// The local day of the last visit.
  public var lastDay: LocalDate?

  /// Creates the totals.
  package init(
    visits: Int64, durationSeconds: Int64, visitsWithDuration: Int64, firstDay: LocalDate?,
    lastDay: LocalDate?
  ) {
    self.visits = visits
    self.durationSeconds = durationSeconds
    self.visitsWithDuration = visitsWithDuration
    self.firstDay = firstDay
    self.lastDay = lastDay
  }
}

/// Charges of one channel, kind and setting.
public struct ChargeTotals: Sendable, Equatable {
  /// The billing system.
  public var channel: Channel
  /// The kind of charge.
  public var kind: ChargeKind
  /// Whether the charges belong to admissions.
  public var inpatient: Bool
  /// Number of charges.
  public var count: Int64
  /// Amount billed, CNY.
  public var amount: Decimal
  /// Amount billed on the charges that carry an acquisition cost, CNY.
  public var amountWithCost: Decimal
  /// Acquisition cost of those charges' goods (drugs), CNY.
  public var acquisitionCost: Decimal
  /// Charges with an amount but no acquisition cost.
  public var missingCost: Int64
  /// The local day of the last charge.
  public var lastDay: LocalDate?

  /// The markup on the charges whose acquisition cost is known, CNY.
  public var markup: Decimal { amountWithCost - acquisitionCost }

  /// Creates the totals.
  package init(
    channel: Channel, kind: ChargeKind, inpatient: Bool, count: Int64, amount: Decimal,
    amountWithCost: Decimal, acquisitionCost: Decimal, missingCost: Int64, lastDay: LocalDate?
  ) {
    self.channel = channel
    self.kind = kind
    self.inpatient = inpatient
    self.count = count
    self.amount = amount
    self.amountWithCost = amountWithCost
    self.acquisitionCost = acquisitionCost
    self.missingCost = missingCost
    self.lastDay = lastDay
  }
}

/// Headcount of one unit and role.
public struct StaffCount: Sendable, Equatable {
  /// The hospital.
  public var unit: StaffUnit
  /// The role.
  public var role: String
  /// People employed on at least one day of the period.
  public var people: Int64
  /// Days employed within the period, summed over the people.
  public var personDays: Int64

  /// Creates the totals.
  package init(
    unit: StaffUnit, role: String, people: Int64, personDays: Int64
  ) {
    self.unit = unit
    self.role = role
    self.people = people
    self.personDays = personDays
  }
}

/// Payroll of one unit and role.
public struct PayrollTotals: Sendable, Equatable {
  /// The hospital.
  public var unit: StaffUnit
  /// The role.
  public var role: String
  /// People paid in the period.
  public var people: Int64
  /// Person-months paid.
  public var personMonths: Int64
  /// Employer cost, CNY.
  public var cost: Decimal
  /// The last month with payroll.
  public var lastMonth: LocalDate?

  /// Creates the totals.
  package init(
    unit: StaffUnit, role: String, people: Int64, personMonths: Int64, cost: Decimal,
    lastMonth: LocalDate?
  ) {
    self.unit = unit
    self.role = role
    self.people = people
    self.personMonths = personMonths
    self.cost = cost
    self.lastMonth = lastMonth
  }
}

/// Devices of one class and model in service during the period, with their nameplate energy.
public struct DeviceTotals: Sendable, Equatable {
  /// The device class.
  public var deviceClass: DataDeviceClass
  /// The model.
  public var model: String
  /// Device groups (racks, pools, shelves) in service on at least one day.
  public var groups: Int64
  /// Devices in those groups.
  public var devices: Int64
  /// Devices × days in service within the period.
  public var deviceDays: Int64
  /// Devices × rated watts × days in service.
  public var wattDays: Decimal
  /// Storage capacity × days in service, decimal PB·days.
  public var capacityPBDays: Decimal
  /// IT energy at nameplate (rated power, every hour in service), kWh.
  public var nameplateKWh: Decimal
  /// That energy at each day's tariff, CNY.
  public var nameplateCost: Decimal
  /// Nameplate energy on days without a tariff, kWh.
  public var untariffedKWh: Decimal

  /// Creates the totals.
  package init(
    deviceClass: DataDeviceClass, model: String, groups: Int64, devices: Int64, deviceDays: Int64,
    wattDays: Decimal, capacityPBDays: Decimal, nameplateKWh: Decimal, nameplateCost: Decimal,
    untariffedKWh: Decimal
  ) {
    self.deviceClass = deviceClass
    self.model = model
    self.groups = groups
    self.devices = devices
    self.deviceDays = deviceDays
    self.wattDays = wattDays
    self.capacityPBDays = capacityPBDays
    self.nameplateKWh = nameplateKWh
    self.nameplateCost = nameplateCost
    self.untariffedKWh = untariffedKWh
  }
}

/// Metered IT energy of one device class.
public struct EnergyTotals: Sendable, Equatable {
  /// The device class.
  public var deviceClass: DataDeviceClass
  /// Metered IT energy, kWh (exact sum of the telemetry).
  public var energyKWh: Decimal
  /// Device-group hours reported.
  public var groupHours: Int64
  /// Utilization × devices, summed over the hours reported (percent·device-hours).
  public var weightedUtilization: Decimal
  /// Device-hours with a utilization reported.
  public var deviceHours: Int64
  /// Average utilization, percent, weighted by devices; nil without utilization.
  public var averageUtilizationPct: Double? {
    deviceHours > 0 ? (weightedUtilization / Decimal(deviceHours)).doubleValue : nil
  }
  /// The energy's cost at each day's tariff, CNY.
  public var energyCost: Decimal
  /// Days with energy but no tariff.
  public var daysWithoutTariff: Int64
  /// The last local day with telemetry.
  public var lastDay: LocalDate?

  /// Creates the totals.
  package init(
    deviceClass: DataDeviceClass, energyKWh: Decimal, groupHours: Int64,
    weightedUtilization: Decimal, deviceHours: Int64, energyCost: Decimal, daysWithoutTariff: Int64,
    lastDay: LocalDate?
  ) {
    self.deviceClass = deviceClass
    self.energyKWh = energyKWh
    self.groupHours = groupHours
    self.weightedUtilization = weightedUtilization
    self.deviceHours = deviceHours
    self.energyCost = energyCost
    self.daysWithoutTariff = daysWithoutTariff
    self.lastDay = lastDay
  }
}

/// One electricity price and the local days of the period it applies to.
public struct TariffSpan: Sendable, Equatable {
  /// CNY per kWh; nil for days before the first tariff.
  public var pricePerKWh: Decimal?
  /// The first day.
  public var firstDay: LocalDate
  /// The last day.
  public var lastDay: LocalDate
  /// Days.
  public var days: Int64

  /// Creates the totals.
  package init(
    pricePerKWh: Decimal?, firstDay: LocalDate, lastDay: LocalDate, days: Int64
  ) {
    self.pricePerKWh = pricePerKWh
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.days = days
  }
}

/// Storage written for one kind of content.
public struct StorageTotals: Sendable, Equatable {
  /// What was written.
  public var contentKind: ContentKind
  /// Objects written.
  public var objects: Int64
  /// Bytes written (exact).
  public var bytes: Decimal
  /// The last day with a write.
  public var lastDay: LocalDate?

  /// Creates the totals.
  package init(
    contentKind: ContentKind, objects: Int64, bytes: Decimal, lastDay: LocalDate?
  ) {
    self.contentKind = contentKind
    self.objects = objects
    self.bytes = bytes
    self.lastDay = lastDay
  }
}

/// Network peaks of one direction.
public struct NetworkPeak: Sendable, Equatable {
  /// The direction.
  public var direction: NetworkDirection
  /// Highest hourly peak, Gbps.
  public var peakGbps: Double
  /// 95th percentile of the hourly peaks, Gbps.
  public var p95Gbps: Double
  /// Hours reported.
  public var hours: Int64
  /// The last local day reported.
  public var lastDay: LocalDate?

  /// Creates the totals.
  package init(
    direction: NetworkDirection, peakGbps: Double, p95Gbps: Double, hours: Int64,
    lastDay: LocalDate?
  ) {
    self.direction = direction
    self.peakGbps = peakGbps
    self.p95Gbps = p95Gbps
    self.hours = hours
    self.lastDay = lastDay
  }
}

/// Capital items of one category.
public struct CapitalTotals: Sendable, Equatable {
  /// What the items are.
  public var category: CapitalCategory
  /// Items in service during the period.
  public var items: Int64
  /// Their total cost, CNY.
  public var amount: Decimal
  /// Amortization or depreciation falling in the period, CNY.
  public var periodCharge: Decimal
  /// Cost of the items placed in service during the period, CNY.
  public var placedInService: Decimal
  /// Book value of hardware whose device group was retired in the period, CNY.
  public var retiredBookValue: Decimal

  /// Creates the totals.
  package init(
    category: CapitalCategory, items: Int64, amount: Decimal, periodCharge: Decimal,
    placedInService: Decimal, retiredBookValue: Decimal
  ) {
    self.category = category
    self.items = items
    self.amount = amount
    self.periodCharge = periodCharge
    self.placedInService = placedInService
    self.retiredBookValue = retiredBookValue
  }
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

  /// Creates the totals.
  package init(
    category: String, contracts: Int64, annualAmount: Decimal, periodAmount: Decimal
  ) {
    self.category = category
    self.contracts = contracts
    self.annualAmount = annualAmount
    self.periodAmount = periodAmount
  }
}
