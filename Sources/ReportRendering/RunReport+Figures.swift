import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - Summary figures

extension RunReport {
  /// Every figure of `summary.csv`, in order: the period's ledger (`period_…`), then the
  /// annualized year and the model on data (the plan's ids where the meaning is the same), each
  /// with its unit and source.
  static func summaryFigures(_ input: RunReportInput) -> [ReportFigure] {
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let a = actual.annual
    func src(_ line: LedgerLine) -> FigureSource { l.sources[line] ?? .data }
    func money(_ figure: Figure, _ value: Decimal?, _ s: FigureSource) -> ReportFigure {
      ReportFigure(figure, money: value, source: s.rawValue)
    }
    func exact(_ figure: Figure, _ value: Decimal?, _ s: FigureSource, none: String = "none")
      -> ReportFigure
    {
      ReportFigure(figure, exact: value, none: none, source: s.rawValue)
    }
    func count(_ figure: Figure, _ value: Int64) -> ReportFigure {
      ReportFigure(figure, count: Int(value), source: FigureSource.data.rawValue)
    }
    func share(_ figure: Figure, _ value: Decimal?, _ s: FigureSource) -> ReportFigure {
      ReportFigure(figure, share: value, source: s.rawValue)
    }
    let revenue = combined([src(.registrationRevenue), src(.passThroughSales)])
    let costs = combined([
      src(.staffCost), src(.electricity), src(.otherServices), src(.softwareAmortization),
      src(.modelAmortization), src(.hardwareDepreciation),
    ])
    let cash = combined([src(.staffCost), src(.electricity), src(.otherServices)])
    let margin = combined([revenue, costs])
    let both = FigureSource.dataAndScenario

    // The period's books.
    var figures: [ReportFigure] = [
      count(.periodDays, Int64(l.fraction.days)),
      count(.periodVirtualVisits, l.virtualVisits),
      count(.periodOfflineVisits, l.offlineVisits),
      count(.periodOfflineAdmissions, l.admissions),
      count(.periodOfflineSurgeries, l.surgeries),
      money(.periodRegistrationRevenue, p.registrationRevenueCNY, src(.registrationRevenue)),
      money(.periodOtherKeptRevenue, p.otherKeptRevenueCNY, .data),
      money(.periodDrugSales, p.passThroughSalesCNY, src(.passThroughSales)),
      money(.periodDrugAcquisitionCost, l.passThroughCostCNY, .data),
      money(.periodDrugMarkup, p.passThroughMarkupCNY, src(.passThroughSales)),
      money(.periodExcludedRevenue, l.excludedCNY, .data),
      money(.periodGrossRevenue, p.grossRevenueCNY, revenue),
      money(.periodEffectiveRevenue, p.effectiveRevenueCNY, revenue),
      money(.periodOfflineRevenue, l.offlineRevenueCNY, .data),
      money(.periodStaffCost, p.staffCostCNY, src(.staffCost)),
      exact(.periodStaffAverageHeadcount, l.staffAverageHeadcount, .data),
      exact(.periodITNameplateEnergy, l.itNameplateKWh, .data),
      exact(.periodNameplateEnergy, l.nameplateKWh, both),
      money(.periodElectricityCost, p.electricityCostCNY, src(.electricity)),
      exact(.periodITMeteredEnergy, l.itMeteredKWh, .data),
      exact(.periodMeteredEnergy, l.meteredKWh, both),
      money(.periodMeteredElectricityCost, p.meteredElectricityCostCNY, both),
      money(.periodSoftwareAmortization, p.softwareAmortizationCNY, src(.softwareAmortization)),
      money(.periodModelAmortization, p.modelAmortizationCNY, src(.modelAmortization)),
      money(.periodHardwareDepreciation, p.hardwareDepreciationCNY, src(.hardwareDepreciation)),
      money(.periodOtherServices, p.otherServicesCNY, src(.otherServices)),
      money(.periodCashCost, p.cashCostCNY, cash),
      money(.periodTotalCost, p.totalCostCNY, costs),
      money(.periodMargin, p.marginCNY, margin),
      money(.periodNetCashFlow, p.netCashFlowCNY, combined([revenue, cash])),
      exact(.periodStorageWritten, actual.storageWrittenGB, .data),
      money(.periodRetiredBookValue, l.retiredBookValueCNY, .data),
      count(.observedPeakSessions, input.measures.observedPeakSessions),
    ]
    for peak in input.measures.network {
      figures.append(
        exact(.networkPeak(peak.direction.rawValue), Decimal(quantity: peak.peakGbps), .data))
    }

    // The year: flows annualized, stocks as they are, the model on data.
    figures += [
      exact(.annualizationFactor, actual.annualizationFactor, .data),
      exact(.annualVisits, a.visits, .data),
      money(.registrationRevenue, a.registrationRevenueCNY, src(.registrationRevenue)),
      money(.otherKeptRevenue, a.otherKeptRevenueCNY, .data),
      money(.drugRevenue, a.passThroughSalesCNY, src(.passThroughSales)),
      money(.drugMargin, a.passThroughMarkupCNY, src(.passThroughSales)),
      money(.grossRevenue, a.grossRevenueCNY, revenue),
      money(.effectiveRevenue, a.effectiveRevenueCNY, revenue),
      money(.staffCost, a.staffCostCNY, src(.staffCost)),
      exact(.annualEnergy, actual.annualNameplateKWh, both),
      exact(.meteredEnergy, actual.annualMeteredKWh, both),
      money(.electricityCost, a.electricityCostCNY, src(.electricity)),
      money(.meteredElectricityCost, a.meteredElectricityCostCNY, both),
      money(.softwareAmortization, a.softwareAmortizationCNY, src(.softwareAmortization)),
      money(.modelAmortization, a.modelAmortizationCNY, src(.modelAmortization)),
      money(.hardwareDepreciation, a.hardwareDepreciationCNY, src(.hardwareDepreciation)),
      money(.otherServices, a.otherServicesCNY, src(.otherServices)),
      money(.cashCost, a.cashCostCNY, cash),
      money(.totalCost, a.totalCostCNY, costs),
      money(.margin, a.marginCNY, margin),
      share(.marginShare, a.marginShare, margin),
      money(.averageRegistrationFee, a.registrationFeePerVisitCNY, src(.registrationRevenue)),
      money(.costPerVisit, a.costPerVisitCNY, costs),
      money(.effectiveRevenuePerVisit, a.effectiveRevenuePerVisitCNY, revenue),
      money(.breakevenFee, a.breakevenRegistrationFeeCNY, margin),
      exact(.breakevenVisitsCostsHeld, actual.breakevenVisits, margin).noting(
        "no volume: a visit brings no effective revenue"),
      exact(.staffPer10kVisits, actual.staffPer10kVisits, .data, none: "n/a"),
      share(.itShareOfGrossRevenue, a.totalCostShareOfGrossRevenue, margin),
      money(.softwareCapex, l.softwareCapexCNY, .data),
      money(.modelCapex, l.modelCapexCNY, .data),
      money(.hardwareCapex, l.hardwareCapexCNY, .data),
      money(.oneOffSpending, actual.oneOffSpendingCNY, .data),
      money(.netCashFlow, a.netCashFlowCNY, combined([revenue, cash])),
      exact(.simplePayback, actual.appraisal.simplePaybackYears, both, none: "never").noting(
        actual.appraisal.simplePaybackAbsence?.rawValue),
      exact(.discountedPayback, actual.appraisal.discountedPaybackYears, both, none: "never")
        .noting(actual.appraisal.discountedPaybackAbsence?.rawValue),
      share(.discountRate, input.subject.inputs.inputs.discountRate, .scenario),
      money(.npv, actual.appraisal.npvCNY, both),
    ]
    for (deviceClass, kW) in actual.powerKWByClass {
      figures.append(exact(.power(ofClass: deviceClass.rawValue), kW, .data))
    }
    figures += [
      exact(.itPower, actual.itPowerKW, .data),
      exact(.facilityPower, actual.facilityPowerKW, both),
      exact(.storageInstalled, actual.storageInstalledPB, .data),
      exact(.storageIncrement, actual.storageIncrementGB, .data),
      share(.averageLoadShare, actual.averageLoadShare, .data),
      exact(.minutesPerVisit, actual.minutesPerVisit, .data, none: "n/a"),
      exact(.concurrentSessions, actual.formulaSessions, both, none: "n/a"),
      money(.offlineRevenuePerVisit, actual.offlineRevenuePerVisitCNY, .data),
      exact(.offlineStaffPer10kVisits, actual.offlineStaffPer10kVisits, .data, none: "n/a"),
      money(.offlineITPerVisit, input.plan.offlineITPerVisitCNY, .scenario),
      share(.offlineITShareOfRevenue, input.plan.offlineITShareOfRevenue, .scenario),
    ]
    return figures
  }

