import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering

// MARK: - `uncertainty:` — distributions of drivers

/// The keys each distribution takes, besides `distribution`.
enum DistributionKeys {
  /// Every key any distribution takes.
  static let all = ["min", "mode", "max", "mean", "sd"]

  /// The names a scenario may write, in the order the messages list them.
  static let names = ["fixed", "uniform", "triangular", "normal"]

  /// The keys of one distribution.
  static func keys(of name: String) -> [String] {
    switch name {
    case "uniform": ["min", "max"]
    case "triangular": ["min", "mode", "max"]
    case "normal": ["mean", "sd", "min", "max"]
    default: []
    }
  }
}

extension ScenarioReader {
  /// Reads `uncertainty:`, a mapping from driver id to its distribution:
  ///
  /// ```yaml
  /// uncertainty:
  ///   rtx_4090_unit_price_cny: { distribution: uniform, min: 12_000, max: 20_000 }
  ///   model_amortization_years: { distribution: triangular, min: 2, mode: 3, max: 5 }
  ///   discount_rate: { distribution: normal, mean: 0.08, sd: 0.02, min: 0.04, max: 0.12 }
  ///   storage_useful_life_years: { distribution: fixed }   # the scenario's value (the default)
  /// ```
  ///
  /// Each number is checked like the driver's own key (a count is whole, a share lies from 0 to
  /// 1, a life is more than 0…), `min` < `max`, a mode or mean lies between them, and so does
  /// the value the scenario itself uses. A key the distribution does not take is an error where it
  /// is written beside `distribution`; inherited from a parent file whose distribution was
  /// different, it is ignored. Bounds of the drivers that `scale` multiplies are scaled with them.
  func readUncertainty(
    _ top: ConfigMapping, devices: [DeviceClass],
    values: [DriverID: (value: DriverValue, location: ConfigLocation, keyPath: String)],
    scale: Decimal
  ) -> [UncertainDriver] {
    guard let mapping = top.mapping("uncertainty", required: false) else { return [] }
    var kinds: [String: (kind: Kind, keyPath: String)] = [:]
    for (section, fields) in Self.sections {
      for (key, driver, kind) in fields { kinds[driver.rawValue] = (kind, "\(section).\(key)") }
    }
    for device in devices {
      for (key, field, kind) in Self.deviceFields {
        kinds[field.id(for: device.id).rawValue] = (kind, "devices.\(device.id).\(key)")
      }
    }
    let scaled = Set(Self.scaledDrivers(devices: devices))
    var result: [UncertainDriver] = []
    for entry in mapping.node.entries ?? [] {
      // Unknown ids are reported by finish(), with the closest driver id.
      guard let (kind, keyPath) = kinds[entry.key] else { continue }
      mapping.declare(entry.key)
      if case .choice(let choices) = kind {
        diagnostics.error(
          "`\(entry.key)` is a setting chosen from a list (\(choices.map { "`\($0)`" }.joined(separator: ", "))), not a number: it cannot have a distribution; remove it from `uncertainty`",
          at: entry.keyLocation, keyPath: mapping.path(entry.key))
        continue
      }
      guard let spec = mapping.mapping(entry.key) else { continue }
      let id = DriverID(rawValue: entry.key)
      let factor = scale != 1 && scaled.contains(id) ? scale.doubleValue : 1
      if let distribution = readDistribution(
        spec, kind: kind, value: values[id].map { ($0.value, keyPath) })
      {
        result.append(UncertainDriver(id: id, distribution: distribution.scaled(by: factor)))
      }
      spec.finish()
    }
    for id in kinds.keys { mapping.declare(id) }
    mapping.finish()
    return result.sorted { $0.id < $1.id }
  }

