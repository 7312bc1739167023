import Foundation
import ZIPFoundation

/// Writes a ``Workbook`` as an Office Open XML spreadsheet (`.xlsx`): a ZIP package of
/// SpreadsheetML parts as ECMA-376 lays them out.
///
/// The package holds `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml` (title, subject,
/// creator, keywords, description, language, dates) and `docProps/app.xml`, `xl/workbook.xml`
/// with its `xl/_rels/workbook.xml.rels`, `xl/styles.xml` (one cell format per number style, the
/// headings' bold font), `xl/sharedStrings.xml` (every text once) and one
/// `xl/worksheets/sheetN.xml` per sheet (its size, frozen rows, column widths and cells).
///
/// Numbers are written as the decimal's own digits (`-1234567.89`), never through `Double`;
/// a spreadsheet program reads them as numbers it can add up. Text stays text whatever it looks
/// like. The output is reproducible: the same workbook gives the same bytes (parts in a fixed
/// order, every ZIP entry dated 1980-01-01 00:00 UTC, strings numbered in order of appearance),
/// so a golden file can hold it.
public enum XLSXRenderer {
  /// The date of every entry of the ZIP package: the first a ZIP (MS-DOS) date can say.
  static let entryDate = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01T00:00:00Z

  /// Excel's longest text in a cell, in UTF-16 code units; longer text is cut.
  public static let maximumTextLength = 32_767

  /// The `.xlsx` file's bytes.
  /// - Throws: ``XLSXError`` for a workbook without sheets or a number that is not one (NaN),
  ///   or when the ZIP package cannot be written.
  public static func render(_ workbook: Workbook) throws -> Data {
    try package(try parts(workbook))
  }

  /// The ZIP package of `parts`, in their order, every entry deflated and dated ``entryDate``:
  /// the same parts always give the same bytes.
  static func package(_ parts: [(path: String, xml: String)]) throws -> Data {
    let archive: Archive
    do {
      archive = try Archive(data: Data(), accessMode: .create)
    } catch {
      throw XLSXError(problem: "cannot create the ZIP package: \(error)")
    }
    for part in parts {
      let data = Data(part.xml.utf8)
      do {
        try archive.addEntry(
          with: part.path, type: .file, uncompressedSize: Int64(data.count),
          modificationDate: entryDate, permissions: 0o644, compressionMethod: .deflate,
          provider: { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
          })
      } catch {
        throw XLSXError(problem: "cannot add \(part.path) to the ZIP package: \(error)")
      }
    }
    guard let bytes = archive.data else {
      throw XLSXError(problem: "the ZIP package holds no data")
    }
    return bytes
  }

