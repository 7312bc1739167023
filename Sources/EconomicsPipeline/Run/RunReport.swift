import Foundation
import HospitalEconomics
import ReportRendering

/// What a run's report is made of: the period's data, the plan and the actuals.
public struct RunReportInput: Sendable {
  /// The job.
  public var job: JobConfig
  /// The period.
  public var period: Period
  /// The scenario (the plan).
  public var scenario: Scenario
  /// The scenario's inputs with measured drivers replaced.
  public var actual: AttributedInputs
  /// What the queries measured.
  public var measures: Measures
  /// The period's money from data.
  public var ledger: PeriodLedger
  /// Check outcomes.
  public var checks: [CheckOutcome]
  /// Aggregate rows read and source rows covered, per SQL file.
  public var sources: [SourceRead]
  /// Every input file with its SHA-256: job, scenario chain, SQL.
  public var inputFiles: [(path: String, sha256: String)]
  /// The tool's version.
  public var toolVersion: String
  /// The run's id.
  public var runID: String
  /// When the report was generated.
  public var generatedAt: Date
  /// When the period has not ended yet.
  public var periodIsOpen: Bool
}

/// One SQL file's share of the run: aggregate rows returned, source rows they summarize, time.
public struct SourceRead: Sendable, Equatable {
  /// The SQL file.
  public var file: String
  /// What it measures.
  public var measure: String
  /// Rows the query returned (aggregates).
  public var rowsReturned: Int
  /// Source rows the aggregates cover, where the query says (visits, charges, hours…).
  public var sourceRows: Int64?
  /// Query time, ms.
  public var durationMS: Double
}

/// Builds the report of a run: the period ledger, plan versus actual, the data's own sections,
/// and the plan report's sections computed on the actual inputs.
public enum RunReport {
  /// The report value; rendering and writing are the caller's.
  public static func make(_ input: RunReportInput) -> EconomicsReport {
    let plan = Economics.compute(input.scenario.inputs.inputs)
    let actual = Economics.compute(input.actual.inputs)
    let sensitivity = Sensitivity.analyze(input.actual.inputs, settings: input.scenario.sensitivity)
    let placeholders = Set(input.actual.placeholderDrivers)
    let ledger = input.ledger
    let failing = input.checks.filter { $0.status != .pass }
    let variance = varianceRows(
      plan: input.scenario.inputs, actual: input.actual, planEconomics: plan,
      actualEconomics: actual)

    var headline = [
      "**\(input.period)**: the meta-hospital kept \(NumberFormat.millionsCNY(ledger.effectiveRevenueCNY)) of effective revenue "
        + "against \(NumberFormat.millionsCNY(ledger.totalCostCNY)) of cost: a margin of **\(NumberFormat.millionsCNY(ledger.marginCNY))** "
        + "for the period, from \(NumberFormat.grouped(Decimal(ledger.virtualVisits), decimals: 0)) virtual visits (data).",
      "Annualized: " + ReportSections.verdict(actual),
      "Plan (`\(input.scenario.name)`): margin \(NumberFormat.millionsCNY(plan.annualMarginCNY))/year; "
        + "actual, annualized: \(NumberFormat.millionsCNY(actual.annualMarginCNY))/year. "
        + "Data quality: "
        + (failing.isEmpty
          ? "all \(input.checks.count) checks pass."
          : "\(failing.count) of \(input.checks.count) checks warn (see *Data*)."),
    ]
    if input.periodIsOpen {
      headline.append(
        "**The period has not ended yet**: its data is incomplete and the figures will change.")
    }

    return EconomicsReport(
      title: "Meta-hospital economics: \(input.job.name), \(input.period)",
      headline: headline,
      sections: [
        ledgerSection(ledger, plan: plan, actual: actual),
        varianceSection(variance),
        energySection(ledger, measures: input.measures, plan: plan, actual: actual),
        concurrencySection(
          input.measures, actual: actual, period: input.period, zone: input.job.timeZone),
        offlineSection(ledger, measures: input.measures, plan: input.scenario.inputs.inputs),
        ReportSections.keyFigures(actual),
        ReportSections.sustainability(actual, placeholders: placeholders),
        ReportSections.resources(actual, placeholders: placeholders),
        ReportSections.sensitivity(sensitivity, settings: input.scenario.sensitivity),
        ReportSections.assumptions(input.actual),
        dataSection(input),
        ReportSections.method(),
      ],
      csvFiles: [
        ReportSections.summaryCSV(
          ReportSections.summaryFigures(actual) + periodFigures(ledger, measures: input.measures)),
        ReportSections.sensitivityCSV(sensitivity),
        CSVTable(
          fileName: "variance.csv",
          header: ["driver", "unit", "plan", "actual", "difference", "difference_pct", "source"],
          rows: variance.map {
            [$0.id, $0.unit, $0.planCSV, $0.actualCSV, $0.differenceCSV, $0.percentCSV, $0.source]
          }),
        CSVTable(
          fileName: "checks.csv",
          header: [
            "check_id", "status", "failing", "examined", "warn_at", "fail_at", "sample_ids",
            "sql_file",
          ],
          rows: input.checks.map {
            [
              $0.result.checkID, $0.status.rawValue, String($0.result.failing),
              String($0.result.examined),
              $0.threshold.warn.map(\.description) ?? "",
              $0.threshold.fail.map(\.description) ?? "",
              $0.result.sampleIDs.joined(separator: "; "), $0.result.file,
            ]
          }),
        ReportSections.assumptionsCSV(input.actual),
      ])
  }

