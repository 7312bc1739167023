import Foundation
import HospitalEconomics
import PipelineModel

// MARK: - The data read, and the method

extension RunReport {
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
      ] + shardedReading(input) + [
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
    let fraction = input.actual.ledger.fraction
    let share = input.actual.monthlyAmountsCalendarShare
    let months = input.period.grain.months
    let monthly =
      months == 12
      ? w(Say.monthlyYear)
      : w(
        Say.monthly,
        [
          "days": String(fraction.days), "days_in_year": String(fraction.daysInYear),
          "by_months": String(12 / months),
          "share": (share > 0 ? "+" : "") + NumberFormat.percent(share),
        ])
    return ReportSection(
      id: "method", title: w(Say.title),
      blocks: [
        .bullets([
          w(Say.ledger), monthly, w(Say.money), w(Say.revenue), w(Say.cost), w(Say.fallbacks),
        ])
      ])
  }

  /// On a coordinator of shards, what the run can say of when it read them (no snapshot spans
  /// servers): one paragraph; nothing on a single server.
  static func shardedReading(_ input: RunReportInput) -> [ReportBlock] {
    typealias Say = RunDataPhrase
    guard let reading = input.shardedReading else { return [] }
    let w = input.wording
    let zone = input.subject.timeZone
    let read = w(
      Say.sharded,
      [
        "count": String(reading.shards.count),
        "shards": reading.shards.map { MarkdownText.code($0) }.joined(separator: ", "),
        "started": w.timestamp(reading.started, in: zone),
        "finished": w.timestamp(reading.finished, in: zone),
      ])
    let nodes = reading.changed.map {
      $0 == "coordinator" ? w(Say.coordinator) : MarkdownText.code($0)
    }
    let verdict =
      reading.isConsistent
      ? w(Say.shardedConsistent)
      : w(Say.shardedChanged, ["nodes": nodes.joined(separator: ", ")])
    return [.paragraph(read), .paragraph(verdict)]
  }
}
