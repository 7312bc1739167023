import Foundation

/// One sheet of a ``Workbook``: a name, rows of cells, how many rows stay in view when the
/// reader scrolls, and column widths computed from the content.
public struct Sheet: Sendable, Equatable {
  /// How a number is shown. The cell holds the exact number; the format only shows it.
  public enum NumberStyle: Sendable, Hashable {
    /// Money: two decimals with thousands separators (`#,##0.00`: `-1,234,567.89`).
    case money
    /// A count: an integer with thousands separators (`#,##0`: `20,000`).
    case integer
    /// A share as a percentage with two decimals (`0.00%`): the cell holds the fraction,
    /// 0.1234 shows as `12.34%`.
    case percentage
    /// A plain decimal with this many decimals and no separators (`0.000` for 3; `0` for 0).
    case decimal(Int)
    /// A quantity with thousands separators and this many decimals (`#,##0.0` for 1:
    /// `6,019.2`; `#,##0` for 0, as ``integer``).
    case grouped(Int)

    /// The SpreadsheetML format code.
    public var formatCode: String {
      switch self {
      case .money: "#,##0.00"
      case .integer: "#,##0"
      case .percentage: "0.00%"
      case .decimal(let places): places > 0 ? "0." + String(repeating: "0", count: places) : "0"
      case .grouped(let places):
        places > 0 ? "#,##0." + String(repeating: "0", count: places) : "#,##0"
      }
    }

    /// The text a spreadsheet program shows for `value` (in an English locale), for widths.
    func shown(_ value: Decimal) -> String {
      switch self {
      case .money: NumberFormat.grouped(value, decimals: 2)
      case .integer: NumberFormat.grouped(value, decimals: 0)
      case .percentage: NumberFormat.plain(value * 100, decimals: 2) + "%"
      case .decimal(let places): NumberFormat.plain(value, decimals: max(0, places))
      case .grouped(let places): NumberFormat.grouped(value, decimals: max(0, places))
      }
    }
  }

  /// One cell.
  public enum Cell: Sendable, Equatable {
    /// Nothing: the cell is left out of the file.
    case empty
    /// Text, stored as text whatever it looks like (`2026-10` stays text).
    case text(String)
    /// Text in bold: a column heading or a label.
    case heading(String)
    /// A number, stored exactly as the decimal's digits, shown in `style`.
    case number(Decimal, NumberStyle)
  }

  /// The name as given; the file holds it made valid and unique (``Workbook/sheetNames``).
  public var name: String
  /// The rows, top first; rows may have different lengths.
  public var rows: [[Cell]]
  /// How many rows at the top stay in view when the reader scrolls (1 for a header row).
  public var frozenRows: Int

  /// A sheet of `rows` under nothing frozen, or under `frozenRows` rows that stay in view.
  public init(name: String, rows: [[Cell]], frozenRows: Int = 0) {
    self.name = name
    self.rows = rows
    self.frozenRows = max(0, frozenRows)
  }

  /// A table: `header` in bold as its first row, frozen, then `rows`.
  public init(name: String, header: [String], rows: [[Cell]]) {
    self.init(name: name, rows: [header.map(Cell.heading)] + rows, frozenRows: 1)
  }

  // MARK: - Column widths

  /// Each column's width in characters of the default font, from the widest cell as shown:
  /// two more than its text (CJK and other wide characters count two), at least 8 and at most 60.
  public var columnWidths: [Int] {
    var widest: [Int] = []
    for row in rows {
      for (column, cell) in row.enumerated() {
        if widest.count <= column { widest.append(0) }
        widest[column] = max(widest[column], Self.displayWidth(cell))
      }
    }
    return widest.map { min(max($0 + 2, 8), 60) }
  }

  /// The width of a cell's text as shown, in narrow characters; the longest line of a text
  /// of several lines.
  static func displayWidth(_ cell: Cell) -> Int {
    switch cell {
    case .empty: 0
    case .text(let text), .heading(let text):
      text.split(whereSeparator: \.isNewline).map { displayWidth($0) }.max() ?? 0
    case .number(let value, let style): value.isNaN ? 0 : style.shown(value).count
    }
  }

  /// Narrow characters count one, East Asian wide and full-width characters two (Unicode's
  /// East_Asian_Width W and F: CJK ideographs, kana, hangul, full-width forms), combining
  /// marks none.
  static func displayWidth(_ text: some StringProtocol) -> Int {
    text.reduce(0) { total, character in
      guard let scalar = character.unicodeScalars.first else { return total }
      return total + (isWide(scalar) ? 2 : 1)
    }
  }

  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      true
    default: false
    }
  }
}
