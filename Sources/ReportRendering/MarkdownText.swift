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

  /// Markdown text as a reader of the rendered page sees it, for a place that shows no markup
  /// (a spreadsheet's cell): emphasis asterisks dropped, code spans without their backticks,
  /// backslash escapes resolved. The inverse of ``escape(_:)`` and ``code(_:)`` on the text
  /// the reports write.
  public static func plain(_ markdown: String) -> String {
    let characters = Array(markdown)
    var result = ""
    var index = 0
    /// The length of the run of backticks at `start`.
    func backticks(at start: Int) -> Int {
      var end = start
      while end < characters.count, characters[end] == "`" { end += 1 }
      return end - start
    }
    while index < characters.count {
      let character = characters[index]
      if character == "\\", index + 1 < characters.count, characters[index + 1].isASCII,
        characters[index + 1].isPunctuation || characters[index + 1].isSymbol
      {
        result.append(characters[index + 1])
        index += 2
      } else if character == "`" {
        // A code span runs to the next run of as many backticks; its text is literal.
        let fence = backticks(at: index)
        var end = index + fence
        var close: Int?
        while end < characters.count {
          let run = backticks(at: end)
          if run == fence {
            close = end
            break
          }
          end += max(run, 1)
        }
        guard let close else {
          result += String(repeating: "`", count: fence)
          index += fence
          continue
        }
        var content = String(characters[(index + fence)..<close])
        if content.count >= 2, content.first == " ", content.last == " ",
          content.contains(where: { $0 != " " })
        {
          content = String(content.dropFirst().dropLast())
        }
        result += content
        index = close + fence
      } else {
        if character != "*" { result.append(character) }
        index += 1
      }
    }
    return result
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