  /// One source for figures computed from lines of several sources.
  static func combined(_ sources: [FigureSource]) -> FigureSource {
    guard let first = sources.first else { return .data }
    return sources.allSatisfy({ $0 == first }) ? first : .dataAndScenario
  }
}

// MARK: - Plan versus actual

extension RunReport {
  /// One row of plan versus actual: a driver or a yearly figure.
  struct VarianceRow {
    /// The figure compared.
    var figure: Figure
    /// The device class a device row is about (its name from the scenario).
    var device: String? = nil
    var plan: Decimal?
    var actual: Decimal?
    var source: String

    var id: String { figure.id }
    var unit: String { figure.unit.rawValue }
    /// Decimal places shown (money 2, counts 0, shares 4…); CSV keeps money to the fen and
    /// other figures to 6 decimals.
    var decimals: Int { figure.decimals }
    var isMoney: Bool { figure.unit.isMoney }

    var difference: Decimal? { plan.flatMap { p in actual.map { $0 - p } } }
    var percent: Decimal? {
      guard let plan, plan != 0, let difference else { return nil }
      return difference / abs(plan) * 100
    }
    func csv(_ value: Decimal?) -> String {
      guard let value else { return "" }
      return isMoney
        ? NumberFormat.plain(value, decimals: 2)
        : NumberFormat.plainTrimmed(value.rounded(scale: max(decimals, 6), mode: .plain))
    }
    /// A value for people: amounts (`CNY`, `CNY/year`) in the language's unit of money,
    /// anything else with the row's decimals.
    func show(_ value: Decimal?, _ w: Wording) -> String {
      guard let value else { return "" }
      if isMoney && Wording.amountUnits.contains(unit) && w.moneyDivisor != 1 {
        return w.money(value)
      }
      return NumberFormat.grouped(value, decimals: decimals)
    }

