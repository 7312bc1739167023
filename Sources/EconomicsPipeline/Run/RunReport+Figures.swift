import Foundation
import HospitalEconomics
import ReportRendering

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
    let plan = input.scenario.inputs.inputs
    func src(_ line: LedgerLine) -> FigureSource { l.sources[line] ?? .data }
    func money(_ id: String, _ value: Decimal?, _ unit: String, _ s: FigureSource)
      -> ReportFigure
    {
      ReportFigure(
        id: id, value: value.map { .money($0) } ?? .none(note: "none"), unit: unit,
        source: s.rawValue)
    }
    func exact(
      _ id: String, _ value: Decimal?, _ decimals: Int, _ unit: String, _ s: FigureSource,
      none: String = "none"
    ) -> ReportFigure {
      ReportFigure(
        id: id, value: value.map { .exact($0, decimals: decimals) } ?? .none(note: none),
        unit: unit, source: s.rawValue)
    }
    func count(_ id: String, _ value: Int64, _ unit: String) -> ReportFigure {
      ReportFigure(id: id, value: .count(Int(value)), unit: unit, source: "data")
    }
    func share(_ id: String, _ value: Decimal?, _ s: FigureSource) -> ReportFigure {
      ReportFigure(
        id: id, value: value.map { .share($0) } ?? .none(note: "n/a"), unit: "share",
        source: s.rawValue)
    }
    let revenue = combined([src(.registrationRevenue), src(.passThroughSales)])
    let costs = combined([
      src(.staffCost), src(.electricity), src(.otherServices), src(.softwareAmortization),
      src(.modelAmortization), src(.hardwareDepreciation),
    ])
    let cash = combined([src(.staffCost), src(.electricity), src(.otherServices)])
    let both = FigureSource.dataAndScenario

    var figures: [ReportFigure] = [
      count("period_days", Int64(l.fraction.days), "days"),
      count("period_virtual_visits", l.virtualVisits, "visits"),
      count("period_offline_visits", l.offlineVisits, "visits"),
      count("period_offline_admissions", l.admissions, "admissions"),
      count("period_offline_surgeries", l.surgeries, "surgeries"),
      money(
        "period_registration_revenue_cny", p.registrationRevenueCNY, "CNY",
        src(.registrationRevenue)),
      money(
        "period_other_kept_revenue_cny", p.otherKeptRevenueCNY, "CNY", .data),
      money(
        "period_drug_sales_cny", p.passThroughSalesCNY, "CNY",
        src(.passThroughSales)),
      money(
        "period_drug_acquisition_cost_cny", l.passThroughCostCNY, "CNY", .data),
      money(
        "period_drug_markup_cny", p.passThroughMarkupCNY, "CNY",
        src(.passThroughSales)),
      money(
        "period_excluded_revenue_cny", l.excludedCNY, "CNY", .data),
      money("period_gross_revenue_cny", p.grossRevenueCNY, "CNY", revenue),
      money(
        "period_effective_revenue_cny", p.effectiveRevenueCNY, "CNY", revenue),
      money(
        "period_offline_revenue_cny", l.offlineRevenueCNY,
        "CNY", .data),
      money(
        "period_staff_cost_cny", p.staffCostCNY, "CNY", src(.staffCost)),
      exact(
        "period_staff_average_headcount", l.staffAverageHeadcount, 2,
        "people", .data),
      exact(
        "period_it_nameplate_energy_kwh", l.itNameplateKWh, 1, "kWh",
        .data),
      exact(
        "period_nameplate_energy_kwh", l.nameplateKWh, 1, "kWh",
        both),
      money(
        "period_electricity_cost_cny", p.electricityCostCNY, "CNY",
        src(.electricity)),
      exact(
        "period_it_metered_energy_kwh", l.itMeteredKWh, 1, "kWh", .data),
      exact(
        "period_metered_energy_kwh", l.meteredKWh, 1, "kWh", both),
      money(
        "period_metered_electricity_cost_cny", p.meteredElectricityCostCNY, "CNY", both),
      money(
        "period_software_amortization_cny", p.softwareAmortizationCNY,
        "CNY", src(.softwareAmortization)),
      money(
        "period_model_amortization_cny", p.modelAmortizationCNY, "CNY",
        src(.modelAmortization)),
      money(
        "period_hardware_depreciation_cny", p.hardwareDepreciationCNY,
        "CNY", src(.hardwareDepreciation)),
      money(
        "period_other_services_cny", p.otherServicesCNY, "CNY",
        src(.otherServices)),
      money("period_cash_cost_cny", p.cashCostCNY, "CNY", cash),
      money("period_total_cost_cny", p.totalCostCNY, "CNY", costs),
      money(
        "period_margin_cny", p.marginCNY, "CNY", combined([revenue, costs])),
      money(
        "period_net_cash_flow_cny", p.netCashFlowCNY, "CNY",
        combined([revenue, cash])),
      exact(
        "period_storage_written_gb", actual.storageWrittenGB, 3, "GB", .data),
      money(
        "period_retired_book_value_cny", l.retiredBookValueCNY, "CNY", .data),
      count(
        "observed_peak_sessions", input.measures.observedPeakSessions, "sessions"),
    ]
    for peak in input.measures.network {
      figures.append(
        exact(
          "network_peak_\(peak.direction)_gbps", Decimal(quantity: peak.peakGbps), 3, "Gbit/s",
          .data))
    }

    // The year: flows annualized, stocks as they are, the model on data.
    figures += [
      exact(
        "annualization_factor", actual.annualizationFactor, 6, "×", .data),
      exact("annual_visits", a.visits, 0, "visits/year", .data),
      money(
        "registration_revenue_cny", a.registrationRevenueCNY, "CNY/year",
        src(.registrationRevenue)),
      money(
        "other_kept_revenue_cny", a.otherKeptRevenueCNY, "CNY/year", .data),
      money(
        "drug_revenue_cny", a.passThroughSalesCNY, "CNY/year",
        src(.passThroughSales)),
      money(
        "drug_margin_cny", a.passThroughMarkupCNY, "CNY/year",
        src(.passThroughSales)),
      money("gross_revenue_cny", a.grossRevenueCNY, "CNY/year", revenue),
      money(
        "effective_revenue_cny", a.effectiveRevenueCNY, "CNY/year", revenue),
      money("staff_cost_cny", a.staffCostCNY, "CNY/year", src(.staffCost)),
      exact(
        "annual_energy_kwh", l.nameplateKWh * actual.annualizationFactor,
        0, "kWh/year", both),
      exact(
        "metered_energy_kwh", l.meteredKWh * actual.annualizationFactor,
        0,
        "kWh/year", both),
      money(
        "annual_electricity_cost_cny", a.electricityCostCNY,
        "CNY/year", src(.electricity)),
      money(
        "metered_electricity_cost_cny", a.meteredElectricityCostCNY,
        "CNY/year", both),
      money(
        "software_amortization_cny", a.softwareAmortizationCNY,
        "CNY/year", src(.softwareAmortization)),
      money(
        "model_amortization_cny", a.modelAmortizationCNY, "CNY/year",
        src(.modelAmortization)),
      money(
        "hardware_depreciation_cny", a.hardwareDepreciationCNY,
        "CNY/year", src(.hardwareDepreciation)),
      money(
        "other_services_cny", a.otherServicesCNY, "CNY/year", src(.otherServices)),
      money("annual_cash_cost_cny", a.cashCostCNY, "CNY/year", cash),
      money("annual_total_cost_cny", a.totalCostCNY, "CNY/year", costs),
      money("annual_margin_cny", a.marginCNY, "CNY/year", combined([revenue, costs])),
      share(
        "margin_share", a.marginShare,
        combined([revenue, costs])),
      money(
        "average_registration_fee_cny", a.registrationFeePerVisitCNY,
        "CNY/visit", src(.registrationRevenue)),
      money(
        "cost_per_visit_cny", a.costPerVisitCNY, "CNY/visit", costs),
      money(
        "effective_revenue_per_visit_cny", a.effectiveRevenuePerVisitCNY, "CNY/visit", revenue),
      money(
        "breakeven_registration_fee_cny", a.breakevenRegistrationFeeCNY, "CNY/visit",
        combined([revenue, costs])),
      exact(
        "breakeven_visits", actual.breakevenVisits, 0,
        "visits/year", combined([revenue, costs])),
      exact(
        "staff_per_10k_visits", a.visits > 0 ? l.staffAverageHeadcount * 10_000 / a.visits : nil, 2,
        "people", .data,
        none: "n/a"),
      share(
        "it_share_of_gross_revenue", a.totalCostShareOfGrossRevenue, combined([revenue, costs])),
      money(
        "software_capex_cny", l.softwareCapexCNY, "CNY", .data),
      money("model_capex_cny", l.modelCapexCNY, "CNY", .data),
      money(
        "hardware_capex_cny", l.hardwareCapexCNY, "CNY", .data),
      money(
        "one_off_spending_cny", actual.oneOffSpendingCNY, "CNY", .data),
      money(
        "annual_net_cash_flow_cny", a.netCashFlowCNY, "CNY/year",
        combined([revenue, cash])),
      exact(
        "simple_payback_years", actual.appraisal.simplePaybackYears, 2, "years",
        both, none: "never"),
      exact(
        "discounted_payback_years", actual.appraisal.discountedPaybackYears,
        2, "years", both, none: "never"),
      share("discount_rate", plan.discountRate, .scenario),
      money("npv_cny", actual.appraisal.npvCNY, "CNY", both),
    ]
    for (deviceClass, kW) in actual.powerKWByClass {
      figures.append(
        exact(
          "\(deviceClass)_power_kw", kW,
          1, "kW", .data))
    }
    figures += [
      exact("it_power_kw", actual.itPowerKW, 1, "kW", .data),
      exact(
        "facility_power_kw", actual.facilityPowerKW, 1,
        "kW", both),
      exact(
        "storage_installed_pb", actual.storageInstalledPB, 3, "PB",
        .data),
      exact(
        "storage_increment_gb", actual.storageWrittenGB * actual.annualizationFactor, 0, "GB/year",
        .data),
      share("average_load_share", actual.averageLoadShare, .data),
      exact(
        "minutes_per_visit", actual.minutesPerVisit, 2, "min", .data,
        none: "n/a"),
      exact(
        "concurrent_sessions", actual.formulaSessions, 2, "sessions", both, none: "n/a"),
    ]
    let offline = offlineComparison(input)
    figures += [
      money(
        "offline_revenue_per_visit_cny", offline.revenuePerVisit, "CNY/visit", .data),
      exact(
        "offline_staff_per_10k_visits", offline.staffPer10k, 2, "people", .data, none: "n/a"),
      money(
        "offline_it_per_visit_cny", input.plan.offlineITPerVisitCNY, "CNY/visit", .scenario),
      share(
        "offline_it_share_of_revenue", input.plan.offlineITShareOfRevenue, .scenario),
    ]
    return figures
  }

  /// The offline hospital's unit figures from data: revenue per outpatient visit (everything its
  /// billing system billed, inpatients included, as Table 1 counts it) and average staff per
  /// 10,000 outpatient visits a year.
  static func offlineComparison(_ input: RunReportInput) -> (
    revenuePerVisit: Decimal?, staffPer10k: Decimal?
  ) {
    let l = input.actual.ledger
    let visits = Decimal(l.offlineVisits)
    let staff = input.actual.offlineHeadcount.map(\.average).sum
    let annualVisits = visits * input.actual.annualizationFactor
    return (
      visits > 0 ? l.offlineRevenueCNY / visits : nil,
      annualVisits > 0 && staff > 0 ? staff * 10_000 / annualVisits : nil
    )
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
    var id: String
    /// The device class a device row is about (its name from the scenario).
    var device: String? = nil
    var unit: String
    /// Decimal places shown (money 2, counts 0, shares 4…); CSV keeps money to the fen and
    /// other figures to 6 decimals.
    var decimals: Int
    var isMoney: Bool
    var plan: Decimal?
    var actual: Decimal?
    var source: String

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
        let phrase: VariancePhrase = id.hasSuffix("_count") ? .deviceCount : .deviceRatedPower
        return w(phrase, ["device": device])
      }
      return w.named(id, as: VarianceLabel.self)
    }

    /// The source of the yearly figures: the ledger, annualized.
    static let ledgerAnnualized = "ledger, annualized"
  }

  /// The drivers measured on data beside the plan's, then the yearly figures.
  static func varianceRows(_ input: RunReportInput) -> [VarianceRow] {
    let actual = input.actual
    let l = actual.ledger
    let a = actual.annual
    let plan = input.plan
    let inputs = plan.inputs
    func row(
      _ id: String, _ unit: String, _ decimals: Int, _ planValue: Decimal?,
      _ actualValue: Decimal?, _ source: String, money: Bool = false, device: String? = nil
    ) -> VarianceRow {
      VarianceRow(
        id: id, device: device, unit: unit, decimals: decimals, isMoney: money, plan: planValue,
        actual: actualValue, source: source)
    }
    func file(_ source: Measures.Source) -> String {
      input.job.extract[source] ?? "sql/extract/\(source.rawValue).sql"
    }
    let planDrugSales = plan.financials.passThroughSalesCNY / max(1, Decimal(inputs.annualVisits))
    let tariffed = l.itNameplateKWh - l.itUntariffedKWh
    var rows = [
      row(
        "annual_visits", "visits/year", 0, Decimal(inputs.annualVisits), a.visits,
        file(.visits)),
      row(
        "minutes_per_visit", "min", 2,
        Decimal(quantity: inputs.minutesPerVisit), actual.minutesPerVisit, file(.visits)),
      row(
        "registration_fee_cny", "CNY/visit", 2,
        inputs.registrationFeeCNY, a.registrationFeePerVisitCNY, file(.charges), money: true),
      row(
        "drug_sales_per_visit_cny", "CNY/visit", 2,
        planDrugSales, a.visits > 0 ? a.passThroughSalesCNY / a.visits : nil, file(.charges),
        money: true),
      row(
        "drug_markup_rate", "share", 4,
        inputs.drugMarkupRate,
        l.passThroughCostCNY > 0 ? l.passThroughMarkupCNY / l.passThroughCostCNY : nil,
        file(.charges)),
      row(
        "staff_headcount", "people", 2,
        Decimal(inputs.staffHeadcount), l.staffAverageHeadcount, file(.staff)),
      row(
        "staff_annual_cost_per_person_cny",
        "CNY/year", 2, inputs.staffAnnualCostPerPersonCNY,
        l.staffAverageHeadcount > 0 ? a.staffCostCNY / l.staffAverageHeadcount : nil,
        "\(file(.payroll)), \(file(.staff))", money: true),
    ]
    for matched in actual.matchedClasses {
      guard let device = inputs.devices.first(where: { $0.id == matched.match.id }) else {
        continue
      }
      rows.append(
        row(
          DeviceField.count.id(for: device.id).rawValue, "units", 2, Decimal(device.count),
          matched.averageDevices(days: l.fraction.days), file(.devices), device: device.name))
      rows.append(
        row(
          DeviceField.ratedPowerW.id(for: device.id).rawValue, "W", 1,
          Decimal(quantity: device.ratedPowerW), matched.ratedWattsPerDevice, file(.devices),
          device: device.name))
    }
    rows += [
      row(
        "storage_installed_pb", "PB", 3,
        Decimal(quantity: plan.storageProvisionedPB), actual.storageInstalledPB, file(.devices)),
      row(
        "storage_increment_gb", "GB/year", 0,
        Decimal(quantity: plan.storageIncrementGB),
        actual.storageWrittenGB * actual.annualizationFactor, file(.storage)),
      row(
        "electricity_tariff_cny_per_kwh", "CNY/kWh", 4,
        inputs.electricityTariffCNYPerKWh,
        tariffed > 0 ? l.itNameplateCostCNY / tariffed : nil,
        "\(file(.devices)), \(file(.tariffs))"),
      row(
        "average_load_share", "share", 4,
        Decimal(quantity: inputs.averageLoadShare), actual.averageLoadShare, file(.energy)),
      row(
        "software_capex_cny", "CNY", 2, inputs.softwareCapexCNY,
        l.softwareCapexCNY, file(.capital), money: true),
      row(
        "model_capex_cny", "CNY", 2, inputs.modelCapexCNY,
        l.modelCapexCNY, file(.capital), money: true),
      row(
        "hardware_capex_cny", "CNY", 2, plan.hardwareCapexCNY,
        l.hardwareCapexCNY, file(.capital), money: true),
    ]
    // The yearly figures: the plan's year against the data's, annualized.
    let yearly = VarianceRow.ledgerAnnualized
    func money(_ id: String, _ p: Decimal?, _ x: Decimal?) -> VarianceRow {
      row(id, "CNY/year", 2, p, x, yearly, money: true)
    }
    rows += [
      money(
        "registration_revenue_cny", plan.registrationRevenueCNY,
        a.registrationRevenueCNY),
      money(
        "drug_revenue_cny", plan.drugRevenueCNY, a.passThroughSalesCNY
      ),
      money("gross_revenue_cny", plan.grossRevenueCNY, a.grossRevenueCNY),
      money(
        "effective_revenue_cny", plan.effectiveRevenueCNY,
        a.effectiveRevenueCNY),
      money("staff_cost_cny", plan.staffCostCNY, a.staffCostCNY),
      money(
        "annual_electricity_cost_cny", plan.annualElectricityCostCNY,
        a.electricityCostCNY),
      money("other_services_cny", plan.otherServicesCNY, a.otherServicesCNY),
      money(
        "software_amortization_cny", plan.softwareAmortizationCNY,
        a.softwareAmortizationCNY),
      money(
        "model_amortization_cny", plan.modelAmortizationCNY,
        a.modelAmortizationCNY),
      money(
        "hardware_depreciation_cny", plan.hardwareDepreciationCNY,
        a.hardwareDepreciationCNY),
      money("annual_total_cost_cny", plan.annualTotalCostCNY, a.totalCostCNY),
      money("annual_margin_cny", plan.annualMarginCNY, a.marginCNY),
      row(
        "cost_per_visit_cny", "CNY/visit", 2, plan.costPerVisitCNY,
        a.costPerVisitCNY, yearly, money: true),
      row(
        "breakeven_registration_fee_cny", "CNY/visit", 2,
        plan.breakevenRegistrationFeeCNY, a.breakevenRegistrationFeeCNY, yearly, money: true),
      row(
        "annual_energy_kwh", "kWh/year", 0,
        Decimal(quantity: plan.annualEnergyKWh), l.nameplateKWh * actual.annualizationFactor,
        yearly),
      row(
        "facility_power_kw", "kW", 1,
        Decimal(quantity: plan.facilityPowerKW), actual.facilityPowerKW, yearly),
      row(
        "npv_cny", "CNY", 2, plan.npvCNY, actual.appraisal.npvCNY,
        yearly, money: true),
    ]
    return rows
  }
}

