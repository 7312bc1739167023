import Foundation
import PipelineModel
import ReportRendering

/// A language file (`Pipelines/language/<code>.yaml`): every heading, sentence, label and note
/// of the reports in one language, read strictly.
///
/// The file holds exactly the phrases the reports use (``phrases``), nested by section as their
/// keys are dotted (`bridge.headline` is `headline:` under `bridge:`). A missing phrase, an
/// unknown key (with a "did you mean"), a text that is not one line of text, and a placeholder
/// missing from or added to a text are each reported at `file:line:column` with the key path, all
/// at once (exit 78), so a report never mixes languages and never loses a figure. Reading is
/// bounded as every config file's is (size, nesting, no anchors or aliases); a language file
/// cannot `extends` another.
public enum WordingFile {
  /// The folder of the language files, relative to the project root.
  public static let folder = "Pipelines/language"

  /// Every phrase a language file must hold: the catalogue generated from the English file
  /// (the PhraseCatalogue plugin), the plan report's and the run report's alike.
  public static var phrases: [Phrase] { PhraseCatalogue.all }

  /// The path of a language's file under the project root.
  public static func path(for language: ReportLanguage, root: URL) -> String {
    root.appending(path: "\(folder)/\(language.rawValue).yaml").path
  }

  /// Whether `path` names a language file (it lives in a `language` folder).
  public static func isLanguageFile(_ path: String) -> Bool {
    path.split(separator: "/").dropLast().last == "language"
  }

  /// The wording of `language`, read from its file under `root`.
  public static func load(_ language: ReportLanguage, root: URL) throws(ConfigError) -> Wording {
    try load(path: path(for: language, root: root), language: language)
  }

  /// The wording in the file at `path`, checked against ``phrases``.
  public static func load(path: String, language: ReportLanguage) throws(ConfigError) -> Wording {
    let diagnostics = DiagnosticCollector()
    guard
      let (root, _) = ConfigFileLoader(project: nil).load(
        path: path, extends: false, diagnostics: diagnostics)
    else {
      try diagnostics.throwIfNeeded()
      throw ConfigError(diagnostics: [])
    }
    var texts: [String: String] = [:]
    read(root, section: Section(phrases), keyPath: "", into: &texts, diagnostics: diagnostics)
    try diagnostics.throwIfNeeded()
    return Wording(language: language, texts: texts)
  }

  /// Checks a language file; the language is its file name (`zh.yaml`), English for another name.
  public static func validate(path: String) throws(ConfigError) {
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    _ = try load(path: path, language: ReportLanguage(rawValue: name) ?? .default)
  }

  // MARK: - The phrases as a tree of sections

  /// The keys under one section: phrases and further sections, in catalogue order.
  struct Section {
    enum Child {
      case phrase(Phrase)
      case section(Section)
    }
    var children: [(name: String, child: Child)] = []

    init(_ phrases: [Phrase]) {
      for phrase in phrases { add(phrase, path: phrase.key.split(separator: ".").map(String.init)) }
    }

    private init() {}

    private mutating func add(_ phrase: Phrase, path: [String]) {
      guard let first = path.first else { return }
      let index =
        children.firstIndex { $0.name == first }
        ?? {
          children.append((first, path.count == 1 ? .phrase(phrase) : .section(Section())))
          return children.count - 1
        }()
      if path.count > 1, case .section(var section) = children[index].child {
        section.add(phrase, path: Array(path.dropFirst()))
        children[index].child = .section(section)
      }
    }

    /// Phrases under this section, at any depth.
    var phraseCount: Int {
      children.reduce(0) {
        switch $1.child {
        case .phrase: $0 + 1
        case .section(let section): $0 + section.phraseCount
        }
      }
    }
  }

  private static func read(
    _ node: ConfigNode, section: Section, keyPath: String, into texts: inout [String: String],
    diagnostics: DiagnosticCollector
  ) {
    func path(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }
    guard let entries = node.entries else {
      diagnostics.error(
        "expected a mapping of phrases, found \(node.kindDescription)", at: node.location,
        keyPath: keyPath)
      return
    }
    let names = section.children.map(\.name)
    for entry in entries {
      guard let child = section.children.first(where: { $0.name == entry.key })?.child else {
        let hint =
          EditDistance.suggestion(for: entry.key, among: names).map { "; did you mean `\($0)`?" }
          ?? ""
        diagnostics.error(
          "unknown key `\(SafeText.visible(entry.key))`: the reports use no such phrase\(hint)",
          at: entry.keyLocation, keyPath: path(SafeText.visible(entry.key)))
        continue
      }
      switch child {
      case .section(let inner):
        read(
          entry.value, section: inner, keyPath: path(entry.key), into: &texts,
          diagnostics: diagnostics)
      case .phrase(let phrase):
        if let text = text(entry.value, keyPath: path(entry.key), diagnostics: diagnostics) {
          for problem in PhraseTemplate(text).problems(as: phrase) {
            diagnostics.error(problem, at: entry.value.location, keyPath: phrase.key)
          }
          texts[phrase.key] = text
        }
      }
    }
    for (name, child) in section.children where !entries.contains(where: { $0.key == name }) {
      switch child {
      case .phrase(let phrase):
        diagnostics.error(
          "missing phrase `\(name)`"
            + (phrase.placeholders.isEmpty
              ? "" : " (with \(phrase.placeholders.map { "`{\($0)}`" }.joined(separator: ", ")))")
            + ": every language file holds every phrase of the reports (\(folder)/en.yaml has the English)",
          at: node.location, keyPath: phrase.key)
      case .section(let inner):
        diagnostics.error(
          "missing section `\(name)` (\(inner.phraseCount) phrases): every language file holds every phrase of the reports (\(folder)/en.yaml has the English)",
          at: node.location, keyPath: path(name))
      }
    }
  }

  /// A phrase's text: one line of text (a folded `>-` block is one line).
  private static func text(_ node: ConfigNode, keyPath: String, diagnostics: DiagnosticCollector)
    -> String?
  {
    guard case .scalar(let text, let tag) = node.value, tag == .str || tag == .int || tag == .float
    else {
      diagnostics.error(
        "expected the phrase's text, found \(node.kindDescription); write it in double quotes",
        at: node.location, keyPath: keyPath)
      return nil
    }
    if let (offset, scalar) = SafeText.firstUnsafe(in: text) {
      diagnostics.error(
        "contains \(SafeText.describe(scalar)) at character \(offset + 1); a phrase is one line (fold a long one with `>-`), without control or bidirectional characters",
        at: node.location, keyPath: keyPath)
      return nil
    }
    if text.isEmpty {
      diagnostics.error(
        "the text is empty; every phrase says something", at: node.location, keyPath: keyPath)
      return nil
    }
    return text
  }
}
