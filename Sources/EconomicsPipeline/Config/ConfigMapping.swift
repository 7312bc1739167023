import Foundation
import PipelineModel

/// A strict reader over one mapping of a config file.
///
/// Each accessor declares a key as known, reads and checks its value, and records a diagnostic
/// (wrong type, out of range, missing) instead of throwing, so one pass finds every problem.
/// ``finish()`` then reports the keys nobody asked for, with a "did you mean" suggestion.
public final class ConfigMapping {
  /// The mapping's node.
  public let node: ConfigNode
  /// Its dotted key path (empty at the top of a file).
  public let keyPath: String
  /// Where problems go.
  public let diagnostics: DiagnosticCollector
  private var knownKeys: [String] = []

  /// Reads `node` as a mapping at `keyPath`; `nil` (with a diagnostic) if it is not a mapping.
  public init?(_ node: ConfigNode, keyPath: String, diagnostics: DiagnosticCollector) {
    guard node.entries != nil else {
      diagnostics.error(
        "expected a mapping of keys, found \(node.kindDescription)", at: node.location,
        keyPath: keyPath)
      return nil
    }
    self.node = node
    self.keyPath = keyPath
    self.diagnostics = diagnostics
  }

  /// The dotted path of one key of this mapping.
  public func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

  /// The keys present, in file order.
  public var presentKeys: [String] { node.entries?.map(\.key) ?? [] }

  /// Declares keys as known without reading them (e.g. keys read elsewhere).
  public func declare(_ keys: String...) { knownKeys.append(contentsOf: keys) }

  /// The raw node of a key (declaring it known); records "missing required key" when absent.
  public func value(_ key: String, required: Bool = true) -> ConfigNode? {
    knownKeys.append(key)
    if let value = node[key] { return value }
    if required {
      diagnostics.error("missing required key `\(key)`", at: node.location, keyPath: path(key))
    }
    return nil
  }

  /// Where a key's value is written, if present.
  public func location(of key: String) -> ConfigLocation? { node[key]?.location }

  // MARK: - Typed values

  /// A text value, on one line unless `allowLineBreaks`; control and bidirectional formatting
  /// characters are refused (see ``SafeText``).
  public func string(_ key: String, required: Bool = true, allowLineBreaks: Bool = false)
    -> String?
  {
    guard let value = value(key, required: required) else { return nil }
    guard case .scalar(let text, let tag) = value.value, tag == .str || tag == .int || tag == .float
    else {
      return mismatch(key, value, expected: "text")
    }
    return safe(text, at: value.location, keyPath: path(key), allowLineBreaks: allowLineBreaks)
  }

  /// A whole number written in decimal digits, from `minimum` to `maximum`.
  public func int(_ key: String, required: Bool = true, minimum: Int = 0, maximum: Int = .max)
    -> Int?
  {
    guard let value = value(key, required: required) else { return nil }
    guard case .scalar(let text, .int) = value.value else {
      return mismatch(key, value, expected: "a whole number")
    }
    guard let digits = NumberText.integer(text) else {
      return notDecimal(key, value, expected: "a whole number", example: "20000000 or 20_000_000")
    }
    guard digits.count <= NumberText.maximumLength, let number = Int(digits), number >= minimum,
      number <= maximum
    else {
      return outOfRange(key, value, Self.rangeText(minimum, maximum, count: true))
    }
    return number
  }

  /// A number as a `Double` (physical quantities), within `range`.
  public func double(
    _ key: String, required: Bool = true,
    in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude,
    rangeText: String = "must be 0 or more"
  ) -> Double? {
    guard let value = value(key, required: required) else { return nil }
    guard let text = number(value) else { return mismatch(key, value, expected: "a number") }
    guard let plain = NumberText.decimal(text) else {
      return notDecimal(key, value, expected: "a number", example: "0.45 or 1500")
    }
    guard plain.count <= NumberText.maximumLength, let number = Double(plain), number.isFinite,
      range.contains(number)
    else {
      return outOfRange(key, value, rangeText)
    }
    return number
  }

  /// A share from 0 to 1.
  public func share(_ key: String, required: Bool = true) -> Double? {
    double(
      key, required: required, in: 0...1,
      rangeText: "is a share and must be between 0 and 1 (0.45 means 45 %)")
  }

  /// A number as an exact `Decimal` (money, rates, years), at least `minimum`
  /// (or above it when `exclusive`), at most `maximum` when given.
  public func decimal(
    _ key: String, required: Bool = true, minimum: Decimal = 0, exclusive: Bool = false,
    maximum: Decimal? = nil
  ) -> Decimal? {
    guard let value = value(key, required: required) else { return nil }
    guard let text = number(value) else { return mismatch(key, value, expected: "a number") }
    guard let plain = NumberText.decimal(text) else {
      return notDecimal(key, value, expected: "a number", example: "0.08 or 1500")
    }
    guard plain.count <= NumberText.maximumLength else {
      return outOfRange(
        key, value,
        "has more than \(NumberText.maximumLength) digits; no assumption needs that many")
    }
    guard let number = Decimal(string: plain, locale: Locale(identifier: "en_US_POSIX")),
      !number.isNaN
    else { return mismatch(key, value, expected: "a number") }
    let low = exclusive ? number > minimum : number >= minimum
    let high = maximum.map { number <= $0 } ?? true
    if !low || !high {
      let range =
        switch (exclusive, maximum) {
        case (false, nil): "must be \(minimum) or more"
        case (true, nil): "must be more than \(minimum)"
        case (false, let maximum?): "must be between \(minimum) and \(Self.grouped(maximum))"
        case (true, let maximum?):
          "must be more than \(minimum) and at most \(Self.grouped(maximum))"
        }
      return outOfRange(key, value, range)
    }
    return number
  }