  // MARK: - Period figures

  /// Figures of the period itself (not annualized), added to `summary.csv` with `period_` ids.
  static func periodFigures(_ l: PeriodLedger, measures m: Measures) -> [ReportFigure] {
    func money(_ id: String, _ label: String, _ value: Decimal) -> ReportFigure {
      ReportFigure(id: id, label: label, value: .money(value), unit: "CNY")
    }
    return [
      ReportFigure(
        id: "period_days", label: "Days in the period", value: .count(l.fraction.days), unit: "days"
      ),
      ReportFigure(
        id: "period_virtual_visits", label: "Virtual visits", value: .count(Int(l.virtualVisits)),
        unit: "visits"),
      ReportFigure(
        id: "period_offline_visits", label: "Offline outpatient visits",
        value: .count(Int(l.offlineVisits)), unit: "visits"),
      money("period_gross_revenue_cny", "Gross revenue", l.grossRevenueCNY),
      money("period_effective_revenue_cny", "Effective revenue", l.effectiveRevenueCNY),
      money("period_staff_cost_cny", "Staff cost (payroll)", l.staffCostCNY),
      ReportFigure(
        id: "period_nameplate_energy_kwh", label: "Energy at nameplate",
        value: .quantity(l.nameplateEnergyKWh, decimals: 1), unit: "kWh"),
      ReportFigure(
        id: "period_metered_energy_kwh", label: "Energy, metered",
        value: .quantity(l.meteredEnergyKWh, decimals: 1), unit: "kWh"),
      money(
        "period_electricity_cost_cny", "Electricity at nameplate", l.nameplateElectricityCostCNY),
      money(
        "period_metered_electricity_cost_cny", "Electricity, metered", l.meteredElectricityCostCNY),
      money("period_software_amortization_cny", "Software amortization", l.softwareAmortizationCNY),
      money("period_model_amortization_cny", "Model amortization", l.modelAmortizationCNY),
      money("period_hardware_depreciation_cny", "Hardware depreciation", l.hardwareDepreciationCNY),
      money("period_other_services_cny", "Other services", l.servicesCNY),
      money("period_total_cost_cny", "Total cost", l.totalCostCNY),
      money("period_margin_cny", "Margin", l.marginCNY),
      ReportFigure(
        id: "observed_peak_sessions", label: "Observed peak concurrent sessions",
        value: .count(Int(m.observedPeakSessions)), unit: "sessions"),
    ]
  }

  // MARK: - Sections

