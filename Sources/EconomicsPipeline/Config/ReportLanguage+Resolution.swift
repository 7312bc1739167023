import PipelineModel
import ReportRendering

/// The language a report is written in, and which setting chose it.
public struct LanguageChoice: Sendable, Equatable {
  /// Where the language was set.
  public enum Source: String, Sendable {
    /// `--language` on the command line.
    case flag
    /// The job file's `language:`.
    case job
    /// The scenario file's `language:` (or a file it extends).
    case scenario
    /// None of them: English.
    case `default`
  }

  /// The language.
  public var language: ReportLanguage
  /// Which setting chose it.
  public var source: Source

  /// The one place a report's language is decided: the command line's `--language`, else the
  /// job's `language:`, else the scenario's, else English.
  public static func resolve(
    flag: ReportLanguage?, job: ReportLanguage? = nil, scenario: ReportLanguage?
  ) -> LanguageChoice {
    if let flag { return LanguageChoice(language: flag, source: .flag) }
    if let job { return LanguageChoice(language: job, source: .job) }
    if let scenario { return LanguageChoice(language: scenario, source: .scenario) }
    return LanguageChoice(language: .default, source: .default)
  }
}
