import Foundation

/// A spreadsheet workbook as a value: document properties and sheets in order.
///
/// ``XLSXRenderer`` turns it into the bytes of an Office Open XML workbook (`.xlsx`, ECMA-376)
/// that Excel, LibreOffice and the usual readers open, with every number stored as a number in
/// its number format. The same workbook always gives the same bytes.
///
/// ```swift
/// let workbook = Workbook(
///   properties: .init(title: "Monthly economics", job: "monthly-economics", period: "2026-10",
///                     build: "0.4.0 (commit 1a2b3c4d5e6f)", runID: runID, language: "en"),
///   sheets: [
///     Sheet(name: "Summary", header: ["Figure", "Value"],
///           rows: [[.text("Margin"), .number(-23221.72, .money)]]),
///   ])
/// let bytes = try XLSXRenderer.render(workbook)
/// ```
public struct Workbook: Sendable, Equatable {
  /// What a spreadsheet program shows under the file's properties (Office's core properties,
  /// `docProps/core.xml`).
  public struct Properties: Sendable, Equatable {
    /// The document's title (`dc:title`).
    public var title: String
    /// Its subject (`dc:subject`).
    public var subject: String
    /// Who or what made it (`dc:creator`).
    public var creator: String
    /// Keywords (`cp:keywords`).
    public var keywords: String
    /// A description (`dc:description`), possibly several lines.
    public var description: String
    /// The language of its text as a BCP 47 tag (`dc:language`: `en`, `zh-CN`), or empty.
    public var language: String
    /// When it was made (`dcterms:created` and `dcterms:modified`); nil leaves both out. Give
    /// the report's own time rather than the clock's, so that the same report gives the same
    /// bytes.
    public var created: Date?

    /// Properties from their parts; the empty ones are left out of the file.
    public init(
      title: String, subject: String = "", creator: String = "", keywords: String = "",
      description: String = "", language: String = "", created: Date? = nil
    ) {
      self.title = title
      self.subject = subject
      self.creator = creator
      self.keywords = keywords
      self.description = description
      self.language = language
      self.created = created
    }

    /// The properties of a report's workbook: `title`, the job and period as the subject
    /// (`monthly-economics 2026-10`), the build as the creator (`metahospital 0.4.0 (commit …)`),
    /// and the job, period, build and run id as keywords and, one per line, as the description
    /// (`job: monthly-economics`). `runID` is nil for a report without a run (`plan`).
    public init(
      title: String, job: String, period: String, build: String, runID: String?,
      language: String, created: Date? = nil
    ) {
      let facts = [("job", job), ("period", period), ("build", build), ("run", runID ?? "")]
        .filter { !$0.1.isEmpty }
      self.init(
        title: title, subject: [job, period].filter { !$0.isEmpty }.joined(separator: " "),
        creator: "metahospital \(build)",
        keywords: facts.map(\.1).joined(separator: "; "),
        description: facts.map { "\($0.0): \($0.1)" }.joined(separator: "\n"),
        language: language, created: created)
    }
  }

  /// The document's properties.
  public var properties: Properties
  /// The sheets, in tab order. Their names are made valid and unique when the workbook is
  /// written (``sheetNames``).
  public var sheets: [Sheet]

  /// Creates a workbook.
  public init(properties: Properties, sheets: [Sheet]) {
    self.properties = properties
    self.sheets = sheets
  }

  /// The sheets' names as the file holds them: each made valid for Excel and unique
  /// (``SheetNames/resolve(_:)``).
  public var sheetNames: [String] { SheetNames.resolve(sheets.map(\.name)) }
}
