/// Text from outside the program (a scenario's title, a device's name, a file name, an id from
/// the database) made safe to place in Markdown: it shows as written and adds no markup, no
/// HTML, no heading and no line.
public enum MarkdownText {
  /// Characters that start Markdown or HTML markup inline: emphasis, code, links, images, raw
  /// HTML and entities, tables, strikethrough, a heading's closing `#`.
  static let special: Set<Character> = [
    "\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~", "#",
  ]

  /// `text` as plain inline text: markup characters backslash-escaped, line breaks and other
  /// control characters turned into spaces.
  public static func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      if character.isNewline || character.unicodeScalars.contains(where: isControl) {
        result.append(" ")
      } else {
        if special.contains(character) { result.append("\\") }
        result.append(character)
      }
    }
    return result
  }

  /// `text` as an inline code span: fenced with more backticks than it holds in a row, padded
  /// when it starts or ends with one, on one line.
  public static func code(_ text: String) -> String {
    let line = String(
      text.map { $0.isNewline || $0.unicodeScalars.contains(where: isControl) ? " " : $0 })
    var longest = 0
    var run = 0
    for character in line {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let padded = line.hasPrefix("`") || line.hasSuffix("`") ? " \(line) " : line
    return fence + padded + fence
  }

  /// `text` as a label inside a Mermaid diagram's double quotes: no quotes, no HTML, one line.
  public static func mermaidLabel(_ text: String) -> String {
    String(
      text.map { character -> Character in
        switch character {
        case "\"": "'"
        case "<", ">", "`", "#", ";", "&": " "
        case _ where character.isNewline || character.unicodeScalars.contains(where: isControl):
          " "
        default: character
        }
      })
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator, .format: true
    default: false
    }
  }
}
