// The phrase catalogue's generator: reads the English language file and writes the Swift
// enums that name its phrases, one per section, with the placeholders each text uses.
//
//   PhraseCatalogueGenerator <Pipelines/language/en.yaml> <output.swift>
//
// Run by the PhraseCatalogue build plugin before ReportRendering compiles, so a phrase is
// declared once, in the language files: its key and placeholders come from the English text, and
// every other language file is checked against them when it is read (`WordingFile`).
import Foundation
import Yams

/// A section of the language file: its dotted path and its phrases, in file order.
struct Section {
  var path: [String]
  var phrases: [(key: String, placeholders: [String])] = []
}

/// The `{name}` placeholders of a text, each once, in order of first use: a `{`, a snake_case
/// name (a lowercase letter or `_` first, then letters, digits and `_`), a `}`. Any other brace is
/// text. (The same rule as `PhraseTemplate` in ReportRendering.)
func placeholders(_ text: String) -> [String] {
  var found: [String] = []
  let scalars = Array(text.unicodeScalars)
  var index = 0
  while index < scalars.count {
    guard scalars[index] == "{" else {
      index += 1
      continue
    }
    var end = index + 1
    var name = ""
    var valid = true
    while end < scalars.count, scalars[end] != "}" {
      let s = scalars[end]
      let letter = ("a"..."z").contains(s) || s == "_"
      let digit = ("0"..."9").contains(s)
      guard letter || (digit && !name.isEmpty) else {
        valid = false
        break
      }
      name.unicodeScalars.append(s)
      end += 1
    }
    if valid, end < scalars.count, !name.isEmpty {
      if !found.contains(name) { found.append(name) }
      index = end + 1
    } else {
      index += 1
    }
  }
  return found
}

/// `run.trend.figure` → `RunTrendFigurePhrase`.
func typeName(_ path: [String]) -> String {
  path.flatMap { $0.split(separator: "_") }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
    .joined() + "Phrase"
}

/// Swift's keywords that cannot name a case without backticks.
let keywords: Set<String> = [
  "as", "break", "case", "catch", "class", "continue", "default", "defer", "do", "else", "enum",
  "extension", "fallthrough", "false", "for", "func", "guard", "if", "import", "in", "init",
  "inout", "internal", "is", "let", "nil", "operator", "private", "protocol", "public", "repeat",
  "return", "self", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true",
  "try", "typealias", "var", "where", "while", "any", "some",
]

/// `cost_per_visit_cny` → `costPerVisitCny`; a leading digit gets an underscore.
func caseName(_ key: String) -> String {
  let parts = key.split(separator: "_").map(String.init)
  guard let first = parts.first else { return "_" }
  var name = first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  if let c = name.unicodeScalars.first, ("0"..."9").contains(c) { name = "_" + name }
  return keywords.contains(name) ? "`\(name)`" : name
}

func collect(_ node: Node, path: [String], into sections: inout [Section]) throws {
  guard let mapping = node.mapping else { return }
  var section = Section(path: path)
  var nested: [(String, Node)] = []
  for (keyNode, value) in mapping {
    guard let key = keyNode.string else { continue }
    if value.mapping != nil {
      nested.append((key, value))
    } else if let text = value.string {
      section.phrases.append((key, placeholders(text)))
    }
  }
  if !section.phrases.isEmpty, !path.isEmpty { sections.append(section) }
  for (key, value) in nested { try collect(value, path: path + [key], into: &sections) }
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
  FileHandle.standardError.write(
    Data("usage: PhraseCatalogueGenerator <en.yaml> <output.swift>\n".utf8))
  exit(64)
}
let input = URL(fileURLWithPath: arguments[1])
let output = URL(fileURLWithPath: arguments[2])
let text = try String(contentsOf: input, encoding: .utf8)
guard let root = try Yams.compose(yaml: text) else {
  FileHandle.standardError.write(Data("\(input.path): empty\n".utf8))
  exit(65)
}
var sections: [Section] = []
try collect(root, path: [], into: &sections)

var swift = """
  // Generated from Pipelines/language/en.yaml by the PhraseCatalogue plugin before each build;
  // not committed. A phrase is declared in the language files alone: add or change it there.

  """
for section in sections {
  let name = typeName(section.path)
  let dotted = section.path.joined(separator: ".")
  swift += "\n/// The phrases under `\(dotted):` in the language files.\n"
  swift += "public enum \(name): String, Phrases {\n"
  swift += "  /// The section's dotted path.\n"
  swift += "  public static let section = \"\(dotted)\"\n"
  for phrase in section.phrases {
    let caseText = caseName(phrase.key)
    let bare = caseText.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
    swift +=
      bare == phrase.key ? "  case \(caseText)\n" : "  case \(caseText) = \"\(phrase.key)\"\n"
  }
  let withPlaceholders = section.phrases.filter { !$0.placeholders.isEmpty }
  swift += "\n  /// The placeholders the text uses, in the English file's order.\n"
  if withPlaceholders.isEmpty {
    swift += "  public var placeholders: [String] { [] }\n"
  } else {
    swift += "  public var placeholders: [String] {\n    switch self {\n"
    for phrase in withPlaceholders {
      let list = phrase.placeholders.map { "\"\($0)\"" }.joined(separator: ", ")
      swift += "    case .\(caseName(phrase.key)): [\(list)]\n"
    }
    if withPlaceholders.count < section.phrases.count { swift += "    default: []\n" }
    swift += "    }\n  }\n"
  }
  swift += "}\n"
}
swift +=
  "\n/// Every phrase of the language files, section by section in the English file's order.\n"
swift += "public enum PhraseCatalogue {\n  /// The phrases.\n  public static let all: [Phrase] =\n"
swift += sections.map { "    \(typeName($0.path)).catalogue" }.joined(separator: "\n    + ")
swift += "\n}\n"

let data = Data(swift.utf8)
if (try? Data(contentsOf: output)) != data {
  try FileManager.default.createDirectory(
    at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
  try data.write(to: output, options: .atomic)
}
