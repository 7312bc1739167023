import Foundation
import PipelineModel

// MARK: - The text format

/// One sample line of the Prometheus text format: `name{label="value",…} value`.
struct PrometheusSample: Equatable {
  var name: String
  var labels: [(String, String)]
  var value: String

  static func == (a: PrometheusSample, b: PrometheusSample) -> Bool {
    a.name == b.name && a.value == b.value && a.labels.map(\.0) == b.labels.map(\.0)
      && a.labels.map(\.1) == b.labels.map(\.1)
  }

  init(name: String, labels: [(String, String)], value: String) {
    self.name = name
    self.labels = labels
    self.value = value
  }

  /// Reads a sample line; nil when it is not one.
  init?(parsing line: String) {
    let scalars = Array(line.unicodeScalars)
    var index = 0
    func isNameScalar(_ c: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        || c == ":"
    }
    while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
    guard index > 0 else { return nil }
    name = String(String.UnicodeScalarView(scalars[0..<index]))
    labels = []
    if index < scalars.count, scalars[index] == "{" {
      index += 1
      while index < scalars.count, scalars[index] != "}" {
        let keyStart = index
        while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
        let key = String(String.UnicodeScalarView(scalars[keyStart..<index]))
        guard !key.isEmpty, index + 1 < scalars.count, scalars[index] == "=",
          scalars[index + 1] == "\""
        else { return nil }
        index += 2
        var value = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "\"" {
          if scalars[index] == "\\", index + 1 < scalars.count {
            index += 1
            value.append(scalars[index] == "n" ? "\n" : scalars[index])
          } else {
            value.append(scalars[index])
          }
          index += 1
        }
        guard index < scalars.count else { return nil }
        index += 1
        labels.append((key, String(value)))
        if index < scalars.count, scalars[index] == "," { index += 1 }
      }
      guard index < scalars.count else { return nil }
      index += 1
    }
    let rest = String(String.UnicodeScalarView(scalars[index...])).split(separator: " ")
    guard let first = rest.first, rest.count <= 2 else { return nil }
    value = String(first)
  }

  /// The value of a label.
  func label(_ key: String) -> String? { labels.first { $0.0 == key }?.1 }

  /// The sample as a line of the file.
  var line: String {
    let text = labels.map { key, value in
      let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
      return "\(key)=\"\(escaped)\""
    }
    return labels.isEmpty ? "\(name) \(value)" : "\(name){\(text.joined(separator: ","))} \(value)"
  }
}