// MARK: - Provenance

extension RunReport {
  /// One row of `assumptions.csv`: a driver or assumption the run's figures rest on.
  struct ProvenanceRow {
    /// What the row is: a driver measured on data, an assumption of the scenario, a line the
    /// scenario filled in.
    enum Kind {
      case measured(DriverDescriptor, DriverValue)
      case assumption(ScalarDriver, DriverValue)
      case fallback(FallbackLine, amountCNY: Decimal)
    }
    /// Where the row's value comes from.
    enum Source {
      case data, scenario, placeholder, fallback

      /// As `assumptions.csv` writes it.
      var csv: String {
        switch self {
        case .data: "data"
        case .scenario: "scenario"
        case .placeholder: "scenario (placeholder)"
        case .fallback: FigureSource.fallback.rawValue
        }
      }

      /// For people.
      func text(_ w: Wording) -> String {
        switch self {
        case .data: w.source(.data)
        case .scenario: w.source(.scenario)
        case .placeholder: w(SourcePhrase.placeholder)
        case .fallback: w.source(.fallback)
        }
      }
    }

    var kind: Kind
    var id: String
    var csvValue: String
    var unit: String
    var source: Source
    var setIn: String

    /// The row's label for people.
    func label(_ w: Wording) -> String {
      switch kind {
      case .measured(let descriptor, _): w.runDriverLabel(descriptor)
      case .assumption(let driver, _):
        w.driverLabel(
          DriverDescriptor(
            id: driver.id, label: driver.labelAndUnit.label, unit: driver.labelAndUnit.unit,
            affectsMargin: driver.affectsMargin))
      case .fallback(let line, _): w(ProvenancePhrase.fallback, ["line": w.line(line)])
      }
    }

