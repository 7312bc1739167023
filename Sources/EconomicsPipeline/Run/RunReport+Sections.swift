import Foundation
import HospitalEconomics
import PostgresClient
import ReportRendering

// MARK: - The period's books

extension RunReport {
  static func ledgerSection(_ input: RunReportInput) -> ReportSection {
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let a = actual.annual
    let plan = input.plan
    func money(_ value: Decimal) -> String { NumberFormat.money(value) }
    func source(_ line: LedgerLine) -> String { (l.sources[line] ?? .data).rawValue }
    func flow(
      _ label: String, _ period: Decimal, _ annual: Decimal, _ planYear: Decimal?, _ s: String
    )
      -> [String]
    {
      [label, money(period), money(annual), planYear.map(money) ?? "", s]
    }
    let revenueSource = combined([
      l.sources[.registrationRevenue] ?? .data, l.sources[.passThroughSales] ?? .data,
    ]).rawValue
    let rows: [[String]] = [
      [
        "Virtual visits", NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0),
        NumberFormat.grouped(a.visits, decimals: 0),
        NumberFormat.grouped(Decimal(plan.inputs.annualVisits), decimals: 0), "data",
      ],
      flow(
        "Registration revenue", p.registrationRevenueCNY, a.registrationRevenueCNY,
        plan.registrationRevenueCNY, source(.registrationRevenue)),
      flow("Other kept revenue", p.otherKeptRevenueCNY, a.otherKeptRevenueCNY, 0, "data"),
      flow(
        "Drug sales (billed, pass-through)", p.passThroughSalesCNY, a.passThroughSalesCNY,
        plan.drugRevenueCNY, source(.passThroughSales)),
      flow(
        "Drug markup kept", p.passThroughMarkupCNY, a.passThroughMarkupCNY, plan.drugMarginCNY,
        source(.passThroughSales)),
      flow(
        "Gross revenue", p.grossRevenueCNY, a.grossRevenueCNY, plan.grossRevenueCNY, revenueSource),
      flow(
        "**Effective revenue**", p.effectiveRevenueCNY, a.effectiveRevenueCNY,
        plan.effectiveRevenueCNY, revenueSource),
      flow(
        "Staff (payroll)", p.staffCostCNY, a.staffCostCNY, plan.staffCostCNY, source(.staffCost)),
      flow(
        "Electricity at nameplate", p.electricityCostCNY, a.electricityCostCNY,
        plan.annualElectricityCostCNY, source(.electricity)),
      flow(
        "Other services (contracts)", p.otherServicesCNY, a.otherServicesCNY,
        plan.otherServicesCNY, source(.otherServices)),
      flow(
        "Software amortization", p.softwareAmortizationCNY, a.softwareAmortizationCNY,
        plan.softwareAmortizationCNY, source(.softwareAmortization)),
      flow(
        "Model amortization", p.modelAmortizationCNY, a.modelAmortizationCNY,
        plan.modelAmortizationCNY, source(.modelAmortization)),
      flow(
        "Hardware depreciation", p.hardwareDepreciationCNY, a.hardwareDepreciationCNY,
        plan.hardwareDepreciationCNY, source(.hardwareDepreciation)),
      flow("Cash running cost", p.cashCostCNY, a.cashCostCNY, plan.annualCashCostCNY, ""),
      flow("**Total cost**", p.totalCostCNY, a.totalCostCNY, plan.annualTotalCostCNY, ""),
      flow("**Margin**", p.marginCNY, a.marginCNY, plan.annualMarginCNY, ""),
    ]
    let stocks: [[String]] = [
      [
        "Staff, average headcount (person-days ÷ days)",
        NumberFormat.grouped(l.staffAverageHeadcount, decimals: 2),
        NumberFormat.grouped(Decimal(plan.inputs.staffHeadcount), decimals: 0), "people",
      ],
      [
        "Software items charged in the period (cost)", money(l.softwareCapexCNY),
        money(plan.softwareCapexCNY), "CNY",
      ],
      [
        "Model items charged in the period (cost)", money(l.modelCapexCNY),
        money(plan.modelCapexCNY), "CNY",
      ],
      [
        "Hardware items charged in the period (cost)", money(l.hardwareCapexCNY),
        money(plan.hardwareCapexCNY), "CNY",
      ],
      ["Capital items placed in service in the period", money(l.placedInServiceCNY), "", "CNY"],
      [
        "Book value of hardware retired in the period (not in the margin)",
        money(l.retiredBookValueCNY), "", "CNY",
      ],
    ]
    let factor =
      actual.annualizationFactor == 1
      ? "The period is a whole year: *annualized* equals the period."
      : "*Annualized* multiplies each flow by \(l.fraction.daysInYear)/\(l.fraction.days) (each figure once: the annualized total is the period's total × the factor)."
    return ReportSection(
      id: "period-ledger", title: "The period from data",
      blocks: [
        .paragraph(
          "What the data says for \(l.period) (\(l.fraction.days) days, \(input.job.timeZone.identifier) calendar): billed, paid and charged in the period. "
            + factor + " The plan column is the scenario's year. "
            + "Electricity is the nameplate energy of the devices in service each day at that day's tariff, × the scenario's facility factor. "
            + "Amortization and depreciation come from the capital items' dates and lives (monthly straight line); contracts pro rata per day."
        ),
        .subheading("Flows, CNY"),
        .table(
          ReportTable(
            columns: ["Line", "Period (data)", "Annualized", "Plan (year)", "Source"],
            rightAligned: ["Period (data)", "Annualized", "Plan (year)"], rows: rows)),
        .subheading("Stocks (not annualized)"),
        .table(
          ReportTable(
            columns: ["Item", "Period (data)", "Plan", "Unit"],
            rightAligned: ["Period (data)", "Plan"], rows: stocks)),
      ])
  }

  static func varianceSection(_ rows: [VarianceRow]) -> ReportSection {
    ReportSection(
      id: "plan-vs-actual", title: "Plan versus actual",
      blocks: [
        .paragraph(
          "Each driver measured on the data beside the scenario's value (flows annualized), then the yearly figures. "
            + "Percentages are of the plan's value. `variance.csv` holds the same rows."),
        .table(
          ReportTable(
            columns: ["Driver", "Id", "Unit", "Plan", "Actual", "Difference", "%", "Source"],
            rightAligned: ["Plan", "Actual", "Difference", "%"],
            rows: rows.map {
              [
                $0.label, "`\($0.id)`", $0.unit, $0.show($0.plan), $0.show($0.actual),
                $0.show($0.difference),
                $0.percent.map { NumberFormat.plain($0, decimals: 1) } ?? "", "`\($0.source)`",
              ]
            })),
      ])
  }

  static func revenueSection(_ input: RunReportInput) -> ReportSection {
    let l = input.actual.ledger
    let classification = input.job.revenue
    let rows = l.revenueByKind.map {
      [
        $0.kind, $0.revenueClass.rawValue.replacingOccurrences(of: "_", with: " "),
        NumberFormat.grouped(Decimal($0.charges), decimals: 0), NumberFormat.money($0.billedCNY),
        $0.revenueClass == .passThrough ? NumberFormat.money($0.acquisitionCostCNY) : "",
        $0.revenueClass == .passThrough ? NumberFormat.money($0.markupCNY) : "",
        NumberFormat.money($0.keptCNY),
        $0.revenueClass == .passThrough ? String($0.missingCost) : "",
      ]
    }
    var blocks: [ReportBlock] = [
      .paragraph(
        "What the meta-hospital's billing system billed in the period, by charge kind, and what it keeps under the job's classification: "
          + "kept in full (\(classification.kinds(.kept).map { "`\($0)`" }.joined(separator: ", "))), "
          + "passed through at acquisition cost with only the markup kept (\(classification.kinds(.passThrough).map { "`\($0)`" }.joined(separator: ", "))), "
          + "excluded (\(classification.kinds(.excluded).isEmpty ? "none" : classification.kinds(.excluded).map { "`\($0)`" }.joined(separator: ", "))). "
          + "Refunds are negative charges and lower what was billed. A pass-through charge without an acquisition cost adds no markup (check `drugs_missing_cost`). `revenue.csv` holds the same rows."
      ),
      .table(
        ReportTable(
          columns: [
            "Kind", "Class", "Charges", "Billed, CNY", "Acquisition cost, CNY", "Markup, CNY",
            "Kept, CNY", "Without cost",
          ],
          rightAligned: [
            "Charges", "Billed, CNY", "Acquisition cost, CNY", "Markup, CNY", "Kept, CNY",
            "Without cost",
          ], rows: rows)),
    ]
    if l.passThroughMissingCost > 0 {
      blocks.append(
        .paragraph(
          "**\(l.passThroughMissingCost) pass-through charge\(l.passThroughMissingCost == 1 ? " has" : "s have") no acquisition cost**: "
            + "their markup is unknown and counted as zero."))
    }
    return ReportSection(id: "revenue", title: "Revenue by charge kind", blocks: blocks)
  }

  static func energySection(_ input: RunReportInput) -> ReportSection {
    let actual = input.actual
    let l = actual.ledger
    let m = input.measures
    let plan = input.plan
    func kWh(_ value: Decimal) -> String { NumberFormat.grouped(value, decimals: 1) }
    let ff = NumberFormat.groupedTrimmed(l.facilityFactor)
    let tariffs = m.tariffs.map {
      [
        $0.pricePerKWh.map { NumberFormat.groupedTrimmed($0) } ?? "**none**",
        $0.firstDay.description, $0.lastDay.description, String($0.days),
      ]
    }
    var nameplateByClass: [String: Decimal] = [:]
    for device in m.devices {
      nameplateByClass[device.deviceClass, default: 0] += device.nameplateKWh
    }
    let classes = DeviceMatch.dataClasses.filter { deviceClass in
      nameplateByClass[deviceClass] != nil || m.energy.contains { $0.deviceClass == deviceClass }
    }
    let byClass = classes.map { deviceClass -> [String] in
      let metered = m.energy.first { $0.deviceClass == deviceClass }
      return [
        deviceClass, kWh(nameplateByClass[deviceClass] ?? 0), kWh(metered?.energyKWh ?? 0),
        metered?.averageUtilizationPct.map {
          NumberFormat.grouped(Decimal(quantity: $0), decimals: 1) + " %"
        } ?? "n/a",
        NumberFormat.money(metered?.energyCost ?? 0),
      ]
    }
    var blocks: [ReportBlock] = [
      .paragraph(
        "**Nameplate** is every device group at rated power for every hour of every day it was in service (the paper's basis, and the energy costed in the margin); "
          + "**metered** is the hourly telemetry. Each day's energy is priced at the tariff in force that day. "
          + "Facility energy is IT energy × the facility factor (\(ff), a scenario assumption)."),
      .table(
        ReportTable(
          columns: ["", "IT energy, kWh", "Facility energy, kWh", "Electricity, CNY"],
          rightAligned: ["IT energy, kWh", "Facility energy, kWh", "Electricity, CNY"],
          rows: [
            [
              "Nameplate, period", kWh(l.itNameplateKWh), kWh(l.nameplateKWh),
              NumberFormat.money(l.electricityCostCNY),
            ],
            [
              "Metered, period", kWh(l.itMeteredKWh), kWh(l.meteredKWh),
              NumberFormat.money(l.meteredElectricityCostCNY),
            ],
            [
              "Plan, nameplate, year", "", kWh(Decimal(quantity: plan.annualEnergyKWh)),
              NumberFormat.money(plan.annualElectricityCostCNY),
            ],
            [
              "Plan, metered estimate, year", "", kWh(Decimal(quantity: plan.meteredEnergyKWh)),
              NumberFormat.money(plan.meteredElectricityCostCNY),
            ],
          ])),
      .subheading("Tariffs in force"),
      .table(
        ReportTable(
          columns: ["CNY/kWh", "From", "To", "Days"], rightAligned: ["CNY/kWh", "Days"],
          rows: tariffs)),
      .subheading("IT energy by device class, period"),
      .table(
        ReportTable(
          columns: [
            "Class", "Nameplate kWh", "Metered kWh", "Average utilization",
            "Metered cost CNY (IT only)",
          ],
          rightAligned: [
            "Nameplate kWh", "Metered kWh", "Average utilization", "Metered cost CNY (IT only)",
          ], rows: byClass)),
    ]
    if l.itUntariffedKWh > 0 {
      blocks.append(
        .paragraph(
          "**\(kWh(l.itUntariffedKWh)) kWh of nameplate IT energy fall on days without a tariff and are not costed** (check `days_without_tariff`)."
        ))
    }
    return ReportSection(id: "energy", title: "Energy: nameplate and metered", blocks: blocks)
  }

  static func devicesSection(_ input: RunReportInput) -> ReportSection {
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
          + " PB"
      } else {
        planned =
          plan.devices.first { $0.id == c.match.id }.map {
            NumberFormat.grouped(Decimal($0.count), decimals: 0)
          } ?? ""
      }
      let models =
        c.match.models.map { $0.map(MarkdownText.code).joined(separator: ", ") } ?? "any model"
      return [
        MarkdownText.escape(c.match.name), "\(MarkdownText.code(c.match.deviceClass)): \(models)",
        planned,
        String(c.groups.map(\.groups).reduce(0, +)), average(c.groups),
        NumberFormat.grouped(c.groups.map(\.nameplateKWh).sum, decimals: 1),
      ]
    }
    var blocks: [ReportBlock] = [
      .paragraph(
        "The scenario's device classes and the device groups of the data that match them (its `match:` declarations: the data's class and, where listed, model names compared case-insensitively). "
          + "Devices count for the days they were in service: *average devices* is devices × days in service ÷ \(days) days."
      ),
      .table(
        ReportTable(
          columns: ["Class", "Matches", "Plan", "Groups", "Average devices", "Nameplate kWh"],
          rightAligned: ["Plan", "Groups", "Average devices", "Nameplate kWh"], rows: matched)),
    ]
    if !actual.unplannedDevices.isEmpty {
      blocks.append(
        .paragraph(
          "**Unplanned devices**: these groups match no class of the scenario. They are counted in the period's energy and depreciation; "
            + "declare them under a class's `match:` in the scenario to compare them with the plan."
        ))
      blocks.append(
        .table(
          ReportTable(
            columns: ["Data class", "Model", "Groups", "Average devices", "Nameplate kWh"],
            rightAligned: ["Groups", "Average devices", "Nameplate kWh"],
            rows: actual.unplannedDevices.map {
              [
                MarkdownText.escape($0.deviceClass), MarkdownText.code($0.model),
                String($0.groups), average([$0]),
                NumberFormat.grouped($0.nameplateKWh, decimals: 1),
              ]
            })))
    }
    return ReportSection(id: "devices", title: "Devices", blocks: blocks)
  }

  static func staffSection(_ input: RunReportInput) -> ReportSection {
    let l = input.actual.ledger
    let a = input.actual.annual
    let perHead =
      l.staffAverageHeadcount > 0
      ? NumberFormat.money(a.staffCostCNY / l.staffAverageHeadcount) : "n/a"
    return ReportSection(
      id: "staff", title: "Staff",
      blocks: [
        .paragraph(
          "The meta-hospital's staff cost is its payroll for the period's months. Headcount is the average over the period's days "
            + "(a person counts from the day hired through the last day employed), so joiners and leavers count for the days they were there."
        ),
        .table(
          ReportTable(
            columns: ["", "Value", "Unit"], rightAligned: ["Value"],
            rows: [
              [
                "People employed on at least one day",
                NumberFormat.grouped(Decimal(l.staffPeopleEmployed), decimals: 0), "people",
              ],
              [
                "Average headcount", NumberFormat.grouped(l.staffAverageHeadcount, decimals: 2),
                "people",
              ],
              [
                "People on the payroll",
                NumberFormat.grouped(Decimal(l.staffPeoplePaid), decimals: 0),
                "people",
              ],
              ["Payroll, period", NumberFormat.money(l.staffCostCNY), "CNY"],
              ["Payroll a year per average head", perHead, "CNY/year"],
            ])),
      ])
  }

  static func storageNetworkSection(_ input: RunReportInput) -> ReportSection {
    let actual = input.actual
    let m = input.measures
    let zone = input.job.timeZone
    let peakAt = m.observedPeakAt.map { NumberFormat.timestamp($0, in: zone) } ?? "n/a"
    let storage = m.storage.map {
      [
        $0.contentKind, NumberFormat.grouped(Decimal($0.objects), decimals: 0),
        NumberFormat.grouped($0.bytes / 1_000_000_000, decimals: 3),
      ]
    }
    let network = m.network.map {
      [
        $0.direction, NumberFormat.grouped(Decimal(quantity: $0.peakGbps), decimals: 3),
        NumberFormat.grouped(Decimal(quantity: $0.p95Gbps), decimals: 3), String($0.hours),
      ]
    }
    return ReportSection(
      id: "storage-network", title: "Storage, concurrency and network",
      blocks: [
        .paragraph(
          "Written to long-term storage in the period, every kind of content: "
            + "\(NumberFormat.grouped(actual.storageWrittenGB, decimals: 3)) GB "
            + "(\(NumberFormat.grouped(actual.storageWrittenGB * actual.annualizationFactor, decimals: 0)) GB a year at this rate); "
            + "storage installed: \(NumberFormat.grouped(actual.storageInstalledPB, decimals: 3)) PB on average. "
            + "The plan's yearly increment is \(NumberFormat.grouped(Decimal(quantity: input.plan.storageIncrementGB), decimals: 0)) GB; its planning rounding applies to the plan only."
        ),
        .table(
          ReportTable(
            columns: ["Content", "Objects", "GB"], rightAligned: ["Objects", "GB"], rows: storage)),
        .table(
          ReportTable(
            columns: ["", "Sessions"], rightAligned: ["Sessions"],
            rows: [
              [
                "Paper's formula on the annualized visits (visits / open days / hours / sessions an hour; the scenario's days and hours, the data's minutes)",
                actual.formulaSessions.map { NumberFormat.grouped($0, decimals: 2) } ?? "n/a",
              ],
              [
                "Observed peak, from the visits' intervals (sampled each minute; at \(peakAt))",
                NumberFormat.grouped(Decimal(m.observedPeakSessions), decimals: 0),
              ],
            ])),
        .paragraph(
          "The formula gives the average load of the opening hours; the observed peak is the busiest minute, which sizes devices and network."
        ),
        .subheading("Network peaks, period"),
        .table(
          ReportTable(
            columns: ["Direction", "Peak Gbit/s", "95th percentile Gbit/s", "Hours"],
            rightAligned: ["Peak Gbit/s", "95th percentile Gbit/s", "Hours"], rows: network)),
      ])
  }

  static func offlineSection(_ input: RunReportInput) -> ReportSection {
    let l = input.actual.ledger
    let o = input.scenario.inputs.inputs.offlineHospital
    let fraction = l.fraction
    func prorated(_ annual: Int) -> String {
      NumberFormat.grouped(
        Decimal(annual) * Decimal(fraction.days) / Decimal(fraction.daysInYear), decimals: 0)
    }
    func headcount(_ role: String) -> String {
      NumberFormat.grouped(
        input.actual.offlineHeadcount.filter { $0.role == role }.map(\.average).sum, decimals: 2)
    }
    let comparison = offlineComparison(input)
    let plan = input.plan
    return ReportSection(
      id: "offline", title: "The offline hospital in the period",
      blocks: [
        .paragraph(
          "The offline hospital's activity from the same database, beside Table 1 prorated to the period's \(fraction.days) days. Staff are average headcounts (not prorated). "
            + "Its IT investment is not in the data: the comparison uses Table 1's figure, labelled as such."
        ),
        .table(
          ReportTable(
            columns: ["Item", "Data", "Table 1 (scenario)"],
            rightAligned: ["Data", "Table 1 (scenario)"],
            rows: [
              [
                "Outpatient visits", NumberFormat.grouped(Decimal(l.offlineVisits), decimals: 0),
                prorated(o.outpatientVisits),
              ],
              [
                "Inpatient admissions", NumberFormat.grouped(Decimal(l.admissions), decimals: 0),
                prorated(o.inpatientAdmissions),
              ],
              [
                "Surgeries", NumberFormat.grouped(Decimal(l.surgeries), decimals: 0),
                prorated(o.surgeries),
              ],
              [
                "Medical revenue, CNY", NumberFormat.money(l.offlineRevenueCNY),
                NumberFormat.money(fraction.prorate(o.medicalRevenueCNY)),
              ],
              [
                "Doctors", headcount("doctor"),
                NumberFormat.grouped(Decimal(o.doctors), decimals: 0),
              ],
              ["Nurses", headcount("nurse"), NumberFormat.grouped(Decimal(o.nurses), decimals: 0)],
              [
                "Administrative staff", headcount("administrator"),
                NumberFormat.grouped(Decimal(o.administrativeStaff), decimals: 0),
              ],
              [
                "Other staff", headcount("other"),
                NumberFormat.grouped(Decimal(o.otherStaff), decimals: 0),
              ],
              [
                "Medical revenue per outpatient visit, CNY",
                comparison.revenuePerVisit.map(NumberFormat.money) ?? "n/a",
                plan.offlineRevenuePerVisitCNY.map(NumberFormat.money) ?? "n/a",
              ],
              [
                "Staff per 10,000 outpatient visits a year",
                comparison.staffPer10k.map { NumberFormat.grouped($0, decimals: 2) } ?? "n/a",
                plan.offlineStaffPer10kVisits.map { NumberFormat.grouped($0, decimals: 2) }
                  ?? "n/a",
              ],
              [
                "IT investment per outpatient visit, CNY", "not in the data",
                plan.offlineITPerVisitCNY.map(NumberFormat.money) ?? "n/a",
              ],
            ])),
      ])
  }

  static func sustainabilitySection(_ input: RunReportInput) -> ReportSection {
    let actual = input.actual
    let a = actual.annual
    let appraisal = actual.appraisal
    let plan = input.scenario.inputs.inputs
    let rate = NumberFormat.percent(plan.discountRate)
    let rows: [[String]] = [
      ["Effective revenue", NumberFormat.money(a.effectiveRevenueCNY), "CNY/year"],
      ["Total cost", NumberFormat.money(a.totalCostCNY), "CNY/year"],
      ["**Margin**", "**\(NumberFormat.money(a.marginCNY))**", "CNY/year"],
      [
        "Break-even registration fee (costs and other revenue held)",
        a.breakevenRegistrationFeeCNY.map(NumberFormat.money) ?? "none", "CNY/visit",
      ],
      [
        "Break-even visits (costs held, each visit bringing this period's effective revenue per visit)",
        actual.breakevenVisits.map { NumberFormat.grouped($0, decimals: 0) } ?? "none",
        "visits/year",
      ],
      [
        "One-off spending appraised (cost of the capital items charged in the period)",
        NumberFormat.money(actual.oneOffSpendingCNY), "CNY",
      ],
      ["Net operating cash flow", NumberFormat.money(a.netCashFlowCNY), "CNY/year"],
      [
        "Simple payback",
        appraisal.simplePaybackYears.map { NumberFormat.grouped($0, decimals: 2) } ?? "never",
        "years",
      ],
      [
        "Discounted payback at \(rate)",
        appraisal.discountedPaybackYears.map { NumberFormat.grouped($0, decimals: 2) }
          ?? "not within \(InvestmentAppraisal.paybackSearchYears) years", "years",
      ],
      [
        "NPV over \(plan.appraisalYears) years at \(rate)", NumberFormat.money(appraisal.npvCNY),
        "CNY",
      ],
    ]
    var blocks: [ReportBlock] = [
      .paragraph(annualVerdict(actual)),
      .table(
        ReportTable(columns: ["Measure", "Value", "Unit"], rightAligned: ["Value"], rows: rows)),
    ]
    if actual.breakevenVisits == nil {
      blocks.append(
        .paragraph(
          "No volume breaks even: a visit brought no effective revenue in this period, so more visits cannot cover the cost."
        ))
    }
    blocks.append(
      .paragraph(
        "On data the device estate, staff and contracts are what they are: break-even volume holds every cost at the period's level. "
          + "Payback and NPV appraise the capital items charged in the period with the annualized cash flow, at the scenario's discount rate and horizon."
      ))
    return ReportSection(id: "sustainability", title: "Sustainability on the data", blocks: blocks)
  }

  static func sensitivitySection(_ input: RunReportInput) -> ReportSection {
    var section = ReportSections.sensitivity(
      input.actual.sensitivity, settings: input.scenario.sensitivity)
    section.blocks.insert(
      .paragraph(
        "On data each figure is a product of drivers measured in the ledger, so a driver moved by a share moves exactly the lines it multiplies: "
          + "visits move revenue (costs held), the tariff, facility factor and energy move electricity, headcount and cost per head move payroll."
      ), at: 0)
    return section
  }

  static func provenanceSection(_ input: RunReportInput) -> ReportSection {
    let rows = provenanceRows(input).map {
      [
        "`\($0.id)`", MarkdownText.escape($0.label), $0.value, $0.unit, $0.source,
        $0.setIn.isEmpty ? "" : MarkdownText.code($0.setIn),
      ]
    }
    var blocks: [ReportBlock] = [
      .paragraph(
        "Every figure of `summary.csv` says its source: **data** (the period's rows alone), **scenario** (an assumption), **data+scenario** (computed from both, e.g. electricity: metered data × the scenario's facility factor), or **scenario fallback** (the period has no data for the line and the job opted into the scenario's value). "
          + "The drivers and assumptions the figures rest on:"),
      .table(
        ReportTable(
          columns: ["Driver", "Label", "Value", "Unit", "Source", "Set in"],
          rightAligned: ["Value"], rows: rows)),
    ]
    let l = input.actual.ledger
    if !l.missingLines.isEmpty {
      blocks.append(.subheading("Lines without data"))
      blocks.append(.bullets(l.missingLines))
    }
    return ReportSection(id: "provenance", title: "Where the figures come from", blocks: blocks)
  }

  static func dataSection(_ input: RunReportInput) -> ReportSection {
    let coverage = input.coverage
    return ReportSection(
      id: "data", title: "Data",
      blocks: [
        .subheading("Coverage"),
        .table(
          ReportTable(
            columns: ["Source", "Last day with data", "Reaches the period's end"],
            rows: coverage.sources.map { source in
              [
                source.name,
                source.lastDay.map {
                  source.monthly ? String($0.description.prefix(7)) : $0.description
                } ?? "none",
                source.isComplete(periodLastDay: coverage.periodLastDay) ? "yes" : "**no**",
              ]
            })),
        .subheading("Sources read"),
        .paragraph(
          "Every query aggregates inside PostgreSQL; the tool reads only the aggregates. *Source rows* is what the aggregates summarize. "
            + "Files that read the fact tables run month by month over the year to date: *read* counts the months read now, *reused* those kept from an earlier run whose rows have not changed since (`pipeline.month_results`); the other files read their tables for the period and for each month of the trend."
        ),
        .table(
          ReportTable(
            columns: ["Measure", "SQL file", "Read", "Reused", "Rows returned", "Source rows"],
            rightAligned: ["Read", "Reused", "Rows returned", "Source rows"],
            rows: input.sources.map {
              [
                $0.measure, MarkdownText.code($0.file), String($0.runs), String($0.reused),
                String($0.rowsReturned),
                $0.sourceRows.map { NumberFormat.grouped(Decimal($0), decimals: 0) } ?? "",
              ]
            })),
        .subheading("Data-quality checks"),
        .table(
          ReportTable(
            columns: [
              "Check", "Status", "Failing", "Examined", "Warn at", "Fail at", "Examples",
              "SQL file",
            ],
            rightAligned: ["Failing", "Examined"],
            rows: input.checks.map {
              [
                "`\($0.result.checkID)`", $0.status == .pass ? "pass" : "**\($0.status.rawValue)**",
                NumberFormat.grouped(Decimal($0.result.failing), decimals: 0),
                NumberFormat.grouped(Decimal($0.result.examined), decimals: 0),
                $0.threshold.warn.map(\.description) ?? "–",
                $0.threshold.fail.map(\.description) ?? "–",
                $0.result.sampleIDs.map(MarkdownText.escape).joined(separator: ", "),
                MarkdownText.code($0.result.file),
              ]
            })),
        .subheading("Inputs"),
        .table(
          ReportTable(
            columns: ["File", "SHA-256"],
            rows: input.inputFiles.map { [MarkdownText.code($0.path), "`\($0.sha256)`"] })),
        .bullets([
          "Job `\(input.job.name)` (\(MarkdownText.code(input.job.path))), period \(input.period), time zone \(input.job.timeZone.identifier).",
          "metahospital \(input.toolVersion), run `\(input.runID)`, generated \(NumberFormat.timestamp(input.generatedAt, in: input.job.timeZone)).",
        ]),
      ])
  }

  static func methodSection(_ input: RunReportInput) -> ReportSection {
    ReportSection(
      id: "method", title: "Method and conventions",
      blocks: [
        .bullets([
          "One ledger: every figure comes from the period's data through one computation. Flows (visits, revenue, costs, energy) are annualized as the period × days in the year ÷ days in the period; stocks (capital items' cost, headcount, installed devices and storage) are not. For a whole year the annualized figures equal the period's.",
          "Monthly amounts (payroll, amortization, depreciation) are the same in every month, so annualizing them by days reads about 1.9 % low in a 31-day month and 8.6 % high in February (× 365/31 or × 365/28 against × 12); a quarter or a year evens this out.",
          "Money is in CNY, summed exactly (PostgreSQL numeric, decimal arithmetic) and shown to 2 decimals rounded half away from zero; CSV files carry money to the fen and other figures to 6 decimals.",
          "Effective revenue = kept charges + the markup on pass-through charges whose acquisition cost is known. Gross revenue = kept + pass-through charges billed. Excluded charges are shown, not counted.",
          "Total cost = payroll + electricity (nameplate, each day's tariff, × facility factor) + contracts (pro rata per day of a 365-day year) + amortization and depreciation (capital items, monthly straight line from the month in service; hardware stops the month its device group is retired). Fen are rounded cumulatively per item, so periods add up to their year exactly.",
          "A line the data should fill but the period lacks is zero with a warning, unless the job's `fallbacks:` opts it into the scenario's value prorated to the period; the report lists every fallback used.",
        ])
      ])
  }
}
