import Foundation
import HospitalEconomics

// MARK: - Key figures and sustainability

extension ReportSections {
  /// The key figures, for a reader who stops after the headline.
  public static func keyFigures(_ e: Economics, _ w: Wording) -> ReportSection {
    let rows = keyFigureList(e, w).map {
      [
        MarkdownText.escape($0.label), w.value(of: $0.figure), w.unit($0.figure.unit),
        "`\($0.figure.id)`",
      ]
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

  /// The plan's key figures, labelled: those of the *Key figures* table, in its order.
  public static func keyFigureList(_ e: Economics, _ w: Wording) -> [KeyFigure] {
    let figures = summaryFigures(e)
    return KeyFiguresLabelPhrase.allCases.compactMap { key in
      figures.first { $0.id == key.rawValue }.map { KeyFigure(label: w(key), figure: $0) }
    }
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
        w(Say.itPerVisit),
        e.costPerVisitCNY == nil
          ? perVisit(nil)
          : w(
            Say.allCostIsIt,
            [
              "value": perVisit(e.financials.nonStaffCostPerVisitCNY),
              "with_staff": perVisit(e.costPerVisitCNY),
            ]),
        perVisit(e.offlineITPerVisitCNY), w.unit("CNY/visit"),
      ],
      [
        w(Say.itShare),
        e.itShareOfGrossRevenue == nil
          ? notApplicable
          : w(
            Say.ofGross,
            [
              "share": e.financials.nonStaffCostShareOfGrossRevenue.map(NumberFormat.percent)
                ?? notApplicable,
              "with_staff": e.itShareOfGrossRevenue.map(NumberFormat.percent) ?? notApplicable,
            ]),
        e.offlineITShareOfRevenue.map(NumberFormat.percent) ?? notApplicable, w.unit("share"),
      ],
      [
        w(Say.staffPer10k), ratio(e.staffPer10kVisits), ratio(e.offlineStaffPer10kVisits),
        w.unit("people"),
      ],
    ]
    let breakEven = breakEvenLines(e, w)
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
        years(e.discountedPaybackYears) ?? noDiscountedPayback(e.appraisal, w),
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

  /// The break-even fee and volume, each said the way its arithmetic allows: no fee without
  /// visits, any fee where the other revenue covers the cost, and a volume far beyond the
  /// scenario, or one above which the margin turns negative again, named as such.
  static func breakEvenLines(_ e: Economics, _ w: Wording) -> [String] {
    typealias Say = SustainabilityPhrase
    let visits = NumberFormat.grouped(Decimal(e.inputs.annualVisits), decimals: 0)
    let fee: String
    switch e.breakevenRegistrationFeeCNY {
    case nil: fee = w(Say.breakEvenFeeNoVisits)
    case let value? where value <= 0:
      fee = w(Say.breakEvenFeeAny, ["visits": visits, "spare": w.price(-value)])
    case let value?: fee = w(Say.breakEvenFee, ["fee": w.price(value), "visits": visits])
    }
    guard let volume = e.breakevenVisits else {
      return [fee, w(Say.breakEvenNoVolume, ["fee": w.price(e.inputs.registrationFeeCNY)])]
    }
    var lines = [
      fee,
      w(
        Say.breakEvenVolume,
        [
          "visits": NumberFormat.grouped(Decimal(volume), decimals: 0),
          "fee": w.price(e.inputs.registrationFeeCNY),
        ]),
    ]
    if e.inputs.annualVisits > 0, volume >= 10 * e.inputs.annualVisits {
      let limit =
        volume > Inputs.maximumYearlyCount
        ? w(
          Say.breakEvenAboveLimit,
          ["limit": NumberFormat.grouped(Decimal(Inputs.maximumYearlyCount), decimals: 0)]) : ""
      lines.append(
        w(
          Say.breakEvenFar,
          [
            "ratio": NumberFormat.grouped(
              Decimal(volume) / Decimal(e.inputs.annualVisits), decimals: 0),
            "visits": visits, "limit": limit,
          ]))
    }
    if let above = e.marginNegativeAboveBreakEven() {
      lines.append(
        w(
          Say.breakEvenNegativeAgain,
          [
            "visits": NumberFormat.grouped(Decimal(above.visits), decimals: 0),
            "margin": w.money(above.marginCNY),
          ]))
    }
    return lines
  }
}
