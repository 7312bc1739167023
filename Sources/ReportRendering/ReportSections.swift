import Foundation
import HospitalEconomics

/// What a report says about the scenario it was built from.
public struct ScenarioIdentity: Sendable, Equatable {
  /// Short name, e.g. `paper-2024` (also the default output folder name).
  public var name: String
  /// Title for people.
  public var title: String
  /// The title in each language the scenario gives one for.
  public var titles: [ReportLanguage: String]
  /// The scenario file chain, child first, as file names (`electricity-0.8.yaml`, `paper-2024.yaml`).
  public var files: [String]

  /// Creates an identity.
  public init(
    name: String, title: String, titles: [ReportLanguage: String] = [:], files: [String]
  ) {
    self.name = name
    self.title = title
    self.titles = titles
    self.files = files
  }

  /// The title in `language`, else the plain title.
  public func title(in language: ReportLanguage) -> String { titles[language] ?? title }
}

/// The building blocks of economics reports: each function returns one section, one set of
/// figures or one CSV table, so `plan` and later reports compose the ones they need.
public enum ReportSections {
  // MARK: - Verdict

  /// One paragraph a finance director can quote: does it pay, by how much, and where it breaks even.
  public static func verdict(_ e: Economics, _ w: Wording, _ place: Wording.Place = .body) -> String
  {
    verdict(
      e.financials, feeCNY: e.inputs.registrationFeeCNY,
      breakevenVisits: e.breakevenVisits.map { Decimal($0) }, onData: false, w, place)
  }

  /// The verdict on a year's money: `fee` is the registration fee the year was billed at (on
  /// data, the average fee billed), `breakevenVisits` the yearly visits at which it breaks even
  /// with today's fee (on data: with the period's costs held), or nil.
  public static func verdict(
    _ f: Financials, feeCNY: Decimal, breakevenVisits: Decimal?, onData: Bool, _ w: Wording,
    _ place: Wording.Place = .body
  ) -> String {
    let amounts = w.amounts([abs(f.marginCNY), f.totalCostCNY, f.effectiveRevenueCNY], place)
    let breakEvenFee: String
    if let value = f.breakevenRegistrationFeeCNY {
      breakEvenFee =
        value <= 0
        ? w(VerdictPhrase.breakEvenAnyFee)
        : w(VerdictPhrase.breakEvenFee, ["fee": w.price(value)])
    } else {
      breakEvenFee = w(VerdictPhrase.breakEvenNoFee)
    }
    let breakEvenVisits =
      breakevenVisits.map {
        w(VerdictPhrase.breakEvenVisits, ["visits": NumberFormat.grouped($0, decimals: 0)])
      } ?? w(onData ? VerdictPhrase.noVolumeOnData : .noVolume)
    let values = [
      "fee": w.price(feeCNY), "margin": amounts[0], "cost": amounts[1], "revenue": amounts[2],
      "break_even_fee": breakEvenFee, "break_even_visits": breakEvenVisits,
    ]
    if f.marginCNY < 0 {
      return w(onData ? VerdictPhrase.losesOnData : .loses, values)
    }
    return w(onData ? VerdictPhrase.paysOnData : .pays, values)
  }

  /// One sentence on the one-off spending: payback and NPV.
  public static func investmentSentence(
    _ e: Economics, _ w: Wording, _ place: Wording.Place = .body
  ) -> String {
    let simple =
      e.simplePaybackYears.map {
        w(VerdictPhrase.paybackYears, ["years": NumberFormat.grouped($0, decimals: 1)])
      } ?? w(VerdictPhrase.paybackNever)
    let discounted =
      e.discountedPaybackYears.map {
        w(VerdictPhrase.paybackYears, ["years": NumberFormat.grouped($0, decimals: 1)])
      }
      ?? w(
        VerdictPhrase.discountedNever, ["years": String(InvestmentAppraisal.paybackSearchYears)])
    return w(
      VerdictPhrase.investment,
      [
        "one_off": w.millions(e.oneOffSpendingCNY, place),
        "cash_flow": w.millions(e.annualNetCashFlowCNY, place), "simple": simple,
        "discounted": discounted, "rate": NumberFormat.percent(e.inputs.discountRate),
        "years": String(e.inputs.appraisalYears), "npv": w.millions(e.npvCNY, place),
      ])
  }

