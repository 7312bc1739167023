import Foundation
import HospitalEconomics
import PipelineModel

/// The Excel workbook of a report, `report.xlsx`, written beside its CSV files in the report's
/// language.
///
/// - The first sheet says what the report is — its title; the job or scenario, the period, the
///   build and the run; the headline as the report states it (the verdict among it), as plain
///   text; the key figures with their values as numbers; and which sheet holds which CSV file.
/// - Then one sheet per CSV file, in the report's order, named in the report's language: the
///   file's header (bold, frozen) and its rows as they are, each number stored as a number in
///   a format chosen by its unit (``columnFormat(_:in:)``) and everything else as text.
///
/// The document's properties name the title, the job (or scenario), the period, the build and
/// the run. The same report gives the same bytes: a run's workbook is dated by the report's
/// own time, a plan's not at all.
public enum ReportWorkbook {
  /// The workbook's file name in a report folder.
  public static let fileName = "report.xlsx"

  /// What the workbook says of the report beyond its contents: what wrote it and when.
  public struct Facts: Sendable, Equatable {
    /// The scenario's name.
    public var scenario: String
    /// The job's name (a run), or nil (a plan).
    public var job: String?
    /// The period (a run), or nil (a plan: a year from assumptions).
    public var period: Period?
    /// The build that wrote the report: `0.4.0 (commit 1a2b3c4d5e6f)`.
    public var build: String
    /// The run's id (a run), or nil.
    public var runID: String?
    /// When the report was generated (a run), or nil.
    public var generated: Date?
    /// The time zone the generated time is shown in (a run's job's).
    public var timeZone: TimeZone

    /// Facts from their parts.
    public init(
      scenario: String, job: String? = nil, period: Period? = nil, build: String,
      runID: String? = nil, generated: Date? = nil, timeZone: TimeZone = .gmt
    ) {
      self.scenario = scenario
      self.job = job
      self.period = period
      self.build = build
      self.runID = runID
      self.generated = generated
      self.timeZone = timeZone
    }
  }

  /// The workbook of `report` in `wording`'s language.
  /// - Throws: ``XLSXError`` when a numeric column of a CSV file holds a field that is not a
  ///   plain number (naming the file, line, column and field).
  public static func make(_ report: EconomicsReport, facts: Facts, wording w: Wording)
    throws(XLSXError) -> Workbook
  {
    var tables: [Sheet] = []
    for table in report.csvFiles {
      let base =
        table.fileName.hasSuffix(".csv") ? String(table.fileName.dropLast(4)) : table.fileName
      let name = WorkbookSheetPhrase(rawValue: base).map { w($0) } ?? base
      let formats = Dictionary(
        table.header.map { ($0, columnFormat($0, in: table)) }, uniquingKeysWith: { a, _ in a })
      do {
        tables.append(try Sheet(table: table, formats: formats, name: name))
      } catch {
        throw XLSXError(problem: error.description)
      }
    }
    let names = SheetNames.resolve([w(WorkbookSheetPhrase.overview)] + tables.map(\.name))
    for index in tables.indices { tables[index].name = names[index + 1] }
    let overview = Sheet(
      name: names[0],
      rows: overviewRows(
        report, facts: facts, sheets: zip(names.dropFirst(), report.csvFiles.map(\.fileName)),
        w))
    return Workbook(
      properties: Workbook.Properties(
        title: report.title, job: facts.job ?? facts.scenario,
        period: facts.period?.description ?? "", build: facts.build, runID: facts.runID,
        language: languageTag(w.language), created: facts.generated),
      sheets: [overview] + tables)
  }

  /// The language as a BCP 47 tag for the document's properties: `en`, `zh-CN`.
  static func languageTag(_ language: ReportLanguage) -> String {
    switch language {
    case .en: "en"
    case .zh: "zh-CN"
    }
  }

  // MARK: - The first sheet