  /// One driver's distribution, checked; `nil` (with diagnostics) when it is wrong.
  private func readDistribution(
    _ spec: ConfigMapping, kind: Kind, value: (value: DriverValue, keyPath: String)?
  ) -> Distribution? {
    guard let name = spec.choice("distribution", from: DistributionKeys.names) else {
      spec.declare(contentsOf: DistributionKeys.all)
      return nil
    }
    let takes = DistributionKeys.keys(of: name)
    let file = spec.location(of: "distribution")?.file
    for key in DistributionKeys.all where !takes.contains(key) {
      guard let location = spec.location(of: key) else { continue }
      spec.declare(key)
      if location.file == file {
        let expected =
          takes.isEmpty
          ? "takes no other key (it keeps the scenario's value)"
          : "takes \(takes.map { "`\($0)`" }.joined(separator: ", "))"
        diagnostics.error(
          "`\(key)` is not a key of a \(name) distribution: `\(name)` \(expected)",
          at: location, keyPath: spec.path(key))
      }
    }
    // The numbers, each checked as the driver's own key is (a count is a whole number…).
    func number(_ key: String) -> Double? {
      guard let driverValue = read(key, kind, in: spec) else { return nil }
      return Self.double(driverValue)
    }
    var numbers: [String: Double] = [:]
    for key in takes where key != "sd" { numbers[key] = number(key) }
    let sd =
      takes.contains("sd")
      ? spec.double(
        "sd", in: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude,
        rangeText: "must be more than 0")
      : nil
    guard name != "fixed" else { return .fixed }
    guard let min = numbers["min"], let max = numbers["max"] else { return nil }
    var wrong = false
    func check(_ ok: Bool, _ key: String, _ message: String) {
      guard !ok else { return }
      wrong = true
      diagnostics.error(
        message, at: spec.location(of: key) ?? spec.node.location, keyPath: spec.path(key))
    }
    let range = "\(Self.text(min)) to \(Self.text(max))"
    check(
      min < max, "max", "must be more than `min` (\(Self.text(min))): a range from `min` to `max`")
    if let mode = numbers["mode"] {
      check(min <= mode && mode <= max, "mode", "must lie from `min` to `max` (\(range))")
    }
    if let mean = numbers["mean"] {
      check(min <= mean && mean <= max, "mean", "must lie from `min` to `max` (\(range))")
    }
    if let (planned, keyPath) = value, let planned = Self.double(planned), min < max {
      let key = planned < min ? "min" : "max"
      check(
        min <= planned && planned <= max, key,
        "the range \(range) leaves out the scenario's value \(Self.text(planned)) (`\(keyPath)`): the range must include the value the plan uses"
      )
    }
    guard !wrong else { return nil }
    switch name {
    case "uniform": return .uniform(min: min, max: max)
    case "triangular":
      guard let mode = numbers["mode"] else { return nil }
      return .triangular(min: min, mode: mode, max: max)
    default:
      guard let mean = numbers["mean"], let sd else { return nil }
      return .normal(mean: mean, standardDeviation: sd, min: min, max: max)
    }
  }

  private static func double(_ value: DriverValue) -> Double? {
    switch value {
    case .count(let count): Double(count)
    case .quantity(let quantity): quantity
    case .exact(let exact): exact.doubleValue
    case .choice: nil
    }
  }

  private static func text(_ value: Double) -> String {
    NumberFormat.groupedTrimmed(Decimal(quantity: value))
  }
}

extension ConfigMapping {
  /// Declares keys as known without reading them.
  func declare(contentsOf keys: [String]) {
    for key in keys { declare(key) }
  }
}

extension Distribution {
  /// The distribution with every bound, mode, mean and spread multiplied by `factor` (a
  /// scenario's `scale`).
  func scaled(by factor: Double) -> Distribution {
    guard factor != 1 else { return self }
    switch self {
    case .fixed: return self
    case .uniform(let min, let max): return .uniform(min: min * factor, max: max * factor)
    case .triangular(let min, let mode, let max):
      return .triangular(min: min * factor, mode: mode * factor, max: max * factor)
    case .normal(let mean, let sd, let min, let max):
      return .normal(
        mean: mean * factor, standardDeviation: sd * factor, min: min * factor, max: max * factor)
    }
  }
}
