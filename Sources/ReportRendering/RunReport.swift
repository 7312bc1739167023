import Foundation
import HospitalEconomics
import PipelineModel

/// What a run report says of its job and its scenario: the facts it names, without the files
/// they were read from.
public struct RunSubject: Sendable {
  /// The job's name.
  public var jobName: String
  /// The job file, as the report names it.
  public var jobPath: String
  /// The job's grain.
  public var grain: Period.Grain
  /// The job's time zone: its days and months.
  public var timeZone: TimeZone
  /// The SQL file of each measure.
  public var extract: [Measures.Source: String]
  /// The class of each charge kind.
  public var revenue: RevenueClassification
  /// The scenario's name.
  public var scenarioName: String
  /// The scenario's inputs and where each came from.
  public var inputs: AttributedInputs
  /// How far each driver moves in the sensitivity analysis.
  public var sensitivity: SensitivitySettings

  /// Creates the facts.
  public init(
    jobName: String, jobPath: String, grain: Period.Grain, timeZone: TimeZone,
    extract: [Measures.Source: String], revenue: RevenueClassification, scenarioName: String,
    inputs: AttributedInputs, sensitivity: SensitivitySettings
  ) {
    self.jobName = jobName
    self.jobPath = jobPath
    self.grain = grain
    self.timeZone = timeZone
    self.extract = extract
    self.revenue = revenue
    self.scenarioName = scenarioName
    self.inputs = inputs
    self.sensitivity = sensitivity
  }
}

/// What a run's report is made of: the economics already computed — the plan's and the data's —
/// and the run's own facts. The report builders format; they compute nothing twice.
public struct RunReportInput: Sendable {
  /// The job and the scenario, as the report names them.
  public var subject: RunSubject
  /// The period.
  public var period: Period
  /// The plan's economics.
  public var plan: Economics
  /// The period's economics from data.
  public var actual: PeriodActuals
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
  /// The words of the report's language.
  public var wording: Wording
  /// On a coordinator of shards, how they were read; nil on a single server.
  public var shardedReading: ShardedReading?

  /// Creates the input of a report.
  public init(
    subject: RunSubject, period: Period, plan: Economics, actual: PeriodActuals, measures: Measures,
    coverage: DataCoverage, checks: [CheckOutcome], trend: Trend, sources: [SourceRead],
    inputFiles: [(path: String, sha256: String)], toolVersion: String, runID: String,
    generatedAt: Date, periodIsOpen: Bool, wording: Wording, shardedReading: ShardedReading? = nil
  ) {
    self.subject = subject
    self.period = period
    self.plan = plan
    self.actual = actual
    self.measures = measures
    self.coverage = coverage
    self.checks = checks
    self.trend = trend
    self.sources = sources
    self.inputFiles = inputFiles
    self.toolVersion = toolVersion
    self.runID = runID
    self.generatedAt = generatedAt
    self.periodIsOpen = periodIsOpen
    self.wording = wording
    self.shardedReading = shardedReading
  }
}

/// One SQL file's share of the run: aggregate rows returned, source rows they summarize, time.
public struct SourceRead: Sendable, Equatable {
  /// The SQL file.
  public var file: String
  /// What it measures: a source's id (``Measures/Source``), or ``checks`` for a check file.
  public var measure: String
  /// The `measure` of a check file.
  public static let checks = "check"
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

  /// Creates the share of one file.
  public init(
    file: String, measure: String, rowsReturned: Int, sourceRows: Int64?, durationMS: Double,
    runs: Int = 1, reused: Int = 0
  ) {
    self.file = file
    self.measure = measure
    self.rowsReturned = rowsReturned
    self.sourceRows = sourceRows
    self.durationMS = durationMS
    self.runs = runs
    self.reused = reused
  }
}