  /// The title; the facts, a label and a value a row; the headline, a paragraph a row; the key
  /// figures as a table; the sheets and the CSV files they hold.
  static func overviewRows(
    _ report: EconomicsReport, facts: Facts, sheets: some Sequence<(String, String)>,
    _ w: Wording
  ) -> [[Sheet.Cell]] {
    typealias Say = WorkbookPhrase
    var rows: [[Sheet.Cell]] = [[.heading(report.title)], []]
    var about: [(Say, String)] = []
    if let job = facts.job { about.append((.job, job)) }
    about.append((.scenario, facts.scenario))
    if let period = facts.period { about.append((.period, w.period(period))) }
    about.append((.build, "metahospital \(facts.build)"))
    if let runID = facts.runID { about.append((.run, runID)) }
    if let generated = facts.generated {
      about.append((.generated, w.timestamp(generated, in: facts.timeZone)))
    }
    rows.append([.heading(w(Say.about))])
    rows += about.map { [.text(w($0.0)), .text($0.1)] }

    rows += [[], [.heading(w(Say.headline))]]
    rows += report.headline.map { [.text(MarkdownText.plain($0))] }

    if !report.keyFigures.isEmpty {
      rows += [
        [], [.heading(w(KeyFiguresPhrase.title))],
        [
          .heading(w(KeyFiguresPhrase.figureColumn)), .heading(w(KeyFiguresPhrase.valueColumn)),
          .heading(w(KeyFiguresPhrase.unitColumn)), .heading(w(KeyFiguresPhrase.idColumn)),
        ],
      ]
      for key in report.keyFigures {
        let figure = key.figure
        let value: Sheet.Cell =
          Sheet.plainDecimal(figure.csvValue).map {
            .number($0, numberStyle(unit: figure.csvUnit, field: figure.csvValue))
          } ?? .text(w.value(of: figure))
        rows.append([.text(key.label), value, .text(unitWord(figure.csvUnit, w)), .text(figure.id)])
      }
      rows.append([.text(w(Say.amounts))])
    }

    rows += [
      [], [.heading(w(Say.sheets))],
      [.heading(w(Say.sheetColumn)), .heading(w(Say.fileColumn))],
    ]
    rows += sheets.map { [.text($0.0), .text($0.1)] }
    return rows
  }

  /// A unit as the first sheet shows it: the language's word, except that an amount of money is
  /// in CNY (元) as in the CSV files, where the report's text may use larger units (万元).
  static func unitWord(_ unit: String, _ w: Wording) -> String {
    switch unit {
    case FigureUnit.cny.rawValue: w(WorkbookPhrase.unitCny)
    case FigureUnit.cnyPerYear.rawValue: w(WorkbookPhrase.unitCnyPerYear)
    default: Wording.knowsUnit(unit) ? w.unit(unit) : unit
    }
  }
}

extension EconomicsReport {
  /// Every file of the report with its bytes, in the order they are listed: `report.md`, the
  /// CSV files, then `report.xlsx`, the workbook of the same tables. Everything is rendered
  /// before anything is written, so a workbook that cannot be made leaves every folder as it
  /// was.
  /// - Throws: ``ReportWorkbookError`` when the workbook cannot be made.
  public func files(workbook facts: ReportWorkbook.Facts, wording: Wording)
    throws(ReportWorkbookError) -> [(name: String, data: Data)]
  {
    let workbook: Data
    do {
      workbook = try XLSXRenderer.render(ReportWorkbook.make(self, facts: facts, wording: wording))
    } catch {
      throw ReportWorkbookError(problem: String(describing: error))
    }
    return renderedFiles.map { (name: $0.name, data: Data($0.contents.utf8)) }
      + [(name: ReportWorkbook.fileName, data: workbook)]
  }
}

/// The report's workbook could not be made: a bug (exit 70), found before anything was written.
public struct ReportWorkbookError: UserFacingError, Equatable {
  /// What went wrong: `cannot write the workbook: summary.csv:3: column value holds …`.
  public var problem: String

  /// Creates an error.
  public init(problem: String) { self.problem = problem }

  /// `EX_SOFTWARE`: no input or folder can cause it.
  public var exitStatus: SysExit { .software }

  /// What went wrong, and that nothing changed.
  public var description: String {
    "\(problem); nothing was written and the previous report, if any, is untouched (please report this as a bug)"
  }
}
