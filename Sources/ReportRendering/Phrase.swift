// MARK: - A phrase and its key

/// One heading, sentence, label or note of a report, named by its key in the language files
/// (`Pipelines/language/<language>.yaml`) and the placeholders its text must use.
///
/// The key is dotted: `bridge.headline` is the `headline` key under `bridge:` in the file.
/// Every translation of a phrase uses exactly its placeholders, no more and no fewer, so a
/// sentence never loses a figure and never shows a `{name}` nobody fills.
public struct Phrase: Hashable, Sendable, CustomStringConvertible {
  /// The dotted key, e.g. `bridge.headline`.
  public let key: String
  /// The placeholders every translation must use, e.g. `["from", "change"]`.
  public let placeholders: [String]

  /// Creates a phrase.
  public init(key: String, placeholders: [String]) {
    self.key = key
    self.placeholders = placeholders
  }

  /// The key.
  public var description: String { key }
}

/// The phrases of one part of a report: a set of cases, each a key under `section` in the
/// language files with the placeholders it declares.
///
/// Conforming types are `String` enums whose raw values are the keys' last part (snake_case):
/// ```swift
/// enum Say: String, Phrases {
///   static let section = "bridge"
///   case title
///   case headline
///   var placeholders: [String] { self == .headline ? ["from", "change"] : [] }
/// }
/// ```
public protocol Phrases: CaseIterable, Sendable {
  /// The dotted path of the section in the language files, e.g. `bridge` or `run.ledger`.
  static var section: String { get }
  /// The key's last part, e.g. `headline`.
  var name: String { get }
  /// The placeholders the text uses.
  var placeholders: [String] { get }
}

extension Phrases where Self: RawRepresentable, RawValue == String {
  /// The raw value.
  public var name: String { rawValue }
}

extension Phrases {
  /// No placeholders, unless a case declares some.
  public var placeholders: [String] { [] }

  /// The phrase: its full key and placeholders.
  public var phrase: Phrase {
    Phrase(key: Self.section + "." + name, placeholders: placeholders)
  }

  /// Every phrase of the section.
  public static var catalogue: [Phrase] { allCases.map(\.phrase) }
}

// MARK: - A text with placeholders

/// The text of a phrase in one language, cut into literal text and `{name}` placeholders.
///
/// A placeholder is `{` + a snake_case name + `}`; any other brace is text, so
/// `fallbacks: { {line}: scenario }` keeps its outer braces and fills `{line}`.
public struct PhraseTemplate: Sendable, Equatable {
  /// A piece of the text.
  enum Piece: Sendable, Equatable {
    case text(String)
    case placeholder(String)
  }

  let pieces: [Piece]

  /// Cuts `text` into pieces.
  public init(_ text: String) {
    var pieces: [Piece] = []
    var literal = ""
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "{", let (name, end) = Self.placeholder(in: text, at: index) {
        if !literal.isEmpty { pieces.append(.text(literal)) }
        literal = ""
        pieces.append(.placeholder(name))
        index = end
      } else {
        literal.append(text[index])
        index = text.index(after: index)
      }
    }
    if !literal.isEmpty { pieces.append(.text(literal)) }
    self.pieces = pieces
  }

  /// The placeholder that starts at `start` (a `{`): its name and the index after its `}`.
  private static func placeholder(in text: String, at start: String.Index) -> (
    String, String.Index
  )? {
    var index = text.index(after: start)
    var name = ""
    while index < text.endIndex, text[index] != "}" {
      let scalar = text[index].unicodeScalars.first ?? " "
      let letter = ("a"..."z").contains(scalar) || scalar == "_"
      let digit = ("0"..."9").contains(scalar)
      guard text[index].unicodeScalars.count == 1, letter || (digit && !name.isEmpty) else {
        return nil
      }
      name.append(text[index])
      index = text.index(after: index)
    }
    guard index < text.endIndex, !name.isEmpty else { return nil }
    return (name, text.index(after: index))
  }

  /// The placeholders the text uses, each once, in order of first use.
  public var placeholders: [String] {
    var seen: [String] = []
    for case .placeholder(let name) in pieces where !seen.contains(name) { seen.append(name) }
    return seen
  }

  /// The text with each placeholder replaced by its value (a missing value leaves the
  /// placeholder as written, which a checked file never has).
  public func render(_ values: [String: String]) -> String {
    var result = ""
    for piece in pieces {
      switch piece {
      case .text(let text): result += text
      case .placeholder(let name): result += values[name] ?? "{\(name)}"
      }
    }
    return result
  }

  /// What is wrong with this text as a translation of `phrase`: placeholders it uses that the
  /// phrase does not have, and placeholders of the phrase it leaves out. Empty when none.
  public func problems(as phrase: Phrase) -> [String] {
    let used = placeholders
    var problems: [String] = []
    let unknown = used.filter { !phrase.placeholders.contains($0) }
    if !unknown.isEmpty {
      problems.append(
        "\(Self.list(unknown)) \(unknown.count == 1 ? "is not a placeholder" : "are not placeholders") of this phrase; "
          + (phrase.placeholders.isEmpty
            ? "it takes none (write the text without braces around a name)"
            : "it takes \(Self.list(phrase.placeholders))"))
    }
    let missing = phrase.placeholders.filter { !used.contains($0) }
    if !missing.isEmpty {
      problems.append(
        "leaves out \(Self.list(missing)): every translation uses all of \(Self.list(phrase.placeholders)), so no figure is lost"
      )
    }
    return problems
  }

  /// `` `{fee}`, `{visits}` ``.
  static func list(_ names: [String]) -> String {
    names.map { "`{\($0)}`" }.joined(separator: ", ")
  }
}
