/// Text inside the XML parts of a workbook: escaped, and without the characters XML 1.0 cannot
/// hold at all.
enum XMLText {
  /// Whether XML 1.0 allows the character (`Char`: tab, line feed, carriage return, U+0020 and
  /// up except U+FFFE and U+FFFF; Swift strings hold no surrogates).
  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xFFFD: true
    case 0x10000...0x10FFFF: true
    default: false
    }
  }

  /// Element content: `&`, `<` and `>` escaped, a carriage return kept as `&#13;` (a parser
  /// would turn it into a line feed), characters XML cannot hold dropped.
  static func content(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\r": out += "&#13;"
      default: if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
      }
    }
    return out
  }

  /// An attribute's value between double quotes: as ``content(_:)``, with `"` escaped and tab
  /// and line feed as character references (a parser would turn them into spaces).
  static func attribute(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "&quot;"
      case "\t": out += "&#9;"
      case "\n": out += "&#10;"
      default: out += content(String(scalar))
      }
    }
    return out
  }
}