    /// The row's value for people (an amount in the unit ``Wording/unit(_:)`` names).
    func value(_ w: Wording) -> String {
      switch kind {
      case .measured(_, let value), .assumption(_, let value): w.driverValue(value, unit: unit)
      case .fallback(_, let amount): w.money(amount)
      }
    }
  }

  /// The drivers measured on data, the scenario assumptions the run uses, and the fallbacks.
  static func provenanceRows(_ input: RunReportInput) -> [ProvenanceRow] {
    let actual = input.actual
    var rows: [ProvenanceRow] = []
    let files = input.job.extract
    func file(_ s: Measures.Source) -> String { files[s] ?? "sql/extract/\(s.rawValue).sql" }
    let setIn: [DriverID: String] = [
      ScalarDriver.annualVisits.id: file(.visits),
      ScalarDriver.registrationFeeCNY.id: "\(file(.charges)), \(file(.visits))",
      ScalarDriver.drugMarkupRate.id: file(.charges),
      ScalarDriver.staffHeadcount.id: file(.staff),
      ScalarDriver.staffAnnualCostPerPersonCNY.id: "\(file(.payroll)), \(file(.staff))",
      ScalarDriver.electricityTariffCNYPerKWh.id: "\(file(.devices)), \(file(.tariffs))",
      "it_nameplate_energy_kwh": file(.devices),
      ScalarDriver.otherServicesCNYPerYear.id: file(.contracts),
      "software_amortization_cny": file(.capital),
      "model_amortization_cny": file(.capital),
      "hardware_depreciation_cny": file(.capital),
    ]
    let scenarioUsed: [ScalarDriver] = [
      .facilityFactor, .discountRate, .appraisalYears, .openDaysPerYear, .effectiveHoursPerDay,
      .offlineITInvestmentCNY, .offlineMedicalRevenueCNY, .offlineOutpatientVisits,
    ]
    let scenarioIDs = Set(scenarioUsed.map(\.id))
    for driver in actual.drivers where !scenarioIDs.contains(driver.descriptor.id) {
      rows.append(
        ProvenanceRow(
          kind: .measured(driver.descriptor, driver.value), id: driver.descriptor.id.rawValue,
          csvValue: NumberFormat.driverCSVValue(driver.value), unit: driver.descriptor.unit,
          source: .data, setIn: setIn[driver.descriptor.id] ?? ""))
    }
    let plan = input.scenario.inputs
    for driver in scenarioUsed {
      guard let value = plan.inputs.value(of: driver.id) else { continue }
      let provenance = plan.provenance[driver.id]
      rows.append(
        ProvenanceRow(
          kind: .assumption(driver, value), id: driver.rawValue,
          csvValue: NumberFormat.driverCSVValue(value), unit: driver.labelAndUnit.unit,
          source: provenance?.kind == "placeholder" ? .placeholder : .scenario,
          setIn: provenance?.location ?? ""))
    }
    for (line, amount) in actual.ledger.fallbacksUsed {
      rows.append(
        ProvenanceRow(
          kind: .fallback(line, amountCNY: amount), id: "fallback_\(line.rawValue)_cny",
          csvValue: NumberFormat.plain(amount, decimals: 2), unit: "CNY", source: .fallback,
          setIn: "\(input.job.path): fallbacks.\(line.rawValue)"))
    }
    return rows
  }
}
