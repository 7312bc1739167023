/// A driver resolved once to the field of ``Inputs`` it names, for code that sets it thousands of
/// times (a simulation's draws, a bridge's coalitions) without looking the id up each time.
/// Setting through it is the same as ``Inputs/setting(_:to:)``.
struct DriverSetter: Sendable {
  private enum Target: Sendable {
    case scalar(ScalarDriver)
    case device(index: Int, field: DeviceField)
  }

  private let target: Target

  /// The setter of `id` in inputs with `inputs`' device classes; `nil` for an unknown id.
  init?(_ id: DriverID, in inputs: Inputs) {
    if let scalar = ScalarDriver(rawValue: id.rawValue) {
      target = .scalar(scalar)
    } else if let (index, field) = inputs.deviceField(of: id) {
      target = .device(index: index, field: field)
    } else {
      return nil
    }
  }

  /// Sets the driver; false when the value has the wrong kind (the inputs are then unchanged).
  func set(_ value: DriverValue, in inputs: inout Inputs) -> Bool {
    switch target {
    case .scalar(let driver): driver.set(value, in: &inputs)
    case .device(let index, let field): inputs.setDevice(at: index, field, to: value)
    }
  }
}