    /// The row's label for people.
    func label(_ w: Wording) -> String {
      if let device {
        let phrase: RunVariancePhrase =
          figure.unit == .units ? .deviceCount : .deviceRatedPower
        return w(phrase, ["device": device])
      }
      return w.named(id, as: RunVarianceLabelPhrase.self)
    }

    /// The source of the yearly figures: the ledger, annualized.
    static let ledgerAnnualized = "ledger, annualized"
  }

  /// The drivers measured on data beside the plan's, then the yearly figures. Every value is
  /// the plan's or the data's as computed once (`Economics`, `PeriodActuals`).
  static func varianceRows(_ input: RunReportInput) -> [VarianceRow] {
    let actual = input.actual
    let l = actual.ledger
    let a = actual.annual
    let plan = input.plan
    let inputs = plan.inputs
    func row(
      _ figure: Figure, _ planValue: Decimal?, _ actualValue: Decimal?, _ source: String,
      device: String? = nil
    ) -> VarianceRow {
      VarianceRow(
        figure: figure, device: device, plan: planValue, actual: actualValue, source: source)
    }
    func file(_ source: Measures.Source) -> String {
      input.subject.extract[source] ?? "sql/extract/\(source.rawValue).sql"
    }
    let planDrugSales = plan.financials.passThroughSalesCNY / max(1, Decimal(inputs.annualVisits))
    var rows = [
      row(.annualVisits, Decimal(inputs.annualVisits), a.visits, file(.visits)),
      row(
        .minutesPerVisit, Decimal(quantity: inputs.minutesPerVisit), actual.minutesPerVisit,
        file(.visits)),
      row(
        .registrationFee, inputs.registrationFeeCNY, a.registrationFeePerVisitCNY,
        file(.charges)),
      row(.drugSalesPerVisit, planDrugSales, actual.drugSalesPerVisitCNY, file(.charges)),
      row(.drugMarkupRate, inputs.drugMarkupRate, actual.drugMarkupRate, file(.charges)),
      row(
        .staffHeadcount, Decimal(inputs.staffHeadcount), l.staffAverageHeadcount, file(.staff)),
      row(
        .staffCostPerPerson, inputs.staffAnnualCostPerPersonCNY, actual.staffCostPerHeadCNY,
        "\(file(.payroll)), \(file(.staff))"),
    ]
    for matched in actual.matchedClasses {
      guard let device = inputs.devices.first(where: { $0.id == matched.match.id }) else {
        continue
      }
      rows.append(
        row(
          Figure(DeviceField.count.id(for: device.id).rawValue, .units, decimals: 2),
          Decimal(device.count), matched.averageDevices(days: l.fraction.days), file(.devices),
          device: device.name))
      rows.append(
        row(
          Figure(DeviceField.ratedPowerW.id(for: device.id).rawValue, .watts, decimals: 1),
          Decimal(quantity: device.ratedPowerW), matched.ratedWattsPerDevice, file(.devices),
          device: device.name))
    }
    rows += [
      row(
        .storageInstalled, Decimal(quantity: plan.storageProvisionedPB),
        actual.storageInstalledPB, file(.devices)),
      row(
        .storageIncrement, Decimal(quantity: plan.storageIncrementGB), actual.storageIncrementGB,
        file(.storage)),
      row(
        .electricityTariff, inputs.electricityTariffCNYPerKWh,
        actual.electricityTariffCNYPerKWh, "\(file(.devices)), \(file(.tariffs))"),
      row(
        .averageLoadShare, Decimal(quantity: inputs.averageLoadShare), actual.averageLoadShare,
        file(.energy)),
      row(.softwareCapex, inputs.softwareCapexCNY, l.softwareCapexCNY, file(.capital)),
      row(.modelCapex, inputs.modelCapexCNY, l.modelCapexCNY, file(.capital)),
      row(.hardwareCapex, plan.hardwareCapexCNY, l.hardwareCapexCNY, file(.capital)),
    ]
    // The yearly figures: the plan's year against the data's, annualized.
    let yearly = VarianceRow.ledgerAnnualized
    rows += [
      row(.registrationRevenue, plan.registrationRevenueCNY, a.registrationRevenueCNY, yearly),
      row(.drugRevenue, plan.drugRevenueCNY, a.passThroughSalesCNY, yearly),
      row(.grossRevenue, plan.grossRevenueCNY, a.grossRevenueCNY, yearly),
      row(.effectiveRevenue, plan.effectiveRevenueCNY, a.effectiveRevenueCNY, yearly),
      row(.staffCost, plan.staffCostCNY, a.staffCostCNY, yearly),
      row(.electricityCost, plan.annualElectricityCostCNY, a.electricityCostCNY, yearly),
      row(.otherServices, plan.otherServicesCNY, a.otherServicesCNY, yearly),
      row(
        .softwareAmortization, plan.softwareAmortizationCNY, a.softwareAmortizationCNY, yearly),
      row(.modelAmortization, plan.modelAmortizationCNY, a.modelAmortizationCNY, yearly),
      row(
        .hardwareDepreciation, plan.hardwareDepreciationCNY, a.hardwareDepreciationCNY, yearly),
      row(.totalCost, plan.annualTotalCostCNY, a.totalCostCNY, yearly),
      row(.margin, plan.annualMarginCNY, a.marginCNY, yearly),
      row(.costPerVisit, plan.costPerVisitCNY, a.costPerVisitCNY, yearly),
      row(.breakevenFee, plan.breakevenRegistrationFeeCNY, a.breakevenRegistrationFeeCNY, yearly),
      row(
        .annualEnergy, Decimal(quantity: plan.annualEnergyKWh), actual.annualNameplateKWh, yearly
      ),
      row(.facilityPower, Decimal(quantity: plan.facilityPowerKW), actual.facilityPowerKW, yearly),
      row(.npv, plan.npvCNY, actual.appraisal.npvCNY, yearly),
    ]
    return rows
  }
}