  // MARK: - Figures

  /// The summary figures, with the stable ids every report's `summary.csv` uses.
  public static func summaryFigures(_ e: Economics) -> [ReportFigure] {
    func money(_ figure: Figure, _ value: Decimal?) -> ReportFigure {
      ReportFigure(figure, money: value, none: "n/a")
    }
    func quantity(_ figure: Figure, _ value: Double) -> ReportFigure {
      ReportFigure(figure, quantity: value)
    }
    func exact(_ figure: Figure, _ value: Decimal?) -> ReportFigure {
      ReportFigure(figure, exact: value, none: "never")
    }
    return [
      quantity(.concurrentSessions, e.concurrentSessions),
      quantity(.oneWayBandwidth, e.oneWayBandwidthGbps),
      quantity(.networkBandwidth, e.networkBandwidthGbps),
      quantity(.storageIncrement, e.storageIncrementGB),
      quantity(.storageIncrementPB, e.storageIncrementPB),
      quantity(.storageIncrementBinaryPB, e.storageIncrementBinaryPB),
      quantity(.storageProvisioned, e.storageProvisionedPB),
      quantity(.power(ofClass: "cpu"), e.cpuPowerKW),
      quantity(.power(ofClass: "gpu"), e.gpuPowerKW),
      quantity(.power(ofClass: "storage"), e.storagePowerKW),
      quantity(.itPower, e.itPowerKW),
      quantity(.facilityPower, e.facilityPowerKW),
      quantity(.annualEnergy, e.annualEnergyKWh),
      quantity(.meteredEnergy, e.meteredEnergyKWh),
      money(.electricityCost, e.annualElectricityCostCNY),
      money(.meteredElectricityCost, e.meteredElectricityCostCNY),
      money(.registrationRevenue, e.registrationRevenueCNY),
      money(.drugRevenue, e.drugRevenueCNY),
      money(.grossRevenue, e.grossRevenueCNY),
      money(.effectiveRevenue, e.effectiveRevenueCNY),
      ReportFigure(.staffCount, count: e.staffCount),
      money(.staffCost, e.staffCostCNY),
      money(.softwareCapex, e.softwareCapexCNY),
      money(.softwareAmortization, e.softwareAmortizationCNY),
      money(.modelCapex, e.modelCapexCNY),
      money(.modelAmortization, e.modelAmortizationCNY),
      money(.hardwareCapex, e.hardwareCapexCNY),
      money(.hardwareDepreciation, e.hardwareDepreciationCNY),
      money(.otherServices, e.otherServicesCNY),
      money(.cashCost, e.annualCashCostCNY),
      money(.totalCost, e.annualTotalCostCNY),
      money(.margin, e.annualMarginCNY),
      ReportFigure(.marginShare, share: e.marginShare),
      money(.costPerVisit, e.costPerVisitCNY),
      money(.effectiveRevenuePerVisit, e.effectiveRevenuePerVisitCNY),
      money(.breakevenFee, e.breakevenRegistrationFeeCNY),
      ReportFigure(.breakevenVisits, count: e.breakevenVisits),
      exact(.staffPer10kVisits, e.staffPer10kVisits),
      ReportFigure(.itShareOfGrossRevenue, share: e.itShareOfGrossRevenue),
      money(.offlineRevenuePerVisit, e.offlineRevenuePerVisitCNY),
      money(.offlineITPerVisit, e.offlineITPerVisitCNY),
      exact(.offlineStaffPer10kVisits, e.offlineStaffPer10kVisits),
      ReportFigure(.offlineITShareOfRevenue, share: e.offlineITShareOfRevenue),
      money(.oneOffSpending, e.oneOffSpendingCNY),
      money(.netCashFlow, e.annualNetCashFlowCNY),
      exact(.simplePayback, e.simplePaybackYears),
      exact(.discountedPayback, e.discountedPaybackYears),
      ReportFigure(.discountRate, share: e.inputs.discountRate),
      money(.npv, e.npvCNY),
    ]
  }

  /// `summary.csv`: `metric,value,unit`, one figure a row.
  public static func summaryCSV(_ figures: [ReportFigure]) -> CSVTable {
    CSVTable(
      fileName: "summary.csv", header: ["metric", "value", "unit"],
      rows: figures.map { [$0.id, $0.csvValue, $0.csvUnit] })
  }