/// Builds the report of a run: the period's ledger, its annualization and the model on data,
/// beside the plan, with where every figure comes from.
public enum RunReport {
  /// The report value; rendering and writing are the caller's.
  public static func make(_ input: RunReportInput) -> EconomicsReport {
    let figures = summaryFigures(input) + trendFigures(input.trend)
    let variance = varianceRows(input)
    let bridge = planToDataBridge(input)
    let w = input.wording
    return EconomicsReport(
      title: w(RunPhrase.title, ["job": input.subject.jobName, "period": w.period(input.period)]),
      headline: headline(input),
      sections: [
        ledgerSection(input),
        trendSection(input),
        varianceSection(variance, w),
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
        ReportSections.summaryCSV(figures),
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
            [$0.id, $0.csvValue, $0.unit, $0.source.csv, $0.setIn]
          }),
      ],
      keyFigures: KeyFiguresRunLabelPhrase.allCases.compactMap { key in
        figures.first { $0.id == key.rawValue }.map { KeyFigure(label: w(key), figure: $0) }
      })
  }

  /// What the run's workbook says of it: the job, the period, the scenario, the build, the
  /// run and when its report was generated (in the job's time zone).
  public static func workbookFacts(_ input: RunReportInput) -> ReportWorkbook.Facts {
    ReportWorkbook.Facts(
      scenario: input.subject.scenarioName, job: input.subject.jobName, period: input.period,
      build: input.toolVersion, runID: input.runID, generated: input.generatedAt,
      timeZone: input.subject.timeZone)
  }

  // MARK: - Headline

  static func headline(_ input: RunReportInput) -> [String] {
    typealias Say = RunHeadlinePhrase
    let w = input.wording
    let actual = input.actual
    let l = actual.ledger
    let p = actual.period
    let fullYear = actual.annualizationFactor == 1
    let amounts = w.amounts([p.effectiveRevenueCNY, p.totalCostCNY, p.marginCNY], .headline)
    let planMargins = w.amounts([input.plan.annualMarginCNY, actual.annual.marginCNY], .headline)
    let verdict = annualVerdict(actual, w, .headline)
    var lines =
      restatementParagraphs(input) + [
        w(
          Say.period,
          [
            "period": w.period(input.period), "days": String(l.fraction.days),
            "revenue": amounts[0], "cost": amounts[1], "margin": amounts[2],
            "visits": NumberFormat.grouped(Decimal(l.virtualVisits), decimals: 0),
          ]),
        fullYear
          ? w(Say.yearVerdict, ["verdict": verdict])
          : w(
            Say.annualizedVerdict,
            [
              "days_in_year": String(l.fraction.daysInYear), "days": String(l.fraction.days),
              "verdict": verdict,
            ]),
        w(
          fullYear ? Say.planYear : .planAnnualized,
          [
            "scenario": MarkdownText.code(input.subject.scenarioName), "plan": planMargins[0],
            "data": planMargins[1],
          ]),
      ]
    var data: [String] = []
    let incomplete = input.coverage.incomplete
    if !incomplete.isEmpty {
      data.append(
        w(
          Say.stopsEarly,
          [
            "sources": w.clauses(
              incomplete.map { coverageSentence($0, input.coverage.periodLastDay, w) }),
            "day": w.day(input.coverage.periodLastDay),
          ]))
    }
    let failing = input.checks.filter { $0.status != .pass }
    data.append(
      failing.isEmpty
        ? w(Say.checksPass, ["count": String(input.checks.count)])
        : w(
          Say.checksWarn,
          [
            "failing": String(failing.count), "count": String(input.checks.count),
            "list": w.list(failing.map { "`\($0.result.checkID)`" }),
          ]))
    if !l.fallbacksUsed.isEmpty {
      data.append(
        w(
          Say.scenarioFills,
          [
            "list": w.list(
              l.fallbacksUsed.map {
                w(
                  Say.fallback,
                  [
                    "line": w.line($0.line), "amount": w.amount($0.amountCNY, .headline),
                    "id": $0.line.rawValue,
                  ])
              })
          ]))
    }
    if !l.missing.isEmpty {
      data.append(w(Say.noDataFor, ["lines": w.clauses(l.missing.map { missingSentence($0, w) })]))
    }
    if !actual.unplannedDevices.isEmpty {
      data.append(
        w(
          actual.unplannedDevices.count == 1 ? Say.unplannedOne : .unplannedMany,
          ["count": String(actual.unplannedDevices.count)]))
    }
    lines.append(w(Say.data, ["items": w.clauses(data)]))
    if input.periodIsOpen {
      lines.append(w(Say.open))
    }
    return lines
  }

  /// The verdict on the annualized money, with the data's average fee.
  static func annualVerdict(
    _ actual: PeriodActuals, _ w: Wording, _ place: Wording.Place = .body
  ) -> String {
    ReportSections.verdict(
      actual.annual, feeCNY: actual.annual.registrationFeePerVisitCNY ?? 0,
      breakevenVisits: actual.breakevenVisits, onData: true, w, place)
  }

  /// A source table's reach into the period: `telemetry end on 2026-10-20`.
  static func coverageSentence(
    _ source: DataCoverage.Source, _ periodLastDay: LocalDate, _ w: Wording
  ) -> String {
    let name = w.named(source.id, as: RunCoveragePhrase.self)
    guard let lastDay = source.lastDay else {
      return w(RunCoveragePhrase.nothing, ["source": name])
    }
    let complete = source.isComplete(periodLastDay: periodLastDay)
    if source.monthly {
      return w(
        complete ? RunCoveragePhrase.throughMonth : .endsWithMonth,
        ["source": name, "month": w.month(year: lastDay.year, month: lastDay.month)])
    }
    return w(
      complete ? RunCoveragePhrase.through : .endsOn, ["source": name, "day": w.day(lastDay)])
  }

  /// A line the period lacks: what is missing and, for a line left at zero, how to fall back.
  static func missingSentence(_ missing: MissingLine, _ w: Wording) -> String {
    let what = w(RunMissingPhrase.reason(missing.reason))
    guard let line = missing.line else { return what }
    return w(RunMissingPhrase.zero, ["what": what, "line": w.line(line), "id": line.rawValue])
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
          $0.kind.rawValue, $0.revenueClass.rawValue, String($0.charges),
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
