import HospitalEconomics

// The phrases of the plan report's sections (`ReportSections`, `PlanReport`), section by
// section; their texts are in `Pipelines/language/<language>.yaml` under the same keys.

// MARK: - Paper reproduction

extension PaperPhrase {
  /// The phrase of a figure's status, as ``PaperFigure/status`` words it.
  static func status(_ status: String) -> PaperPhrase? {
    switch status {
    case "exact": .exact
    case "matches": .matches
    case "rounded in paper": .roundedInPaper
    case "slip in paper": .slipInPaper
    case "order of magnitude": .orderOfMagnitude
    case "binary vs decimal unit": .binaryVsDecimal
    case "differs": .differs
    default: nil
    }
  }
}

// MARK: - Drivers

extension Wording {
  /// A driver of the model for people: a scalar driver's label by id, a device class's driver
  /// with the class's name (from its scenario: escape it where it lands in Markdown). A driver
  /// the model does not name (one of a run's own) keeps its descriptor's label.
  public func driverLabel(_ descriptor: DriverDescriptor) -> String {
    if let phrase = DriverPhrase(rawValue: descriptor.id.rawValue) {
      return self(phrase)
    }
    if let (field, name) = DeviceField.of(descriptor) {
      return self(DriverPhrase.device(field), ["device": name])
    }
    return descriptor.label
  }
}

/// Each driver of the model has its label under its id in `driver:`; a device class's field
/// shares one label with the class's name in it.
extension DriverPhrase {
  /// The label of a device class's field.
  public static func device(_ field: DeviceField) -> DriverPhrase {
    switch field {
    case .count: .deviceCount
    case .ratedPowerW: .deviceRatedPower
    case .unitPriceCNY: .deviceUnitPrice
    case .usefulLifeYears: .deviceUsefulLife
    }
  }
}
