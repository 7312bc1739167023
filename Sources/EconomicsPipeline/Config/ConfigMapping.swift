import Foundation

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

  /// A text value.
  public func string(_ key: String, required: Bool = true) -> String? {
    guard let value = value(key, required: required) else { return nil }
    guard case .scalar(let text, let tag) = value.value, tag == .str || tag == .int || tag == .float
    else {
      return mismatch(key, value, expected: "text")
    }
    return text
  }

  /// A whole number, at least `minimum`.
  public func int(_ key: String, required: Bool = true, minimum: Int = 0) -> Int? {
    guard let value = value(key, required: required) else { return nil }
    guard case .scalar(let text, .int) = value.value,
      let number = Int(text.replacingOccurrences(of: "_", with: ""))
    else {
      return mismatch(key, value, expected: "a whole number")
    }
    guard number >= minimum else {
      return outOfRange(
        key, value,
        "must be \(minimum) or more" + (minimum == 0 ? " (a count cannot be negative)" : ""))
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
    guard
      let number = number(value).flatMap({ Double($0.replacingOccurrences(of: "_", with: "")) }),
      number.isFinite
    else {
      return mismatch(key, value, expected: "a number")
    }
    guard range.contains(number) else { return outOfRange(key, value, rangeText) }
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
    guard let text = number(value),
      let number = Decimal(
        string: text.replacingOccurrences(of: "_", with: ""),
        locale: Locale(identifier: "en_US_POSIX")),
      !number.isNaN
    else { return mismatch(key, value, expected: "a number") }
    let low = exclusive ? number > minimum : number >= minimum
    if !low {
      return outOfRange(
        key, value, exclusive ? "must be more than \(minimum)" : "must be \(minimum) or more")
    }
    if let maximum, number > maximum { return outOfRange(key, value, "must be at most \(maximum)") }
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
      result.append((text, item.location))
    }
    return result
  }

  // MARK: - Unknown keys

  /// Reports every key that no accessor asked for, suggesting the closest known key.
  public func finish() {
    for entry in node.entries ?? [] where !knownKeys.contains(entry.key) {
      let hint =
        EditDistance.suggestion(for: entry.key, among: knownKeys).map { "; did you mean `\($0)`?" }
        ?? ""
      diagnostics.error(
        "unknown key `\(entry.key)`\(hint)", at: entry.keyLocation, keyPath: path(entry.key))
    }
  }

  // MARK: - Scalars and messages

  private func number(_ value: ConfigNode) -> String? {
    guard case .scalar(let text, let tag) = value.value, tag == .int || tag == .float else {
      return nil
    }
    let lowered = text.lowercased()
    return lowered.contains("inf") || lowered.contains("nan") ? nil : text
  }

  private func mismatch<T>(_ key: String, _ value: ConfigNode, expected: String) -> T? {
    diagnostics.error(
      "expected \(expected), found \(value.kindDescription)", at: value.location, keyPath: path(key)
    )
    return nil
  }

  private func outOfRange<T>(_ key: String, _ value: ConfigNode?, _ message: String) -> T? {
    diagnostics.error("\(message)", at: value?.location ?? node.location, keyPath: path(key))
    return nil
  }
}