  /// `summary.csv` of figures with different sources: `metric,value,unit,source`.
  public static func summaryCSVWithSources(_ figures: [ReportFigure]) -> CSVTable {
    CSVTable(
      fileName: "summary.csv", header: ["metric", "value", "unit", "source"],
      rows: figures.map { [$0.id, $0.csvValue, $0.csvUnit, $0.source] })
  }

  /// What the effective revenue keeps of drug sales, for a note beside it.
  public static func drugNote(markupRate: Decimal, markupCNY: Decimal, _ w: Wording) -> String {
    markupRate == 0 && markupCNY == 0
      ? w(SustainabilityPhrase.drugsAtCost)
      : w(
        SustainabilityPhrase.drugMarkupKept,
        ["rate": NumberFormat.percent(markupRate), "amount": w.exactAmount(markupCNY)])
  }

  // MARK: - Sections

  /// The key figures, for a reader who stops after the headline.
  public static func keyFigures(_ e: Economics, _ w: Wording) -> ReportSection {
    let figures = summaryFigures(e)
    let rows = KeyFiguresLabelPhrase.allCases.compactMap { key in
      figures.first { $0.id == key.rawValue }.map { (key, $0) }
    }.map { key, figure in
      [MarkdownText.escape(w(key)), w.value(of: figure), w.unit(figure.unit), "`\(figure.id)`"]
    }
    let value = w(KeyFiguresPhrase.valueColumn)
    return ReportSection(
      id: "key-figures", title: w(KeyFiguresPhrase.title),
      blocks: [
        .table(
          ReportTable(
            columns: [
              w(KeyFiguresPhrase.figureColumn), value, w(KeyFiguresPhrase.unitColumn),
              w(KeyFiguresPhrase.idColumn),
            ], rightAligned: [value], rows: rows))
      ])
  }

