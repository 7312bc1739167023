import HospitalEconomics

// MARK: - The document

/// A report as a value: a headline, ordered sections of blocks, the CSV files that go with it, and
/// the figures its headline states.
///
/// Renderers turn it into files (``MarkdownRenderer``, ``CSVRenderer``, ``ReportWorkbook``);
/// builders such as
/// ``PlanReport`` assemble it from sections (``ReportSections``). A new kind of report adds
/// sections, not renderer code.
public struct EconomicsReport: Sendable, Equatable {
  /// The document title (the Markdown `#` heading), plain text: the renderer escapes it.
  public var title: String
  /// Paragraphs shown first, before any section: the verdict a reader quotes.
  public var headline: [String]
  /// Sections in reading order.
  public var sections: [ReportSection]
  /// CSV files written beside `report.md`, in order.
  public var csvFiles: [CSVTable]
  /// The figures the headline states, each with its label: the workbook's first sheet lists
  /// them with their values as numbers.
  public var keyFigures: [KeyFigure]

  /// Creates a report.
  public init(
    title: String, headline: [String], sections: [ReportSection], csvFiles: [CSVTable],
    keyFigures: [KeyFigure] = []
  ) {
    self.title = title
    self.headline = headline
    self.sections = sections
    self.csvFiles = csvFiles
    self.keyFigures = keyFigures
  }
}

/// A figure a report states up front, labelled in the report's language (`Margin`, `结余`); its
/// value and unit are those of `summary.csv`.
public struct KeyFigure: Sendable, Equatable {
  /// The label, plain text.
  public var label: String
  /// The figure.
  public var figure: ReportFigure

  /// Creates a key figure.
  public init(label: String, figure: ReportFigure) {
    self.label = label
    self.figure = figure
  }
}

/// One `##` section of a report.
public struct ReportSection: Sendable, Equatable {
  /// Stable id (used as the Markdown anchor source and by tests).
  public var id: String
  /// Heading.
  public var title: String
  /// Content in order.
  public var blocks: [ReportBlock]

  /// Creates a section.
  public init(id: String, title: String, blocks: [ReportBlock]) {
    self.id = id
    self.title = title
    self.blocks = blocks
  }
}

/// A piece of section content.
public enum ReportBlock: Sendable, Equatable {
  /// A paragraph of Markdown text.
  case paragraph(String)
  /// A bulleted list.
  case bullets([String])
  /// A `###` sub-heading.
  case subheading(String)
  /// A table of formatted cells.
  case table(ReportTable)
  /// A Mermaid diagram (the source inside the fenced block).
  case mermaid(String)
}

/// A table for people: cells already formatted (thousands separators, units).
public struct ReportTable: Sendable, Equatable {
  /// Column alignment.
  public enum Alignment: Sendable { case left, right }

  /// Column headings.
  public var columns: [String]
  /// Alignment of each column.
  public var alignments: [Alignment]
  /// Rows of cells, each as many as there are columns.
  public var rows: [[String]]

  /// Creates a table; columns whose heading is in `rightAligned` are right-aligned.
  public init(columns: [String], rightAligned: Set<String> = [], rows: [[String]]) {
    self.columns = columns
    self.alignments = columns.map { rightAligned.contains($0) ? .right : .left }
    self.rows = rows
  }
}

/// A CSV file: a name, a header and rows of plain fields (numbers without separators).
public struct CSVTable: Sendable, Equatable {
  /// File name, e.g. `summary.csv`.
  public var fileName: String
  /// Header fields.
  public var header: [String]
  /// Rows of fields.
  public var rows: [[String]]

  /// Creates a CSV table.
  public init(fileName: String, header: [String], rows: [[String]]) {
    self.fileName = fileName
    self.header = header
    self.rows = rows
  }
}
