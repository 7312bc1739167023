import Foundation

extension Sheet {
  /// How the fields of one CSV column become cells. A column given no format stays text.
  public enum ColumnFormat: Sendable {
    /// Text as it is (ids, labels, dates, units).
    case text
    /// A plain CSV number (`-23221.72`) stored as a number in `style`; an empty field stays an
    /// empty cell.
    case number(NumberStyle)
    /// A percentage written in points (`12.5` for 12.5 %): stored as the fraction (0.125) and
    /// shown with ``NumberStyle/percentage`` (`12.50%`).
    case percentagePoints
    /// The format depends on the row, e.g. on `summary.csv`'s `unit` column: the closure gets the
    /// row's fields by column name and returns the field's format (a `byRow` it returns is
    /// taken as text).
    case byRow(@Sendable (_ fields: [String: String]) -> ColumnFormat)
  }

  /// A sheet holding a CSV table: its header in bold and frozen, then one row per CSV row with
  /// each field as `formats` says for its column (text when the column is not named).
  ///
  /// A field of a numeric column must be a plain decimal number (`-12.5`, `0`, `1234.56`: a
  /// sign, digits, at most one point), or empty. Anything else would end up as text a
  /// spreadsheet cannot add up, so it is refused.
  ///
  /// - Parameters:
  ///   - table: The CSV table.
  ///   - formats: How each named column's fields are written.
  ///   - name: The sheet's name; by default the file's name without `.csv`.
  /// - Throws: ``CSVSheetError`` naming the file, row, column and field that is not a number.
  public init(
    table: CSVTable, formats: [String: ColumnFormat], name: String? = nil
  ) throws(CSVSheetError) {
    let columns = table.header
    var rows: [[Cell]] = []
    for (index, fields) in table.rows.enumerated() {
      let byName = Dictionary(zip(columns, fields), uniquingKeysWith: { first, _ in first })
      var cells: [Cell] = []
      for (column, field) in fields.enumerated() {
        let name = column < columns.count ? columns[column] : ""
        var format = formats[name] ?? .text
        if case .byRow(let pick) = format { format = pick(byName) }
        let style: NumberStyle?
        var divisor: Decimal = 1
        switch format {
        case .text, .byRow: style = nil
        case .number(let given): style = given
        case .percentagePoints: (style, divisor) = (.percentage, 100)
        }
        guard let style else {
          cells.append(field.isEmpty ? .empty : .text(field))
          continue
        }
        guard !field.isEmpty else {
          cells.append(.empty)
          continue
        }
        guard let value = Self.plainDecimal(field) else {
          throw CSVSheetError(file: table.fileName, row: index + 2, column: name, field: field)
        }
        cells.append(.number(value / divisor, style))
      }
      rows.append(cells)
    }
    let sheetName =
      name
      ?? (table.fileName.hasSuffix(".csv") ? String(table.fileName.dropLast(4)) : table.fileName)
    self.init(name: sheetName, header: columns, rows: rows)
  }

  /// The value of a plain decimal number (`-?digits(.digits)?`), or nil for anything else:
  /// no exponent, no separators, no spaces, no `+`.
  static func plainDecimal(_ text: String) -> Decimal? {
    var digits = text.utf8[...]
    if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
    let parts = digits.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count),
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (48...57).contains($0) } })
    else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }
}

/// A field of a numeric CSV column that is not a plain number.
public struct CSVSheetError: Error, CustomStringConvertible, Equatable {
  /// The CSV file.
  public let file: String
  /// The line of the file (the header is line 1).
  public let row: Int
  /// The column's name.
  public let column: String
  /// The field as it is.
  public let field: String

  /// `summary.csv:3: column value holds "n/a", which is not a number`.
  public var description: String {
    "\(file):\(row): column \(column) holds \"\(field)\", which is not a number"
  }
}
