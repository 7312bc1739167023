import Foundation
import HospitalEconomics
import ReportRendering

/// What a run's report is made of: the economics already computed — the plan's and the data's —
/// and the run's own facts. The report builders format; they compute nothing twice.
public struct RunReportInput: Sendable {
  /// The job.
  public var job: JobConfig
  /// The period.
  public var period: Period
  /// The scenario (the plan).
  public var scenario: Scenario
  /// The plan's economics.
  public var plan: Economics
  /// The period's economics from data.
  public var actual: ActualEconomics
  /// What the queries measured (for the report's detail tables).
  public var measures: Measures
  /// How far each source table reaches into the period.
  public var coverage: DataCoverage
  /// Check outcomes.
  public var checks: [CheckOutcome]
  /// The year to date month by month, with restatements and the forecast.
  public var trend: Trend
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
  /// Times the file ran now (a monthly file: once per month read).
  public var runs: Int = 1
  /// Months whose kept result was reused instead.
  public var reused: Int = 0
}

/// Builds the report of a run: the period's ledger, its annualization and the model on data,
/// beside the plan, with where every figure comes from.
public enum RunReport {
  /// The report value; rendering and writing are the caller's.
  public static func make(_ input: RunReportInput) -> EconomicsReport {
    let figures = summaryFigures(input) + trendFigures(input.trend)
    let variance = varianceRows(input)
    let bridge = planToDataBridge(input)
    return EconomicsReport(
      title: "Meta-hospital economics: \(input.job.name), \(input.period)",
      headline: headline(input),
      sections: [
        ledgerSection(input),
        trendSection(input),
        varianceSection(variance),
        bridgeSection(input, bridge),
        revenueSection(input),
        energySection(input),
        devicesSection(input),
        staffSection(input),
        storageNetworkSection(input),
        offlineSection(input),
        sustainabilitySection(input),
        sensitivitySection(input),
        provenanceSection(input),
        dataSection(input),
        methodSection(input),
      ],
      csvFiles: [
        ReportSections.summaryCSVWithSources(figures),
        CSVTable(
          fileName: "variance.csv",
          header: ["driver", "unit", "plan", "actual", "difference", "difference_pct", "source"],
          rows: variance.map {
            [
              $0.id, $0.unit, $0.csv($0.plan), $0.csv($0.actual), $0.csv($0.difference),
              $0.percent.map { NumberFormat.plain($0, decimals: 2) } ?? "", $0.source,
            ]
          }),
        revenueCSV(input),
        trendCSV(input.trend),
        restatementsCSV(input),
        checksCSV(input.checks),
        ReportSections.sensitivityCSV(input.actual.sensitivity),
        bridgeCSV(input, bridge),
        CSVTable(
          fileName: "assumptions.csv", header: ["driver", "value", "unit", "source", "set_in"],
          rows: provenanceRows(input).map {
            [$0.id, $0.csvValue, $0.unit, $0.source, $0.setIn]
          }),
      ])
  }

  // MARK: - Headline

