/// The one way a number may be written in a config file: plain decimal digits.
///
/// YAML 1.1, which the YAML reader follows, also reads `0x1F` (31), `0o17`, `010` (octal 8),
/// `1:20` (sexagesimal 80) and `.inf` as numbers, and Foundation's parsers read a prefix of
/// `12abc` or a hexadecimal float. None of that belongs in a planner's assumptions: a rate of
/// `0x1F` is a typo, not 3,100 %. Only sign, digits, an optional fraction and an optional short
/// exponent are accepted; `_` may group digits (`20_000_000`).
enum NumberText {
  /// The longest number read (digits, sign, point and exponent): anything longer is out of any
  /// plausible range, and is refused before it is parsed.
  static let maximumLength = 40

  /// The digits of a whole number (`-12`, `1_000`), `_` removed; nil when `text` is not one.
  /// A leading zero is refused (`010` is octal in YAML 1.1), except `0` itself.
  static func integer(_ text: String) -> String? {
    var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
    guard !digits.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_") else { return nil }
    var sign = ""
    if let first = digits.first, first == "+" || first == "-" {
      sign = first == "-" ? "-" : ""
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    guard digits.count == 1 || digits.first != "0" else { return nil }
    return sign + digits
  }

  /// A decimal number (`0.08`, `-1.5`, `2e6`, `1_000.25`), `_` removed; nil when `text` is not
  /// one. The integer part has no leading zero (`0.5` is fine, `05` is not), the exponent at
  /// most three digits (a range check then says what is plausible).
  static func decimal(_ text: String) -> String? {
    let plain = text.replacingOccurrences(of: "_", with: "")
    guard !plain.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_") else { return nil }
    var rest = Substring(plain)
    var sign = ""
    if let first = rest.first, first == "+" || first == "-" {
      sign = first == "-" ? "-" : ""
      rest = rest.dropFirst()
    }
    let mantissaEnd = rest.firstIndex { $0 == "e" || $0 == "E" } ?? rest.endIndex
    let mantissa = rest[..<mantissaEnd]
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count) else { return nil }
    let whole = parts[0]
    let fraction = parts.count == 2 ? parts[1] : ""
    guard !(whole.isEmpty && fraction.isEmpty),
      whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
      whole.count <= 1 || whole.first != "0"
    else { return nil }
    var exponent = ""
    if mantissaEnd < rest.endIndex {
      var digits = rest[rest.index(after: mantissaEnd)...]
      var exponentSign = ""
      if let first = digits.first, first == "+" || first == "-" {
        exponentSign = first == "-" ? "-" : ""
        digits = digits.dropFirst()
      }
      guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
      exponent = "e" + exponentSign + digits
    }
    return sign + (whole.isEmpty ? "0" : whole) + (fraction.isEmpty ? "" : "." + fraction)
      + exponent
  }
}
