import Foundation
import PipelineModel

/// Reads a YAML config file and the chain of files it `extends`, merged into one tree.
///
/// `extends: Pipelines/scenarios/paper-2024.yaml` (a path relative to the project root, like
/// every path in a config file) lays the file over its parent: mappings merge key by key,
/// anything else replaces. A missing parent or a cycle is a diagnostic.
public struct ConfigFileLoader {
  /// The project root that the first file's `extends` is relative to; nil when that file is in
  /// no project (its `extends` must then be absolute). A parent's own `extends` is relative to
  /// the project holding the parent (the same one, unless an absolute path led elsewhere).
  public var project: ProjectRoot?

  /// Creates a loader for the files of `project`.
  public init(project: ProjectRoot?) {
    self.project = project
  }

  /// The merged tree and the file chain, child first; `nil` when a file could not be read or parsed
  /// (the reasons are in `diagnostics`).
  /// - Parameters:
  ///   - path: the file.
  ///   - extends: whether the file may `extends` another; when not, an `extends` key
  ///     stays in the tree like any other key (a reader reports it as unknown).
  ///   - diagnostics: where the problems go.
  /// - Returns: the tree and the files it was read from, or nil.
  public func load(path: String, extends: Bool = true, diagnostics: DiagnosticCollector) -> (
    root: ConfigNode, files: [String]
  )? {
    load(
      path: path, project: project, referencedFrom: nil, stack: [], extends: extends,
      diagnostics: diagnostics)
  }

  private func load(
    path: String, project: ProjectRoot?, referencedFrom: (ConfigLocation, String)?,
    stack: [String], extends allowsExtends: Bool = true, diagnostics: DiagnosticCollector
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
      let missing = error == .notFound || error == .notARegularFile || error.isUnreadable
      if let (location, keyPath) = referencedFrom {
        diagnostics.error(
          "parent file `\(path)`: \(problem); check the path (relative to the project root\(project.map { ", \($0.path)" } ?? ""))",
          at: location, keyPath: keyPath, missingInput: missing)
      } else {
        diagnostics.error(
          error == .notFound || error == .notARegularFile || error == .notUTF8
            ? "file \(problem)" : problem,
          at: ConfigLocation(file: path, line: 1, column: 1), keyPath: "", missingInput: missing)
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
    let parentPath: String
    if parentText.hasPrefix("/") {
      parentPath = parentText
    } else if let project {
      parentPath = project.resolve(parentText)
      if !FileManager.default.fileExists(atPath: parentPath) {
        // The rule changed from "relative to this file": say what the path should read.
        let besideFile = ((path as NSString).deletingLastPathComponent as NSString)
          .appendingPathComponent(parentText)
        if FileManager.default.fileExists(atPath: besideFile) {
          diagnostics.error(
            "parent file `\(parentText)` not found: paths in config files are relative to the project root (\(project.path)), not to the file that names them; did you mean `\(project.relative(besideFile))`?",
            at: extends.value.location, keyPath: "extends", missingInput: true)
          return nil
        }
      }
    } else {
      diagnostics.error(
        "`\(SafeText.visible(parentText))` is relative to the project root, but this file \(ProjectRoot.notInProject(path)): \(ProjectRoot.ruleAdvice), or give the parent's absolute path",
        at: extends.value.location, keyPath: "extends", missingInput: true)
      return nil
    }
    guard
      let parent = load(
        path: parentPath, project: ProjectRoot.containing(file: parentPath) ?? project,
        referencedFrom: (extends.value.location, "extends"), stack: stack + [canonical],
        diagnostics: diagnostics)
    else { return nil }
    let own = ConfigNode(
      value: .mapping(entries.filter { $0.key != "extends" }), location: root.location)
    return (parent.root.merged(with: own), [path] + parent.files)
  }
}