  /// The package's parts, in the order they are written: each path with its XML.
  static func parts(_ workbook: Workbook) throws -> [(path: String, xml: String)] {
    guard !workbook.sheets.isEmpty else {
      throw XLSXError(problem: "a workbook needs at least one sheet")
    }
    let names = workbook.sheetNames
    let styles = CellStyles(sheets: workbook.sheets)
    var strings = SharedStrings()
    var sheets: [String] = []
    for (index, sheet) in workbook.sheets.enumerated() {
      sheets.append(
        try worksheet(
          sheet, name: names[index], selected: index == 0, styles: styles, strings: &strings))
    }
    let count = workbook.sheets.count
    return [
      ("[Content_Types].xml", contentTypes(sheets: count)),
      ("_rels/.rels", packageRelationships),
      ("docProps/core.xml", coreProperties(workbook.properties)),
      ("docProps/app.xml", appProperties(sheetNames: names)),
      ("xl/workbook.xml", workbookPart(sheetNames: names)),
      ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: count)),
      ("xl/styles.xml", styles.xml),
      ("xl/sharedStrings.xml", strings.xml),
    ] + sheets.enumerated().map { ("xl/worksheets/sheet\($0.offset + 1).xml", $0.element) }
  }

  // MARK: - Namespaces and the package

  static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let officeRelationships =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let packageRelationshipsNamespace =
    "http://schemas.openxmlformats.org/package/2006/relationships"

  static func contentTypes(sheets: Int) -> String {
    let spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    var xml =
      declaration
      + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(spreadsheet).sheet.main+xml\"/>"
    for index in 1...sheets {
      xml +=
        "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(spreadsheet).worksheet+xml\"/>"
    }
    return xml
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(spreadsheet).styles+xml\"/>"
      + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(spreadsheet).sharedStrings+xml\"/>"
      + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
      + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
      + "</Types>"
  }

  static var packageRelationships: String {
    declaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
      + "<Relationship Id=\"rId1\" Type=\"\(officeRelationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
      + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
      + "<Relationship Id=\"rId3\" Type=\"\(officeRelationships)/extended-properties\" Target=\"docProps/app.xml\"/>"
      + "</Relationships>"
  }

  static func coreProperties(_ p: Workbook.Properties) -> String {
    var xml =
      declaration
      + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
      + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
      + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    for (element, value) in [
      ("dc:title", p.title), ("dc:subject", p.subject), ("dc:creator", p.creator),
      ("cp:keywords", p.keywords), ("dc:description", p.description),
      ("dc:language", p.language),
    ] where !value.isEmpty {
      xml += "<\(element)>\(XMLText.content(value))</\(element)>"
    }
    if let created = p.created {
      let text = ISO8601DateFormatter().string(from: created)
      xml +=
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(text)</dcterms:created>"
        + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(text)</dcterms:modified>"
    }
    return xml + "</cp:coreProperties>"
  }

  static func appProperties(sheetNames: [String]) -> String {
    declaration
      + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
      + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
      + "<Application>metahospital</Application>"
      + "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\">"
      + "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
      + "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
      + "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
      + sheetNames.map { "<vt:lpstr>\(XMLText.content($0))</vt:lpstr>" }.joined()
      + "</vt:vector></TitlesOfParts></Properties>"
  }

  // MARK: - The workbook

  static func workbookPart(sheetNames: [String]) -> String {
    declaration + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(officeRelationships)\">"
      + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
      + sheetNames.enumerated().map {
        "<sheet name=\"\(XMLText.attribute($0.element))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>"
      }.joined()
      + "</sheets></workbook>"
  }

  /// The sheets are `rId1`…`rIdN`; the styles and the shared strings follow.
  static func workbookRelationships(sheets: Int) -> String {
    var xml = declaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
    for index in 1...sheets {
      xml +=
        "<Relationship Id=\"rId\(index)\" Type=\"\(officeRelationships)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
    }
    return xml
      + "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(officeRelationships)/styles\" Target=\"styles.xml\"/>"
      + "<Relationship Id=\"rId\(sheets + 2)\" Type=\"\(officeRelationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
      + "</Relationships>"
  }

  // MARK: - A worksheet

  static func worksheet(
    _ sheet: Sheet, name: String, selected: Bool, styles: CellStyles,
    strings: inout SharedStrings
  ) throws -> String {
    let lastRow = sheet.rows.count
    let lastColumn = sheet.rows.map(\.count).max() ?? 0
    let dimension =
      lastRow > 0 && lastColumn > 0 ? "A1:\(reference(lastColumn - 1, lastRow))" : "A1"
    var xml =
      declaration + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(officeRelationships)\">"
      + "<dimension ref=\"\(dimension)\"/>"
      + "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
    if sheet.frozenRows > 0 {
      let first = "A\(sheet.frozenRows + 1)"
      xml +=
        "<pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"\(first)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        + "<selection pane=\"bottomLeft\" activeCell=\"\(first)\" sqref=\"\(first)\"/>"
    }
    xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
    let widths = sheet.columnWidths
    if !widths.isEmpty {
      xml += "<cols>"
      for (index, width) in widths.enumerated() {
        xml +=
          "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
      }
      xml += "</cols>"
    }
    xml += "<sheetData>"
    for (rowIndex, row) in sheet.rows.enumerated() {
      var cells = ""
      for (columnIndex, cell) in row.enumerated() {
        let ref = reference(columnIndex, rowIndex + 1)
        switch cell {
        case .empty:
          continue
        case .text(let text), .heading(let text):
          let style = styles.index(of: cell)
          let number = strings.index(of: SheetNames.truncated(text, to: maximumTextLength))
          cells +=
            "<c r=\"\(ref)\"\(style > 0 ? " s=\"\(style)\"" : "") t=\"s\"><v>\(number)</v></c>"
        case .number(let value, _):
          guard !value.isNaN else {
            throw XLSXError(
              problem: "cell \(ref) of sheet \"\(name)\" holds NaN, which is not a number")
          }
          cells += "<c r=\"\(ref)\" s=\"\(styles.index(of: cell))\"><v>\(numberText(value))</v></c>"
        }
      }
      if !cells.isEmpty { xml += "<row r=\"\(rowIndex + 1)\">\(cells)</row>" }
    }
    return xml
      + "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
      + "</worksheet>"
  }

  /// The decimal's digits as they are (`-1234567.89`, `0.125`), never in exponent form.
  static func numberText(_ value: Decimal) -> String {
    let text = NumberFormat.plainTrimmed(value)
    return text == "-0" ? "0" : text
  }

  /// An A1 reference: column 0 is `A`, 25 `Z`, 26 `AA`; rows count from 1.
  static func reference(_ column: Int, _ row: Int) -> String {
    var letters = ""
    var n = column + 1
    while n > 0 {
      let remainder = (n - 1) % 26
      letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
      n = (n - 1) / 26
    }
    return "\(letters)\(row)"
  }
}

