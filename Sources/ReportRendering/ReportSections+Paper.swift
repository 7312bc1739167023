import Foundation
import HospitalEconomics

// MARK: - The paper reproduced, and the resources

extension ReportSections {
  /// The paper's Tables 2–3 figure by figure beside the computed values.
  public static func paperReproduction(_ e: Economics, _ w: Wording) -> ReportSection {
    typealias Say = PaperPhrase
    let rows = e.paperReproduction.map { f -> [String] in
      let decimals = f.basis == .exact ? f.paperDecimals : max(f.paperDecimals, 2)
      // Chinese amounts in 万元, as the unit column says.
      let amount = w.language == .zh && Wording.amountUnits.contains(f.unit)
      func number(_ value: Decimal, _ decimals: Int) -> String {
        amount ? w.money(value) : NumberFormat.grouped(value, decimals: decimals)
      }
      return [
        f.table == "Table 2" ? w(Say.table2) : f.table == "Table 3" ? w(Say.table3) : f.table,
        PaperLabelPhrase(rawValue: f.id).map { w($0) } ?? f.label,
        amount ? w.money(f.paperValue) : NumberFormat.groupedTrimmed(f.paperValue),
        number(f.computedValue, decimals), number(f.deviation, decimals),
        f.deviationShare.map { NumberFormat.grouped($0 * 100, decimals: 2) + " %" } ?? "",
        w.unit(f.unit), Say.status(f.status).map { w($0) } ?? f.status,
        f.note.isEmpty ? "" : PaperNotePhrase(rawValue: f.id).map { w($0) } ?? f.note,
      ]
    }
    let numbers = [
      w(Say.paperColumn), w(Say.computedColumn), w(Say.deviationColumn),
      w(Say.deviationShareColumn),
    ]
    return ReportSection(
      id: "paper-reproduction", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro)),
        .table(
          ReportTable(
            columns: [w(Say.tableColumn), w(Say.figureColumn)] + numbers + [
              w(Say.unitColumn), w(Say.statusColumn), w(Say.noteColumn),
            ],
            rightAligned: Set(numbers), rows: rows)),
        .paragraph(
          w(
            Say.power,
            [
              "share": NumberFormat.percent(Decimal(quantity: e.inputs.averageLoadShare)),
              "energy": NumberFormat.grouped(Decimal(quantity: e.meteredEnergyKWh), decimals: 0),
              "cost": w.exactAmount(e.meteredElectricityCostCNY),
            ])),
      ])
  }

  /// Compute, power, storage and network, and the hardware capital behind them.
  public static func resources(_ e: Economics, placeholders: Set<DriverID>, _ w: Wording)
    -> ReportSection
  {
    typealias Say = ResourcesPhrase
    func trimmed(_ value: Double) -> String {
      NumberFormat.groupedTrimmed(Decimal(quantity: value))
    }
    var powerRows = e.devicePowerKW.map { d -> [String] in
      let device = e.inputs.devices.first { $0.id == d.id }
      return [
        MarkdownText.escape(d.name), NumberFormat.grouped(Decimal(device?.count ?? 0), decimals: 0),
        trimmed(device?.ratedPowerW ?? 0) + " " + w.unit("W"),
        NumberFormat.grouped(Decimal(quantity: d.value), decimals: 1),
      ]
    }
    powerRows.append([
      w(Say.storage),
      NumberFormat.grouped(Decimal(quantity: e.storageProvisionedPB), decimals: 1) + " "
        + w.unit("PB"),
      trimmed(e.inputs.storagePowerKWPerPB) + " " + w.unit("kW/PB"),
      NumberFormat.grouped(Decimal(quantity: e.storagePowerKW), decimals: 1),
    ])
    powerRows.append([
      w(Say.itPower), "", "",
      "**\(NumberFormat.grouped(Decimal(quantity: e.itPowerKW), decimals: 1))**",
    ])
    powerRows.append([
      w(Say.facilityPower, ["factor": trimmed(e.inputs.facilityFactor)]),
      "", "", "**\(NumberFormat.grouped(Decimal(quantity: e.facilityPowerKW), decimals: 1))**",
    ])
    let energyRows: [[String]] = [
      [
        w(Say.nameplate, ["hours": trimmed(e.inputs.hoursPerYear)]),
        NumberFormat.grouped(Decimal(quantity: e.annualEnergyKWh), decimals: 0),
        w.money(e.annualElectricityCostCNY), w(Say.costed),
      ],
      [
        w(
          Say.meteredEstimate,
          ["share": NumberFormat.percent(Decimal(quantity: e.inputs.averageLoadShare))]),
        NumberFormat.grouped(Decimal(quantity: e.meteredEnergyKWh), decimals: 0),
        w.money(e.meteredElectricityCostCNY), w(Say.forComparison),
      ],
    ]
    let capitalRows = e.hardware.map { item -> [String] in
      let priceID: DriverID =
        item.isStorage
        ? ScalarDriver.storagePriceCNYPerPB.id : DeviceField.unitPriceCNY.id(for: item.id)
      let lifeID: DriverID =
        item.isStorage
        ? ScalarDriver.storageUsefulLifeYears.id : DeviceField.usefulLifeYears.id(for: item.id)
      let placeholder = placeholders.contains(priceID) || placeholders.contains(lifeID)
      return [
        item.isStorage ? w(Say.storageProvisioned) : MarkdownText.escape(item.name),
        NumberFormat.groupedTrimmed(item.quantity) + " " + w.unit(item.unit),
        w.price(item.unitPriceCNY),
        w.money(item.capexCNY), NumberFormat.groupedTrimmed(item.usefulLifeYears),
        w.money(item.depreciationPerYearCNY), w(placeholder ? Say.placeholder : .assumption),
      ]
    }
    let storage = w(
      Say.storageText,
      [
        "one_in": trimmed(1 / max(e.inputs.storedVisitShare, 1e-12)),
        "stored": NumberFormat.grouped(Decimal(quantity: e.storedVisitsPerYear), decimals: 0),
        "per_visit": trimmed(e.storageIncrementGB / max(e.storedVisitsPerYear, 1)),
        "gigabytes": NumberFormat.grouped(Decimal(quantity: e.storageIncrementGB), decimals: 0),
        "decimal": NumberFormat.grouped(Decimal(quantity: e.storageIncrementPB), decimals: 3),
        "binary": NumberFormat.grouped(Decimal(quantity: e.storageIncrementBinaryPB), decimals: 3),
        "planning_unit": w(
          ChoicePhrase(rawValue: e.inputs.storagePlanningUnit.rawValue) ?? .binary),
        "decimals": String(e.inputs.storagePlanningDecimals),
        "planned": trimmed(e.storagePlannedIncrementPB),
        "retention": String(e.inputs.storageRetentionYears),
        "provisioned": trimmed(e.storageProvisionedPB),
      ])
    let network = w(
      Say.networkText,
      [
        "sessions": NumberFormat.grouped(Decimal(quantity: e.concurrentSessions), decimals: 2),
        "visits": NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0),
        "days": trimmed(e.inputs.openDaysPerYear), "hours": trimmed(e.inputs.effectiveHoursPerDay),
        "minutes": trimmed(e.inputs.minutesPerVisit),
        "stream": trimmed(e.inputs.terminalBandwidthMbps),
        "one_way": NumberFormat.grouped(Decimal(quantity: e.oneWayBandwidthGbps), decimals: 1),
        "two_way": NumberFormat.grouped(Decimal(quantity: e.networkBandwidthGbps), decimals: 1),
        "directions": String(e.inputs.networkDirections),
      ])
    let (units, rated, kilowatts) = (
      w(Say.unitsColumn), w(Say.ratedColumn), w(Say.kilowattsColumn)
    )
    let (energy, cost) = (w(Say.energyColumn), w(Say.costColumn))
    let capitalNumbers = [
      w(Say.quantityColumn), w(Say.unitPriceColumn), w(Say.capexColumn), w(Say.lifeColumn),
      w(Say.depreciationColumn),
    ]
    return ReportSection(
      id: "resources", title: w(Say.title),
      blocks: [
        .subheading(w(Say.powerHeading)),
        .table(
          ReportTable(
            columns: [w(Say.itemColumn), units, rated, kilowatts],
            rightAligned: [units, rated, kilowatts], rows: powerRows)),
        .subheading(w(Say.energyHeading)),
        .table(
          ReportTable(
            columns: [w(Say.basisColumn), energy, cost, w(Say.useColumn)],
            rightAligned: [energy, cost], rows: energyRows)),
        .subheading(w(Say.storageHeading)),
        .paragraph(storage),
        .subheading(w(Say.networkHeading)),
        .paragraph(network),
        .subheading(w(Say.capitalHeading)),
        .table(
          ReportTable(
            columns: [w(Say.itemColumn)] + capitalNumbers + [w(Say.sourceColumn)],
            rightAligned: Set(capitalNumbers), rows: capitalRows)),
        .paragraph(w(Say.unpriced)),
      ])
  }
}
