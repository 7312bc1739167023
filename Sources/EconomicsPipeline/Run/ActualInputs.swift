import Foundation
import HospitalEconomics

/// Builds the model's inputs from a period's measures laid over the scenario's assumptions.
///
/// Each driver the data can tell is replaced by its measured value, annualized where it is a
/// flow (visits, revenue per visit, payroll, services) and labelled `measured` with the SQL file
/// it came from; everything else (facility factor, discount rate, hours a year…) stays the
/// scenario's assumption and keeps its label.
public enum ActualInputs {
  /// Inventory models and the scenario's device class they measure.
  static let deviceModels: [(modelContains: String, deviceID: String)] = [
    ("4090", "rtx_4090"), ("H100", "h100"), ("5218R", "xeon_gold_5218r"),
  ]

  /// The scenario's inputs with every driver the measures can tell replaced by its value.
  public static func make(
    plan: AttributedInputs, measures m: Measures, period: Period, files: [Measures.Source: String]
  ) -> AttributedInputs {
    var actual = plan
    let fraction = PeriodFraction(days: period.dayCount, daysInYear: period.daysInYear)
    func source(_ s: Measures.Source) -> String { files[s] ?? "sql/extract/\(s.rawValue).sql" }
    func set(_ id: DriverID, _ value: DriverValue, _ from: Measures.Source) {
      actual.override(id, with: value, measuredFrom: source(from))
    }
    func set(_ id: ScalarDriver, _ value: DriverValue, _ from: Measures.Source) {
      set(id.id, value, from)
    }

    // MARK: visits and revenue
    if let virtual = m.visitsByChannel["virtual"], virtual.visits > 0 {
      set(.annualVisits, .count(fraction.annualize(Int(virtual.visits))), .visits)
      if virtual.visitsWithDuration > 0 {
        set(
          .minutesPerVisit,
          .quantity(Double(virtual.durationSeconds) / Double(virtual.visitsWithDuration) / 60),
          .visits)
      }
      let visits = Decimal(virtual.visits)
      let virtualCharges = m.charges.filter { $0.channel == "virtual" && !$0.inpatient }
      let registration = virtualCharges.filter { $0.kind == "registration" }
      let drugs = virtualCharges.filter { $0.kind == "drug" }
      if !registration.isEmpty {
        set(.registrationFeeCNY, .exact(registration.map(\.amount).sum / visits), .charges)
      }
      if !drugs.isEmpty {
        let amount = drugs.map(\.amount).sum
        let cost = drugs.map(\.acquisitionCost).sum
        set(.drugSpendPerVisitCNY, .exact(amount / visits), .charges)
        if cost > 0 { set(.drugMarkupRate, .exact((amount - cost) / cost), .charges) }
      }
      // Storage: one object of each kind per stored visit.
      if let imaging = m.storage.first(where: { $0.contentKind == "imaging" }), imaging.objects > 0
      {
        set(
          .storedVisitShare, .quantity(Double(imaging.objects) / Double(virtual.visits)), .storage)
        set(
          .imagingMBPerStoredVisit,
          .quantity(imaging.bytes.doubleValue / Double(imaging.objects) / 1e6), .storage)
      }
      if let video = m.storage.first(where: { $0.contentKind == "video" }), video.objects > 0 {
        set(
          .videoGBPerStoredVisit, .quantity(video.bytes.doubleValue / Double(video.objects) / 1e9),
          .storage)
      }
      if let text = m.storage.first(where: { $0.contentKind == "record_text" }), text.objects > 0 {
        set(
          .recordKBPerStoredVisit, .quantity(text.bytes.doubleValue / Double(text.objects) / 1e3),
          .storage)
      }
    }

    // MARK: staff
    let metaHeadcount = m.headcount.filter { $0.unit == "meta" }.map(\.headcount).reduce(0, +)
    if metaHeadcount > 0 { set(.staffHeadcount, .count(Int(metaHeadcount)), .staff) }
    let metaPayroll = m.payroll.filter { $0.unit == "meta" }
    let personMonths = metaPayroll.map(\.personMonths).reduce(0, +)
    if personMonths > 0 {
      set(
        .staffAnnualCostPerPersonCNY,
        .exact(metaPayroll.map(\.cost).sum * 12 / Decimal(personMonths)), .payroll)
    }

    // MARK: devices, energy, tariff
    for device in m.devices {
      guard device.devices > 0,
        let id = deviceModels.first(where: { device.model.contains($0.modelContains) })?.deviceID,
        plan.inputs.devices.contains(where: { $0.id == id })
      else { continue }
      set(DeviceField.count.id(for: id), .count(Int(device.devices)), .devices)
      set(
        DeviceField.ratedPowerW.id(for: id),
        .quantity(device.ratedKW * 1000 / Double(device.devices)), .devices)
      if device.purchaseValue > 0 {
        set(
          DeviceField.unitPriceCNY.id(for: id),
          .exact(device.purchaseValue / Decimal(device.devices)), .devices)
      }
    }
    if let storage = m.devices.first(where: { $0.deviceClass == "storage" }), storage.capacityPB > 0
    {
      if storage.purchaseValue > 0 {
        set(
          .storagePriceCNYPerPB,
          .exact(storage.purchaseValue / Decimal(quantity: storage.capacityPB)), .devices)
      }
      set(.storagePowerKWPerPB, .quantity(storage.ratedKW / storage.capacityPB), .devices)
    }
    let nameplateITKWh = m.devices.map(\.nameplateKWh).reduce(0, +)
    let meteredITKWh = m.energy.map(\.energyKWh).reduce(0, +)
    if nameplateITKWh > 0, meteredITKWh > 0 {
      set(.averageLoadShare, .quantity(meteredITKWh / nameplateITKWh), .energy)
    }
    if let tariff = m.averageTariff { set(.electricityTariffCNYPerKWh, .exact(tariff), .tariffs) }

    // MARK: capital and services
    let months = Decimal(period.grain.months)
    for (category, capex, years) in [
      ("software", ScalarDriver.softwareCapexCNY, ScalarDriver.softwareAmortizationYears),
      ("model", .modelCapexCNY, .modelAmortizationYears),
    ] {
      guard let item = m.capital.first(where: { $0.category == category }), item.amount > 0 else {
        continue
      }
      set(capex, .exact(item.amount), .capital)
      if item.periodCharge > 0 {
        // The life that makes the model's straight line equal the data's charge.
        set(years, .exact(item.amount / (item.periodCharge * 12 / months)), .capital)
      }
    }
    let services = m.contracts.map(\.periodAmount).sum
    if !m.contracts.isEmpty {
      set(.otherServicesCNYPerYear, .exact(fraction.annualize(services)), .contracts)
    }

    // MARK: the offline hospital
    if let offline = m.visitsByChannel["offline"], offline.visits > 0 {
      set(.offlineOutpatientVisits, .count(fraction.annualize(Int(offline.visits))), .visits)
    }
    if m.admissions > 0 {
      set(
        .offlineInpatientAdmissions, .count(fraction.annualize(Int(m.admissions))), .offlineActivity
      )
    }
    if m.surgeries > 0 {
      set(.offlineSurgeries, .count(fraction.annualize(Int(m.surgeries))), .offlineActivity)
    }
    for (role, driver) in [
      ("doctor", ScalarDriver.offlineDoctors), ("nurse", .offlineNurses),
      ("administrator", .offlineAdministrativeStaff), ("other", .offlineOtherStaff),
    ] {
      let count = m.headcount.filter { $0.unit == "offline" && $0.role == role }.map(\.headcount)
        .reduce(0, +)
      if count > 0 { set(driver, .count(Int(count)), .staff) }
    }
    let offlineRevenue = m.charges.filter { $0.channel == "offline" }.map(\.amount).sum
    if offlineRevenue > 0 {
      set(.offlineMedicalRevenueCNY, .exact(fraction.annualize(offlineRevenue)), .charges)
    }
    return actual
  }
}

extension Measures {
  /// The hours-weighted electricity price of the period, CNY/kWh; nil when no tariff covers it.
  public var averageTariff: Decimal? {
    let priced = tariffHours.compactMap { t in
      t.pricePerKWh.map { ($0, Decimal(quantity: t.hours)) }
    }
    let hours = priced.map(\.1).sum
    guard hours > 0 else { return nil }
    return priced.map { $0.0 * $0.1 }.sum / hours
  }
}

extension Sequence where Element == Decimal {
  /// The exact sum.
  var sum: Decimal { reduce(0, +) }
}
