/// Rules for text that becomes a path, a folder name, a log line or a line of a report.
///
/// A control character (NUL, a line break, a tab, C1 controls), a Unicode line or paragraph
/// separator, or a bidirectional formatting character (U+202E turns `gpj.exe` into `exe.jpg` on
/// screen) has no place in a name or a path: it splits log lines, names folders that `ls` cannot
/// show, or shows a reader something other than what is there. Config files, job names, SQL and
/// output paths and command-line paths are checked against these rules before they are used.
public enum SafeText {
  /// Bidirectional formatting characters: marks, embeddings, overrides and isolates.
  static let bidiControls: Set<UInt32> = [
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
    0x2069,
  ]

  /// Whether `scalar` is unsafe in a name or a path (see the type's documentation). The byte
  /// order mark (U+FEFF) is unsafe too: invisible, and not part of any name.
  public static func isUnsafe(_ scalar: Unicode.Scalar, allowLineBreaks: Bool = false) -> Bool {
    if allowLineBreaks && (scalar == "\n" || scalar == "\t" || scalar == "\r") { return false }
    if bidiControls.contains(scalar.value) || scalar.value == 0xFEFF { return true }
    switch scalar.properties.generalCategory {
    case .control, .lineSeparator, .paragraphSeparator: return true
    default: return false
    }
  }

  /// The first unsafe character of `text` and its offset in Unicode scalars, or nil.
  public static func firstUnsafe(in text: String, allowLineBreaks: Bool = false) -> (
    offset: Int, scalar: Unicode.Scalar
  )? {
    for (offset, scalar) in text.unicodeScalars.enumerated()
    where isUnsafe(scalar, allowLineBreaks: allowLineBreaks) {
      return (offset, scalar)
    }
    return nil
  }

  /// A phrase naming the character for a message: `a line break (U+000A)`.
  public static func describe(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    let kind =
      switch scalar.value {
      case 0x00: "a NUL character"
      case 0x0A, 0x0D, 0x2028, 0x2029: "a line break"
      case 0x09: "a tab"
      case 0xFEFF: "a byte order mark"
      case _ where bidiControls.contains(scalar.value): "a bidirectional formatting character"
      default: "a control character"
      }
    return "\(kind) (\(code))"
  }

  /// `text` with every unsafe character written as `\u{…}`, so a message quoting it stays on
  /// one line and shows what is there.
  public static func visible(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Why `text` cannot be used as `what` (e.g. "the output path"), or nil when it is safe.
  public static func problem(with text: String, as what: String) -> String? {
    guard let (offset, scalar) = firstUnsafe(in: text) else { return nil }
    return
      "\(what) `\(visible(text))` contains \(describe(scalar)) at character \(offset + 1); names and paths may not hold control, line-break or bidirectional formatting characters"
  }
}
