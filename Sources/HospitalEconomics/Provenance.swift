/// Where the value of one driver came from, so a report can label every figure it rests on.
public enum Provenance: Sendable, Equatable {
  /// An assumption set in a scenario file, at a key path (e.g. `power.electricity_tariff_cny_per_kwh`).
  case assumption(file: String, keyPath: String)
  /// A placeholder assumption: the source does not give this value; the file marks it as a guess.
  case placeholder(file: String, keyPath: String)
  /// Measured from data, e.g. `sql/extract/visits.sql`.
  case measured(source: String)

  /// A short label for reports: "assumption", "placeholder" or "measured".
  public var kind: String {
    switch self {
    case .assumption: "assumption"
    case .placeholder: "placeholder"
    case .measured: "measured"
    }
  }

  /// Where the value was set, for reports: `file: key.path` or the data source.
  public var location: String {
    switch self {
    case .assumption(let file, let keyPath), .placeholder(let file, let keyPath):
      "\(file): \(keyPath)"
    case .measured(let source): source
    }
  }
}

/// Inputs together with the provenance of each driver.
public struct AttributedInputs: Sendable, Equatable {
  /// The inputs the model computes from.
  public var inputs: Inputs
  /// The provenance of each driver; a driver missing here is reported as "unknown".
  public var provenance: [DriverID: Provenance]

  /// Pairs inputs with their provenance.
  public init(inputs: Inputs, provenance: [DriverID: Provenance]) {
    self.inputs = inputs
    self.provenance = provenance
  }

  /// Replaces one driver with a measured value and records its source; `false` if the id is unknown
  /// or the value has the wrong kind (the inputs are then unchanged).
  @discardableResult
  public mutating func override(
    _ id: DriverID, with value: DriverValue, measuredFrom source: String
  ) -> Bool {
    guard let updated = inputs.setting(id, to: value) else { return false }
    inputs = updated
    provenance[id] = .measured(source: source)
    return true
  }

  /// Drivers whose value is a placeholder, in driver order.
  public var placeholderDrivers: [DriverID] {
    inputs.driverDescriptors.map(\.id).filter {
      if case .placeholder = provenance[$0] { return true }
      return false
    }
  }
}
