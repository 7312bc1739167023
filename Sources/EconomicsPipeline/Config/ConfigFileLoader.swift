import Foundation

/// Reads a YAML config file and the chain of files it `extends`, merged into one tree.
///
/// `extends: parent.yaml` (a path relative to the file) lays the file over its parent: mappings
/// merge key by key, anything else replaces. A missing parent or a cycle is a diagnostic.
public struct ConfigFileLoader {
  /// Creates a loader.
  public init() {}

  /// The merged tree and the file chain, child first; `nil` when a file could not be read or parsed
  /// (the reasons are in `diagnostics`).
  /// - Parameter extends: whether the file may `extends` another; when not, an `extends` key
  ///   stays in the tree like any other key (a reader reports it as unknown).
  public func load(path: String, extends: Bool = true, diagnostics: DiagnosticCollector) -> (
    root: ConfigNode, files: [String]
  )? {
    load(path: path, referencedFrom: nil, stack: [], extends: extends, diagnostics: diagnostics)
  }

  private func load(
    path: String, referencedFrom: (ConfigLocation, String)?, stack: [String],
    extends allowsExtends: Bool = true, diagnostics: DiagnosticCollector
  ) -> (root: ConfigNode, files: [String])? {
    if let problem = SafeText.problem(with: path, as: "the file path") {
      let location =
        referencedFrom?.0 ?? ConfigLocation(file: SafeText.visible(path), line: 1, column: 1)
      diagnostics.error(problem, at: location, keyPath: referencedFrom?.1 ?? "")
      return nil
    }
    let canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    if let (location, keyPath) = referencedFrom, stack.contains(canonical) {
      let names = (stack + [canonical]).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
      diagnostics.error(
        "`extends` cycle: \(names.joined(separator: " → "))", at: location, keyPath: keyPath)
      return nil
    }
    let text: String
    do {
      text = try BoundedFile.text(atPath: path, limit: YAMLBounds.maximumBytes).text
    } catch {
      let problem =
        switch error {
        case .tooLarge(let bytes, _):
          "the file is \(bytes) bytes; a config file may be at most \(YAMLBounds.maximumBytes / 1024) KiB"
        default: "\(error)"
        }
      if let (location, keyPath) = referencedFrom {
        diagnostics.error(
          "parent scenario `\(path)`: \(problem); check the path (relative to this file)",
          at: location, keyPath: keyPath)
      } else {
        diagnostics.error(
          error == .notFound || error == .notARegularFile || error == .notUTF8
            ? "file \(problem)" : problem,
          at: ConfigLocation(file: path, line: 1, column: 1), keyPath: "")
      }
      return nil
    }
    guard let root = ConfigNode.parse(yaml: text, file: path, diagnostics: diagnostics) else {
      return nil
    }
    guard let entries = root.entries else {
      diagnostics.error(
        "expected a mapping of keys at the top of the file, found \(root.kindDescription)",
        at: root.location, keyPath: "")
      return nil
    }
    guard allowsExtends, let extends = entries.first(where: { $0.key == "extends" }) else {
      return (root, [path])
    }
    guard case .scalar(let parentText, .str) = extends.value.value, !parentText.isEmpty else {
      diagnostics.error(
        "expected the path of a parent file, found \(extends.value.kindDescription)",
        at: extends.value.location,
        keyPath: "extends")
      return nil
    }
    let directory = (path as NSString).deletingLastPathComponent
    let parentPath =
      parentText.hasPrefix("/")
      ? parentText : (directory.isEmpty ? parentText : directory + "/" + parentText)
    guard
      let parent = load(
        path: parentPath, referencedFrom: (extends.value.location, "extends"),
        stack: stack + [canonical],
        diagnostics: diagnostics)
    else { return nil }
    let own = ConfigNode(
      value: .mapping(entries.filter { $0.key != "extends" }), location: root.location)
    return (parent.root.merged(with: own), [path] + parent.files)
  }
}