  /// Yearly cost against effective revenue, unit economics beside the offline hospital,
  /// break-even, payback and NPV.
  public static func sustainability(
    _ e: Economics, placeholders: Set<DriverID>, _ w: Wording
  ) -> ReportSection {
    typealias Say = SustainabilityPhrase
    func mark(_ ids: [DriverID]) -> String {
      ids.contains { placeholders.contains($0) } ? w(Say.placeholderMark) : ""
    }
    let deviceIDs = e.inputs.devices.flatMap { d in
      [DeviceField.unitPriceCNY, .usefulLifeYears].map { $0.id(for: d.id) }
    }
    let software = w(
      Say.amortizedOver,
      [
        "amount": w.millions(e.softwareCapexCNY),
        "years": NumberFormat.groupedTrimmed(e.inputs.softwareAmortizationYears),
      ])
    let model = w(
      Say.amortizedOver,
      [
        "amount": w.millions(e.modelCapexCNY),
        "years": NumberFormat.groupedTrimmed(e.inputs.modelAmortizationYears),
      ])
    let costRows: [[String]] = [
      [
        w(Say.effectiveRevenue), w.money(e.effectiveRevenueCNY),
        drugNote(markupRate: e.inputs.drugMarkupRate, markupCNY: e.drugMarginCNY, w),
      ],
      [w(Say.staff), w.money(-e.staffCostCNY), w(Say.staffNote, ["count": String(e.staffCount)])],
      [
        w(Say.electricity), w.money(-e.annualElectricityCostCNY),
        w(Say.electricityNote, ["cost": w.money(e.meteredElectricityCostCNY)]),
      ],
      [w(Say.otherServices), w.money(-e.otherServicesCNY), w(Say.otherServicesNote)],
      [
        w(Say.softwareAmortization), w.money(-e.softwareAmortizationCNY),
        software + mark([ScalarDriver.softwareAmortizationYears.id]),
      ],
      [
        w(Say.modelAmortization), w.money(-e.modelAmortizationCNY),
        model + mark([ScalarDriver.modelAmortizationYears.id]),
      ],
      [
        w(Say.hardwareDepreciation), w.money(-e.hardwareDepreciationCNY),
        w(Say.hardwareNote, ["capex": w.millions(e.hardwareCapexCNY)])
          + mark(deviceIDs + [ScalarDriver.storagePriceCNYPerPB.id]),
      ],
      [w(Say.totalCost), "**\(w.money(-e.annualTotalCostCNY))**", ""],
      [
        w(Say.margin), "**\(w.money(e.annualMarginCNY))**",
        e.marginShare.map { w(Say.marginNote, ["share": NumberFormat.percent($0)]) } ?? "",
      ],
    ]
    let notApplicable = w.missing("n/a")
    func perVisit(_ value: Decimal?) -> String { value.map(w.price) ?? notApplicable }
    func ratio(_ value: Decimal?) -> String {
      value.map { NumberFormat.grouped($0, decimals: 2) } ?? notApplicable
    }
    let comparisonRows: [[String]] = [
      [w(Say.costPerVisit), perVisit(e.costPerVisitCNY), w(Say.notInPaper), w.unit("CNY/visit")],
      [
        w(Say.revenuePerVisit), perVisit(e.effectiveRevenuePerVisitCNY),
        w(Say.offlineRevenueNote, ["value": perVisit(e.offlineRevenuePerVisitCNY)]),
        w.unit("CNY/visit"),
      ],
      [
        w(Say.itPerVisit), w(Say.allCostIsIt, ["value": perVisit(e.costPerVisitCNY)]),
        perVisit(e.offlineITPerVisitCNY), w.unit("CNY/visit"),
      ],
      [
        w(Say.itShare),
        w(
          Say.ofGross, ["share": e.itShareOfGrossRevenue.map(NumberFormat.percent) ?? notApplicable]
        ),
        e.offlineITShareOfRevenue.map(NumberFormat.percent) ?? notApplicable, w.unit("share"),
      ],
      [
        w(Say.staffPer10k), ratio(e.staffPer10kVisits), ratio(e.offlineStaffPer10kVisits),
        w.unit("people"),
      ],
    ]
    let visits = NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0)
    let breakEven: [String] = [
      w(Say.breakEvenFee, ["fee": perVisit(e.breakevenRegistrationFeeCNY), "visits": visits]),
      e.breakevenVisits.map {
        w(
          Say.breakEvenVolume,
          [
            "visits": NumberFormat.grouped(Decimal($0), decimals: 0),
            "fee": w.price(e.inputs.registrationFeeCNY),
          ])
      } ?? w(Say.breakEvenNoVolume, ["fee": w.price(e.inputs.registrationFeeCNY)]),
    ]
    let years = { (value: Decimal?) in
      value.map { NumberFormat.grouped($0, decimals: 2) }
    }
    let investmentRows: [[String]] = [
      [w(Say.oneOff), w.money(e.oneOffSpendingCNY), w.unit("CNY")],
      [w(Say.netCashFlow), w.money(e.annualNetCashFlowCNY), w.unit("CNY/year")],
      [w(Say.simplePayback), years(e.simplePaybackYears) ?? w.missing("never"), w.unit("years")],
      [
        w(Say.discountedPayback, ["rate": NumberFormat.percent(e.inputs.discountRate)])
          + mark([ScalarDriver.discountRate.id]),
        years(e.discountedPaybackYears)
          ?? w(
            VerdictPhrase.discountedNever,
            ["years": String(InvestmentAppraisal.paybackSearchYears)]),
        w.unit("years"),
      ],
      [
        w(Say.npvOver, ["years": String(e.inputs.appraisalYears)])
          + mark([ScalarDriver.appraisalYears.id]),
        w.money(e.npvCNY), w.unit("CNY"),
      ],
    ]
    let amount = w(Say.amountColumn)
    let (metaHospital, offline) = (w(Say.metaHospitalColumn), w(Say.offlineColumn))
    let value = w(Say.valueColumn)
    return ReportSection(
      id: "sustainability", title: w(Say.title),
      blocks: [
        .paragraph(verdict(e, w)),
        .subheading(w(Say.yearlyResult)),
        .table(
          ReportTable(
            columns: [w(Say.lineColumn), amount, w(Say.noteColumn)], rightAligned: [amount],
            rows: costRows)),
      ] + costStructure(e.financials, w) + [
        .subheading(w(Say.offlineHeading)),
        .table(
          ReportTable(
            columns: [w(Say.measureColumn), metaHospital, offline, w(Say.unitColumn)],
            rightAligned: [metaHospital, offline], rows: comparisonRows)),
        .subheading(w(Say.breakEvenHeading)),
        .bullets(breakEven),
      ] + marginAgainstFee(e, w) + [
        .subheading(w(Say.oneOffHeading)),
        .paragraph(investmentSentence(e, w)),
        .table(
          ReportTable(
            columns: [w(Say.measureColumn), value, w(Say.unitColumn)], rightAligned: [value],
            rows: investmentRows)),
        .paragraph(w(Say.hardwareNoResidual)),
      ])
  }

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
        item.id == "storage"
        ? ScalarDriver.storagePriceCNYPerPB.id : DeviceField.unitPriceCNY.id(for: item.id)
      let lifeID: DriverID =
        item.id == "storage"
        ? ScalarDriver.storageUsefulLifeYears.id : DeviceField.usefulLifeYears.id(for: item.id)
      let placeholder = placeholders.contains(priceID) || placeholders.contains(lifeID)
      return [
        item.id == "storage" ? w(Say.storageProvisioned) : MarkdownText.escape(item.name),
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

  /// The tornado: each driver moved down and up, ranked by its effect on the yearly margin.
  /// - Parameters:
  ///   - results: each driver's margin at its low and high value.
  ///   - settings: how far the drivers were moved.
  ///   - label: a driver's label for people (``Wording/driverLabel(_:)`` for a plan).
  ///   - w: the words of the report's language.
  ///   - chartLimit: the most drivers the chart shows (the table shows all).
  /// - Returns: the section.
  public static func sensitivity(
    _ results: [SensitivityResult], settings: SensitivitySettings,
    label: (DriverDescriptor) -> String, _ w: Wording, chartLimit: Int = 12
  )
    -> ReportSection
  {
    typealias Say = SensitivityPhrase
    let rows = results.enumerated().map { index, r -> [String] in
      [
        String(index + 1), MarkdownText.escape(label(r.driver)), "`\(r.driver.id)`",
        "±" + NumberFormat.percent(r.swing),
        w.driverValue(r.lowValue, unit: r.driver.unit) + " / "
          + w.driverValue(r.baseValue, unit: r.driver.unit) + " / "
          + w.driverValue(r.highValue, unit: r.driver.unit)
          + (r.driver.unit.isEmpty ? "" : " " + w.unit(r.driver.unit)),
        w.money(r.lowEffectCNY), w.money(r.highEffectCNY),
      ]
    }
    // Bars show the size of the larger change, from zero; the label carries both signed changes.
    let charted = results.prefix(chartLimit)
    let unit = w.chartUnit(fitting: charted.map(\.magnitudeCNY))
    let chart = MermaidChart.bars(
      title: w(Say.chartTitle, ["unit": unit.name]),
      categories: charted.map {
        w(
          Say.bar,
          [
            "driver": label($0.driver), "down": unit.signed($0.lowEffectCNY),
            "up": unit.signed($0.highEffectCNY),
          ])
      },
      values: charted.map { $0.magnitudeCNY / unit.divisor }, valueAxis: unit.name, horizontal: true
    )
    let (down, up) = (w(Say.downColumn), w(Say.upColumn))
    return ReportSection(
      id: "sensitivity", title: w(Say.title),
      blocks: [
        .paragraph(w(Say.intro, ["swing": NumberFormat.percent(settings.defaultSwing)])),
        .table(
          ReportTable(
            columns: [
              w(Say.rankColumn), w(Say.driverColumn), w(Say.idColumn), w(Say.swingColumn),
              w(Say.valuesColumn), down, up,
            ],
            rightAligned: [w(Say.rankColumn), down, up], rows: rows)),
        .paragraph(w(Say.chartIntro, ["count": String(charted.count), "unit": unit.name])),
        .mermaid(chart),
      ])
  }

  /// `sensitivity.csv`: one row per driver in rank order.
  public static func sensitivityCSV(_ results: [SensitivityResult]) -> CSVTable {
    CSVTable(
      fileName: "sensitivity.csv",
      header: [
        "rank", "driver", "unit", "swing", "low_value", "base_value", "high_value",
        "base_margin_cny",
        "margin_at_low_cny", "margin_at_high_cny", "margin_change_low_cny",
        "margin_change_high_cny",
      ],
      rows: results.enumerated().map { index, r in
        [
          String(index + 1), r.driver.id.rawValue, r.driver.unit,
          NumberFormat.plainTrimmed(r.swing),
          NumberFormat.driverCSVValue(r.lowValue), NumberFormat.driverCSVValue(r.baseValue),
          NumberFormat.driverCSVValue(r.highValue),
          NumberFormat.plain(r.baseMarginCNY, decimals: 2),
          NumberFormat.plain(r.marginAtLowCNY, decimals: 2),
          NumberFormat.plain(r.marginAtHighCNY, decimals: 2),
          NumberFormat.plain(r.lowEffectCNY, decimals: 2),
          NumberFormat.plain(r.highEffectCNY, decimals: 2),
        ]
      })
  }

  /// `paper_reproduction.csv`: each paper figure, computed value and deviation.
  public static func paperReproductionCSV(_ e: Economics) -> CSVTable {
    CSVTable(
      fileName: "paper_reproduction.csv",
      header: [
        "figure", "paper_table", "unit", "paper_value", "computed_value", "deviation",
        "deviation_share", "status", "note",
      ],
      rows: e.paperReproduction.map { f in
        [
          f.id, f.table, f.unit, NumberFormat.plainTrimmed(f.paperValue),
          NumberFormat.plainTrimmed(f.computedValue.rounded(scale: 6, mode: .plain)),
          NumberFormat.plainTrimmed(f.deviation.rounded(scale: 6, mode: .plain)),
          f.deviationShare.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) }
            ?? "", f.status, f.note,
        ]
      })
  }

  /// Every driver with its value, unit and where it came from; placeholders flagged.
  public static func assumptions(_ inputs: AttributedInputs, _ w: Wording) -> ReportSection {
    typealias Say = AssumptionsPhrase
    let rows = inputs.inputs.driverDescriptors.map { d -> [String] in
      let value = inputs.inputs.value(of: d.id).map { w.driverValue($0, unit: d.unit) } ?? ""
      let provenance = inputs.provenance[d.id]
      let kind: String =
        switch provenance {
        case .placeholder: w(Say.placeholder)
        case .assumption: w(Say.assumption)
        case .measured: w(Say.measured)
        case nil: w(Say.unknown)
        }
      return [
        "`\(d.id)`", MarkdownText.escape(w.driverLabel(d)), value, w.unit(d.unit), kind,
        provenance.map { MarkdownText.code($0.location) } ?? "",
      ]
    }
    let placeholders = inputs.placeholderDrivers.map { "`\($0)`" }.joined(separator: ", ")
    let value = w(Say.valueColumn)
    return ReportSection(
      id: "assumptions", title: w(Say.title),
      blocks: [
        .paragraph(
          w(Say.intro)
            + (placeholders.isEmpty ? "" : w(Say.placeholderList, ["list": placeholders]))),
        .table(
          ReportTable(
            columns: [
              w(Say.driverColumn), w(Say.labelColumn), value, w(Say.unitColumn),
              w(Say.sourceColumn), w(Say.setInColumn),
            ],
            rightAligned: [value], rows: rows)),
      ])
  }

  /// `assumptions.csv`: driver, value, unit, provenance kind and location.
  public static func assumptionsCSV(_ inputs: AttributedInputs) -> CSVTable {
    CSVTable(
      fileName: "assumptions.csv", header: ["driver", "value", "unit", "source", "set_in"],
      rows: inputs.inputs.driverDescriptors.map { d in
        let provenance = inputs.provenance[d.id]
        return [
          d.id.rawValue, inputs.inputs.value(of: d.id).map(NumberFormat.driverCSVValue) ?? "",
          d.unit,
          provenance?.kind ?? "unknown", provenance?.location ?? "",
        ]
      })
  }

  /// How to read the figures: units, rounding, what is annual.
  public static func method(_ w: Wording) -> ReportSection {
    ReportSection(
      id: "method", title: w(MethodPhrase.title),
      blocks: [
        .bullets([
          w(MethodPhrase.flows), w(MethodPhrase.units), w(MethodPhrase.totals), w(MethodPhrase.ids),
        ])
      ])
  }
}
