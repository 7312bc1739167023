import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - The period's books

extension RunReport {
  static func ledgerSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunLedgerPhrase
    let w = input.wording
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let a = actual.annual
    let plan = input.plan
    func money(_ value: Decimal) -> String { w.money(value) }
    func source(_ line: LedgerLine) -> String { w.source(l.sources[line] ?? .data) }
    func flow(
      _ label: Say, _ period: Decimal, _ annual: Decimal, _ planYear: Decimal?, _ s: String
    )
      -> [String]
    {
      [w(label), money(period), money(annual), planYear.map(money) ?? "", s]
    }
    let revenueSource = w.source(
      combined([
        l.sources[.registrationRevenue] ?? .data, l.sources[.passThroughSales] ?? .data,
      ]))
    let data = w.source(.data)
    let rows: [[String]] = [
      [
        w(Say.virtualVisits), NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0),
        NumberFormat.grouped(a.visits, decimals: 0),
        NumberFormat.grouped(Decimal(plan.inputs.annualVisits), decimals: 0), data,
      ],
      flow(
        .registrationRevenue, p.registrationRevenueCNY, a.registrationRevenueCNY,
        plan.registrationRevenueCNY, source(.registrationRevenue)),
      flow(.otherKeptRevenue, p.otherKeptRevenueCNY, a.otherKeptRevenueCNY, 0, data),
      flow(
        .drugSales, p.passThroughSalesCNY, a.passThroughSalesCNY, plan.drugRevenueCNY,
        source(.passThroughSales)),
      flow(
        .drugMarkup, p.passThroughMarkupCNY, a.passThroughMarkupCNY, plan.drugMarginCNY,
        source(.passThroughSales)),
      flow(
        .grossRevenue, p.grossRevenueCNY, a.grossRevenueCNY, plan.grossRevenueCNY, revenueSource),
      flow(
        .effectiveRevenue, p.effectiveRevenueCNY, a.effectiveRevenueCNY,
        plan.effectiveRevenueCNY, revenueSource),
      flow(.staff, p.staffCostCNY, a.staffCostCNY, plan.staffCostCNY, source(.staffCost)),
      flow(
        .electricity, p.electricityCostCNY, a.electricityCostCNY, plan.annualElectricityCostCNY,
        source(.electricity)),
      flow(
        .otherServices, p.otherServicesCNY, a.otherServicesCNY, plan.otherServicesCNY,
        source(.otherServices)),
      flow(
        .softwareAmortization, p.softwareAmortizationCNY, a.softwareAmortizationCNY,
        plan.softwareAmortizationCNY, source(.softwareAmortization)),
      flow(
        .modelAmortization, p.modelAmortizationCNY, a.modelAmortizationCNY,
        plan.modelAmortizationCNY, source(.modelAmortization)),
      flow(
        .hardwareDepreciation, p.hardwareDepreciationCNY, a.hardwareDepreciationCNY,
        plan.hardwareDepreciationCNY, source(.hardwareDepreciation)),
      flow(.cashCost, p.cashCostCNY, a.cashCostCNY, plan.annualCashCostCNY, ""),
      flow(.totalCost, p.totalCostCNY, a.totalCostCNY, plan.annualTotalCostCNY, ""),
      flow(.margin, p.marginCNY, a.marginCNY, plan.annualMarginCNY, ""),
    ]
    let stocks: [[String]] = [
      [
        w(Say.headcount), NumberFormat.grouped(l.staffAverageHeadcount, decimals: 2),
        NumberFormat.grouped(Decimal(plan.inputs.staffHeadcount), decimals: 0), w.unit("people"),
      ],
      [
        w(Say.softwareItems), money(l.softwareCapexCNY), money(plan.softwareCapexCNY),
        w.unit("CNY"),
      ],
      [w(Say.modelItems), money(l.modelCapexCNY), money(plan.modelCapexCNY), w.unit("CNY")],
      [
        w(Say.hardwareItems), money(l.hardwareCapexCNY), money(plan.hardwareCapexCNY),
        w.unit("CNY"),
      ],
      [w(Say.placedInService), money(l.placedInServiceCNY), "", w.unit("CNY")],
      [w(Say.retired), money(l.retiredBookValueCNY), "", w.unit("CNY")],
    ]
    let factor =
      actual.annualizationFactor == 1
      ? w(Say.wholeYear)
      : w(
        Say.annualized,
        ["days_in_year": String(l.fraction.daysInYear), "days": String(l.fraction.days)])
    let (periodColumn, annualized, planYear) = (
      w(Say.periodColumn), w(Say.annualizedColumn), w(Say.planColumn)
    )
    let stockPlan = w(Say.stockPlanColumn)
    return ReportSection(
      id: "period-ledger", title: w(Say.title),
      blocks: [
        .paragraph(
          w(
            Say.intro,
            [
              "period": w.period(l.period), "days": String(l.fraction.days),
              "zone": input.subject.timeZone.identifier, "factor": factor,
            ])),
        .subheading(w(Say.flowsHeading)),
        .table(
          ReportTable(
            columns: [w(Say.lineColumn), periodColumn, annualized, planYear, w(Say.sourceColumn)],
            rightAligned: [periodColumn, annualized, planYear], rows: rows)),
        .subheading(w(Say.stocksHeading)),
        .table(
          ReportTable(
            columns: [w(Say.itemColumn), periodColumn, stockPlan, w(Say.unitColumn)],
            rightAligned: [periodColumn, stockPlan], rows: stocks)),
      ])
  }

  static func varianceSection(_ rows: [VarianceRow], _ w: Wording) -> ReportSection {
    typealias Say = RunVariancePhrase
    let numbers = [
      w(Say.planColumn), w(Say.actualColumn), w(Say.differenceColumn), w(Say.percentColumn),
    ]
    return ReportSection(
      id: "plan-vs-actual", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro)),
        .table(
          ReportTable(
            columns: [w(Say.driverColumn), w(Say.idColumn), w(Say.unitColumn)] + numbers + [
              w(Say.sourceColumn)
            ],
            rightAligned: Set(numbers),
            rows: rows.map {
              [
                $0.label(w), "`\($0.id)`", w.unit($0.unit), $0.show($0.plan, w),
                $0.show($0.actual, w), $0.show($0.difference, w),
                $0.percent.map { NumberFormat.plain($0, decimals: 1) } ?? "",
                "`\($0.source == VarianceRow.ledgerAnnualized ? w(Say.ledgerAnnualized) : $0.source)`",
              ]
            })),
      ])
  }

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
      if c.match.id == "storage" {
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
        c.match.id == "storage" ? w(Say.storage) : MarkdownText.escape(c.match.name),
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
        .table(
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
        .table(
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

  static func sustainabilitySection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunSustainabilityPhrase
    let w = input.wording
    let actual = input.actual
    let a = actual.annual
    let appraisal = actual.appraisal
    let plan = input.subject.inputs.inputs
    let rate = NumberFormat.percent(plan.discountRate)
    func years(_ value: Decimal?) -> String? { value.map { NumberFormat.grouped($0, decimals: 2) } }
    let rows: [[String]] = [
      [w(Say.effectiveRevenue), w.money(a.effectiveRevenueCNY), w.unit("CNY/year")],
      [w(Say.totalCost), w.money(a.totalCostCNY), w.unit("CNY/year")],
      [w(Say.margin), "**\(w.money(a.marginCNY))**", w.unit("CNY/year")],
      [
        w(Say.breakEvenFee), a.breakevenRegistrationFeeCNY.map(w.price) ?? w.missing("none"),
        w.unit("CNY/visit"),
      ],
      [
        w(Say.breakEvenVisits),
        actual.breakevenVisits.map { NumberFormat.grouped($0, decimals: 0) } ?? w.missing("none"),
        w.unit("visits/year"),
      ],
      [w(Say.oneOff), w.money(actual.oneOffSpendingCNY), w.unit("CNY")],
      [w(Say.netCashFlow), w.money(a.netCashFlowCNY), w.unit("CNY/year")],
      [
        w(Say.simplePayback), years(appraisal.simplePaybackYears) ?? w.missing("never"),
        w.unit("years"),
      ],
      [
        w(Say.discountedPayback, ["rate": rate]),
        years(appraisal.discountedPaybackYears)
          ?? w.paybackNotWithin(InvestmentAppraisal.paybackSearchYears), w.unit("years"),
      ],
      [
        w(Say.npv, ["years": String(plan.appraisalYears), "rate": rate]),
        w.money(appraisal.npvCNY), w.unit("CNY"),
      ],
    ]
    let value = w(Say.valueColumn)
    var blocks: [ReportBlock] = [
      .paragraph(annualVerdict(actual, w)),
      .table(
        ReportTable(
          columns: [w(Say.measureColumn), value, w(Say.unitColumn)], rightAligned: [value],
          rows: rows)),
    ]
    if actual.breakevenVisits == nil {
      blocks.append(.paragraph(w(Say.noVolume)))
    }
    blocks.append(.paragraph(w(Say.onData)))
    return ReportSection(id: "sustainability", title: w(Say.title), blocks: blocks)
  }

  static func sensitivitySection(_ input: RunReportInput) -> ReportSection {
    let w = input.wording
    var section = ReportSections.sensitivity(
      input.actual.sensitivity, settings: input.subject.sensitivity,
      label: { w.runDriverLabel($0) }, w)
    section.blocks.insert(.paragraph(w(RunSustainabilityPhrase.sensitivityIntro)), at: 0)
    return section
  }

  static func provenanceSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunProvenancePhrase
    let w = input.wording
    let rows = provenanceRows(input).map {
      [
        "`\($0.id)`", MarkdownText.escape($0.label(w)), $0.value(w), w.unit($0.unit),
        $0.source.text(w), $0.setIn.isEmpty ? "" : MarkdownText.code($0.setIn),
      ]
    }
    let value = w(Say.valueColumn)
    var blocks: [ReportBlock] = [
      .paragraph(w(Say.intro)),
      .table(
        ReportTable(
          columns: [
            w(Say.driverColumn), w(Say.labelColumn), value, w(Say.unitColumn),
            w(Say.sourceColumn), w(Say.setInColumn),
          ],
          rightAligned: [value], rows: rows)),
    ]
    let l = input.actual.ledger
    if !l.missing.isEmpty {
      blocks.append(.subheading(w(Say.missingHeading)))
      blocks.append(.bullets(l.missing.map { missingSentence($0, w) }))
    }
    return ReportSection(id: "provenance", title: w(Say.title), blocks: blocks)
  }

  static func dataSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunDataPhrase
    let w = input.wording
    let coverage = input.coverage
    func limit(_ limit: CheckLimit?) -> String {
      switch limit {
      case nil: "–"
      case .rows(let count)?: count == 1 ? w(Say.oneRow) : w(Say.rows, ["count": String(count)])
      case .percent(let percent)?: w(Say.percent, ["percent": "\(percent)"])
      }
    }
    func status(_ status: CheckStatus) -> String {
      switch status {
      case .pass: w(Say.pass)
      case .warn: w(Say.warn)
      case .fail: w(Say.fail)
      }
    }
    let sourceNumbers = [
      w(Say.readColumn), w(Say.reusedColumn), w(Say.rowsColumn), w(Say.sourceRowsColumn),
    ]
    let (failing, examined) = (w(Say.failingColumn), w(Say.examinedColumn))
    return ReportSection(
      id: "data", title: w(Say.title),
      blocks: [
        .subheading(w(Say.coverageHeading)),
        .table(
          ReportTable(
            columns: [w(Say.sourceColumn), w(Say.lastDayColumn), w(Say.reachesColumn)],
            rows: coverage.sources.map { source in
              [
                w.named(source.id, as: RunCoveragePhrase.self),
                source.lastDay.map {
                  source.monthly ? w.month(year: $0.year, month: $0.month) : w.day($0)
                } ?? w.missing("none"),
                w(source.isComplete(periodLastDay: coverage.periodLastDay) ? Say.yes : .no),
              ]
            })),
        .subheading(w(Say.sourcesHeading)),
        .paragraph(w(Say.sourcesIntro)),
        .table(
          ReportTable(
            columns: [w(Say.measureColumn), w(Say.fileColumn)] + sourceNumbers,
            rightAligned: Set(sourceNumbers),
            rows: input.sources.map {
              [
                w.named($0.measure, as: RunMeasurePhrase.self), MarkdownText.code($0.file),
                String($0.runs), String($0.reused), String($0.rowsReturned),
                $0.sourceRows.map { NumberFormat.grouped(Decimal($0), decimals: 0) } ?? "",
              ]
            })),
        .subheading(w(Say.checksHeading)),
        .table(
          ReportTable(
            columns: [
              w(Say.checkColumn), w(Say.statusColumn), failing, examined, w(Say.warnColumn),
              w(Say.failColumn), w(Say.examplesColumn), w(Say.fileColumn),
            ],
            rightAligned: [failing, examined],
            rows: input.checks.map {
              [
                "`\($0.result.checkID)`", status($0.status),
                NumberFormat.grouped(Decimal($0.result.failing), decimals: 0),
                NumberFormat.grouped(Decimal($0.result.examined), decimals: 0),
                limit($0.threshold.warn), limit($0.threshold.fail),
                $0.result.sampleIDs.map(MarkdownText.escape).joined(separator: ", "),
                MarkdownText.code($0.result.file),
              ]
            })),
        .subheading(w(Say.inputsHeading)),
        .table(
          ReportTable(
            columns: [w(Say.inputFileColumn), w(Say.shaColumn)],
            rows: input.inputFiles.map { [MarkdownText.code($0.path), "`\($0.sha256)`"] })),
        .bullets([
          w(
            Say.job,
            [
              "job": "`\(input.subject.jobName)`", "path": MarkdownText.code(input.subject.jobPath),
              "period": w.period(input.period), "zone": input.subject.timeZone.identifier,
            ]),
          w(
            Say.tool,
            [
              "version": input.toolVersion, "run": "`\(input.runID)`",
              "generated": w.timestamp(input.generatedAt, in: input.subject.timeZone),
            ]),
        ]),
      ])
  }

  static func methodSection(_ input: RunReportInput) -> ReportSection {
    typealias Say = RunMethodPhrase
    let w = input.wording
    return ReportSection(
      id: "method", title: w(Say.title),
      blocks: [
        .bullets([
          w(Say.ledger), w(Say.monthly), w(Say.money), w(Say.revenue), w(Say.cost),
          w(Say.fallbacks),
        ])
      ])
  }
}
