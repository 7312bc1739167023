import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - Revenue, energy, devices, staff, storage and network, the offline hospital

extension RunReport {
  static func revenueSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunRevenuePhrase
    let w = input.wording
    let l = input.actual.ledger
    let classification = input.subject.revenue
    func className(_ revenueClass: RevenueClassification.Class) -> String {
      switch revenueClass {
      case .kept: w(Say.kept)
      case .passThrough: w(Say.passThrough)
      case .excluded: w(Say.excluded)
      }
    }
    func kinds(_ revenueClass: RevenueClassification.Class) -> String {
      w.list(classification.kinds(revenueClass).map { "`\($0)`" })
    }
    let rows = l.revenueByKind.map {
      [
        w.named($0.kind, as: RunChargeKindPhrase.self), className($0.revenueClass),
        NumberFormat.grouped(Decimal($0.charges), decimals: 0), w.money($0.billedCNY),
        $0.revenueClass == .passThrough ? w.money($0.acquisitionCostCNY) : "",
        $0.revenueClass == .passThrough ? w.money($0.markupCNY) : "",
        w.money($0.keptCNY),
        $0.revenueClass == .passThrough ? String($0.missingCost) : "",
      ]
    }
    let numbers = [
      w(Say.chargesColumn), w(Say.billedColumn), w(Say.costColumn), w(Say.markupColumn),
      w(Say.keptColumn), w(Say.withoutCostColumn),
    ]
    var blocks: [ReportBlock] = [
      .paragraph(
        w(
          Say.intro,
          [
            "kept": kinds(.kept), "pass_through": kinds(.passThrough),
            "excluded": classification.kinds(.excluded).isEmpty
              ? w.missing("none") : kinds(.excluded),
          ])),
      .table(
        ReportTable(
          columns: [w(Say.kindColumn), w(Say.classColumn)] + numbers,
          rightAligned: Set(numbers), rows: rows)),
    ]
    if l.passThroughMissingCost > 0 {
      blocks.append(
        .paragraph(
          w(
            l.passThroughMissingCost == 1 ? Say.missingCostOne : .missingCostMany,
            ["count": String(l.passThroughMissingCost)])))
    }
    return ReportSection(id: "revenue", title: w(Say.title), blocks: blocks)
  }

  static func energySection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunEnergyPhrase
    let w = input.wording
    let actual = input.actual
    let l = actual.ledger
    let m = input.measures
    let plan = input.plan
    func kWh(_ value: Decimal) -> String { NumberFormat.grouped(value, decimals: 1) }
    let ff = NumberFormat.groupedTrimmed(l.facilityFactor)
    let tariffs = m.tariffs.map {
      [
        $0.pricePerKWh.map { NumberFormat.groupedTrimmed($0) } ?? w(Say.noTariff),
        w.day($0.firstDay), w.day($0.lastDay), String($0.days),
      ]
    }
    let byClass = actual.energyByClass.map { energy -> [String] in
      let metered = energy.metered
      return [
        w.named(energy.deviceClass, as: RunDeviceClassPhrase.self),
        kWh(energy.nameplateKWh ?? 0),
        kWh(metered?.energyKWh ?? 0),
        metered?.averageUtilizationPct.map {
          NumberFormat.grouped(Decimal(quantity: $0), decimals: 1) + " %"
        } ?? w.missing("n/a"),
        w.money(metered?.energyCost ?? 0),
      ]
    }
    let (it, facility, cost) = (w(Say.itColumn), w(Say.facilityColumn), w(Say.costColumn))
    let (tariff, days) = (w(Say.tariffColumn), w(Say.daysColumn))
    let classNumbers = [
      w(Say.nameplateColumn), w(Say.meteredColumn), w(Say.utilizationColumn),
      w(Say.meteredCostColumn),
    ]
    var blocks: [ReportBlock] = [
      .paragraph(w(Say.intro, ["factor": ff])),
      .table(
        ReportTable(
          columns: ["", it, facility, cost], rightAligned: [it, facility, cost],
          rows: [
            [
              w(Say.nameplatePeriod), kWh(l.itNameplateKWh), kWh(l.nameplateKWh),
              w.money(l.electricityCostCNY),
            ],
            [
              w(Say.meteredPeriod), kWh(l.itMeteredKWh), kWh(l.meteredKWh),
              w.money(l.meteredElectricityCostCNY),
            ],
            [
              w(Say.planNameplate), "", kWh(Decimal(quantity: plan.annualEnergyKWh)),
              w.money(plan.annualElectricityCostCNY),
            ],
            [
              w(Say.planMetered), "", kWh(Decimal(quantity: plan.meteredEnergyKWh)),
              w.money(plan.meteredElectricityCostCNY),
            ],
          ])),
      .subheading(w(Say.tariffsHeading)),
      .table(
        ReportTable(
          columns: [tariff, w(Say.fromColumn), w(Say.toColumn), days],
          rightAligned: [tariff, days], rows: tariffs)),
      .subheading(w(Say.byClassHeading)),
      .table(
        ReportTable(
          columns: [w(Say.classColumn)] + classNumbers, rightAligned: Set(classNumbers),
          rows: byClass)),
    ]
    if l.itUntariffedKWh > 0 {
      blocks.append(.paragraph(w(Say.untariffed, ["energy": kWh(l.itUntariffedKWh)])))
    }
    return ReportSection(id: "energy", title: w(Say.title), blocks: blocks)
  }

  static func devicesSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunDevicesPhrase
    let w = input.wording
    let actual = input.actual
    let days = actual.ledger.fraction.days
    let plan = input.plan.inputs
    func average(_ groups: [DeviceTotals]) -> String {
      NumberFormat.grouped(
        Decimal(groups.map(\.deviceDays).reduce(0, +)) / Decimal(days), decimals: 2)
    }
    let matched = actual.matchedClasses.map { c -> [String] in
      let planned: String
      if c.match.id == CapitalItem.storageID {
        planned =
          NumberFormat.grouped(Decimal(quantity: input.plan.storageProvisionedPB), decimals: 1)
          + " " + w.unit("PB")
      } else {
        planned =
          plan.devices.first { $0.id == c.match.id }.map {
            NumberFormat.grouped(Decimal($0.count), decimals: 0)
          } ?? ""
      }
      let models =
        c.match.models.map { w.list($0.map(MarkdownText.code)) } ?? w(Say.anyModel)
      return [
        c.match.id == CapitalItem.storageID ? w(Say.storage) : MarkdownText.escape(c.match.name),
        "\(MarkdownText.code(c.match.deviceClass.rawValue)): \(models)", planned,
        String(c.groups.map(\.groups).reduce(0, +)), average(c.groups),
        NumberFormat.grouped(c.groups.map(\.nameplateKWh).sum, decimals: 1),
      ]
    }
    let numbers = [
      w(Say.planColumn), w(Say.groupsColumn), w(Say.averageColumn), w(Say.nameplateColumn),
    ]
    var blocks: [ReportBlock] = [
      .paragraph(w(Say.intro, ["days": String(days)])),
      .table(
        ReportTable(
          columns: [w(Say.classColumn), w(Say.matchesColumn)] + numbers,
          rightAligned: Set(numbers), rows: matched)),
    ]
    if !actual.unplannedDevices.isEmpty {
      let unplannedNumbers = Array(numbers.dropFirst())
      blocks.append(.paragraph(w(Say.unplanned)))
      blocks.append(
        .table(
          ReportTable(
            columns: [w(Say.dataClassColumn), w(Say.modelColumn)] + unplannedNumbers,
            rightAligned: Set(unplannedNumbers),
            rows: actual.unplannedDevices.map {
              [
                MarkdownText.escape(w.named($0.deviceClass, as: RunDeviceClassPhrase.self)),
                MarkdownText.code($0.model), String($0.groups), average([$0]),
                NumberFormat.grouped($0.nameplateKWh, decimals: 1),
              ]
            })))
    }
    return ReportSection(id: "devices", title: w(Say.title), blocks: blocks)
  }

  static func staffSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunStaffPhrase
    let w = input.wording
    let l = input.actual.ledger
    let a = input.actual.annual
    let perHead =
      l.staffAverageHeadcount > 0
      ? w.money(a.staffCostCNY / l.staffAverageHeadcount) : w.missing("n/a")
    let value = w(Say.valueColumn)
    return ReportSection(
      id: "staff", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro)),
        .table(
          ReportTable(
            columns: ["", value, w(Say.unitColumn)], rightAligned: [value],
            rows: [
              [
                w(Say.employed), NumberFormat.grouped(Decimal(l.staffPeopleEmployed), decimals: 0),
                w.unit("people"),
              ],
              [
                w(Say.averageHeadcount),
                NumberFormat.grouped(l.staffAverageHeadcount, decimals: 2), w.unit("people"),
              ],
              [
                w(Say.paid), NumberFormat.grouped(Decimal(l.staffPeoplePaid), decimals: 0),
                w.unit("people"),
              ],
              [w(Say.payroll), w.money(l.staffCostCNY), w.unit("CNY")],
              [w(Say.perHead), perHead, w.unit("CNY/year")],
            ])),
      ])
  }

  static func storageNetworkSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunStoragePhrase
    let w = input.wording
    let actual = input.actual
    let m = input.measures
    let zone = input.subject.timeZone
    let notApplicable = w.missing("n/a")
    let peakAt = m.observedPeakAt.map { w.timestamp($0, in: zone) } ?? notApplicable
    let storage = m.storage.map {
      [
        w.named($0.contentKind, as: RunContentKindPhrase.self),
        NumberFormat.grouped(Decimal($0.objects), decimals: 0),
        NumberFormat.grouped($0.bytes / 1_000_000_000, decimals: 3),
      ]
    }
    let network = m.network.map {
      [
        w.named($0.direction, as: RunDirectionPhrase.self),
        NumberFormat.grouped(Decimal(quantity: $0.peakGbps), decimals: 3),
        NumberFormat.grouped(Decimal(quantity: $0.p95Gbps), decimals: 3), String($0.hours),
      ]
    }
    let (objects, gigabytes, sessions) = (
      w(Say.objectsColumn), w(Say.gigabytesColumn), w(Say.sessionsColumn)
    )
    let networkNumbers = [w(Say.peakColumn), w(Say.percentileColumn), w(Say.hoursColumn)]
    return ReportSection(
      id: "storage-network", title: w(Say.title),
      blocks: [
        .paragraph(
          w(
            Say.intro,
            [
              "written": NumberFormat.grouped(actual.storageWrittenGB, decimals: 3),
              "yearly": NumberFormat.grouped(
                actual.storageWrittenGB * actual.annualizationFactor, decimals: 0),
              "installed": NumberFormat.grouped(actual.storageInstalledPB, decimals: 3),
              "plan": NumberFormat.grouped(
                Decimal(quantity: input.plan.storageIncrementGB), decimals: 0),
            ])),
        storage.isEmpty
          ? .paragraph(w(Say.noWrites))
          : .table(
            ReportTable(
              columns: [w(Say.contentColumn), objects, gigabytes],
              rightAligned: [objects, gigabytes], rows: storage)),
        .table(
          ReportTable(
            columns: ["", sessions], rightAligned: [sessions],
            rows: [
              [
                w(Say.formula),
                actual.formulaSessions.map { NumberFormat.grouped($0, decimals: 2) }
                  ?? notApplicable,
              ],
              [
                w(Say.observedPeak, ["time": peakAt]),
                NumberFormat.grouped(Decimal(m.observedPeakSessions), decimals: 0),
              ],
            ])),
        .paragraph(w(Say.peakNote)),
        .subheading(w(Say.networkHeading)),
        network.isEmpty
          ? .paragraph(w(Say.noNetwork))
          : .table(
            ReportTable(
              columns: [w(Say.directionColumn)] + networkNumbers,
              rightAligned: Set(networkNumbers), rows: network)),
      ])
  }

  static func offlineSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunOfflinePhrase
    let w = input.wording
    let l = input.actual.ledger
    let o = input.subject.inputs.inputs.offlineHospital
    let fraction = l.fraction
    let notApplicable = w.missing("n/a")
    func prorated(_ annual: Int) -> String {
      NumberFormat.grouped(
        Decimal(annual) * Decimal(fraction.days) / Decimal(fraction.daysInYear), decimals: 0)
    }
    func headcount(_ role: String) -> String {
      NumberFormat.grouped(
        input.actual.offlineHeadcount.filter { $0.role == role }.map(\.average).sum, decimals: 2)
    }
    func count(_ value: Int) -> String { NumberFormat.grouped(Decimal(value), decimals: 0) }
    let plan = input.plan
    let (data, table) = (w(Say.dataColumn), w(Say.tableColumn))
    return ReportSection(
      id: "offline", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro, ["days": String(fraction.days)])),
        .table(
          ReportTable(
            columns: [w(Say.itemColumn), data, table], rightAligned: [data, table],
            rows: [
              [
                w(Say.outpatientVisits), count(Int(l.offlineVisits)),
                prorated(o.outpatientVisits),
              ],
              [w(Say.admissions), count(Int(l.admissions)), prorated(o.inpatientAdmissions)],
              [w(Say.surgeries), count(Int(l.surgeries)), prorated(o.surgeries)],
              [
                w(Say.revenue), w.money(l.offlineRevenueCNY),
                w.money(fraction.prorate(o.medicalRevenueCNY)),
              ],
              [w(Say.doctors), headcount("doctor"), count(o.doctors)],
              [w(Say.nurses), headcount("nurse"), count(o.nurses)],
              [
                w(Say.administrativeStaff), headcount("administrator"),
                count(o.administrativeStaff),
              ],
              [w(Say.otherStaff), headcount("other"), count(o.otherStaff)],
              [
                w(Say.revenuePerVisit),
                input.actual.offlineRevenuePerVisitCNY.map(w.price) ?? notApplicable,
                plan.offlineRevenuePerVisitCNY.map(w.price) ?? notApplicable,
              ],
              [
                w(Say.staffPer10k),
                input.actual.offlineStaffPer10kVisits.map { NumberFormat.grouped($0, decimals: 2) }
                  ?? notApplicable,
                plan.offlineStaffPer10kVisits.map { NumberFormat.grouped($0, decimals: 2) }
                  ?? notApplicable,
              ],
              [
                w(Say.itPerVisit), w(Say.notInData),
                plan.offlineITPerVisitCNY.map(w.price) ?? notApplicable,
              ],
            ])),
      ])
  }
}
