import Foundation

/// Writes CSV per RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF,
/// quotes doubled inside quoted fields.
public enum CSVRenderer {
  /// The whole file: header then rows, each line ended by CRLF.
  public static func render(_ table: CSVTable) -> String {
    ([table.header] + table.rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
  }

  /// One field, quoted if it needs to be.
  public static func field(_ text: String) -> String {
    let needsQuotes = text.contains {
      $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
    }
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
