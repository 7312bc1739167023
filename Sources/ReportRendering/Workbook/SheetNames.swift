/// Sheet names as Excel accepts them: at most 31 characters, none of `[ ] : * ? / \`, not
/// blank, not starting or ending with an apostrophe, not `History` (Excel keeps it for itself),
/// and unique without regard to case.
public enum SheetNames {
  /// Excel's longest sheet name, in UTF-16 code units.
  public static let maximumLength = 31

  /// The names made valid and unique, in the same order, deterministically:
  ///
  /// - `/`, `\` and `:` become `-`; `[` and `]` become `(` and `)`; `*`, `?` and control
  ///   characters are dropped; spaces and apostrophes at either end are trimmed;
  /// - a name left blank becomes `Sheet` and its position (`Sheet3`);
  /// - a name longer than 31 characters is cut to 31 (never inside a character);
  /// - a name equal to an earlier one without regard to case, or to `History`, gets the first
  ///   free ` (2)`, ` (3)`… with its text cut so that the whole stays within 31 characters.
  public static func resolve(_ names: [String]) -> [String] {
    var taken: Set<String> = ["history"]
    var resolved: [String] = []
    for (index, name) in names.enumerated() {
      var base = trimmed(truncated(clean(name), to: maximumLength))
      if base.isEmpty { base = "Sheet\(index + 1)" }
      var candidate = base
      var number = 2
      while taken.contains(key(candidate)) {
        let suffix = " (\(number))"
        candidate = trimmed(truncated(base, to: maximumLength - suffix.utf16.count)) + suffix
        number += 1
      }
      taken.insert(key(candidate))
      resolved.append(candidate)
    }
    return resolved
  }

  /// Whether Excel accepts `name` as it is (uniqueness aside).
  public static func isValid(_ name: String) -> Bool {
    !name.isEmpty && name.utf16.count <= maximumLength && clean(name) == name
      && key(name) != "history"
  }

  /// The name with the characters Excel refuses replaced or dropped, its ends trimmed.
  static func clean(_ name: String) -> String {
    var text = ""
    for scalar in name.unicodeScalars {
      switch scalar {
      case "/", "\\", ":": text.unicodeScalars.append("-")
      case "[": text.unicodeScalars.append("(")
      case "]": text.unicodeScalars.append(")")
      case "*", "?": continue
      default:
        guard XMLText.isAllowed(scalar), !(0x7F...0x9F).contains(scalar.value),
          scalar.value >= 0x20
        else { continue }
        text.unicodeScalars.append(scalar)
      }
    }
    return trimmed(text)
  }

  /// Without spaces or apostrophes at either end.
  private static func trimmed(_ text: String) -> String {
    var text = Substring(text)
    while let first = text.first, first == " " || first == "'" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "'" { text = text.dropLast() }
    return String(text)
  }

  /// The longest prefix of whole characters within `limit` UTF-16 code units.
  static func truncated(_ text: String, to limit: Int) -> String {
    var result = ""
    var length = 0
    for character in text {
      let units = character.utf16.count
      guard length + units <= limit else { break }
      result.append(character)
      length += units
    }
    return result
  }

  /// What Excel compares names by: case does not count.
  private static func key(_ name: String) -> String { name.lowercased() }
}