/// Why a workbook could not be written.
public struct XLSXError: Error, CustomStringConvertible, Equatable {
  /// What went wrong.
  public let problem: String
  /// `cannot write the workbook: …`.
  public var description: String { "cannot write the workbook: \(problem)" }
}

// MARK: - Styles and strings

/// The cell formats of `xl/styles.xml`: 0 the default, 1 a heading (bold), 2 money, 3 an
/// integer, 4 a percentage, then one per number of decimals the sheets' plain decimals use, then
/// one per number of decimals their grouped quantities use, fewest first.
struct CellStyles {
  /// The decimals of ``Sheet/NumberStyle/decimal(_:)`` cells, each once, ascending.
  let decimals: [Int]
  /// The decimals of ``Sheet/NumberStyle/grouped(_:)`` cells with at least one decimal, each
  /// once, ascending (without decimals a grouped number is an integer).
  let grouped: [Int]

  init(sheets: [Sheet]) {
    var places = Set<Int>()
    var groupedPlaces = Set<Int>()
    for sheet in sheets {
      for row in sheet.rows {
        for cell in row {
          switch cell {
          case .number(_, .decimal(let n)): places.insert(max(0, n))
          case .number(_, .grouped(let n)) where n > 0: groupedPlaces.insert(n)
          default: break
          }
        }
      }
    }
    decimals = places.sorted()
    grouped = groupedPlaces.sorted()
  }

  /// The cell format of a cell.
  func index(of cell: Sheet.Cell) -> Int {
    switch cell {
    case .empty, .text: 0
    case .heading: 1
    case .number(_, .money): 2
    case .number(_, .integer): 3
    case .number(_, .percentage): 4
    case .number(_, .decimal(let n)): 5 + (decimals.firstIndex(of: max(0, n)) ?? 0)
    case .number(_, .grouped(let n)):
      n > 0 ? 5 + decimals.count + (grouped.firstIndex(of: n) ?? 0) : 3
    }
  }

  /// The custom number formats, from 164 on: the plain decimals', then the grouped ones'.
  private var customFormats: [Sheet.NumberStyle] {
    decimals.map(Sheet.NumberStyle.decimal) + grouped.map(Sheet.NumberStyle.grouped)
  }

  /// `xl/styles.xml`. Money, integers and percentages use Excel's built-in formats 4
  /// (`#,##0.00`), 3 (`#,##0`) and 10 (`0.00%`); the others get formats from 164 on.
  var xml: String {
    var xml = XLSXRenderer.declaration + "<styleSheet xmlns=\"\(XLSXRenderer.main)\">"
    let custom = customFormats
    if !custom.isEmpty {
      xml += "<numFmts count=\"\(custom.count)\">"
      for (index, style) in custom.enumerated() {
        xml += "<numFmt numFmtId=\"\(164 + index)\" formatCode=\"\(style.formatCode)\"/>"
      }
      xml += "</numFmts>"
    }
    let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
    xml +=
      "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
      + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
      + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
      + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    let formats = [4, 3, 10] + custom.indices.map { 164 + $0 }
    xml +=
      "<cellXfs count=\"\(2 + formats.count)\">"
      + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
      + formats.map {
        "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      }.joined()
      + "</cellXfs>"
      + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
      + "</styleSheet>"
    return xml
  }
}

/// The shared-string table: each text once, numbered in order of first appearance.
struct SharedStrings {
  private var numbers: [String: Int] = [:]
  private var texts: [String] = []
  private var references = 0

  /// The text's number, adding it when new.
  mutating func index(of text: String) -> Int {
    references += 1
    if let number = numbers[text] { return number }
    numbers[text] = texts.count
    texts.append(text)
    return texts.count - 1
  }

  /// `xl/sharedStrings.xml`; text with spaces at either end, tabs or line breaks keeps them
  /// (`xml:space="preserve"`).
  var xml: String {
    XLSXRenderer.declaration
      + "<sst xmlns=\"\(XLSXRenderer.main)\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">"
      + texts.map { text in
        let keep =
          text.first?.isWhitespace == true || text.last?.isWhitespace == true
          || text.contains { $0 == "\t" || $0.isNewline }
        return "<si><t\(keep ? " xml:space=\"preserve\"" : "")>\(XMLText.content(text))</t></si>"
      }.joined()
      + "</sst>"
  }
}