  static func headline(_ input: RunReportInput) -> [String] {
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let fullYear = actual.annualizationFactor == 1
    let amounts = NumberFormat.amountsCNY([p.effectiveRevenueCNY, p.totalCostCNY, p.marginCNY])
    let planMargins = NumberFormat.amountsCNY([input.plan.annualMarginCNY, actual.annual.marginCNY])
    var lines =
      restatementParagraphs(input) + [
        "**\(input.period)** (\(l.fraction.days) days, from data): the meta-hospital kept "
          + "\(amounts[0]) of effective revenue against \(amounts[1]) of cost: a margin of **\(amounts[2])**, "
          + "from \(NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0)) virtual visits.",
        (fullYear
          ? "The year: "
          : "Annualized (× \(l.fraction.daysInYear)/\(l.fraction.days)): ") + annualVerdict(actual),
        "Plan (\(MarkdownText.code(input.scenario.name))): margin \(planMargins[0]) a year; "
          + "the data, \(fullYear ? "for the year" : "annualized"): \(planMargins[1]) a year.",
      ]
    var data: [String] = []
    let incomplete = input.coverage.incomplete
    if !incomplete.isEmpty {
      data.append(
        "**the data stops early**: "
          + incomplete.map { $0.sentence(periodLastDay: input.coverage.periodLastDay) }
          .joined(separator: "; ")
          + " (the period ends on \(input.coverage.periodLastDay))")
    }
    let failing = input.checks.filter { $0.status != .pass }
    data.append(
      failing.isEmpty
        ? "all \(input.checks.count) checks pass"
        : "\(failing.count) of \(input.checks.count) checks warn: "
          + failing.map { "`\($0.result.checkID)`" }.joined(separator: ", "))
    if !l.fallbacksUsed.isEmpty {
      data.append(
        "the scenario fills "
          + l.fallbacksUsed.map {
            "\($0.line.label) (\(NumberFormat.amountCNY($0.amountCNY)), `fallbacks.\($0.line.rawValue)`)"
          }.joined(separator: ", "))
    }
    if !l.missingLines.isEmpty {
      data.append("no data for " + l.missingLines.joined(separator: "; "))
    }
    if !actual.unplannedDevices.isEmpty {
      data.append(
        "\(actual.unplannedDevices.count) device model\(actual.unplannedDevices.count == 1 ? "" : "s") in no planned class "
          + "(counted in energy and depreciation; see *Devices*)")
    }
    lines.append("Data: " + data.joined(separator: "; ") + ".")
    if input.periodIsOpen {
      lines.append(
        "**The period has not ended yet**: its data is incomplete and the figures will change.")
    }
    return lines
  }

  /// The verdict on the annualized money, with the data's average fee.
  static func annualVerdict(_ actual: ActualEconomics) -> String {
    ReportSections.verdict(
      actual.annual, feeCNY: actual.annual.registrationFeePerVisitCNY ?? 0,
      feeText: "an average registration fee", breakevenVisits: actual.breakevenVisits,
      volumeCondition: "with the period's costs held",
      noVolume: "no volume (a visit brings no effective revenue)")
  }

  // MARK: - CSV helpers

  static func revenueCSV(_ input: RunReportInput) -> CSVTable {
    CSVTable(
      fileName: "revenue.csv",
      header: [
        "kind", "class", "charges", "billed_cny", "acquisition_cost_cny", "markup_cny", "kept_cny",
        "charges_missing_cost",
      ],
      rows: input.actual.ledger.revenueByKind.map {
        // Acquisition cost and markup mean something for pass-through kinds only.
        let passThrough = $0.revenueClass == .passThrough
        return [
          $0.kind, $0.revenueClass.rawValue, String($0.charges),
          NumberFormat.plain($0.billedCNY, decimals: 2),
          passThrough ? NumberFormat.plain($0.acquisitionCostCNY, decimals: 2) : "",
          passThrough ? NumberFormat.plain($0.markupCNY, decimals: 2) : "",
          NumberFormat.plain($0.keptCNY, decimals: 2), passThrough ? String($0.missingCost) : "",
        ]
      })
  }

  static func checksCSV(_ checks: [CheckOutcome]) -> CSVTable {
    CSVTable(
      fileName: "checks.csv",
      header: [
        "check_id", "status", "failing", "examined", "warn_at", "warn_unit", "fail_at",
        "fail_unit", "sample_ids", "sql_file",
      ],
      rows: checks.map {
        [
          $0.result.checkID, $0.status.rawValue, String($0.result.failing),
          String($0.result.examined), $0.threshold.warn?.csvValue ?? "",
          $0.threshold.warn?.csvUnit ?? "", $0.threshold.fail?.csvValue ?? "",
          $0.threshold.fail?.csvUnit ?? "", $0.result.sampleIDs.joined(separator: "; "),
          $0.result.file,
        ]
      })
  }
}
