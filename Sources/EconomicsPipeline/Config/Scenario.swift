import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering

/// A scenario file, read and validated: inputs with provenance, and sensitivity settings.
public struct Scenario: Sendable, Equatable {
  /// Name: the file name without `.yaml` (`electricity-0.8`).
  public var name: String
  /// Title for people: the file's own `title`, else its name (a title is not inherited).
  public var title: String
  /// The title in each language the file gives one for (`title: { en: …, zh: … }`).
  public var titles: [ReportLanguage: String] = [:]
  /// The file chain, child first, as given or resolved.
  public var files: [String]
  /// The inputs and where each came from.
  public var inputs: AttributedInputs
  /// How far each driver moves in the sensitivity analysis.
  public var sensitivity: SensitivitySettings
  /// How the scenario's device classes (and its storage) are found among the device groups of
  /// the data, in file order: what `run` compares driver by driver.
  public var deviceMatches: [DeviceMatch] = []
  /// The volume multiplier the scenario's `scale` applied (1 when absent).
  public var scale: Decimal = 1
  /// The drivers the scenario gives a distribution (`uncertainty:`), by id, for `plan --simulate`.
  public var uncertainty: [UncertainDriver] = []
  /// The language of its reports (`language:`), unless the command line or the job says another.
  public var language: ReportLanguage? = nil

  /// The identity a report shows.
  public var identity: ScenarioIdentity {
    ScenarioIdentity(
      name: name, title: title, titles: titles,
      files: files.map { ConfigLocation(file: $0, line: 1, column: 1).fileName })
  }
}
