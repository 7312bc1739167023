import Foundation

/// How far each driver moves in a sensitivity analysis.
public struct SensitivitySettings: Sendable, Equatable {
  /// Swing applied to every driver without its own, as a share (0.2 = ±20 %).
  public var defaultSwing: Decimal
  /// Per-driver swings, overriding the default.
  public var swings: [DriverID: Decimal]

  /// Creates settings; by default every driver moves ±20 %.
  public init(defaultSwing: Decimal = Decimal(2) / 10, swings: [DriverID: Decimal] = [:]) {
    self.defaultSwing = defaultSwing
    self.swings = swings
  }

  /// The swing of one driver.
  public func swing(for id: DriverID) -> Decimal { swings[id] ?? defaultSwing }
}

/// The effect on the yearly margin of moving one driver down and up.
public struct SensitivityResult: Sendable, Equatable {
  /// The driver moved.
  public var driver: DriverDescriptor
  /// Its swing, as a share.
  public var swing: Decimal
  /// Its value in the scenario.
  public var baseValue: DriverValue
  /// Its value moved down by the swing.
  public var lowValue: DriverValue
  /// Its value moved up by the swing.
  public var highValue: DriverValue
  /// The scenario's yearly margin, CNY.
  public var baseMarginCNY: Decimal
  /// Yearly margin with the driver moved down, CNY.
  public var marginAtLowCNY: Decimal
  /// Yearly margin with the driver moved up, CNY.
  public var marginAtHighCNY: Decimal

  /// Margin change with the driver down, CNY.
  public var lowEffectCNY: Decimal { marginAtLowCNY - baseMarginCNY }
  /// Margin change with the driver up, CNY.
  public var highEffectCNY: Decimal { marginAtHighCNY - baseMarginCNY }
  /// The larger of the two changes in absolute value: the ranking key.
  public var magnitudeCNY: Decimal { max(abs(lowEffectCNY), abs(highEffectCNY)) }
}

/// One-at-a-time sensitivity of the yearly margin to each driver.
public enum Sensitivity {
  /// Moves every driver the model moves (``DriverModel/movableDrivers``) with a non-zero value
  /// down and up by its swing, and ranks the drivers by the larger margin change (ties by id).
  /// Drivers at zero cannot move by a share and are left out. On the plan each move recomputes
  /// the model; on data it moves the lines the driver multiplies, exactly by the swing.
  public static func analyze(
    _ model: some DriverModel, settings: SensitivitySettings = SensitivitySettings()
  ) -> [SensitivityResult] {
    let base = model.marginCNY
    var results: [SensitivityResult] = []
    for descriptor in model.movableDrivers {
      guard let value = model.value(of: descriptor.id), let decimal = value.decimalValue,
        decimal != 0
      else { continue }
      let swing = settings.swing(for: descriptor.id)
      guard let low = model.scaling(descriptor.id, by: 1 - swing),
        let high = model.scaling(descriptor.id, by: 1 + swing)
      else { continue }
      results.append(
        SensitivityResult(
          driver: descriptor, swing: swing, baseValue: value,
          lowValue: value.scaled(by: 1 - swing), highValue: value.scaled(by: 1 + swing),
          baseMarginCNY: base, marginAtLowCNY: low.marginCNY, marginAtHighCNY: high.marginCNY))
    }
    return results.sorted {
      $0.magnitudeCNY != $1.magnitudeCNY
        ? $0.magnitudeCNY > $1.magnitudeCNY : $0.driver.id < $1.driver.id
    }
  }
}

// MARK: - Sensitivity of figures from data

/// A line of ``Financials`` that a driver multiplies.
public enum FinancialLine: String, Sendable, CaseIterable {
  case registrationRevenue, otherKeptRevenue, passThroughMarkup, staffCost, electricity,
    otherServices, softwareAmortization, modelAmortization, hardwareDepreciation

  /// The line's contribution to the margin: revenue positive, cost negative, CNY.
  public func marginContribution(in f: Financials) -> Decimal {
    switch self {
    case .registrationRevenue: f.registrationRevenueCNY
    case .otherKeptRevenue: f.otherKeptRevenueCNY
    case .passThroughMarkup: f.passThroughMarkupCNY
    case .staffCost: -f.staffCostCNY
    case .electricity: -f.electricityCostCNY
    case .otherServices: -f.otherServicesCNY
    case .softwareAmortization: -f.softwareAmortizationCNY
    case .modelAmortization: -f.modelAmortizationCNY
    case .hardwareDepreciation: -f.hardwareDepreciationCNY
    }
  }
}

/// A driver of figures from data: its value (derived from the ledger) and the lines it
/// multiplies. On data every line is a product of its drivers, so moving a driver by a share
/// moves those lines, and only them, by the same share: the visits move the revenue with the
/// costs held; the tariff moves electricity.
public struct LineDriver: Sendable, Equatable {
  /// What the driver is.
  public var descriptor: DriverDescriptor
  /// Its value on the data.
  public var value: DriverValue
  /// The lines it multiplies.
  public var lines: [FinancialLine]

  /// Creates a driver.
  public init(descriptor: DriverDescriptor, value: DriverValue, lines: [FinancialLine]) {
    self.descriptor = descriptor
    self.value = value
    self.lines = lines
  }
}