  /// One of a fixed set of words.
  public func choice(_ key: String, required: Bool = true, from choices: [String]) -> String? {
    guard let text = string(key, required: required) else { return nil }
    guard choices.contains(text) else {
      let hint =
        EditDistance.suggestion(for: text, among: choices).map { "; did you mean `\($0)`?" } ?? ""
      return outOfRange(
        key, node[key],
        "must be one of \(choices.map { "`\($0)`" }.joined(separator: ", ")), found `\(text)`\(hint)"
      )
    }
    return text
  }

  /// A nested mapping.
  public func mapping(_ key: String, required: Bool = true) -> ConfigMapping? {
    guard let value = value(key, required: required) else { return nil }
    return ConfigMapping(value, keyPath: path(key), diagnostics: diagnostics)
  }

  /// A list of text items with their locations.
  public func stringList(_ key: String, required: Bool = true) -> [(
    text: String, location: ConfigLocation
  )]? {
    guard let value = value(key, required: required) else { return nil }
    guard case .sequence(let items) = value.value else {
      return mismatch(key, value, expected: "a list")
    }
    var result: [(String, ConfigLocation)] = []
    for (index, item) in items.enumerated() {
      guard case .scalar(let text, .str) = item.value else {
        diagnostics.error(
          "expected text, found \(item.kindDescription)", at: item.location,
          keyPath: "\(path(key))[\(index)]")
        continue
      }
      guard safe(text, at: item.location, keyPath: "\(path(key))[\(index)]") != nil else {
        continue
      }
      result.append((text, item.location))
    }
    return result
  }

  // MARK: - Unknown keys

  /// Reports every key that no accessor asked for, suggesting the closest known key.
  public func finish() {
    for entry in node.entries ?? [] where !knownKeys.contains(entry.key) {
      let hint =
        diagnostics.isFull
        ? ""
        : EditDistance.suggestion(for: entry.key, among: knownKeys).map {
          "; did you mean `\($0)`?"
        }
          ?? ""
      diagnostics.error(
        "unknown key `\(SafeText.visible(entry.key))`\(hint)", at: entry.keyLocation,
        keyPath: path(SafeText.visible(entry.key)))
    }
  }

  // MARK: - Scalars and messages

  /// The text of a scalar YAML reads as a number, or as text that looks like one (`"12"`);
  /// nil for anything else. `.inf` and `.nan` are not numbers here.
  private func number(_ value: ConfigNode) -> String? {
    guard case .scalar(let text, let tag) = value.value else { return nil }
    switch tag {
    case .int, .float:
      let lowered = text.lowercased()
      return lowered.contains("inf") || lowered.contains("nan") ? nil : text
    default:
      return nil
    }
  }

  /// `text` if it holds no unsafe character, else nil with a diagnostic at `location`.
  func safe(
    _ text: String, at location: ConfigLocation, keyPath: String, allowLineBreaks: Bool = false
  ) -> String? {
    guard let (offset, scalar) = SafeText.firstUnsafe(in: text, allowLineBreaks: allowLineBreaks)
    else { return text }
    diagnostics.error(
      "contains \(SafeText.describe(scalar)) at character \(offset + 1); "
        + (allowLineBreaks
          ? "remove it"
          : "write the value on one line, without control or bidirectional characters"),
      at: location, keyPath: keyPath)
    return nil
  }

  private func mismatch<T>(_ key: String, _ value: ConfigNode, expected: String) -> T? {
    diagnostics.error(
      "expected \(expected), found \(value.kindDescription)", at: value.location, keyPath: path(key)
    )
    return nil
  }

  private func notDecimal<T>(_ key: String, _ value: ConfigNode, expected: String, example: String)
    -> T?
  {
    diagnostics.error(
      "expected \(expected) written in decimal digits (e.g. \(example)), found \(value.kindDescription); hexadecimal, octal, sexagesimal and leading zeros are not accepted",
      at: value.location, keyPath: path(key))
    return nil
  }

  private func outOfRange<T>(_ key: String, _ value: ConfigNode?, _ message: String) -> T? {
    diagnostics.error("\(message)", at: value?.location ?? node.location, keyPath: path(key))
    return nil
  }

  /// `must be 0 or more`, `must be between 1 and 366`, with thousands grouped.
  static func rangeText(_ minimum: Int, _ maximum: Int, count: Bool) -> String {
    if maximum == .max {
      return "must be \(minimum) or more"
        + (minimum == 0 && count ? " (a count cannot be negative)" : "")
    }
    return "must be between \(grouped(Decimal(minimum))) and \(grouped(Decimal(maximum)))"
  }

  /// `1,000,000` for messages (plain digits below 10,000).
  static func grouped(_ value: Decimal) -> String {
    let text = "\(value)"
    guard !text.contains("."), !text.contains("e"), text.count > 4 else { return text }
    let negative = text.hasPrefix("-")
    let digits = Array(negative ? String(text.dropFirst()) : text)
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return (negative ? "-" : "") + out
  }
}