  static func ledgerSection(_ l: PeriodLedger, plan: Economics, actual: Economics) -> ReportSection
  {
    func row(_ label: String, _ value: Decimal, _ annualPlan: Decimal) -> [String] {
      [
        label, NumberFormat.money(value), NumberFormat.money(l.fraction.annualize(value)),
        NumberFormat.money(annualPlan),
      ]
    }
    let rows: [[String]] = [
      [
        "Virtual visits", NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0),
        NumberFormat.grouped(Decimal(l.fraction.annualize(Int(l.virtualVisits))), decimals: 0),
        NumberFormat.grouped(Decimal(plan.inputs.annualVisits), decimals: 0),
      ],
      row("Registration revenue, CNY", l.registrationRevenueCNY, plan.registrationRevenueCNY),
      row("Drug revenue (passes through), CNY", l.drugRevenueCNY, plan.drugRevenueCNY),
      row("Gross revenue, CNY", l.grossRevenueCNY, plan.grossRevenueCNY),
      row("**Effective revenue**, CNY", l.effectiveRevenueCNY, plan.effectiveRevenueCNY),
      row("Staff (payroll), CNY", l.staffCostCNY, plan.staffCostCNY),
      row(
        "Electricity at nameplate, CNY", l.nameplateElectricityCostCNY,
        plan.annualElectricityCostCNY),
      row("Software amortization, CNY", l.softwareAmortizationCNY, plan.softwareAmortizationCNY),
      row("Model amortization, CNY", l.modelAmortizationCNY, plan.modelAmortizationCNY),
      row("Hardware depreciation, CNY", l.hardwareDepreciationCNY, plan.hardwareDepreciationCNY),
      row("Other services (contracts), CNY", l.servicesCNY, plan.otherServicesCNY),
      row("**Total cost**, CNY", l.totalCostCNY, plan.annualTotalCostCNY),
      row("**Margin**, CNY", l.marginCNY, plan.annualMarginCNY),
    ]
    return ReportSection(
      id: "period-ledger", title: "The period from data",
      blocks: [
        .paragraph(
          "What the data says for \(l.period) (\(l.fraction.days) days): billed, paid and charged in the period. "
            + "*Annualized* scales flows by \(l.fraction.daysInYear)/\(l.fraction.days); the plan column is the scenario's year. "
            + "Electricity is costed at nameplate, as in the plan; metered energy is under *Energy*. "
            + "Amortization and depreciation come from the capital items' dates and lives (monthly straight line); "
            + "contracts are charged pro rata per day."),
        .table(
          ReportTable(
            columns: ["Item", "Period (data)", "Annualized", "Plan (year)"],
            rightAligned: ["Period (data)", "Annualized", "Plan (year)"], rows: rows)),
      ])
  }

  struct VarianceRow {
    var id: String
    var label: String
    var unit: String
    var plan: Decimal?
    var actual: Decimal?
    var source: String

    var difference: Decimal? { plan.flatMap { p in actual.map { $0 - p } } }
    var percent: Decimal? {
      guard let plan, plan != 0, let difference else { return nil }
      return difference / plan * 100
    }
    var planCSV: String {
      plan.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) } ?? ""
    }
    var actualCSV: String {
      actual.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) } ?? ""
    }
    var differenceCSV: String {
      difference.map { NumberFormat.plainTrimmed($0.rounded(scale: 6, mode: .plain)) } ?? ""
    }
    var percentCSV: String { percent.map { NumberFormat.plain($0, decimals: 2) } ?? "" }
  }

  /// Every measured driver, then the key yearly figures, plan against actual.
  static func varianceRows(
    plan: AttributedInputs, actual: AttributedInputs, planEconomics: Economics,
    actualEconomics: Economics
  ) -> [VarianceRow] {
    var rows: [VarianceRow] = []
    for d in actual.inputs.driverDescriptors {
      guard case .measured(let source) = actual.provenance[d.id] else { continue }
      rows.append(
        VarianceRow(
          id: d.id.rawValue, label: d.label, unit: d.unit,
          plan: plan.inputs.value(of: d.id)?.decimalValue,
          actual: actual.inputs.value(of: d.id)?.decimalValue, source: source))
    }
    let planFigures = Dictionary(
      ReportSections.summaryFigures(planEconomics).map { ($0.id, $0) },
      uniquingKeysWith: { a, _ in a })
    for figure in ReportSections.summaryFigures(actualEconomics) {
      guard let planned = planFigures[figure.id] else { continue }
      rows.append(
        VarianceRow(
          id: figure.id, label: figure.label, unit: figure.unit,
          plan: planned.decimalValue, actual: figure.decimalValue,
          source: "model on annualized data"))
    }
    return rows
  }

  static func varianceSection(_ rows: [VarianceRow]) -> ReportSection {
    func show(_ value: Decimal?) -> String {
      value.map { NumberFormat.groupedTrimmed($0.rounded(scale: 4, mode: .plain)) } ?? ""
    }
    return ReportSection(
      id: "plan-vs-actual", title: "Plan versus actual",
      blocks: [
        .paragraph(
          "Each driver the data measured, beside the scenario's value (flows annualized), then the yearly figures the model computes from each. "
            + "Drivers not listed stay assumptions (see *Assumptions and their sources*). `variance.csv` holds the same rows."
        ),
        .table(
          ReportTable(
            columns: ["Driver", "Id", "Unit", "Plan", "Actual", "Difference", "%", "Source"],
            rightAligned: ["Plan", "Actual", "Difference", "%"],
            rows: rows.map {
              [
                $0.label, "`\($0.id)`", $0.unit, show($0.plan), show($0.actual),
                show($0.difference),
                $0.percent.map { NumberFormat.plain($0, decimals: 1) } ?? "", "`\($0.source)`",
              ]
            })),
      ])
  }

  static func energySection(
    _ l: PeriodLedger, measures m: Measures, plan: Economics, actual: Economics
  ) -> ReportSection {
    let rows = m.energy.map { e -> [String] in
      let nameplate = m.devices.filter { $0.deviceClass == e.deviceClass }.map(\.nameplateKWh)
        .reduce(0, +)
      return [
        e.deviceClass, NumberFormat.grouped(Decimal(quantity: nameplate), decimals: 1),
        NumberFormat.grouped(Decimal(quantity: e.energyKWh), decimals: 1),
        e.averageUtilizationPct.map {
          NumberFormat.grouped(Decimal(quantity: $0), decimals: 1) + " %"
        } ?? "n/a",
        NumberFormat.money(e.energyCost),
      ]
    }
    return ReportSection(
      id: "energy", title: "Energy: nameplate and metered",
      blocks: [
        .paragraph(
          "**Nameplate** is every device at rated power for every hour it was in service (the paper's figure); "
            + "**metered** is the hourly telemetry. Both are IT energy times the facility factor "
            + "(\(NumberFormat.groupedTrimmed(Decimal(quantity: actual.inputs.facilityFactor))), an assumption) for the facility, costed at each day's tariff."
        ),
        .table(
          ReportTable(
            columns: ["", "Energy, kWh", "Electricity, CNY"],
            rightAligned: ["Energy, kWh", "Electricity, CNY"],
            rows: [
              [
                "Nameplate, period",
                NumberFormat.grouped(Decimal(quantity: l.nameplateEnergyKWh), decimals: 1),
                NumberFormat.money(l.nameplateElectricityCostCNY),
              ],
              [
                "Metered, period",
                NumberFormat.grouped(Decimal(quantity: l.meteredEnergyKWh), decimals: 1),
                NumberFormat.money(l.meteredElectricityCostCNY),
              ],
              [
                "Plan, nameplate, year",
                NumberFormat.grouped(Decimal(quantity: plan.annualEnergyKWh), decimals: 1),
                NumberFormat.money(plan.annualElectricityCostCNY),
              ],
              [
                "Plan, metered estimate, year",
                NumberFormat.grouped(Decimal(quantity: plan.meteredEnergyKWh), decimals: 1),
                NumberFormat.money(plan.meteredElectricityCostCNY),
              ],
            ])),
        .subheading("IT energy by device class, period"),
        .table(
          ReportTable(
            columns: [
              "Class", "Nameplate kWh", "Metered kWh", "Average utilization",
              "Metered cost CNY (IT only)",
            ],
            rightAligned: [
              "Nameplate kWh", "Metered kWh", "Average utilization", "Metered cost CNY (IT only)",
            ],
            rows: rows)),
      ])
  }

  static func concurrencySection(_ m: Measures, actual: Economics, period: Period, zone: TimeZone)
    -> ReportSection
  {
    var formatter = Date.ISO8601FormatStyle(timeZone: zone)
    formatter = formatter.year().month().day().time(includingFractionalSeconds: false)
    let peakAt = m.observedPeakAt.map { $0.formatted(formatter) } ?? "n/a"
    let network = m.network.map {
      [
        $0.direction, NumberFormat.grouped(Decimal(quantity: $0.peakGbps), decimals: 2),
        NumberFormat.grouped(Decimal(quantity: $0.p95Gbps), decimals: 2), String($0.hours),
      ]
    }
    return ReportSection(
      id: "concurrency", title: "Concurrency and network",
      blocks: [
        .table(
          ReportTable(
            columns: ["", "Sessions"], rightAligned: ["Sessions"],
            rows: [
              [
                "Paper's formula on the annualized visits (visits / days / hours / sessions per hour)",
                NumberFormat.grouped(Decimal(quantity: actual.concurrentSessions), decimals: 2),
              ],
              [
                "Observed peak, from the visits' intervals (sampled each minute; at \(peakAt) \(zone.identifier))",
                NumberFormat.grouped(Decimal(m.observedPeakSessions), decimals: 0),
              ],
            ])),
        .paragraph(
          "The formula gives the average load of the opening hours; the observed peak is the busiest minute, which sizes devices and network. "
            + "Planned two-way bandwidth at the formula's load: \(NumberFormat.grouped(Decimal(quantity: actual.networkBandwidthGbps), decimals: 1)) Gbit/s."
        ),
        .subheading("Network peaks, period"),
        .table(
          ReportTable(
            columns: ["Direction", "Peak Gbit/s", "95th percentile Gbit/s", "Hours"],
            rightAligned: ["Peak Gbit/s", "95th percentile Gbit/s", "Hours"], rows: network)),
      ])
  }

  static func offlineSection(_ l: PeriodLedger, measures m: Measures, plan: Inputs) -> ReportSection
  {
    let o = plan.offlineHospital
    func prorated(_ annual: Int) -> String {
      NumberFormat.grouped(
        Decimal(annual) * Decimal(l.fraction.days) / Decimal(l.fraction.daysInYear), decimals: 0)
    }
    func staff(_ role: String) -> String {
      NumberFormat.grouped(
        Decimal(
          m.headcount.filter { $0.unit == "offline" && $0.role == role }.map(\.headcount).reduce(
            0, +)), decimals: 0)
    }
    return ReportSection(
      id: "offline", title: "The offline hospital in the period",
      blocks: [
        .paragraph(
          "The offline hospital's activity from the same database, beside Table 1 prorated to the period's \(l.fraction.days) days (staff are headcounts, not prorated)."
        ),
        .table(
          ReportTable(
            columns: ["Item", "Data", "Table 1, prorated"],
            rightAligned: ["Data", "Table 1, prorated"],
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
                NumberFormat.money(l.fraction.prorate(o.medicalRevenueCNY)),
              ],
              ["Doctors", staff("doctor"), NumberFormat.grouped(Decimal(o.doctors), decimals: 0)],
              ["Nurses", staff("nurse"), NumberFormat.grouped(Decimal(o.nurses), decimals: 0)],
              [
                "Administrative staff", staff("administrator"),
                NumberFormat.grouped(Decimal(o.administrativeStaff), decimals: 0),
              ],
              [
                "Other staff", staff("other"),
                NumberFormat.grouped(Decimal(o.otherStaff), decimals: 0),
              ],
            ])),
      ])
  }

  static func dataSection(_ input: RunReportInput) -> ReportSection {
    var generated = Date.ISO8601FormatStyle(
      timeZone: TimeZone(identifier: "UTC") ?? input.job.timeZone)
    generated = generated.year().month().day().time(includingFractionalSeconds: false)
    return ReportSection(
      id: "data", title: "Data",
      blocks: [
        .subheading("Sources read"),
        .paragraph(
          "Every query aggregates inside PostgreSQL; the tool reads only the aggregates. *Source rows* is what the aggregates summarize."
        ),
        .table(
          ReportTable(
            columns: ["Measure", "SQL file", "Rows returned", "Source rows"],
            rightAligned: ["Rows returned", "Source rows"],
            rows: input.sources.map {
              [
                $0.measure, "`\($0.file)`", String($0.rowsReturned),
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
                $0.result.sampleIDs.joined(separator: ", "), "`\($0.result.file)`",
              ]
            })),
        .subheading("Inputs"),
        .table(
          ReportTable(
            columns: ["File", "SHA-256"],
            rows: input.inputFiles.map { ["`\($0.path)`", "`\($0.sha256)`"] })),
        .bullets([
          "Job `\(input.job.name)` (`\(input.job.path)`), period \(input.period), time zone \(input.job.timeZone.identifier).",
          "metahospital \(input.toolVersion), run `\(input.runID)`, generated \(input.generatedAt.formatted(generated)).",
        ]),
      ])
  }
}
