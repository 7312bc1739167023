import Foundation

// MARK: - Languages

/// A language reports are written in. English is the default; every language has its file of
/// phrases (`Pipelines/language/<code>.yaml`) and its number and date conventions
/// (``Wording``'s formatting, e.g. `NumberFormat+Chinese.swift`).
public enum ReportLanguage: String, Sendable, CaseIterable, CustomStringConvertible {
  /// English: amounts in CNY and millions of CNY, dates as 2026-10.
  case en
  /// Simplified Chinese: amounts in 万元 (亿元 in headlines from 1 亿 up), dates as 2026年10月.
  case zh

  /// The language of a report that names none.
  public static let `default` = ReportLanguage.en

  /// The code, as written in files and on the command line: `en`, `zh`.
  public var description: String { rawValue }

  /// The name of the language, for messages: `English`, `Simplified Chinese`.
  public var name: String {
    switch self {
    case .en: "English"
    case .zh: "Simplified Chinese"
    }
  }
}

// MARK: - The phrases of one language

/// Every phrase of the reports in one language, read from its language file and checked
/// against the phrases the reports use (see ``Phrase``); with the language's conventions for
/// money and dates.
///
/// A report builder names each string by its phrase and fills its placeholders:
/// `w(Say.headline, ["from": from, "change": change])`.
public struct Wording: Sendable {
  /// The language.
  public let language: ReportLanguage
  /// Each phrase's text, by key.
  let templates: [String: PhraseTemplate]

  /// Wording from texts by key (`bridge.headline` → its text), already checked: every phrase
  /// the reports use is there with its placeholders (the language file's reader checks it).
  public init(language: ReportLanguage, texts: [String: String]) {
    self.language = language
    self.templates = texts.mapValues(PhraseTemplate.init)
  }

  /// The text of `phrase` with its placeholders filled.
  public func callAsFunction<P: Phrases>(_ phrase: P, _ values: [String: String] = [:]) -> String {
    text(phrase.phrase, values)
  }

  /// The text of `phrase` with its placeholders filled.
  public func text(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
    assert(
      Set(values.keys) == Set(phrase.placeholders),
      "\(phrase.key) takes \(phrase.placeholders), given \(values.keys.sorted())")
    guard let template = templates[phrase.key] else {
      assertionFailure("no text for \(phrase.key): the language file was not checked")
      return "{\(phrase.key)}"
    }
    return template.render(values)
  }

  /// Whether the wording has a text for `phrase`.
  public func has(_ phrase: Phrase) -> Bool { templates[phrase.key] != nil }
}
