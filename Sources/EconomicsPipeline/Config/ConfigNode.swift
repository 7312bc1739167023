import Foundation
import PipelineModel
import Yams

/// A YAML node with the file, line and column it came from, kept through `extends` merges so a
/// problem in a parent file is reported in that file.
public struct ConfigNode: Sendable, Equatable {
  /// What the node holds.
  public indirect enum Value: Sendable, Equatable {
    /// A scalar: its text and the YAML tag it resolved to (`int`, `float`, `str`, `bool`, `null`).
    case scalar(text: String, tag: ScalarTag)
    /// A mapping, keys in file order.
    case mapping([ConfigEntry])
    /// A sequence.
    case sequence([ConfigNode])
  }

  /// The resolved YAML core-schema tag of a scalar.
  public enum ScalarTag: String, Sendable, Equatable {
    case int, float, str, bool, null, other
  }

  /// The content.
  public var value: Value
  /// Where it starts.
  public var location: ConfigLocation

  /// Creates a node.
  public init(value: Value, location: ConfigLocation) {
    self.value = value
    self.location = location
  }

  /// What a planner would call this node's kind, for "expected …, found …" messages.
  public var kindDescription: String {
    switch value {
    case .scalar(let text, let tag):
      switch tag {
      case .str: "the text `\(Self.quoted(text))`"
      case .null: "nothing"
      default: "`\(Self.quoted(text))`"
      }
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }

  /// A value as a message quotes it: on one line (see ``SafeText/visible(_:)``), at most 60
  /// characters.
  static func quoted(_ text: String) -> String {
    let visible = SafeText.visible(text)
    return visible.count <= 60 ? visible : visible.prefix(57) + "…"
  }

  /// The entries of a mapping node, or `nil`.
  public var entries: [ConfigEntry]? {
    if case .mapping(let entries) = value { return entries }
    return nil
  }

  /// The value of a key of a mapping node, or `nil`.
  public subscript(key: String) -> ConfigNode? { entries?.first { $0.key == key }?.value }

  // MARK: - Merging

  /// `child` laid over `self`: mappings merge key by key (recursively); anything else is replaced.
  public func merged(with child: ConfigNode) -> ConfigNode {
    guard case .mapping(let base) = value, case .mapping(let overrides) = child.value else {
      return child
    }
    var result = base
    for entry in overrides {
      if let index = result.firstIndex(where: { $0.key == entry.key }) {
        result[index].value = result[index].value.merged(with: entry.value)
        result[index].keyLocation = entry.keyLocation
      } else {
        result.append(entry)
      }
    }
    return ConfigNode(value: .mapping(result), location: child.location)
  }
}

/// One key of a mapping and its value.
public struct ConfigEntry: Sendable, Equatable {
  /// The key text.
  public var key: String
  /// Where the key is written.
  public var keyLocation: ConfigLocation
  /// The value.
  public var value: ConfigNode
}

// MARK: - From YAML

extension ConfigNode {
  /// Parses one YAML document; a syntax error becomes a diagnostic and the result is `nil`.
  public static func parse(yaml: String, file: String, diagnostics: DiagnosticCollector)
    -> ConfigNode?
  {
    if let problem = YAMLBounds.check(yaml) {
      diagnostics.error(
        problem.message,
        at: ConfigLocation(file: file, line: problem.line, column: problem.column), keyPath: "")
      return nil
    }
    do {
      guard let node = try Yams.compose(yaml: yaml) else {
        diagnostics.error(
          "the file is empty", at: ConfigLocation(file: file, line: 1, column: 1), keyPath: "")
        return nil
      }
      return ConfigNode(node, file: file, diagnostics: diagnostics)
    } catch let error as YamlError {
      let (mark, problem) = describe(error)
      diagnostics.error(
        "not valid YAML: \(problem)",
        at: ConfigLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1),
        keyPath: "")
      return nil
    } catch {
      diagnostics.error(
        "not valid YAML: \(error)", at: ConfigLocation(file: file, line: 1, column: 1), keyPath: "")
      return nil
    }
  }

  private init(_ node: Node, file: String, diagnostics: DiagnosticCollector) {
    let mark = node.mark
    let location = ConfigLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    switch node {
    case .scalar(let scalar):
      let tag: ScalarTag =
        switch node.tag.description {
        case Tag.Name.int.rawValue: .int
        case Tag.Name.float.rawValue: .float
        case Tag.Name.str.rawValue: .str
        case Tag.Name.bool.rawValue: .bool
        case Tag.Name.null.rawValue: .null
        default: .other
        }
      self.init(value: .scalar(text: scalar.string, tag: tag), location: location)
    case .mapping(let mapping):
      var entries: [ConfigEntry] = []
      for (key, value) in mapping {
        let keyMark = key.mark
        let keyLocation = ConfigLocation(
          file: file, line: keyMark?.line ?? 1, column: keyMark?.column ?? 1)
        guard let text = key.scalar?.string else {
          diagnostics.error("a key must be plain text", at: keyLocation, keyPath: "")
          continue
        }
        entries.append(
          ConfigEntry(
            key: text, keyLocation: keyLocation,
            value: ConfigNode(value, file: file, diagnostics: diagnostics)))
      }
      self.init(value: .mapping(entries), location: location)
    case .sequence(let sequence):
      self.init(
        value: .sequence(sequence.map { ConfigNode($0, file: file, diagnostics: diagnostics) }),
        location: location)
    case .alias:
      self.init(value: .scalar(text: "", tag: .other), location: location)
    }
  }

  private static func describe(_ error: YamlError) -> (Mark?, String) {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return (mark, problem)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return (context.mark, "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", "))")
    case .reader(let problem, _, _, _):
      return (nil, problem)
    default:
      return (nil, "\(error)")
    }
  }
}
