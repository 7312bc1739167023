import HospitalEconomics
import PipelineModel

// The phrases of the run report's own sections (`RunReport*.swift`), section by section; their
// texts are in `Pipelines/language/<language>.yaml` under `run:`. The sections a run shares
// with a plan (the verdict, sensitivity, the bridge) use the plan's phrases.

// MARK: - The document and its headline

/// The sentence naming what a period lacks, by the ledger's reason: one case for each reason
/// (a reason without its phrase in the language files does not compile).
extension RunMissingPhrase {
  public static func reason(_ reason: MissingLine.Reason) -> RunMissingPhrase {
    switch reason {
    case .noVirtualVisit: .noVirtualVisit
    case .noRegistrationCharge: .noRegistrationCharge
    case .noDrugCharge: .noDrugCharge
    case .noPayroll: .noPayroll
    case .noDeviceGroup: .noDeviceGroup
    case .noSoftwareItem: .noSoftwareItem
    case .noModelItem: .noModelItem
    case .noHardwareItem: .noHardwareItem
    case .noServiceContract: .noServiceContract
    }
  }
}

// MARK: - Looking phrases up

extension Wording {
  /// A list in a sentence: `a, b, c` (English), `a、b、c` (Chinese).
  func list(_ items: [String]) -> String {
    items.joined(separator: self(RunPhrase.listSeparator))
  }

  /// Clauses in a sentence: `a; b` (English), `a;b` (Chinese).
  func clauses(_ items: [String]) -> String {
    items.joined(separator: self(RunPhrase.clauseSeparator))
  }

  /// A figure's source for people.
  func source(_ source: FigureSource) -> String {
    switch source {
    case .data: self(RunSourcePhrase.data)
    case .scenario: self(RunSourcePhrase.scenario)
    case .dataAndScenario: self(RunSourcePhrase.dataAndScenario)
    case .fallback: self(RunSourcePhrase.fallback)
    }
  }

  /// A line a job may let fall back to the scenario, for people.
  func line(_ line: FallbackLine) -> String {
    switch line {
    case .registrationRevenue: self(RunFallbackLinePhrase.registrationRevenue)
    case .drugSales: self(RunFallbackLinePhrase.drugSales)
    case .staffCost: self(RunFallbackLinePhrase.staffCost)
    case .electricity: self(RunFallbackLinePhrase.electricity)
    case .softwareAmortization: self(RunFallbackLinePhrase.softwareAmortization)
    case .modelAmortization: self(RunFallbackLinePhrase.modelAmortization)
    case .hardwareDepreciation: self(RunFallbackLinePhrase.hardwareDepreciation)
    case .otherServices: self(RunFallbackLinePhrase.otherServices)
    }
  }

  /// A value the data names (a charge kind, a device class, a content kind, a direction, a
  /// measure) in the report's language; a value the schema does not know stays as written.
  func named<P: Phrases & RawRepresentable>(_ value: String, as _: P.Type) -> String
  where P.RawValue == String {
    P(rawValue: value).map { self($0) } ?? value
  }

  /// A coded value of the data (a charge kind, a device class…) in the report's language.
  func named<V: RawRepresentable, P: Phrases & RawRepresentable>(_ value: V, as phrases: P.Type)
    -> String
  where V.RawValue == String, P.RawValue == String {
    named(value.rawValue, as: phrases)
  }

  /// A driver measured on data, or the scenario's, for people.
  func runDriverLabel(_ descriptor: DriverDescriptor) -> String {
    RunDriverPhrase(rawValue: descriptor.id.rawValue).map { self($0) } ?? driverLabel(descriptor)
  }
}
